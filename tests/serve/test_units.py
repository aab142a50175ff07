"""The pieces of `gklint serve` that need no server: pairing years of one body, the address
printed and the warning for a shared one, the upload names."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("starlette", reason="needs gklint[serve]")

from gklint import messages  # noqa: E402
from gklint.model import FileReport  # noqa: E402
from gklint.serve import server  # noqa: E402
from gklint.serve.compare import comparison_sections, year_pairs  # noqa: E402
from gklint.serve.limits import Limits  # noqa: E402
from gklint.serve.uploads import Upload, UploadError, mb, read_uploads, safe_name  # noqa: E402


def test_two_years_of_one_body_are_paired_older_first() -> None:
    a21 = FileReport("a21", year=2021, agency="青山镇人民政府")
    a22 = FileReport("a22", year=2022, agency="青山镇人民政府")
    a23 = FileReport("a23", year=2023, agency="青山镇人民政府")
    b22 = FileReport("b22", year=2022, agency="绿水乡人民政府")
    unreadable = FileReport("x", year=2020, agency="青山镇人民政府", error="坏了")
    no_agency = FileReport("y", year=2020)
    pairs = year_pairs([a23, b22, a21, unreadable, no_agency, a22])
    assert [(o.path, n.path) for o, n in pairs] == [("a21", "a22"), ("a22", "a23")]
    assert year_pairs([a22, FileReport("a22-copy", year=2022, agency="青山镇人民政府")]) == []
    assert comparison_sections([a21, a22]) == ""  # until `gklint compare` (branch series) is merged


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("报告.docx", "报告.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\年报.pdf", "年报.pdf"),
        ("a\x00b\x1f.txt", "ab.txt"),
        ("dir/", messages.text("serve-unnamed")),
        ("..", messages.text("serve-unnamed")),
    ],
)
def test_upload_names_lose_folders_and_control_characters(raw: str, shown: str) -> None:
    assert safe_name(raw) == shown


def test_limits_are_said_in_megabytes() -> None:
    assert (mb(20 * 1024 * 1024), mb(1536 * 1024), mb(3 * 1024 * 1024 + 1)) == ("20", "1.5", "3")


def _run(monkeypatch: pytest.MonkeyPatch, host: str, open_browser: bool) -> tuple[list[str], dict, list]:
    import uvicorn

    said: list[str] = []
    ran: dict = {}
    opened: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(kw))
    monkeypatch.setattr(
        server.threading,
        "Timer",
        lambda _s, f, args: type("T", (), {"start": lambda s: opened.append(args)})(),
    )
    server.serve(host, 8123, open_browser, Limits(workers=1), say=said.append)
    return said, ran, opened


def test_local_by_default_and_a_clear_warning_for_another_host(monkeypatch: pytest.MonkeyPatch) -> None:
    said, ran, opened = _run(monkeypatch, "127.0.0.1", False)
    assert said == [messages.text("serve-listening", url="http://127.0.0.1:8123/")]
    assert ran["host"] == "127.0.0.1" and ran["port"] == 8123 and ran["access_log"] is False and not opened
    said, ran, opened = _run(monkeypatch, "0.0.0.0", True)
    assert said[0] == messages.text("serve-host-warning", host="0.0.0.0") and "任何人" in said[0]
    assert opened == [("http://127.0.0.1:8123/",)]


def _read(body, limits: Limits, length: str | None = None):  # noqa: ANN001, ANN202
    return asyncio.run(read_uploads("multipart/form-data; boundary=b", length, body, limits))


def test_a_trickling_upload_is_cut_off() -> None:
    async def body():  # noqa: ANN202
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc'
        await asyncio.sleep(30)

    with pytest.raises(UploadError) as refused:
        _read(body(), Limits(upload_seconds=0.2))
    assert refused.value.status == 408
    assert refused.value.message == messages.text("serve-upload-timeout", seconds="0.2")


def test_an_endless_upload_is_refused_once_past_the_limit_without_reading_on() -> None:
    sent = []

    async def body():  # noqa: ANN202
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        while len(sent) < 1000:  # bounded: 1 GB if it were all read
            sent.append(1)
            yield b"x" * (1024 * 1024)

    with pytest.raises(UploadError) as refused:
        _read(body(), Limits(request_bytes=3 * 1024 * 1024))
    assert refused.value.status == 413 and len(sent) <= 4
    with pytest.raises(UploadError) as announced:  # a declared length over the limit: not read at all
        _read(body(), Limits(request_bytes=3 * 1024 * 1024), length=str(10**9))
    assert announced.value.status == 413


def test_a_worker_that_dies_gives_that_file_a_message_and_the_next_file_is_checked() -> None:
    from gklint.serve.work import Checker
    from tests.serve.support import die_on_poison, report_bytes

    async def run() -> list[FileReport]:
        checker = Checker(Limits(workers=1), work=die_on_poison)
        try:
            return [
                await checker.check(Upload("坏.txt", b"poison", 6)),
                await checker.check(Upload("好.txt", report_bytes("txt"), 1)),
            ]
        finally:
            checker.close()

    died, fine = asyncio.run(run())
    over = messages.text("budget-exceeded", what=messages.text("budget-memory"))
    assert died.path == "坏.txt" and [(f.diagnostic.code, f.diagnostic.message) for f in died.findings] == [
        ("GK002", over)
    ]
    assert fine.path == "好.txt" and fine.error is None and fine.findings


def test_a_download_appears_for_each_format_the_report_layer_has(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import re

    from gklint.report import RENDERERS
    from gklint.serve import pages

    def csv(reports, out, rules, options) -> None:  # noqa: ANN001
        out.write("文件,行\r\n" + "".join(f"{r.path},1\r\n" for r in reports))

    def xlsx_without_openpyxl(reports, out, rules, options) -> None:  # noqa: ANN001
        raise ImportError("openpyxl")

    monkeypatch.setitem(RENDERERS, "csv", csv)
    monkeypatch.setitem(RENDERERS, "xlsx", xlsx_without_openpyxl)
    page = pages.result_page([FileReport("甲.txt")], [])
    links = dict(re.findall(r'data-format="(\w+)"[^>]*href="data:[^,]*base64,([^"]+)"', page))
    assert set(links) == {"html", "json", "csv"}
    assert base64.b64decode(links["csv"]) == "文件,行\r\n甲.txt,1\r\n".encode()
