"""The server's pages: its own (upload form, rule list, one rule) from templates/, and the result
page, which is the `--format html` report itself with a bar of links and downloads added.

Every value put into a template is escaped here (templates hold no report text of their own). The
downloads are data: links inside the result page, so nothing about an upload stays on the server.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from string import Template

from gklint import __version__, messages
from gklint.checking import REPORT_SUFFIXES
from gklint.model import FileReport, RuleMeta
from gklint.registry import format_name
from gklint.report import RENDERERS, RenderOptions
from gklint.report.html import rule_article
from gklint.report.html_common import data_text, esc, load_ui
from gklint.serve.limits import Limits
from gklint.serve.uploads import mb
from gklint.yamlfile import load_file

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"


@cache
def _template(name: str) -> Template:
    return Template((HERE / "templates" / f"{name}.html").read_text(encoding="utf-8"))


@cache
def _data() -> dict:
    return load_file(HERE / "serve.yaml")


def fill(name: str, **values: str) -> str:
    """A template with values that are already HTML (escaped by the caller)."""
    return _template(name).substitute(values)


def page(kind: str, body: str) -> str:
    return fill("page", title=esc(_data()["titles"][kind]), body=body, version=esc(__version__))


def index_page(limits: Limits, error: str | None = None) -> str:
    body = fill(
        "index",
        error=fill("error", message=esc(error)) if error else "",
        file_mb=esc(mb(limits.file_bytes)),
        files=esc(limits.files),
        accept=esc(",".join(REPORT_SUFFIXES)),
        request_bytes=esc(limits.request_bytes),
        # the same refusals as the server's, said before a large upload is sent at all
        too_many=esc(messages.text("serve-too-many-files", limit=limits.files)),
        too_large=esc(messages.text("serve-request-too-large", limit=mb(limits.request_bytes))),
    )
    return page("index", body)


def rules_page(metas: Sequence[RuleMeta]) -> str:
    ui = load_ui()
    rows = "".join(
        f'<tr><td class="code"><a href="/rules/{esc(m.code)}">{esc(m.code)}</a></td><td>{esc(m.title)}</td>'
        f"<td>{ui(f'severity.{m.severity}')}</td><td>{'、'.join(esc(format_name(e, 'short') or e) for e in m.eras)}</td></tr>\n"
        for m in metas
    )
    return page("rules", fill("rules", count=esc(len(metas)), rows=rows))


def rule_page(meta: RuleMeta) -> str:
    return page("rules", fill("rule", article=rule_article(meta)))


def not_found_page() -> str:
    return page("not_found", fill("not_found", message=esc(_data()["not_found"])))


def rendered(fmt: str, reports: Sequence[FileReport], rules: Sequence[RuleMeta]) -> bytes:
    """What `gklint check --format FMT` writes for these reports, as bytes (a workbook is binary:
    its renderer writes under the text stream, to `out.buffer`)."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")  # newline="": written as on Linux
    RENDERERS[fmt](reports, out, rules, RenderOptions())
    out.flush()
    return raw.getvalue()


def api_json(reports: Sequence[FileReport], rules: Sequence[RuleMeta]) -> bytes:
    """The JSON API's answer: the document of `gklint check --format json`, byte for byte."""
    return rendered("json", reports, rules)


def result_page(reports: Sequence[FileReport], rules: Sequence[RuleMeta], extra: str = "") -> str:
    """The html report with the bar (back, downloads, rules) on top and the `extra` sections (the
    year-over-year comparisons) after its overview, before the first report."""
    html = rendered("html", reports, rules)
    bar = fill("result_bar", downloads="".join(_downloads(reports, rules, html)))
    head, body_tag, rest = html.decode("utf-8").partition("<body>")
    before, first, after = rest.partition('<section class="report"')
    if not body_tag or not first:
        raise ValueError("the html report has no <body> or no report section")
    link = '<link rel="stylesheet" href="/static/serve.css">'
    return head.replace("</head>", link + "</head>", 1) + body_tag + bar + before + extra + first + after


def _downloads(reports: Sequence[FileReport], rules: Sequence[RuleMeta], html: bytes) -> list[str]:
    """A data: link for each download format the report layer has (and whose extra is installed)."""
    links = []
    for fmt, d in _data()["downloads"].items():
        if fmt not in RENDERERS:
            continue
        try:
            content = html if fmt == "html" else rendered(fmt, reports, rules)
        except ImportError:  # a format whose optional extra is not installed (xlsx: openpyxl)
            continue
        links.append(
            f'<a class="gk-download" data-format="{esc(fmt)}" download="{esc(d["file"])}" '
            f'href="data:{esc(d["mime"])};base64,{base64.b64encode(content).decode("ascii")}">{esc(d["label"])}</a>'
        )
    return links


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def content_security_policy() -> str:
    """Scripts and styles only from the server, and the report's own inline ones by their hash:
    an injected <script> (none can be: report text is escaped) would still not run."""
    script = _sha256(data_text("html_report.js"))
    style = _sha256(data_text("html_report.css"))
    return (
        "default-src 'none'; "
        f"script-src 'self' {script}; style-src 'self' {style}; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def static_file(name: str) -> tuple[bytes, str] | None:
    """A file the pages load (`report.css` is the html report's own style)."""
    types = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
    if name == "report.css":
        return data_text("html_report.css").encode("utf-8"), types[".css"]
    path = STATIC / name
    if "/" in name or "\\" in name or not path.is_file() or path.suffix not in types:
        return None
    return path.read_bytes(), types[path.suffix]
