"""Synthetic series: one body's reports over consecutive years whose figures carry over.

`series_cells(years)` gives each year's cells (era by year: A to 2018, B 2019–2020, C from 2021)
with every cross-year identity of issue 13 holding: 上年结转 = last year's 结转下年度 per column;
现行有效 = last year's 现行有效 + 制发 − 废止 (2021 format); 上一年项目数量 = last year's + its
增/减 (2019 format). Table-internal identities still hold (the result rows absorb the change).
Tests then break one figure and expect one finding, at that figure's line.
"""

from __future__ import annotations

from .synth import Spec, default_cells, render
from .synth_tables import T3_APPLICANT_COLS

T2_ITEMS = ("license", "other_services", "penalty", "enforcement", "fees")


def era_of(year: int) -> str:
    return "A" if year <= 2018 else "B" if year <= 2020 else "C"


def series_cells(years: list[int]) -> dict[int, dict[str, object]]:
    out: dict[int, dict[str, object]] = {}
    for year in years:
        cells = default_cells(era_of(year), seed=year)
        before = out.get(year - 1)
        if era_of(year) == "B":
            for item in T2_ITEMS:
                cells[f"t2.{item}.change"] = int(str(year)[-1]) % 3  # numbers, not "增 2"
        if before is not None and era_of(year - 1) != "A":
            _carry_t3(cells, before)
            if era_of(year) == era_of(year - 1) == "C":
                for doc in ("rules", "normative"):
                    cells[f"t2.{doc}.in_force"] = (
                        int(before[f"t2.{doc}.in_force"])  # type: ignore[call-overload]
                        + int(cells[f"t2.{doc}.issued"])  # type: ignore[call-overload]
                        - int(cells[f"t2.{doc}.repealed"])  # type: ignore[call-overload]
                    )
            if era_of(year) == era_of(year - 1) == "B":
                for doc in ("rules", "normative"):
                    cells[f"t2.{doc}.total_published"] = (
                        int(before[f"t2.{doc}.total_published"])  # type: ignore[call-overload]
                        + int(cells[f"t2.{doc}.new_published"])  # type: ignore[call-overload]
                    )
                for item in T2_ITEMS:
                    cells[f"t2.{item}.prev"] = int(before[f"t2.{item}.prev"]) + int(
                        before[f"t2.{item}.change"]
                    )  # type: ignore[call-overload]
        out[year] = cells
    return out


def _carry_t3(cells: dict[str, object], before: dict[str, object]) -> None:
    """上年结转 := last year's 结转下年度, column by column; 予以公开 and 总计 take the change."""
    for col in T3_APPLICANT_COLS:
        delta = int(before[f"t3.carried_over.{col}"]) - int(cells[f"t3.carried_in.{col}"])  # type: ignore[call-overload]
        if int(cells[f"t3.result.granted.{col}"]) + delta < 0:  # type: ignore[call-overload]
            cells[f"t3.new.{col}"] = int(cells[f"t3.new.{col}"]) - delta  # type: ignore[call-overload]
        else:
            cells[f"t3.result.granted.{col}"] = int(cells[f"t3.result.granted.{col}"]) + delta  # type: ignore[call-overload]
            cells[f"t3.result.total.{col}"] = int(cells[f"t3.result.total.{col}"]) + delta  # type: ignore[call-overload]
        cells[f"t3.carried_in.{col}"] = before[f"t3.carried_over.{col}"]
    for row in ("new", "carried_in", "result.granted", "result.total"):
        cells[f"t3.{row}.total"] = sum(int(cells[f"t3.{row}.{c}"]) for c in T3_APPLICANT_COLS)  # type: ignore[call-overload]


def series_texts(
    years: list[int],
    agency: str = "某某县青山镇人民政府",
    layout: str = "tabs",
    edits: dict[int, dict[str, object]] | None = None,
) -> dict[int, str]:
    """Each year's report text; `edits`: year → cells to change (the defects a test plants)."""
    cells = series_cells(years)
    for year, changes in (edits or {}).items():
        cells[year].update(changes)
    return {
        y: render(Spec(era=era_of(y), year=y, layout=layout, agency=agency, cells=c))  # type: ignore[arg-type]
        for y, c in cells.items()
    }


def local_table_report(year: int, figures: dict[str, tuple[int, int]], agency: str = "某某县人民政府") -> str:
    """A short pre-2014 report whose local 统计表 has a 历年累计 column (formats.md §3.4);
    `figures`: row label → (this year, cumulative)."""
    rows = "\n".join(f"{label}\t条\t{now}\t{total}" for label, (now, total) in figures.items())
    return (
        f"{agency}{year}年政府信息公开工作年度报告\n"
        f"一、概述\n{year}年，我县政府信息公开工作稳步推进。\n"
        f"五、政府信息公开情况统计表\n指标名称\t计量单位\t{year}年度\t历年累计\n{rows}\n"
        "受理依申请公开信息总数\t件\t0\t0\n"
    )
