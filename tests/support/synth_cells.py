"""Consistent default cell values for synthetic reports.

Every invariant of shared/spec/formats.md holds for the cells made here (§3.3 for era A, §4.5 and
§5.3 for eras B and C), so a clean synthetic report lints clean. Numbers are small, township-sized.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .synth_tables import A_HEADING_IDS, T3_APPLICANT_COLS, T4_BLOCKS, t3_result_keys, table_ids

Cells = dict[str, object]

# Relative weight of each outcome when applications are distributed over the result rows.
_RESULT_WEIGHTS: dict[str, int] = {
    "result.granted": 8,
    "result.partial": 3,
    "result.unable.not_held": 4,
    "result.not_processed.petition": 2,
    "result.other": 2,
    "result.other.other": 2,
}
_T4_PARTS = ("upheld", "corrected", "other", "pending")
# Upper bound of new applications per applicant column.
_APPLICANT_SCALE: dict[str, int] = {
    "natural": 14,
    "commercial": 4,
    "research": 1,
    "social": 1,
    "legal": 3,
    "other_org": 1,
}


def make_cells(era: str, seed: int, zero: bool) -> Cells:
    """All cells of the era's tables; `zero` turns every number into 0 (heading rows stay blank)."""
    rng = random.Random(seed)
    if era == "A":
        cells = _era_a(rng)
    elif era in ("B", "C"):
        cells = {**_t2(era, rng), **_t3(era, rng), **_t4(rng)}
    else:
        raise ValueError(f"unknown era {era!r}")
    if zero:
        cells = {key: None if value is None else 0 for key, value in cells.items()}
    return {key: cells[key] for key in table_ids(era)}  # printed order, for readable fixtures


# --- era A ----------------------------------------------------------------------------------------


def _era_a(rng: random.Random) -> Cells:
    cells: Cells = dict.fromkeys(A_HEADING_IDS)
    cells.update(_a_active(rng))
    cells.update(_a_response(rng))
    cells.update(_a_apply(rng))
    for group in ("a.review", "a.litigation"):
        cells.update(_parts_and_total(group, ("upheld", "corrected", "other"), rng, 2)[1])
    cells["a.complaints"] = rng.randint(0, 3)
    cells["a.fees"] = 0
    cells.update(_a_org(rng))
    return cells


def _a_active(rng: random.Random) -> Cells:
    channels = {
        "gazette": rng.randint(0, 10),
        "website": rng.randint(40, 400),
        "weibo": rng.randint(0, 80),
        "wechat": rng.randint(0, 120),
        "other": rng.randint(0, 30),
    }
    channel_sum = sum(channels.values())
    items = channel_sum - rng.randint(0, channel_sum // 5)  # the same item on two channels counts once
    normative = rng.randint(0, min(items, 6))
    return {
        "a.active.items": items,
        "a.active.normative": normative,
        "a.active.normative_issued": normative + rng.randint(0, 2),
        **{f"a.active.channel.{name}": value for name, value in channels.items()},
    }


def _a_response(rng: random.Random) -> Cells:
    press = rng.randint(0, 4)
    interview = rng.randint(0, 3)
    return {
        "a.response.hotspots": rng.randint(0, 6),
        "a.response.press": press,
        "a.response.press_lead": rng.randint(0, press),
        "a.response.interview": interview,
        "a.response.interview_lead": rng.randint(0, interview),
        "a.response.interpretation": rng.randint(0, 12),
        "a.response.weibo_wechat": rng.randint(0, 20),
        "a.response.other": rng.randint(0, 5),
    }


def _a_apply(rng: random.Random) -> Cells:
    total, received = _parts_and_total("a.apply.received", ("in_person", "fax", "online", "letter"), rng, 4)
    on_time = total - rng.randint(0, min(total, 1))
    refused = _split(rng.randint(0, min(total, 2)), 6, rng)
    answers = _split(total - sum(refused), 7, rng)
    answered: Cells = {
        "a.apply.answered": total,
        "a.apply.answered.refused": sum(refused),
    }
    answer_keys = (
        "already_public",
        "granted",
        "partial",
        "not_this_agency",
        "not_exist",
        "amend",
        "redirect",
    )
    answered.update({f"a.apply.answered.{key}": n for key, n in zip(answer_keys, answers, strict=True)})
    reason_keys = ("state_secret", "commercial_secret", "privacy", "security", "not_gov_info", "other_law")
    answered.update(
        {f"a.apply.answered.refused.{key}": n for key, n in zip(reason_keys, refused, strict=True)}
    )
    return {
        **received,
        "a.apply.closed": total,
        "a.apply.closed.on_time": on_time,
        "a.apply.closed.extended": total - on_time,
        **answered,
    }


def _a_org(rng: random.Random) -> Cells:
    full_time = rng.randint(1, 2)
    part_time = rng.randint(0, 4)
    return {
        "a.org.bodies": 1,
        "a.org.reading_points": rng.randint(1, 3),
        "a.org.staff": full_time + part_time,
        "a.org.staff.full_time": full_time,
        "a.org.staff.part_time": part_time,
        "a.org.budget": Decimal(rng.randint(0, 60)) / 10,
        "a.meetings.conferences": rng.randint(1, 4),
        "a.meetings.trainings": rng.randint(0, 3),
        "a.meetings.trainees": rng.randint(0, 40),
    }


def _parts_and_total(parent: str, parts: tuple[str, ...], rng: random.Random, high: int) -> tuple[int, Cells]:
    values = [rng.randint(0, high) for _ in parts]
    total = sum(values)
    return total, {parent: total, **{f"{parent}.{part}": v for part, v in zip(parts, values, strict=True)}}


def _split(total: int, n: int, rng: random.Random) -> list[int]:
    counts = [0] * n
    for _ in range(total):
        counts[rng.randrange(n)] += 1
    return counts


# --- eras B and C ---------------------------------------------------------------------------------


def _t2(era: str, rng: random.Random) -> Cells:
    if era == "C":
        issued = rng.randint(0, 4)
        return {
            "t2.rules.issued": 0,
            "t2.rules.repealed": 0,
            "t2.rules.in_force": 0,
            "t2.normative.issued": issued,
            "t2.normative.repealed": rng.randint(0, 2),
            "t2.normative.in_force": issued + rng.randint(0, 12),
            "t2.license.decisions": rng.randint(0, 900),
            "t2.penalty.decisions": rng.randint(0, 60),
            "t2.enforcement.decisions": rng.randint(0, 10),
            "t2.fees.amount": Decimal(rng.randint(0, 9999)) / 100,
        }
    published = rng.randint(0, 3)
    cells: Cells = {
        "t2.rules.new_made": 0,
        "t2.rules.new_published": 0,
        "t2.rules.total_published": 0,
        "t2.normative.new_made": published + rng.randint(0, 2),
        "t2.normative.new_published": published,
        "t2.normative.total_published": published + rng.randint(0, 20),
    }
    signed_words = rng.random() < 0.5  # "增 4" / "减 5" (S003) or signed integers (C-PT20)
    for prefix in ("t2.license", "t2.other_services", "t2.penalty", "t2.enforcement", "t2.fees"):
        prev = rng.randint(0, 40)
        change = rng.randint(-min(prev, 6), 8)
        cells[f"{prefix}.prev"] = prev
        cells[f"{prefix}.change"] = _change_text(change) if signed_words else change
        if prefix != "t2.fees":
            cells[f"{prefix}.decisions"] = rng.randint(0, 300)
    cells["t2.procurement.count"] = rng.randint(0, 5)
    cells["t2.procurement.amount"] = f"{rng.randint(0, 500000)}元"
    return cells


def _change_text(change: int) -> str:
    if change == 0:
        return "0"
    return f"增 {change}" if change > 0 else f"减 {-change}"


def _t3(era: str, rng: random.Random) -> Cells:
    results = t3_result_keys(era)
    weights = [_RESULT_WEIGHTS.get(key, 1) for key in results]
    rows: dict[str, dict[str, int]] = {}  # row key -> applicant column -> count
    for col in T3_APPLICANT_COLS:
        new = rng.randint(0, _APPLICANT_SCALE[col])
        carried_in = rng.randint(0, 1) if col == "natural" else 0
        carried_over = rng.randint(0, min(2, new + carried_in))
        counts = dict.fromkeys(results, 0)
        for key in rng.choices(results, weights, k=new + carried_in - carried_over):
            counts[key] += 1
        column = {"new": new, "carried_in": carried_in, **counts}
        column.update({"result.total": sum(counts.values()), "carried_over": carried_over})
        for key, n in column.items():
            rows.setdefault(key, {})[col] = n
    cells: Cells = {}
    for key, by_col in rows.items():
        cells.update({f"t3.{key}.{col}": n for col, n in by_col.items()})
        cells[f"t3.{key}.total"] = sum(by_col.values())
    return cells


def _t4(rng: random.Random) -> Cells:
    cells: Cells = {}
    for block in T4_BLOCKS:
        values = [rng.randint(0, 2) for _ in _T4_PARTS]
        cells.update({f"t4.{block}.{col}": v for col, v in zip(_T4_PARTS, values, strict=True)})
        cells[f"t4.{block}.total"] = sum(values)
    return cells
