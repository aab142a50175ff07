"""Adversarial inputs, one generator per class of issue 14: small inputs whose cost to a careless
reader grows fast with a parameter `n`. Each returns (file name, bytes). Synthetic, no real text.

Used by tests/robustness/test_adversarial.py (growth at CI sizes) and bench/adversarial.py
(the full sizes of the issue, recorded in docs/robustness.md).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.read.test_docx import make_docx

ROW = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n"


def _p(text: str, props: str = "") -> str:
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _html(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body>{body}".encode()


# -- text sniffed as a web page, and web pages --------------------------------------------------
def comments_then_text(n: int) -> tuple[str, bytes]:
    return "c.txt", b"<!---->" * n + b"x"


def _tail(piece: bytes) -> Callable[[int], tuple[str, bytes]]:
    def make(n: int) -> tuple[str, bytes]:
        return "t.html", _html("<p>年度报告</p>") + piece * n

    make.__name__ = "html_tail_" + piece.decode().strip("<!['\"= ").replace(" ", "_")[:6]
    return make


html_open_a = _tail(b"<a ")
html_open_comment = _tail(b"<!--")
html_open_cdata = _tail(b"<![CDATA[")
html_open_single_quote = _tail(b"<a b='")
html_open_double_quote = _tail(b'<a b="')


def html_meta_titles(n: int) -> tuple[str, bytes]:
    return "m.html", b"<html><head>" + b'<meta name="title" content="x">' * n + b"</head><body>x"


def html_unclosed_titles(n: int) -> tuple[str, bytes]:
    return "u.html", b"<html><head>" + b"<title>x" * n


def html_rowspan(n: int) -> tuple[str, bytes]:
    rows = "".join('<tr><td rowspan="999999">1</td><td>2</td></tr>' for _ in range(n))
    return "r.html", _html(f"<table>{rows}</table>")


def html_span_grid(n: int) -> tuple[str, bytes]:
    rows = f'<tr><td colspan="{n}" rowspan="{n}">1</td></tr>' * 2
    return "g.html", _html(f"<table>{rows}</table>")


def html_paragraphs(n: int) -> tuple[str, bytes]:
    return "p.html", _html("<p>年度报告</p>" * n)


def html_nested(n: int) -> tuple[str, bytes]:
    return "n.html", _html("<div><table><tr><td>" * n + "x")


def html_charset_idna(n: int) -> tuple[str, bytes]:
    return "i.html", b"<html><head><meta charset='idna'></head><body>" + b"\xe5\xb9\xb4" * n


def mhtml_header_flood(n: int) -> tuple[str, bytes]:
    params = b"; a=b" * n
    head = b"MIME-Version: 1.0\r\nContent-Type: multipart/related" + params + b'; boundary="B"\r\n\r\n'
    part = b'--B\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n<html><body>x</body></html>\r\n--B--\r\n'
    return "f.mht", head + part


def mhtml_nested(n: int) -> tuple[str, bytes]:
    body = b"Content-Type: text/html\r\n\r\n<html><body><p>2021\xe5\xb9\xb4\xe5\xba\xa6\xe6\x8a\xa5\xe5\x91\x8a</p></body></html>\r\n"
    for i in range(n):
        b = f"B{i}".encode()
        body = b"Content-Type: multipart/related; boundary=" + b + b"\r\n\r\n--" + b + b"\r\n" + body
        body += b"--" + b + b"--\r\n"
    return "n.mht", b"MIME-Version: 1.0\r\n" + body


# -- Word documents -----------------------------------------------------------------------------
def _numbering(fmt: str, start: int) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


def docx_numbering(fmt: str) -> Callable[[int], tuple[str, bytes]]:
    def make(n: int) -> tuple[str, bytes]:
        props = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        return "n.docx", make_docx(_p("年度报告", props) * 3, numbering=_numbering(fmt, n))

    make.__name__ = f"docx_numbering_{fmt}"
    return make


def docx_nested(tag: str) -> Callable[[int], tuple[str, bytes]]:
    opening = {
        "tbl": "<w:tbl><w:tr><w:tc>",
        "sdt": "<w:sdt><w:sdtContent>",
        "hyperlink": "<w:hyperlink>",
        "r": "<w:r>",
    }[tag]
    closing = {
        "tbl": "</w:tc></w:tr></w:tbl>",
        "sdt": "</w:sdtContent></w:sdt>",
        "hyperlink": "</w:hyperlink>",
        "r": "</w:r>",
    }[tag]

    def make(n: int) -> tuple[str, bytes]:
        inner = {"r": "<w:t>年度报告</w:t>", "hyperlink": "<w:r><w:t>年度报告</w:t></w:r>"}.get(
            tag, _p("年度报告")
        )
        body = opening * n + inner + closing * n
        body = f"<w:p>{body}</w:p>" if tag in ("r", "hyperlink") else body
        return "d.docx", make_docx(body)

    make.__name__ = f"docx_nested_{tag}"
    return make


def docx_style_chain(n: int) -> tuple[str, bytes]:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="s{i}"><w:basedOn w:val="s{i + 1}"/></w:style>'
        for i in range(n)
    )
    return "s.docx", make_docx(_p("年度报告", '<w:pPr><w:pStyle w:val="s0"/></w:pPr>'), styles=styles)


def docx_many_elements(n: int) -> tuple[str, bytes]:
    return "e.docx", make_docx("<w:p><w:r>" + "<w:t>x</w:t>" * n + "</w:r></w:p>")


# -- plain text ----------------------------------------------------------------------------------
def text_spaces(n: int) -> tuple[str, bytes]:
    return "s.txt", ROW.encode() + b"x" + b" " * n + b"y\n"


def text_tabs(n: int) -> tuple[str, bytes]:
    return "t.txt", ROW.encode() + b"x" + b"\t" * n + b"y\n"


def text_digits_after_row(n: int) -> tuple[str, bytes]:
    return "d.txt", ROW.encode() + b"7" * n + b"\n"


def text_digits_then_word(n: int) -> tuple[str, bytes]:
    """A table line of digits that does not end in a number: the table's "ends in numbers" terminal
    tried every digit as the start of the last number (quadratic: 100 000 digits, 95 s)."""
    return "w.txt", ROW.encode() + b"7" * n + "年\n".encode()


def text_blank_cells(n: int) -> tuple[str, bytes]:
    return "b.txt", ROW.encode() + "规章".encode() + b"\t " * n + b"\n"


def text_one_line_tables(n: int) -> tuple[str, bytes]:
    return "o.txt", ("规章\t1\t0\t5\n\n" * n).encode()


def text_labels_one_line(n: int) -> tuple[str, bytes]:
    return "l.txt", ("规章 1 0 5 规范性文件 2 0 3 行政许可 4 " * n).encode()


def text_long_number(n: int) -> tuple[str, bytes]:
    return "n.txt", ROW.encode() + "规章\t".encode() + b"9" * n + b"\t0\t5\n"


def text_ordinary(n: int) -> tuple[str, bytes]:
    return "o.txt", ("本机关认真贯彻落实政府信息公开条例，主动公开各类信息。\n" * n).encode()


# -- PDF ---------------------------------------------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; object 1 is the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_pages(n: int) -> tuple[str, bytes]:
    """n pages of one line each."""
    stream = b"BT /F1 12 Tf 72 720 Td (Report 2021) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    kids = []
    for _ in range(n):
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>"
        )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n)
    return "p.pdf", _pdf(objects)


def pdf_mediabox_loop() -> tuple[str, bytes]:
    """A page whose /MediaBox is an object that refers to itself (pdfminer resolves it forever:
    only the budget ends it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>",
        b"4 0 R",
    ]
    return "loop.pdf", _pdf(objects)


# name → (generator, small n, large n): the CI pair, where a linear reader stays within a factor
# of the size ratio and a quadratic one exceeds it several times over.
CLASSES: dict[str, tuple[Callable[[int], tuple[str, bytes]], int, int]] = {
    "comments_then_text": (comments_then_text, 40, 4000),
    "html_open_a": (html_open_a, 2000, 20000),
    "html_open_comment": (html_open_comment, 2000, 20000),
    "html_open_cdata": (html_open_cdata, 2000, 20000),
    "html_open_single_quote": (html_open_single_quote, 2000, 20000),
    "html_open_double_quote": (html_open_double_quote, 2000, 20000),
    "html_meta_titles": (html_meta_titles, 2000, 20000),
    "html_unclosed_titles": (html_unclosed_titles, 2000, 20000),
    "html_rowspan": (html_rowspan, 200, 2000),
    "html_span_grid": (html_span_grid, 100, 1000),
    "html_paragraphs": (html_paragraphs, 2000, 20000),
    "html_nested": (html_nested, 200, 2000),
    "html_charset_idna": (html_charset_idna, 100, 1000),
    "mhtml_header_flood": (mhtml_header_flood, 2000, 20000),
    "mhtml_nested": (mhtml_nested, 50, 2000),
    **{
        f"docx_numbering_{fmt}": (docx_numbering(fmt), 1000, 10**9)
        for fmt in (
            "upperRoman",
            "upperLetter",
            "chineseCounting",
            "decimalEnclosedCircle",
            "ideographZodiac",
            "none",
            "bogus",
        )
    },
    **{f"docx_nested_{tag}": (docx_nested(tag), 100, 2000) for tag in ("tbl", "sdt", "hyperlink", "r")},
    "docx_style_chain": (docx_style_chain, 200, 2000),
    "docx_many_elements": (docx_many_elements, 20000, 200000),
    "text_spaces": (text_spaces, 10000, 100000),
    "text_tabs": (text_tabs, 10000, 100000),
    "text_digits_after_row": (text_digits_after_row, 5000, 50000),
    "text_digits_then_word": (text_digits_then_word, 2000, 20000),
    "text_blank_cells": (text_blank_cells, 2000, 20000),
    "text_one_line_tables": (text_one_line_tables, 2000, 20000),
    "text_labels_one_line": (text_labels_one_line, 2000, 20000),
    "text_long_number": (text_long_number, 500, 5000),
    "text_ordinary": (text_ordinary, 2000, 20000),
    "pdf_pages": (pdf_pages, 20, 200),
}
