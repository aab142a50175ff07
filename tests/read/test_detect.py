"""The reader is chosen by content, not by the file's name; --input-format overrides it."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from gklint.errors import InputError
from gklint.read import FORMAT_CHOICES, detect_format, read_bytes, read_path
from tests.read.test_docx import make_docx, p

TEXT = "某某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n全年收到申请3件。\n"


def _zip(**members: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (make_docx(p("一、总体情况")), "report.txt", "docx"),
        (b"%PDF-1.7\n...", "report.docx", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n...", "report", "pdf"),  # a header after some junk
        (b"<!doctype html><p>x</p>", "report.pdf", "html"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n", "report.mht", "html"),
        (TEXT.encode("gbk"), "report.html", "text"),
        (TEXT.encode("utf-8"), "report.docx", "text"),
    ],
    ids=[
        "docx-named-txt",
        "pdf-named-docx",
        "pdf-after-junk",
        "html-named-pdf",
        "mhtml",
        "text-named-html",
        "text-named-docx",
    ],
)
def test_the_content_decides_the_reader(data: bytes, name: str, kind: str) -> None:
    assert detect_format(data, name) == kind


def test_a_zip_that_is_not_a_word_document_is_named() -> None:
    with pytest.raises(InputError, match="不是 Word 文档"):
        read_bytes(_zip(xl__workbook_xml=b"<workbook/>"), "report.xlsx")


def test_an_opendocument_file_asks_for_docx() -> None:
    with pytest.raises(InputError, match=r"\.odt"):
        read_bytes(_zip(mimetype=b"application/vnd.oasis.opendocument.text", content_xml=b"<x/>"), "r.odt")


def test_the_input_format_overrides_the_content(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text("<html><body><p>一、总体情况</p></body></html>", encoding="utf-8")
    assert read_path(page).raw == "一、总体情况"
    assert read_path(page, input_format="text").raw == "<html><body><p>一、总体情况</p></body></html>"
    assert read_bytes(b"<p>x</p>", "r.txt", input_format="html").format == "html"


def test_an_unknown_input_format_is_an_input_error() -> None:
    assert FORMAT_CHOICES == ("auto", "text", "docx", "html", "pdf")
    with pytest.raises(InputError, match="auto、text、docx、html、pdf"):
        read_bytes(b"x", "r.txt", input_format="rtf")


def test_forcing_docx_on_text_says_it_is_not_a_word_document() -> None:
    with pytest.raises(InputError, match=r"\.docx"):
        read_bytes(TEXT.encode(), "r.txt", input_format="docx")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_web_page_with_any_byte_order_mark_is_read_as_a_page(encoding: str) -> None:
    page = "<html><body><p>一、总体情况</p><p>本年收到申请3件。</p></body></html>".encode(encoding)
    assert detect_format(page, "r.txt") == "html"
    assert read_bytes(page, "r.txt").raw.split("\n")[0] == "一、总体情况"
