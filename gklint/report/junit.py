"""`--format junit`: one testsuite per file, one failing testcase per finding (a clean file has
one passing testcase), for CI systems that show JUnit results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO
from xml.etree import ElementTree as ET

from gklint.model import FileReport, RuleMeta
from gklint.report import RenderOptions


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    root = ET.Element("testsuites", name="gklint")
    total = failures = 0
    for r in reports:
        suite = ET.SubElement(root, "testsuite", name=r.path)
        cases = 0
        if r.error:
            case = ET.SubElement(suite, "testcase", name="读取文件", classname=r.path)
            ET.SubElement(case, "error", message=r.error, type="input").text = r.error
            cases += 1
        if r.skipped:
            case = ET.SubElement(suite, "testcase", name="读取文件", classname=r.path)
            ET.SubElement(case, "skipped", message=r.skipped)
            cases += 1
        for f in r.findings:
            d = f.diagnostic
            # a Word, web or PDF report: the place in the document, not a line of gklint's conversion
            where = f.location or (f"{f.start.line}:{f.start.column}" if f.start else "-")
            case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.name} ({where})", classname=r.path)
            failure = ET.SubElement(case, "failure", message=d.message, type=d.severity)
            failure.text = f"{r.path}:{where} {d.code} {d.message}"
            cases += 1
        suite.set("skipped", "1" if r.skipped else "0")
        if cases == 0:
            ET.SubElement(suite, "testcase", name="gklint", classname=r.path)
            cases = 1
        failed = cases if (r.error or r.findings) else 0
        suite.set("tests", str(cases))
        suite.set("failures", str(len(r.findings)))
        suite.set("errors", "1" if r.error else "0")
        total += cases
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
