"""`gklint serve` through the framework's test client: every input format, the JSON API against
`gklint check --format json`, the result page, and bad uploads that must each get a clear Chinese
answer while the server goes on serving."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="needs gklint[serve]")

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2; httpx (older Starlette's) still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from gklint import messages  # noqa: E402
from gklint.serve.app import create_app  # noqa: E402
from gklint.serve.limits import Limits  # noqa: E402
from gklint.serve.uploads import safe_name  # noqa: E402
from tests.conftest import ROOT, SHARED, needs_shared, shared_reports  # noqa: E402
from tests.serve.support import EVIL, FORMATS, report_bytes  # noqa: E402

LIMITS = Limits(file_bytes=3 * 1024 * 1024, files=4, request_bytes=8 * 1024 * 1024, seconds=60, workers=2)
SUM_RULE = "GK2"  # the t3 total that is 2 too high is an arithmetic (GK2xx) error


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(LIMITS)) as c:
        yield c


def post(client: TestClient, *files: tuple[str, bytes], url: str = "/api/check", text: str | None = None):  # noqa: ANN201
    """A multipart upload as a browser sends it (an empty file part when no file is chosen)."""
    data = {"text": text} if text is not None else None
    parts = [("file", (name, content)) for name, content in files] or [("file", ("", b""))]
    return client.post(url, files=parts, data=data)


def only_file(response) -> dict:  # noqa: ANN001
    assert response.status_code == 200, response.text
    (file,) = response.json()["files"]
    return file


# -- every input format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_read_and_its_defect_found(client: TestClient, fmt: str) -> None:
    file = only_file(post(client, (f"报告.{fmt}", report_bytes(fmt))))
    assert file["path"] == f"报告.{fmt}" and file["error"] is None
    assert (file["era"], file["year"], file["agency"]) == ("C", 2022, "某某县青山镇人民政府")
    failing = [d for d in file["diagnostics"] if d["severity"] == "error" and d["outcome"] == "fail"]
    assert any(d["rule"].startswith(SUM_RULE) and "t3.result.total.total" in str(d) for d in failing)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_api_returns_what_check_format_json_prints(client: TestClient, fmt: str, tmp_path: Path) -> None:
    name = f"青山镇2022.{fmt}"
    path = tmp_path / name
    path.write_bytes(report_bytes(fmt))
    done = subprocess.run(
        [sys.executable, "-m", "gklint", "check", "--format", "json", "--no-config", name],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr.decode()
    response = post(client, (name, report_bytes(fmt)))
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == done.stdout  # the same document, byte for byte


def test_several_files_keep_their_order_and_are_summed(client: TestClient) -> None:
    files = [
        ("a.docx", report_bytes("docx")),
        ("b.txt", report_bytes("txt")),
        ("c.html", report_bytes("html")),
    ]
    body = post(client, *files).json()
    assert [f["path"] for f in body["files"]] == ["a.docx", "b.txt", "c.html"]
    assert body["summary"]["files"] == 3 and body["summary"]["unreadable"] == 0
    assert body["summary"]["errors"] == sum(
        1
        for f in body["files"]
        for d in f["diagnostics"]
        if d["severity"] == "error" and d["outcome"] != "not-assessable"
    )


# -- the pages ----------------------------------------------------------------------------------


def test_upload_page_is_chinese_offline_and_under_a_strict_policy(client: TestClient) -> None:
    response = client.get("/")
    page = response.text
    assert response.status_code == 200 and 'lang="zh-CN"' in page and "开始检查" in page
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page and "multiple" in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)  # nothing from another host
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "http" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200


def test_result_page_is_the_html_report_with_downloads(client: TestClient) -> None:
    files = [("甲.docx", report_bytes("docx")), ("乙.txt", report_bytes("txt"))]
    response = post(client, *files, url="/check", text="")
    page = response.text
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert page.count('<section class="report"') == 2 and 'id="index"' in page  # the overview
    assert '<td data-cell="t3.result.total.total" class="bad e">' in page  # the red cell
    assert '<mark class="m' in page or "<mark" in page
    downloads = dict(
        re.findall(r'data-format="(\w+)"[^>]*href="data:[^;]+;charset=utf-8;base64,([^"]+)"', page)
    )
    assert {"html", "json"} <= downloads.keys()
    as_json = json.loads(base64.b64decode(downloads["json"]))
    assert [f["path"] for f in as_json["files"]] == ["甲.docx", "乙.txt"]
    assert as_json == post(client, *files).json()
    as_html = base64.b64decode(downloads["html"]).decode("utf-8")
    assert as_html.startswith("<!DOCTYPE html>") and "gk-bar" not in as_html and "data-cell" in as_html


def test_pasted_text_is_checked_as_text(client: TestClient) -> None:
    page = post(client, url="/check", text=report_bytes("txt").decode("utf-8")).text
    assert messages.text("serve-pasted-name") in page and 'class="bad e"' in page


def test_report_text_is_escaped_and_no_script_of_its_own_is_added(client: TestClient) -> None:
    page = post(client, ("x.txt", report_bytes("txt")), url="/check").text
    assert EVIL not in page and "&lt;script&gt;" in page
    assert "document.body.setAttribute(&#x27;data-pwned&#x27;,&#x27;1&#x27;)" in page
    assert page.count("<script") == 1  # the html report's own script, allowed by its hash


def test_rules_are_listed_and_each_explained(client: TestClient) -> None:
    listing = client.get("/rules").text
    codes = re.findall(r'href="/rules/(GK\d+)"', listing)
    assert len(codes) >= 60 and "GK201" in codes
    rule = client.get("/rules/gk201")
    assert rule.status_code == 200 and "检查什么" in rule.text and "错误示例" in rule.text
    assert client.get("/rules/GK999").status_code == 404
    assert client.get("/nowhere").status_code == 404 and "没有这个页面" in client.get("/nowhere").text


def test_static_files_cannot_reach_other_files(client: TestClient) -> None:
    for name in ("..%2Fapp.py", "..%2F..%2Fpyproject.toml", "serve.yaml", "%2Fetc%2Fpasswd"):
        assert client.get(f"/static/{name}").status_code == 404


# -- bad uploads ----------------------------------------------------------------------------------


def zip_bomb() -> bytes:
    """A Word-looking zip whose document.xml inflates from ~100 KB to 100 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            chunk = b"<w:t>" + b"0" * (1024 * 1024) + b"</w:t>"
            for _ in range(100):
                part.write(chunk)
    return out.getvalue()


OLE = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 40


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("空.txt", b"", "input-empty"),
        ("旧版.doc", OLE, "skipped-doc"),  # named by its suffix (gklint/data/skipped.yaml)
        ("程序.docx", EXE, None),
        ("炸弹.docx", zip_bomb(), None),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_the_good_one_is_still_checked(
    client: TestClient, name: str, content: bytes, key: str | None
) -> None:
    body = post(client, (name, content), ("好.txt", report_bytes("txt"))).json()
    bad, good = body["files"]
    assert bad["path"] == name and bad["error"] and not bad["diagnostics"]
    assert re.search(r"[\u4e00-\u9fff]", bad["error"]) and "Traceback" not in bad["error"]
    assert "程序出错" not in bad["error"] and "internal" not in bad["error"]  # refused, not crashed
    if key:
        assert bad["error"] == messages.text(key)
    assert good["error"] is None and good["diagnostics"]


def test_zip_bomb_is_refused_quickly(client: TestClient) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    error = only_file(post(client, ("炸弹.docx", bomb)))["error"]
    assert "document.xml" in error


def test_oversized_file_is_named_and_the_others_checked(client: TestClient) -> None:
    big = b"x" * (LIMITS.file_bytes + 1)
    body = post(client, ("大.txt", big), ("好.txt", report_bytes("txt"))).json()
    big_file, good = body["files"]
    assert big_file["error"] == messages.text("serve-file-too-large", size="3", limit="3")
    assert good["error"] is None


def test_too_many_files_or_too_much_is_refused_with_a_chinese_message(client: TestClient) -> None:
    many = [(f"{i}.txt", b"x") for i in range(LIMITS.files + 1)]
    response = post(client, *many)
    assert response.status_code == 413
    assert response.json() == {"error": messages.text("serve-too-many-files", limit=LIMITS.files)}
    huge = [(f"{i}.txt", b"y" * (LIMITS.file_bytes - 10)) for i in range(3)]
    response = post(client, *huge, url="/check")
    assert response.status_code == 413 and "合计超过 8 MB" in response.text and "开始检查" in response.text


def test_nothing_uploaded_or_not_a_form(client: TestClient) -> None:
    response = post(client, url="/api/check", text="   ")
    assert response.status_code == 400 and response.json()["error"] == messages.text("serve-no-file")
    response = client.post("/api/check", content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code == 415 and "multipart/form-data" in response.json()["error"]
    broken = client.post(
        "/api/check",
        content=b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert broken.status_code in (200, 400)  # a truncated body: refused or read as given, never a crash
    assert client.get("/").status_code == 200


def test_path_traversal_names_are_only_shown_as_their_last_part(client: TestClient) -> None:
    names = ["../../etc/passwd.txt", "..\\..\\windows\\win.ini.txt", "/abs/报告.txt", ".."]
    body = post(client, *[(n, report_bytes("txt")) for n in names]).json()
    paths = [f["path"] for f in body["files"]]
    assert paths == ["passwd.txt", "win.ini.txt", "报告.txt", messages.text("serve-unnamed")]
    raw = (  # control characters sent raw (a browser would percent-encode them)
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a\x01b\x7f.txt"\r\n\r\nabc\r\n--b--\r\n'
    )
    response = client.post(
        "/api/check", content=raw, headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert only_file(response)["path"] == "ab.txt"
    assert safe_name("x" * 300 + ".txt").endswith("…") and len(safe_name("x" * 300)) == 120
    page = post(client, ("../../etc/passwd.txt", report_bytes("txt")), url="/check").text
    assert "../" not in re.sub(r"<script>.*?</script>|<style>.*?</style>", "", page, flags=re.S)


def test_logs_hold_file_names_and_timings_only(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gklint.serve"):
        post(client, ("日志.txt", report_bytes("txt")), url="/check", text="")
    (record,) = [r for r in caplog.records if r.name == "gklint.serve"]
    line = record.getMessage()
    assert re.fullmatch(r"checked 1 file\(s\) in \d+\.\d\ds: 日志\.txt \d+\.\d\ds", line)


def test_a_check_past_the_time_limit_is_stopped_and_the_server_goes_on() -> None:
    slow = Limits(seconds=0.05, workers=1)
    with TestClient(create_app(slow)) as c:
        error = only_file(post(c, ("慢.txt", report_bytes("txt") * 40)))["error"]
        assert error == messages.text("serve-timeout", seconds="0.05")
    fast = Limits(seconds=60, workers=1)
    with TestClient(create_app(fast)) as c:
        assert only_file(post(c, ("快.txt", report_bytes("txt"))))["error"] is None


def test_the_cli_says_when_the_extra_is_missing(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    import importlib.util

    from gklint.serve import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "uvicorn" else real(name))
    assert cli.run_serve("127.0.0.1", 8000, False) == 2
    assert "pip install 'gklint[serve]'" in capsys.readouterr().err


def test_readme_and_docs_name_the_api(client: TestClient) -> None:
    docs = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    assert "POST /api/check" in docs and "gklint serve" in (ROOT / "README.md").read_text(encoding="utf-8")


@needs_shared
def test_real_reports_through_the_api_get_what_check_prints(tmp_path: Path) -> None:
    """Every real report of ../shared (text, Word, PDF), uploaded together, gets the same JSON as
    `gklint check --format json` prints for the same files, named alike, checked together."""
    paths = [
        *shared_reports(),
        *sorted(SHARED.glob("corpus/docx/*")),
        *sorted(SHARED.glob("corpus/pdf/*.pdf")),
    ]
    for p in paths:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gklint",
            "check",
            "--format",
            "json",
            "--no-config",
            *(p.name for p in paths),
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    many = Limits(files=len(paths), request_bytes=200 * 1024 * 1024, workers=2)
    with TestClient(create_app(many)) as c:
        response = post(c, *[(p.name, p.read_bytes()) for p in paths])
    assert len(response.json()["files"]) == len(paths) == len({p.name for p in paths})
    assert response.content == done.stdout


def test_a_bug_while_rendering_gets_a_chinese_answer_and_the_server_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gklint.serve import pages

    def broken(*args: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "result_page", broken)
    monkeypatch.setattr(pages, "api_json", broken)
    with TestClient(create_app(LIMITS), raise_server_exceptions=False) as c:
        page = post(c, ("a.txt", report_bytes("txt")), url="/check")
        assert page.status_code == 500 and messages.text("serve-internal-error") in page.text
        api = post(c, ("a.txt", report_bytes("txt")))
        assert api.status_code == 500 and api.json() == {"error": messages.text("serve-internal-error")}
        assert "a bug" not in page.text + api.text
        assert c.get("/rules").status_code == 200


def test_two_years_of_one_body_are_compared_on_the_result_page(client: TestClient) -> None:
    from tests.support.synth_series import series_texts

    texts = series_texts([2021, 2022], edits={2022: {"t3.carried_in.total": 99}})
    files = [(f"{y}.txt", t.encode("utf-8")) for y, t in texts.items()]
    page = post(client, *files, url="/check").text
    assert page.count("年度对比") == 1 and "主要数字" in page and "GK701" in page
    doc = post(client, *files).json()
    assert [f["previous"] for f in doc["files"]] == [None, "2021.txt"]
