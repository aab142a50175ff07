"""Configuration, rule files, devices and outputs of issue 14: every bad one is a Chinese message
naming the file (and line) with exit 2, never a traceback, a hang or a silent wrong result."""

from __future__ import annotations

import json
import os
import threading
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint.cli import app
from gklint.read.posmap import PositionMap
from tests.support import synth

runner = CliRunner()


def _report(**edit: object) -> str:
    cells = synth.default_cells("C", 3)
    cells.update(edit)
    return synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells))


def _check(*args: str, **kw: object):  # noqa: ANN202
    return runner.invoke(app, ["check", "--format", "json", *args], **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("config", "line", "key"),
    [
        ("select = 5\n", 1, "select"),
        ('ignore = []\nrules = [["a"]]\n', 2, "rules"),
        ('[rule-severity]\nGK201 = "fatal"\n', 1, "rule-severity"),
        ("[[overrides]]\npaths = 3\n", 2, "overrides[0].paths"),
        (
            '[[overrides]]\npaths = ["a"]\nyear = 2020\n\n[[overrides]]\npaths = ["b"]\nyear = 1\n',
            7,
            "overrides[1].year",
        ),
        ('[[overrides]]\npaths = ["*"]\nyear = "2020\\"><script>"\n', 3, "overrides[0].year"),
        ('[[suppress]]\npath = "*"\nrules = "GK604"\n', 3, "suppress[0].rules"),
        ("max-bytes = true\n", 1, "max-bytes"),
        ("timeout = -1\n", 1, "timeout"),
    ],
)
def test_wrong_types_name_file_line_and_type(tmp_path: Path, config: str, line: int, key: str) -> None:
    (tmp_path / "gklint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check(str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert f"gklint.toml:{line}:" in result.stderr
    assert f"“{key}”" in result.stderr and "应为" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"[tool.gklint]\nx = 1\n".replace(b"x = 1", b"") + b'tool = "x"\n',
        b"select = " + b"[" * 50000 + b"]" * 50000 + b"\n",
        b"year = " + b"9" * 5000 + b"\n",
        'select = ["GK2"]  # 规则\n'.encode("gbk"),
    ],
    ids=["tool-string", "nested-arrays", "long-int", "not-utf8"],
)
def test_broken_config_files_are_errors(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "gklint.toml").write_bytes(content)
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check(str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert "gklint.toml" in result.stderr and "Traceback" not in result.stderr


def test_pyproject_with_a_string_for_the_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\ngklint = "x"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check("--config", str(tmp_path / "pyproject.toml"), str(tmp_path / "r.txt"))
    assert result.exit_code == 2 and "应是一个表" in result.stderr


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_devices_are_refused_for_config_and_baseline(tmp_path: Path, option: str) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check(option, "/dev/zero", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert "不是普通文件" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("role", ["input", "config", "rules"])
def test_a_fifo_never_blocks(tmp_path: Path, role: str) -> None:
    fifo = tmp_path / ("GK901.yaml" if role == "rules" else "x.txt")
    os.mkfifo(fifo)
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    args = {
        "input": [str(fifo)],
        "config": ["--config", str(fifo), str(tmp_path / "r.txt")],
        "rules": ["--rules", str(tmp_path), str(tmp_path / "r.txt")],
    }[role]
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(_check(*args)), daemon=True)
    thread.start()
    thread.join(30)
    if not done:  # unblock the reader so the test process can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("blocked on a FIFO")
    result = done[0]
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "不是普通文件" in result.output + result.stderr  # type: ignore[attr-defined]


def test_dev_zero_as_input_is_refused_and_as_stdin_is_capped(tmp_path: Path) -> None:
    result = _check("/dev/zero")
    assert result.exit_code == 2 and "不是普通文件" in result.stdout
    result = _check("--max-bytes", "1000", "-", input=b"\0" * 5000)
    assert result.exit_code == 2 and "文件过大" in result.stdout


def test_a_string_for_suppress_rules_does_not_silence_everything(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text('[[suppress]]\npath = "*"\nrules = "GK604"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(_report(**{"t3.result.total.total": 99999}), encoding="utf-8")
    assert _check(str(tmp_path / "r.txt")).exit_code == 2


def test_a_missing_rules_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check("--rules", str(tmp_path / "nope"), str(tmp_path / "r.txt"))
    assert result.exit_code == 2 and "规则文件夹不存在" in result.stderr


RULE = """name: {name}
severity: error
eras: [A, B, C]
title: 测试
kind: equation
message: "不等"
{body}
doc:
  what: x
  why: x
  bad: x
  good: x
"""


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
            "别名",
        ),
        ("assert: " + "-" * 2000 + "1 == 1", "规则文件"),
        ("let: {a: b, b: a}\nassert: a == 1", "引用了自己"),
        (
            "each: {" + ", ".join(f"c{i}: [{', '.join(str(j) for j in range(10))}]" for i in range(8)) + "}\n"
            "assert: t1.x == 1",
            "上限",
        ),
        ("assert: 1 == 1\nx: " + "9" * 4400, "4300"),
        ("assert: 1 == 1\nx:" + " [" * 100 + " ]" * 100, "嵌套"),
    ],
    ids=["alias-bomb", "unary-minus", "let-cycle", "each-product", "long-int", "deep"],
)
def test_hostile_rule_files_are_rule_errors(tmp_path: Path, body: str, words: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "GK950.yaml").write_text(RULE.format(name="hostile", body=body), encoding="utf-8")
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check("--rules", str(tmp_path / "rules"), str(tmp_path / "r.txt"))
    assert result.exit_code == 2, result.output
    assert "GK950.yaml" in result.stderr and "Traceback" not in result.stderr
    assert words in result.stderr


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(_report(), encoding="utf-8")
    result = runner.invoke(app, ["check", "-o", str(report), str(report)])
    assert result.exit_code == 2 and "不能覆盖" in result.stderr
    assert report.read_text(encoding="utf-8") == _report()


def test_a_crashing_rule_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gklint.rules.kinds.pattern import Pattern

    def boom(self, rule, ctx):  # noqa: ANN001, ANN202, ARG001
        raise ZeroDivisionError("x")

    monkeypatch.setattr(Pattern, "run", boom)
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = _check("--jobs", "1", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert "运行时出错" in result.stdout


def test_positions_before_the_start_stay_in_the_file() -> None:
    posmap = PositionMap.identity("ab\ncd") if hasattr(PositionMap, "identity") else None
    if posmap is None:
        from gklint.read import read_text

        posmap = read_text("ab\ncd").posmap
    at = posmap.source_position(-7616)
    assert (at.line, at.column) == (1, 1)
    end = posmap.source_position(10**6)
    assert end.line == 2 and end.column == 3


def test_control_characters_never_reach_the_terminal_or_xml(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b]52;c;cHduZWQ=\x07.txt"
    name.write_text("\x1b[2J一、总体情况\u202e\n", encoding="utf-8")
    for fmt in ("text", "github", "junit", "html"):
        out = runner.invoke(app, ["check", "--format", fmt, str(name)]).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, fmt
        assert "\\x1b" in out or "\\u202e" in out or fmt == "html", fmt
    doc = json.loads(_check(str(name)).stdout)
    assert doc["files"][0]["path"] == str(name)  # JSON keeps the data: it escapes control characters


@pytest.mark.parametrize("encoding", ["x-bogus", "punycode", "rot13"])
def test_odd_encoding_declarations_are_input_errors_or_read(encoding: str) -> None:
    from gklint.errors import InputError
    from gklint.read import read_bytes
    from tests.read.test_docx import make_docx

    declared = f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
    document = (
        declared + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    )
    document += "<w:body><w:p><w:r><w:t>年度报告</w:t></w:r></w:p></w:body></w:document>".encode()
    data = make_docx("")  # the builder's package, with its document replaced below
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, document if item.filename == "word/document.xml" else src.read(item))
    try:
        read_bytes(out.getvalue(), "e.docx")
    except InputError as e:
        assert "e.docx" in str(e)
    page = (
        f"<html><head><meta charset='{encoding}'></head><body><p>2021年度报告</p>".encode() + b"\xff\xfe\x80"
    )
    try:
        read_bytes(page, "e.html")
    except InputError as e:
        assert "e.html" in str(e)
