"""Text taken over from the previous year's report: sentences nearly the same as one sentence of
the previous report (found by character shingles, judged by edit similarity, so a changed number
or word still counts), joined into stretches of consecutive sentences.

Stock phrases every report shares (the law's title, the section titles, the statistics period
and contact sentences) are left out before comparing, so they are never "copied text".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from gklint.model import SeriesData, SeriesSentence
from gklint.series.names import series_settings


@dataclass(frozen=True)
class Match:
    """A sentence of the report found in the previous year's report."""

    sentence: SeriesSentence
    previous: SeriesSentence  # the previous report's sentence it was taken from
    similarity: float  # difflib's ratio of the two sentences (their years set aside)


@dataclass(frozen=True)
class Stretch:
    """Consecutive copied sentences."""

    matches: tuple[Match, ...]

    @property
    def chars(self) -> int:
        return sum(len(m.sentence.text) for m in self.matches)

    @property
    def text(self) -> str:
        return "".join(m.sentence.text for m in self.matches)


@dataclass(frozen=True)
class Copied:
    """The stretches of a report copied from the previous year's, and their share."""

    stretches: tuple[Stretch, ...]
    share: float  # copied characters / compared characters of the report
    compared: int  # characters compared (stock phrases and short pieces left out)


CANDIDATES = 3  # previous sentences sharing most shingles, compared character by character
YEAR_MARK = "\ue000年"  # a private-use character: never in a report's text


@cache
def shingle_size() -> int:
    return int(series_settings()["shingle"])


def shingles(text: str, k: int | None = None) -> set[str]:
    k = k or shingle_size()
    if len(text) <= k:
        return {text}
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def text_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """The share of the shorter text's shingles found in the other (1.0: one contains the other)."""
    return shingle_overlap(shingle_set(a), shingle_set(b))


def shingle_set(sentences: Iterable[str]) -> set[str]:
    return set().union(*map(shingles, sentences))


def shingle_overlap(sa: set[str], sb: set[str]) -> float:
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & large) / len(small) if small else 0.0


def find_copied(
    current: SeriesData,
    previous: SeriesData,
    stock: Sequence[re.Pattern[str]],
    similarity: float,
    min_sentence: int,
) -> Copied:
    """The sentences of `current` taken from `previous`, in stretches, and the share copied."""
    index: dict[str, set[int]] = {}
    prev = [s for s in previous.sentences if _compared(s.text, stock, min_sentence)]
    prev_texts = [_yearless(s.text, previous.year) for s in prev]
    for i, text in enumerate(prev_texts):
        for sh in shingles(text):
            index.setdefault(sh, set()).add(i)
    stretches: list[list[Match]] = [[]]
    compared = copied = 0
    for sentence in current.sentences:
        if not _compared(sentence.text, stock, min_sentence):
            continue  # a stock phrase neither breaks nor extends a stretch
        compared += len(sentence.text)
        match = _best(sentence, _yearless(sentence.text, current.year), prev, prev_texts, index, similarity)
        if match is None:
            if stretches[-1]:
                stretches.append([])
            continue
        copied += len(sentence.text)
        stretches[-1].append(match)
    found = tuple(Stretch(tuple(s)) for s in stretches if s)
    return Copied(found, copied / compared if compared else 0.0, compared)


def _compared(text: str, stock: Sequence[re.Pattern[str]], min_sentence: int) -> bool:
    return len(text) >= min_sentence and not any(p.search(text) for p in stock)


def _yearless(text: str, year: int | None) -> str:
    """The report's own year as a mark: "2013年刊出…" copied from "2011年刊出…" is the same
    sentence with its year changed."""
    return text.replace(f"{year}年", YEAR_MARK) if year else text


def _best(
    sentence: SeriesSentence,
    text: str,
    prev: list[SeriesSentence],
    prev_texts: list[str],
    index: dict[str, set[int]],
    similarity: float,
) -> Match | None:
    """The previous sentence most like this one, if it is alike enough (`similarity`)."""
    own = shingles(text)
    counts: dict[int, int] = {}
    for sh in own:
        for i in index.get(sh, ()):
            counts[i] = counts.get(i, 0) + 1
    if not counts:
        return None
    # shingles find the candidates; the edit similarity judges them (a word added to a short
    # sentence changes many of its shingles, but few of its characters)
    candidates = sorted(counts, key=lambda i: (-counts[i], i))[:CANDIDATES]
    scored = [(_ratio(text, prev_texts[i], similarity), -i) for i in candidates]
    ratio, best = max(scored)
    return Match(sentence, prev[-best], ratio) if ratio >= similarity else None


def _ratio(a: str, b: str, floor: float) -> float:
    """SequenceMatcher's ratio, or 0 where its cheap upper bounds show it stays under `floor`
    (the full ratio costs the product of the lengths)."""
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()
