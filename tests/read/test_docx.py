"""Word documents: paragraphs, merged table cells, list numbering and revisions as Word shows them,
and locations a user can find in Word ("第3段", "第1个表格第2行第3列").

Small documents are written here as WordprocessingML by hand, so each test controls exactly the
XML feature it is about; whole reports built with python-docx are in tests/test_cross_format.py.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.errors import InputError
from gklint.model import Location
from gklint.read import read_bytes
from gklint.read.docx_numbering import _chinese
from gklint.runner import analyze_source
from tests.conftest import SHARED, needs_shared
from tests.support.synth_tables import table_ids

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEMPLATE = SHARED / "corpus" / "docx" / "template-2021-format.docx"


def make_docx(
    body: str, numbering: str | None = None, styles: str | None = None, *, strict: bool = False
) -> bytes:
    """A minimal .docx whose body is `body` (WordprocessingML without the namespace declaration)."""
    ns = NS.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main", _STRICT) if strict else NS
    rels = ['<Relationship Id="rId1" Type="x/numbering" Target="numbering.xml"/>' if numbering else ""]
    rels.append('<Relationship Id="rId2" Type="x/styles" Target="styles.xml"/>' if styles else "")
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r" Type="http://x/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        z.writestr("word/document.xml", f"<w:document {ns}><w:body>{body}</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {ns}>{numbering}</w:numbering>")
        if styles:
            z.writestr("word/styles.xml", f"<w:styles {ns}>{styles}</w:styles>")
    return out.getvalue()


_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def p(text: str, props: str = "") -> str:
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def read(body: str, **kwargs: object):
    return read_bytes(make_docx(body, **kwargs), "r.docx")  # type: ignore[arg-type]


def test_paragraphs_are_lines_numbered_without_the_empty_ones() -> None:
    source = read(p("标题") + "<w:p/>" + p("一、总体情况") + p("正文。"))
    assert source.raw == "标题\n一、总体情况\n正文。"
    assert source.format == "docx"
    assert source.locate(source.text.index("正文")) == "第3段"


def test_merged_cells_keep_their_columns_and_vertical_merges_leave_an_empty_cell() -> None:
    restart, span2 = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="2"/>'
    table = (
        "<w:tbl>"
        f"<w:tr>{tc('三、本年度办理结果', restart)}{tc('（一）予以公开', span2)}{tc('3')}{tc('4')}</w:tr>"
        f"<w:tr>{tc('', '<w:vMerge/>')}{tc('（三）不予公开')}{tc('1.属于国家秘密')}{tc('0')}{tc('5')}</w:tr>"
        "</w:tbl>"
    )
    source = read(p("表前") + table)
    assert source.raw.split("\n")[1:] == [
        "三、本年度办理结果\t（一）予以公开\t3\t4",
        "\t（三）不予公开\t1.属于国家秘密\t0\t5",
    ]
    first = source.text.index("\t3\t") + 1
    assert source.location(first) == Location("row", 1, table=1, column=4)
    assert source.locate(source.text.index("5")) == "第1个表格第2行第5列"
    assert source.locate(source.text.index("予以公开")) == "第1个表格第1行第2列"


def test_row_with_skipped_grid_columns_counts_them() -> None:
    before = '<w:trPr><w:gridBefore w:val="2"/></w:trPr>'
    table = f"<w:tbl><w:tr>{before}{tc('7')}</w:tr></w:tbl>"
    source = read(table)
    assert source.location(0) == Location("row", 1, table=1, column=3)


def test_line_breaks_in_a_cell_stay_in_the_cell_and_tabs_in_a_paragraph_stay_tabs() -> None:
    cell = "<w:tc><w:p><w:r><w:t>商业</w:t><w:br/><w:t>企业</w:t></w:r></w:p><w:p><w:r><w:t>（注）</w:t></w:r></w:p></w:tc>"
    body = (
        f"<w:tbl><w:tr>{cell}{tc('1')}</w:tr></w:tbl>"
        + "<w:p><w:r><w:t>规章</w:t><w:tab/><w:t>0</w:t></w:r></w:p>"
    )
    assert read(body).raw == "商业 企业 （注）\t1\n规章\t0"


def test_deleted_revisions_hidden_text_and_field_codes_are_not_text() -> None:
    body = (
        "<w:p><w:r><w:t>收到申请</w:t></w:r>"
        "<w:del><w:r><w:delText>99</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>12</w:t></w:r></w:ins>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>件</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    assert read(body).raw == "收到申请12件"


def test_content_controls_and_text_boxes() -> None:
    """Text in content controls is the document's; a text box's is not (it floats over the page)."""
    box = "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>水印</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>"
    body = f"<w:sdt><w:sdtContent>{p('一、总体情况')}</w:sdtContent></w:sdt><w:p>{box}<w:r><w:t>正文</w:t></w:r></w:p>"
    assert read(body).raw == "一、总体情况\n正文"


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '<w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
    '<w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
)


def numbered(text: str, level: int, num: int = 1) -> str:
    return p(text, f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>')


def test_automatic_list_numbers_are_written_out_as_word_shows_them() -> None:
    body = (
        numbered("总体情况", 0)
        + numbered("主动公开情况", 1)
        + numbered("属于国家秘密", 2)
        + numbered("其他法律行政法规禁止公开", 2)
        + numbered("依申请公开情况", 1)
        + numbered("主动公开政府信息情况", 0)
        + numbered("要点", 0, num=2)
    )
    assert read(body, numbering=NUMBERING).raw.split("\n") == [
        "一、总体情况",
        "（一）主动公开情况",
        "1. 属于国家秘密",
        "2. 其他法律行政法规禁止公开",
        "（二）依申请公开情况",  # a deeper level restarts, a shallower one continues
        "二、主动公开政府信息情况",
        "要点",  # bullets say nothing about structure
    ]


def test_heading_styles_tied_to_a_list_are_numbered() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>'
    )
    body = p("总体情况", '<w:pPr><w:pStyle w:val="H1x"/></w:pPr>') + p(
        "主动公开政府信息情况", '<w:pPr><w:pStyle w:val="H1"/></w:pPr>'
    )
    assert read(body, numbering=NUMBERING, styles=styles).raw == "一、总体情况\n二、主动公开政府信息情况"


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (105, "一百〇五"), (110, "一百一十")],
)
def test_chinese_counting_numbers(n: int, words: str) -> None:
    assert _chinese(n) == words


def test_strict_open_xml_documents_read_like_transitional_ones() -> None:
    assert read(p("一、总体情况"), strict=True).raw == "一、总体情况"


def test_a_document_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="没有读到任何文字"):
        read("<w:p/><w:tbl><w:tr>" + tc("") + "</w:tr></w:tbl>")


def test_a_damaged_package_names_the_problem() -> None:
    data = make_docx(p("一、总体情况"))
    with pytest.raises(InputError, match=r"\.docx"):
        read_bytes(data[: len(data) // 2], "r.docx")


def test_a_corrupt_compressed_part_is_an_input_error() -> None:
    data = bytearray(make_docx(p("一、总体情况，本年收到政府信息公开申请12件。" * 20)))
    info = zipfile.ZipFile(BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0x5A
    with pytest.raises(InputError, match=r"\.docx"):
        read_bytes(bytes(data), "r.docx")


def test_junk_numbers_in_attributes_are_tolerated() -> None:
    bad = '<w:gridSpan w:val="x"/>'
    body = f"<w:tbl><w:tr><w:trPr><w:gridBefore w:val='²'/></w:trPr>{tc('规章', bad)}{tc('0')}</w:tr></w:tbl>"
    assert read(body + numbered("总体情况", 0)).raw == "规章\t0\n总体情况"


def test_embedded_alt_chunks_are_reported_not_silently_lost() -> None:
    source = read(p("一、总体情况") + '<w:altChunk r:id="x" xmlns:r="r"/>')
    assert [(p.code, dict(p.args)) for p in source.problems] == [("docx-altchunk", {"count": "1"})]


@needs_shared
@pytest.mark.shared
def test_the_official_template_reads_as_a_blank_era_c_report_with_findable_cells() -> None:
    analysis = analyze_source(read_bytes(TEMPLATE.read_bytes(), str(TEMPLATE)))
    cells = analysis.extraction.cells
    assert analysis.extraction.era == "C"
    assert {c.value.kind for c in cells.values()} == {"blank"}
    assert {cid for cid in cells if cid.startswith("t2.")} == {
        cid for cid in table_ids("C") if cid.startswith("t2.")
    }
    # table 三 is the template's second table: 3 header rows, so （七）总计 is row 27; its 总计
    # column is the 10th, and a blank cell points at the empty Word cell itself
    assert analysis.source.locate(cells["t3.result.total.total"].span.start) == "第2个表格第27行第10列"
    assert analysis.source.locate(cells["t2.rules.issued"].span.start) == "第1个表格第3行第2列"


@needs_shared
@pytest.mark.shared
def test_the_official_template_gives_every_era_c_cell() -> None:
    analysis = analyze_source(read_bytes(TEMPLATE.read_bytes(), str(TEMPLATE)))
    assert set(analysis.extraction.cells) == set(table_ids("C"))


_XML = st.sampled_from(
    [p("一、总体情况"), "<w:p/>", "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", tc("3"), tc("", "<w:vMerge/>"),
     tc("x", '<w:gridSpan w:val="0"/>'), numbered("总体", 1), numbered("x", 7, num=9), '<w:altChunk r:id="a" xmlns:r="r"/>']
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_XML, max_size=25))
def test_any_body_gives_a_source_or_an_input_error(parts: list[str]) -> None:
    try:
        source = read("".join(parts), numbering=NUMBERING)
    except InputError:
        return
    assert len(source.origins or ()) == source.posmap.line_count


def test_damaged_packages_are_read_or_refused() -> None:
    """Random damage to a Word file (headers, directory, compressed streams): a Source or an InputError."""
    import random

    base = make_docx(p("一、总体情况") + numbered("主动公开", 1), numbering=NUMBERING)
    rng = random.Random(11)
    outcomes = set()
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_bytes(bytes(data), "damaged.docx", input_format="docx")
            outcomes.add("read")
        except InputError as e:
            assert e.path == "damaged.docx"
            outcomes.add("refused")
    assert outcomes == {"read", "refused"}


def _raw_docx(body: str) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        z.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "body",
    [
        '<w:p><w:r><w:t>一、总体情况</w:t><w:sym w:char="FFFFFFFF"/><w:sym w:char="D800"/></w:r></w:p>',
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="' + "9" * 5000 + '"/></w:tcPr>'
        "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    ],
    ids=["symbol-out-of-range-and-surrogate", "5000-digit-grid-span"],
)
def test_damaged_attributes_are_ignored_not_fatal(body: str) -> None:
    source = read_bytes(_raw_docx(body), "d.docx")
    assert "一、总体情况" in source.raw
    source.raw.encode("utf-8")  # no lone surrogate that would break the output
