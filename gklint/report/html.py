"""`--format html`: one self-contained page (inline style and script, no network) for a clerk.

The page has, in order: the run's totals and, for several files, an index with one row per file
(sortable by the number of errors by the page's small script; without script it stays in the
order checked); one section per file with its summary, the list of findings, the recognised
tables and the report's text with the findings marked (html_tables.py, html_marks.py); and the
explanation of each rule that fired, once for the whole page.

Every text from a report (path, agency, period, text, messages, cell labels and values) is
HTML-escaped; the script holds no data, it reads finding numbers from `data-f` attributes that
this module writes from integers. Fixed strings are in gklint/data/html_report.yaml, the style and
the script in html_report.css and html_report.js beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from gklint import __version__
from gklint.model import FileReport, RuleMeta
from gklint.registry import format_name
from gklint.report import RenderOptions
from gklint.report.html_common import Page, Ui, data_text, esc, kind_label, load_ui, rule_anchor
from gklint.report.html_marks import note, render_source
from gklint.report.html_tables import render_tables
from gklint.report.overview import Counts, kind


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    """Write the whole page to `out`, one report section at a time; with `options.pages`, `out`
    gets the index only and each report its own page in that folder (a run of hundreds of files
    would otherwise be one page of many megabytes that a browser opens slowly)."""
    ui = load_ui()
    metas = {m.code: m for m in rules}
    if options.pages is not None and len(reports) > 1:
        _split(reports, out, metas, ui, options.pages)
        return
    out.write(_head(ui))
    out.write(_overall(reports, ui))
    if len(reports) > 1:
        out.write(_index(reports, ui, lambda i: f"#r{i}"))
    for i, report in enumerate(reports, start=1):
        out.write(_report(Page(f"r{i}", report, ui, metas)))
    out.write(_tail(reports, metas, ui))


def _tail(
    reports: Sequence[FileReport], metas: dict[str, RuleMeta], ui: Ui, assets: str | None = None
) -> str:
    """The explanation of each rule that fired, the script, the end of the page. With `assets`
    (a relative folder, "" for the page's own), the script is linked from there, not inlined."""
    fired = sorted({f.diagnostic.code for r in reports for f in r.findings} & metas.keys())
    rules = _rules([metas[c] for c in fired], ui) if fired else ""
    if assets is None:
        script = f"<script>{_inline('html_report.js', 'script')}</script>"
    else:
        script = f'<script src="{esc(assets)}{ASSETS["html_report.js"]}"></script>'
    return f'{rules}</main><div class="tip" id="tip" role="tooltip" hidden></div>\n{script}\n</body></html>\n'


# A split report's pages share the style and script, written once beside them (data file → name).
ASSETS = {"html_report.css": "gklint.css", "html_report.js": "gklint.js"}


def page_name(i: int) -> str:
    return f"{i}.html"


def _split(
    reports: Sequence[FileReport], out: IO[str], metas: dict[str, RuleMeta], ui: Ui, folder: Path
) -> None:
    """The index in `out`, and a page per checked report in `folder` (beside the index)."""
    folder.mkdir(parents=True, exist_ok=True)
    for data, name in ASSETS.items():
        (folder / name).write_text(data_text(data), encoding="utf-8")
    back = esc(Path(getattr(out, "name", "index.html")).name)
    paged = {i for i, r in enumerate(reports, start=1) if r.checked and not r.error}
    for i in sorted(paged):
        report = reports[i - 1]
        with (folder / page_name(i)).open("w", encoding="utf-8") as page:
            page.write(_head(ui, "", report.path))
            page.write(f'<p class="back noprint"><a href="../{back}">{ui("back_to_index")}</a></p>')
            page.write(_report(Page(f"r{i}", report, ui, metas)))
            page.write(_tail([report], metas, ui, ""))
    assets = f"{folder.name}/"
    out.write(_head(ui, assets))
    out.write(_overall(reports, ui))
    out.write(_index(reports, ui, lambda i: f"{esc(assets)}{page_name(i)}" if i in paged else ""))
    out.write(_tail((), metas, ui, assets))


def page_head(ui: Ui) -> str:
    """The page's head, style and title bar (also the page of `gklint compare`)."""
    return _head(ui)


def _inline(name: str, tag: str) -> str:
    """A data file to inline in <script> or <style>: it must not close that element early."""
    text = data_text(name)
    if f"</{tag}" in text.lower():
        raise ValueError(f"gklint/data/{name} contains </{tag}")
    return text


def _head(ui: Ui, assets: str | None = None, subject: str = "") -> str:
    """The page's head and header; the style inlined, or linked from `assets` (see _tail)."""
    if assets is None:
        style = f"<style>{_inline('html_report.css', 'style')}</style>"
    else:
        style = f'<link rel="stylesheet" href="{esc(assets)}{ASSETS["html_report.css"]}">'
    title = f"{esc(subject)} · {ui('page_title')}" if subject else ui("page_title")
    return (
        f'<!DOCTYPE html>\n<html lang="{ui("lang")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="gklint {esc(__version__)}">'
        f"<title>{title}</title>\n{style}</head>\n"
        '<body><input type="checkbox" id="showall" class="toggle">'
        f'<header class="top"><h1>{ui("page_title")}</h1>'
        f'<p class="gen">{ui("generator", version=__version__)}</p>'
        f'<p class="tools"><label for="showall">{ui("show_all_notes")}</label></p></header>\n<main>'
    )


def _count_chips(counts: Counts, ui: Ui) -> str:
    chips = []
    for field, cls, value in counts.items():
        label = ui(f"index_columns.{field}")
        chips.append(f'<span class="chip {cls}{" zero" if value == 0 else ""}">{label} <b>{value}</b></span>')
    return "".join(chips)


def _overall(reports: Sequence[FileReport], ui: Ui) -> str:
    total = sum((Counts.of(r.findings) for r in reports), Counts())
    unreadable = sum(1 for r in reports if r.error)
    skipped = sum(1 for r in reports if r.skipped)
    checked = sum(1 for r in reports if r.checked)
    extra = f'<span class="chip e">{ui("overall_unreadable", count=unreadable)}</span>' if unreadable else ""
    if skipped:
        extra += f'<span class="chip w">{ui("overall_skipped", count=skipped)}</span>'
    return (
        f'<section class="overall" data-files="{checked}">'
        f"<p>{ui('overall', files=checked)}：{_count_chips(total, ui)}{extra}</p></section>\n"
    )


def _index(reports: Sequence[FileReport], ui: Ui, href: Callable[[int], str]) -> str:
    """One row per file; `href(i)` is where the i-th report's details are ("" for nowhere)."""
    columns = (
        "number",
        "path",
        "year",
        "era",
        "agency",
        "errors",
        "warnings",
        "infos",
        "unassessed",
        "status",
    )
    numeric = {"number", "year", "errors", "warnings", "infos", "unassessed"}
    head = "".join(
        f'<th scope="col"{" data-sort" if c in numeric else ""}>{ui(f"index_columns.{c}")}</th>'
        for c in columns
    )
    rows = []
    for i, r in enumerate(reports, start=1):
        counts = Counts.of(r.findings)
        if r.skipped:
            status = f'<span class="skip">{ui("status_skipped", reason=r.skipped)}</span>'
            numbers = '<td class="n" data-v="-1">—</td>' * 4
        elif r.error:
            key = "status_unreadable_line" if r.error_line else "status_unreadable"
            status = f'<span class="err">{ui(key, error=r.error, line=r.error_line)}</span>'
            numbers = '<td class="n" data-v="-1">—</td>' * 4
        else:
            status = ui("status_findings") if r.findings else ui("status_ok")
            numbers = "".join(
                f'<td class="n{" " + cls if value else ""}" data-v="{value}">{value}</td>'
                for _, cls, value in counts.items()
            )
        era = esc(format_name(r.era, "short") or "")
        target = href(i)
        path = f'<a href="{target}">{esc(r.path)}</a>' if target else esc(r.path)
        rows.append(
            f'<tr><td class="n" data-v="{i}">{i}</td><td class="path">{path}</td>'
            f'<td class="n" data-v="{esc(r.year or 0)}">{esc(r.year or "")}</td><td>{era}</td>'
            f"<td>{esc(r.agency or '')}</td>{numbers}<td>{status}</td></tr>"
        )
    return (
        f'<section class="index" id="index"><h2>{ui("index_title")}</h2>'
        f'<p class="help noprint">{ui("index_help")}</p>'
        f'<div class="tablewrap"><table class="idx"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>\n"
    )


def _report(page: Page) -> str:
    r, ui, rid = page.report, page.ui, page.rid
    placed = sum(1 for f in r.findings if f.start is not None and r.text is not None)
    out = [
        f'<section class="report" id="{rid}" data-findings="{len(r.findings)}" data-placed="{placed}">',
        f'<h2 class="path">{esc(r.path)}</h2>',
    ]
    if r.skipped:
        out.append(f'<p class="skip">{ui("skipped", reason=r.skipped)}</p></section>\n')
        return "".join(out)
    if r.error:
        key = "unreadable_line" if r.error_line else "unreadable"
        out.append(f'<p class="err">{ui(key, error=r.error, line=r.error_line)}</p></section>\n')
        return "".join(out)
    out.append(_facts(page))
    out.append(f'<p class="counts">{_count_chips(Counts.of(r.findings), ui)}</p>')
    if r.findings:
        out.append(_list(page))
    else:
        out.append(f'<p class="clean">{ui("clean")}</p>')
    if r.tables:
        out.append(f'<h3 id="{rid}-tables">{ui("tables_title")}</h3><p class="help">{ui("tables_help")}</p>')
        out.append(render_tables(page))
    out.append(f'<h3 id="{rid}-text">{ui("text_title")}</h3>')
    if r.text is None:
        out.append(f'<p class="help">{ui("no_text")}</p>')
    else:
        out.append(f'<p class="help noprint">{ui("text_help")}</p>')
        out.append(render_source(page))
    out.append("</section>\n")
    return "".join(out)


def _facts(page: Page) -> str:
    r, ui = page.report, page.ui
    unknown = f'<span class="unknown">{ui("facts.unknown")}</span>'
    values = {
        "year": ui("year_value", year=r.year) if r.year else unknown,
        "era": esc(long_name) if (long_name := format_name(r.era, "long")) else unknown,
        "agency": esc(r.agency) if r.agency else unknown,
        "period": esc(r.period) if r.period else unknown,
    }
    if r.previous:  # checked as a series: the report it was compared with
        values["previous"] = esc(r.previous)
    items = "".join(
        f"<div><dt>{ui(f'facts.{key}')}</dt><dd>{value}</dd></div>" for key, value in values.items()
    )
    return f'<dl class="facts">{items}</dl>'


def _list(page: Page) -> str:
    r, ui = page.report, page.ui
    items = []
    for k, f in enumerate(r.findings, start=1):
        d = f.diagnostic
        cls = kind(d)
        if f.start is not None and r.text is not None:
            where = ui("position", line=f.start.line, column=f.start.column)
            if f.location:  # a Word, web or PDF report: also where to find it in the original
                where += ui("in_document", location=f.location)
            items.append(
                f'<li class="{cls}" id="{page.item_id(k)}"><span class="num {cls}">{k}</span> '
                f'<b class="sev">{kind_label(d, ui)}</b> {_code(page, d.code)} {esc(d.message)} '
                f'<a class="where" href="#{page.mark_id(k)}">{where}</a></li>'
            )
        else:
            # No place in the text to mark: the full note lives in the list.
            where = ui("position", line=f.start.line, column=f.start.column) if f.start else ui("no_position")
            items.append(
                f'<li class="{cls} unplaced" id="{page.item_id(k)}"><span class="where">{where}</span>'
                f"{note(page, k, f, placed=False)}</li>"
            )
    return (
        f'<h3 id="{page.rid}-list">{ui("list_title")}</h3><p class="help noprint">{ui("list_help")}</p>'
        f'<ol class="findings">{"".join(items)}</ol>'
    )


def _code(page: Page, code: str) -> str:
    if code in page.rules:
        return f'<a class="code" href="#{rule_anchor(code)}">{esc(code)}</a>'
    return f'<b class="code">{esc(code)}</b>'


def _rules(metas: list[RuleMeta], ui: Ui) -> str:
    head = f'<section class="rules" id="rules"><h2>{ui("rules_title")}</h2><p class="help">{ui("rules_help")}</p>'
    return head + "".join(rule_article(m, ui) for m in metas) + "</section>\n"


def rule_article(m: RuleMeta, ui: Ui | None = None) -> str:
    """One rule's explanation: what, why, a bad and a good example (also `gklint serve`'s rule page)."""
    ui = ui or load_ui()
    doc = m.doc
    eras = "、".join(format_name(e, "long") or e for e in m.eras)
    meta_line = [
        ui("rule_severity", severity=ui.plain(f"severity.{m.severity}")),
        ui("rule_eras", eras=eras),
    ]
    if doc.references:
        meta_line.append(ui("rule_references", references="、".join(doc.references)))
    return (
        f'<article class="rule" id="{rule_anchor(m.code)}"><h3>{esc(m.code)} {esc(m.title)} '
        f'<small>{esc(m.name)}</small></h3><p class="rmeta">{" · ".join(meta_line)}</p>'
        f"<h4>{ui('rule_what')}</h4>{_paragraphs(doc.what)}<h4>{ui('rule_why')}</h4>{_paragraphs(doc.why)}"
        f'<div class="examples"><div><h4>{ui("rule_bad")}</h4><pre class="bad">{esc(doc.bad.rstrip())}</pre></div>'
        f'<div><h4>{ui("rule_good")}</h4><pre class="good">{esc(doc.good.rstrip())}</pre></div></div></article>'
    )


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
