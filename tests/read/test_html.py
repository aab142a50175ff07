"""Web pages: charsets, the article without the site around it, tables with rowspan/colspan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.errors import InputError
from gklint.model import Location
from gklint.read import read_bytes

ARTICLE = "<p>一、总体情况</p><p>本年收到申请3件。</p>"


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def read(markup: str | bytes, name: str = "r.html"):
    return read_bytes(markup.encode("utf-8") if isinstance(markup, str) else markup, name)


@pytest.mark.parametrize(
    "head",
    ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '<meta charset="GBK">', ""],
    ids=["http-equiv-gb2312", "meta-gbk", "no-meta"],
)
def test_gbk_pages_decode(head: str) -> None:
    source = read(page(ARTICLE, head).encode("gbk"))
    assert source.raw == "一、总体情况\n本年收到申请3件。"
    assert source.encoding == "gb18030"
    assert source.format == "html"


def test_a_stale_meta_charset_loses_to_clean_utf8() -> None:
    source = read(page(ARTICLE, '<meta charset="gbk">').encode("utf-8"))
    assert source.raw == "一、总体情况\n本年收到申请3件。"
    assert source.encoding == "utf-8"


def test_a_single_file_web_page_mht_is_read() -> None:
    html = page(ARTICLE, '<meta charset="gb2312">').encode("gbk")
    import quopri

    mht = (
        b"From: <Saved by Windows Internet Explorer>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----=_NextPart_000"\r\n\r\n'
        b"This is a multi-part message in MIME format.\r\n\r\n------=_NextPart_000\r\n"
        b'Content-Type: text/html;\r\n\tcharset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        + quopri.encodestring(html)
        + b"\r\n------=_NextPart_000--\r\n"
    )
    assert read(mht, "r.mht").raw == "一、总体情况\n本年收到申请3件。"


def test_rowspan_leaves_empty_cells_and_colspan_is_one_cell() -> None:
    table = (
        "<table>"
        "<tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>3</td></tr>"
        "<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>"
        "<tr><td colspan=3 rowspan=2>四、结转下年度继续办理</td><td>2</td></tr>"
        "<tr><td>9</td></tr>"
        "</table>"
    )
    source = read(page("<p>表三</p>" + table))
    assert source.raw.split("\n")[1:] == [
        "三、本年度办理结果\t（一）予以公开\t3",
        "\t（三）不予公开\t1.属于国家秘密\t0",
        "四、结转下年度继续办理\t2",
        "\t9",
    ]
    assert source.location(source.text.index("\t0") + 1) == Location("row", 2, table=1, column=4)
    assert source.locate(source.text.index("9")) == "第1个表格第4行第4列"
    assert source.locate(source.text.index("表三")) == "第1段"


def test_unclosed_cells_rows_and_paragraphs_are_closed_as_browsers_do() -> None:
    markup = page("<p>标题<table><tr><td>规章<td>0<td>1<tr><td>行政规范性文件<td>2<td>3</table><p>结尾")
    assert read(markup).raw == "标题\n规章\t0\t1\n行政规范性文件\t2\t3\n结尾"


SITE = """
<div class="wza-bar">本站已启用无障碍浏览系统，欢迎点击访问！<a href="#">长者模式</a></div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li></ul></div>
<div class="content-wrap">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb">政府信息公开年报</a></div>
  <h1>示例县2022年政府信息公开工作年度报告</h1>
  <div class="info">发布时间：2023-01-20　字号：[大 中 小]　【打印】【关闭】</div>
  <div id="zoom">
    <p>本报告根据《条例》和《政府信息公开工作年度报告格式》要求编制。</p>
    <p>一、总体情况</p>
    <p>今年完成政府网站适老化与无障碍改造。</p>
    <p style="display:none">隐藏的旧版本文字</p>
    <script>document.write("<p>脚本文字</p>")</script>
    <p>二、主动公开政府信息情况</p>
    <div class="bshare">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  </div>
  <div class="pages"><a href="#">上一篇：示例通知</a><a href="#">下一篇：示例公告</a></div>
</div>
<div class="footer">主办单位：示例县人民政府办公室　网站标识码：0000000000</div>
"""


def test_the_article_is_read_without_the_site_around_it() -> None:
    source = read(page(SITE))
    assert source.raw.split("\n") == [
        "示例县2022年政府信息公开工作年度报告",  # the title sat above the article
        "本报告根据《条例》和《政府信息公开工作年度报告格式》要求编制。",
        "一、总体情况",
        "今年完成政府网站适老化与无障碍改造。",  # a sentence, not a banner
        "二、主动公开政府信息情况",
    ]


def test_a_breadcrumb_naming_the_annual_reports_is_not_taken_for_the_title() -> None:
    markup = page(
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>'
        '<div id="zoom"><p>一、总体情况</p><p>本年收到申请3件，办结3件，均在法定期限内答复。</p></div>'
    )
    assert read(markup).raw.split("\n")[0] == "一、总体情况"


def test_a_page_laid_out_with_tables_reads_its_cells_as_blocks() -> None:
    data = "<table><tr><td>规章</td><td>0</td><td>1</td></tr></table>"
    article = "<p>一、总体情况</p><p>" + "本年度依法公开各类信息。" * 40 + "</p>" + data
    markup = page(
        f"<table><tr><td><a href='/'>首页</a><a href='/x'>栏目</a></td></tr><tr><td>{article}</td></tr></table>"
    )
    source = read(markup)
    assert source.raw.split("\n")[0] == "一、总体情况"
    assert source.raw.split("\n")[-1] == "规章\t0\t1"
    assert source.locate(source.text.index("规章")) == "第1个表格第1行第1列"


def test_word_exported_list_numbers_in_conditional_sections_are_kept() -> None:
    markup = page(
        "<p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;&nbsp;</span></span><![endif]>"
        "<span>属于国家秘密</span></p><p><!--[if !supportLists]-->2、<!--[endif]-->重复申请</p>"
    )
    assert read(markup).raw == "1.\xa0\xa0属于国家秘密\n2、重复申请"


def test_deep_nesting_does_not_break_the_reader() -> None:
    markup = page("<div>" * 5000 + "一、总体情况" + "</div>" * 5000)
    assert read(markup).raw == "一、总体情况"


def test_a_page_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="没有读到报告正文"):
        read(page("<div><img src='report.png'></div>"))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><body><p>x</p></body></html>", "r.txt"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><p>x</p>", "r.txt"),
        (b"<?xml version='1.0'?><!-- saved --><html><p>x</p></html>", "report.doc"),
        (b"<div><p>x</p></div>", "r.htm"),
    ],
    ids=["html-named-txt", "bom-doctype", "xml-decl-as-doc", "fragment-htm"],
)
def test_web_pages_are_recognised_by_content(data: bytes, name: str) -> None:
    assert read(data, name).format == "html"


def test_a_text_report_mentioning_tags_stays_text() -> None:
    source = read("一、总体情况\n网页使用<div>标签。\n".encode(), "r.txt")
    assert source.format == "text"
    assert source.origins is None
    assert source.locate(0) is None


def test_charsets_that_are_not_text_encodings_are_ignored() -> None:
    for charset in ("rot13", "zlib", "idna", "no-such-charset"):
        source = read(page(ARTICLE, f'<meta charset="{charset}">'))
        assert (source.raw, source.encoding) == ("一、总体情况\n本年收到申请3件。", "utf-8")


_TAGS = st.sampled_from(
    ["<p>", "</p>", "<div class=nav>", "</div>", "<table>", "</table>", "<tr>", "<td rowspan=3>", "<td colspan=2>",
     "</td>", "<br>", "<a href=#>", "</a>", "<script>", "</script>", "<!--", "-->", "<![if x]>", "<h1>", "&nbsp;"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(_TAGS, st.text(alphabet="一二三、总体情况年度报告0123456789 \n\t", max_size=12)),
        max_size=40,
    )
)
def test_any_markup_gives_a_source_or_an_input_error(parts: list[str]) -> None:
    try:
        source = read_bytes("".join(parts).encode(), "r.html", input_format="html")
    except InputError:
        return
    assert len(source.origins or ()) == source.posmap.line_count


def test_a_page_with_the_report_loose_in_its_body_loses_only_the_chrome() -> None:
    markup = page(
        '<div class="nav"><a href="/">首页</a> <a href="/x">政务公开</a> <a href="/y">互动交流</a></div>'
        "<h2>示例县2022年政府信息公开工作年度报告</h2><p>一、总体情况</p><p>本年收到申请3件。</p>"
        "<table><tr><td>规章</td><td>0</td></tr></table><p>示例县人民政府</p>"
        '<div class="footer">网站标识码：0000000000　示ICP备00000000号</div>'
    )
    assert read(markup).raw.split("\n") == [
        "示例县2022年政府信息公开工作年度报告",
        "一、总体情况",
        "本年收到申请3件。",
        "规章\t0",
        "示例县人民政府",
    ]


def test_chrome_inside_a_layout_table_goes_and_a_table_in_a_tools_box_stays() -> None:
    filler = "<p>" + "本年度依法公开各类政府信息，回应社会关切。" * 30 + "</p>"
    markup = page(
        "<table><tr><td>"
        '<div class="wza">无障碍 长者模式</div><p>一、总体情况</p>' + filler + '<div class="table-tools">'
        "<table><tr><td>规章</td><td>0</td></tr></table></div>"
        '<div class="share">分享到：<a href="#">微信</a></div>'
        "</td><td>" + "<p>" + "侧栏" * 300 + "</p>" + "</td></tr></table>"
    )
    lines = read(markup).raw.split("\n")
    assert lines[0] == "一、总体情况"
    assert "规章\t0" in lines
    assert not any("无障碍" in line or "分享到" in line for line in lines)


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="utf-8"><meta name="ArticleTitle" content="示例县2022年政府信息公开工作年度报告">',
        '<meta charset="utf-8"><title>示例县2022年政府信息公开工作年度报告_政府信息公开年报_示例县人民政府</title>',
    ],
    ids=["meta-ArticleTitle", "title-cut-at-the-site-name"],
)
def test_a_page_showing_no_title_takes_the_one_its_head_declares(head: str) -> None:
    markup = (
        "<!DOCTYPE html><html><head>" + head + "</head><body>"
        '<div id="zoom"><p>一、总体情况</p><p>本年收到申请3件，办结3件，均在法定期限内答复。</p></div></body></html>'
    )
    assert read(markup).raw.split("\n")[:2] == ["示例县2022年政府信息公开工作年度报告", "一、总体情况"]


def test_a_declared_title_that_is_no_report_title_is_not_added() -> None:
    markup = page(
        '<div id="zoom"><p>一、总体情况</p><p>本年收到申请3件，办结3件。</p></div>'
    )  # <title>t</title>
    assert read(markup).raw.split("\n")[0] == "一、总体情况"


def test_spans_that_are_no_plain_numbers_count_as_one() -> None:
    markup = page(
        '<div><p>一、总体情况</p><table><tr><td colspan="²">1</td><td rowspan="'
        + "9" * 5000
        + '">2</td></tr></table></div>'
    )
    assert read(markup).raw.split("\n")[-1] == "1\t2"


def test_a_page_saved_half_way_is_marked_unclosed() -> None:
    whole = read(page(ARTICLE))
    half = read(page(ARTICLE).split("</body>")[0] + "<div><p>")
    assert "html-unclosed" not in [p.code for p in whole.problems]
    assert [p.code for p in half.problems] == ["html-unclosed"]
    assert half.raw == whole.raw
