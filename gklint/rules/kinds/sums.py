"""kind: sums — a whole and its parts written in the prose ("共1260条，其中……31条、……74条").

    kind: sums
    check: parts               # parts: the parts must not exceed the whole, and a breakdown the
                               # text says is complete must add up to it; shares: each share
                               # written after a part ("（12.5%）", "占12.5%") must be part ÷ whole
    units: '条|件|人次|次'      # what a count is counted in (a regex alternation)
    opens: '其中|包括|分别为'   # words between a whole and its first part
    complete: '分别为|分别是'   # optional: an opening that says the parts are the whole
    stop: '共|合计|办结|同比'   # optional: a part whose lead-in holds these ends the list
    partial: '等|……'          # optional: right after the last part, the list is not complete
    other_whole: '全市|全省'    # optional (shares): "占全市……的P%" is a share of another whole
    whole: '共|合计'            # optional (shares): a share outside any breakdown is checked
                               # against the last count before it in its sentence and unit with
                               # one of these words shortly before it
    total_after: '合计|共计'    # optional: a count opened by these after a list is its total

A list of kinds with no opening word ("全年共公开信息500条，机构职能类30条、政策文件类100条、其他类
370条。") is taken when the count before it is called a whole (`whole`), the list is joined by 、,
has three parts or more and ends with its sentence.

A whole is the count just before the opening word, in the same sentence ("主动公开1642条，其中…"),
or the last count of the sentence before one that opens with 其中 ("…1642条。其中，…"; "在已答复的
申请中" at the head of a sentence names its own whole, not the count before it). Its parts
follow, in the same unit, each after a list separator, until the sentence (or the bracket the
list was opened in) ends, a part's lead-in holds a `stop` word or a nested opening ("…60件，含…"),
or the unit changes. A breakdown is complete when it is opened by a `complete` word (two parts or
more), or lists three parts or more, or names a part 其他, and then the text closes it (end of
sentence or bracket, no `partial` word); or when its shares add up to 100%. A list cut short
by anything else is partial: only parts exceeding the whole are reported. Counts written as
bounds ("100余条") are not compared; numbers in 万 are taken as rounded ("1.2万" is 11500 to
12500), and a whole that ends a list ("建议15件、提案20件，其中…") is not taken alone. A list
nested in a part ("28件（其中…）", or "…，其中A 3件、B 2件，…" where the outer list is separated by "，")
is a breakdown of that part, and the outer list goes on after it.

The counts are read in one pass; each is read as a part once, and a nested list at most
_MAX_NESTED counts far, so the time grows with the length of the text, not its square.

Shares are exact when part ÷ whole × 100, rounded or cut off to the decimals written, gives the
percentage (so 12.5% allows 12.45% up to, not including, 12.6%).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gklint import messages
from gklint.model import Diagnostic, RuleMeta, Span, number_text
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.kinds.counts import Count, counts_pattern, read_counts
from gklint.rules.kinds.narrative import _unit, prose
from gklint.rules.regex import guarded
from gklint.rules.schema import RuleFile, check_template
from gklint.rules.views import SENTENCE_END, prose_sentences

FIELDS = {
    "check": str,
    "total_after": str,
    "whole": str,
    "units": str,
    "opens": str,
    "complete": str,
    "stop": str,
    "partial": str,
    "other_whole": str,
}
REQUIRED = ("check", "units", "opens")
CHECKS = ("parts", "shares")
_SENTENCE_ENDS = re.compile(f"[{SENTENCE_END}]")
_SEPARATOR = re.compile(r"[、,;:]")
_OPEN, _CLOSE = "(", ")"
# "其中6件议案中，涉及…3件": a count followed by "…中" names a group to break down, not a part
_TOPIC = re.compile(r"[^,;:、。()\d]{0,8}中\s*[,;:]")
_SHARE_TOTAL = Decimal(100)
_LIST_JOIN = re.compile(r"、|和|及|与")
_LIST_START = re.compile(r"[:(]")  # a list after a colon or in brackets starts there
_ENUMERATION = "、"  # a list joined by it may start with its sentence
_FILLERS = ("主要", "具体", "分别")  # "500条，主要包括…": words that may stand before the opening
_NEXT_SENTENCE = "其中"  # the one opening that may refer to the last count of the sentence before
_REST = "其他"  # a part named so is the rest: the list is the whole
_SHARE_SLACK = Decimal("0.5")  # shares rounded one by one may add up to 99.5–100.5
_SHOWN_PARTS = 12
_MAX_NESTED = 30  # a nested list is read this far at most: each count is read a bounded number of times
_WHOLE_LEAD = 12  # how far before a count its `whole` word may stand ("共收到政府信息公开申请")
_MIN_LISTED = 3  # a 其中/包括 list this long, closed by the text, is taken as complete


@dataclass
class Breakdown:
    """A count in the text and the counts listed as its parts."""

    whole: Count
    opened: str  # the opening word ("其中")
    parts: list[Count]
    closed: bool = False  # the list ends where its sentence or bracket ends
    named_rest: bool = False  # a part is called 其他 (the rest)
    loose: bool = False  # a share and the whole it is taken to be of, not a listed breakdown
    summed: bool = False  # a total written after its parts ("…，合计1520条"): they are the whole
    separator: str = ""  # what joins the parts (、 , ;)
    # (loose) the whole plus the counts between it and the share: "建议50件，提案30件（占37.5%）" is
    # a share of both
    with_siblings: Decimal = Decimal(0)


@dataclass(frozen=True)
class Sums:
    """The sums kind: parts listed in the text checked against their whole."""

    check: str
    counts: re.Pattern[str]
    opens: re.Pattern[str]
    complete: re.Pattern[str] | None = None
    stop: re.Pattern[str] | None = None
    partial: re.Pattern[str] | None = None
    other_whole: re.Pattern[str] | None = None
    whole: re.Pattern[str] | None = None
    total_after: re.Pattern[str] | None = None

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        text, offsets = prose(ctx)
        patterns = (self.counts, self.opens, self.stop, self.partial, self.whole, self.total_after)
        key = "sums:" + "|".join(p.pattern for p in patterns if p)
        found = ctx.shared(key, lambda: self.breakdowns(text, prose_sentences(ctx).at))
        judge = self._parts if self.check == "parts" else self._shares
        return [d for b in found for d in judge(rule, text, offsets, b)]

    # -- finding the breakdowns ------------------------------------------------------------

    def breakdowns(self, text: str, ends: list[int] | None = None) -> list[Breakdown]:
        """The breakdowns of the text; `ends`: its sentence ends, if already found."""
        counts = list(read_counts(text, self.counts))
        ends = [m.start() for m in _SENTENCE_ENDS.finditer(text)] if ends is None else ends
        sentence = _sentence_numbers(counts, ends)
        out: list[Breakdown] = []
        i = 1
        while i < len(counts):
            if sentence[i] != sentence[i - 1] and not _may_open_next(text, counts, sentence, ends, i):
                i += 1
                continue
            opening = self.opens.search(text, counts[i - 1].end, counts[i].start)
            whole = None if opening is None else self._whole_of(text, counts, sentence, ends, i, opening)
            if whole is not None and opening is not None:
                bracketed = _OPEN in text[counts[i - 1].end : opening.start()]
                found, i = self._collect(text, counts, sentence, ends, i, whole, opening.group(), bracketed)
                out.extend(found)
            elif opening is None and self._unopened(text, counts, sentence, i):
                found, after = self._collect(text, counts, sentence, ends, i, counts[i - 1], "", False)
                b = found[0]
                if (
                    len(found) == 1
                    and b.separator == _ENUMERATION
                    and len(b.parts) >= _MIN_LISTED
                    and b.closed
                ):
                    out.append(b)
                i = after
            else:
                i += 1
        out += self._totals_after(text, counts, sentence)
        return out + self._loose_shares(text, counts, sentence, out)

    def _totals_after(self, text: str, counts: list[Count], sentence: list[int]) -> list[Breakdown]:
        """A total written after its parts ("网站210条、微信640条、微博1105条，合计1520条"): the
        parts are the counts before it in its sentence and unit, one list separator apart, back to
        where the list plainly starts (an opening word, a colon, a bracket, or the sentence for a
        list joined by 、); a list with no plain start is left alone. A total looks back at most
        _MAX_NESTED counts."""
        if self.total_after is None:
            return []
        out = []
        for k in range(1, len(counts)):
            if sentence[k - 1] != sentence[k]:
                continue
            said = text[counts[k - 1].end : counts[k].start].strip(" ,;、")
            if not self.total_after.fullmatch(said):
                continue
            parts = self._listed_before(text, counts, sentence, k)
            if parts:
                out.append(Breakdown(counts[k], said, parts, closed=True, summed=True))
        return out

    def _listed_before(self, text: str, counts: list[Count], sentence: list[int], k: int) -> list[Count]:
        """The parts a total at counts[k] sums up, or [] when the list's start is not plain."""
        j, separator = k - 1, ""
        while True:
            if counts[j].unit != counts[k].unit:
                return []
            begin = counts[j - 1].end if j > 0 and sentence[j - 1] == sentence[k] else -1
            lead = text[max(begin, 0) : counts[j].start]
            if (
                _LIST_START.search(lead)
                or self.opens.search(lead)
                or (begin < 0 and separator == _ENUMERATION)
            ):
                return counts[j:k] if k - j >= 2 else []
            if begin < 0:
                return []  # "收到申请20件，予以公开12件，…，合计15件": not all the counts are parts
            sep = _SEPARATOR.search(lead)
            if (
                sep is None
                or (separator and sep.group() != separator)
                or self._stops(lead)
                or k - j > _MAX_NESTED
            ):
                return []
            separator = separator or sep.group()
            j -= 1

    def _loose_shares(
        self, text: str, counts: list[Count], sentence: list[int], found: list[Breakdown]
    ) -> list[Breakdown]:
        """A share outside any breakdown ("全年共收到申请200件……网上申请106件，占47.2%") is taken
        as a share of the last count before it in its sentence, in its unit, that the text calls a
        whole (`whole` before it: 共, 合计 …) and that is not smaller than it."""
        shared = _sentences_with_shares(counts, sentence)  # the others are passed over
        if self.whole is None or not shared:
            return []
        listed = {id(p) for b in found for p in b.parts}
        wholes: dict[str, Count] = {}  # unit → the last whole of the current sentence
        since: dict[str, Decimal] = {}  # unit → the whole plus the counts after it, so far
        out, now, lead_from = [], -1, 0
        for k, c in enumerate(counts):
            if sentence[k] not in shared:
                continue
            if sentence[k] != now:
                wholes, since, now, lead_from = {}, {}, sentence[k], 0
            whole = wholes.get(c.unit)
            if whole is not None:
                since[c.unit] += c.value
            if c.share is not None and id(c) not in listed and whole is not None and whole.value >= c.value:
                out.append(Breakdown(whole, "", [c], loose=True, with_siblings=since[c.unit]))
            if c.share is None and self.whole.search(text, max(lead_from, c.start - _WHOLE_LEAD), c.start):
                wholes[c.unit], since[c.unit] = c, c.value
            lead_from = c.end
        return out

    def _whole_of(
        self,
        text: str,
        counts: list[Count],
        sentence: list[int],
        ends: list[int],
        i: int,
        opening: re.Match[str],
    ) -> Count | None:
        """The whole whose parts `opening` opens before counts[i], if the text says which one."""
        first = counts[i]
        if _TOPIC.match(text, first.end):
            return None
        if sentence[i] == sentence[i - 1]:
            whole = counts[i - 1]
            if _follows(text, whole, opening) and not _in_list(text, counts, sentence, i - 1):
                return whole if whole.unit == first.unit else None
            return None
        # 其中 heading the next sentence: the last count of the sentence before, outside brackets
        # ("办结1191件（含上年结转189件），均在法定期限内答复。其中，…")
        end = ends[sentence[i - 1]]
        if (
            sentence[i] != sentence[i - 1] + 1
            or text[end] != "。"
            or opening.group() != _NEXT_SENTENCE
            or text[end + 1 : opening.start()].strip(" ,:")
        ):
            return None
        k = i - 1
        while (
            k >= 0 and sentence[k] == sentence[i - 1] and _bracketed(text, counts[k].end, counts[k + 1].start)
        ):
            k -= 1
        if k < 0 or sentence[k] != sentence[i - 1] or counts[k].unit != first.unit:
            return None
        return None if _in_list(text, counts, sentence, k) else counts[k]

    def _unopened(self, text: str, counts: list[Count], sentence: list[int], i: int) -> bool:
        """Whether counts[i] may open a list of kinds with no opening word after a whole the text
        calls one ("全年共公开信息500条，机构职能类30条、政策文件类100条、其他类370条。"); the list
        is kept only if it is joined by 、, three parts or more, and closed by its sentence."""
        if self.whole is None or sentence[i] != sentence[i - 1] or counts[i].unit != counts[i - 1].unit:
            return False
        whole, first = counts[i - 1], counts[i]
        if whole.share is not None or not text.startswith(",", whole.end, first.start):
            return False  # (asked first: the cheapest tests, and most pairs fail them)
        lead_from = counts[i - 2].end if i > 1 and sentence[i - 2] == sentence[i] else 0
        lead = text[whole.end : first.start]
        return (
            bool(self.whole.search(text, max(lead_from, whole.start - _WHOLE_LEAD), whole.start))
            and not _SEPARATOR.search(lead, 1)
            and not self._stops(lead)
            and not _TOPIC.match(text, first.end)
        )

    def _collect(
        self,
        text: str,
        counts: list[Count],
        sentence: list[int],
        ends: list[int],
        first: int,
        whole: Count,
        opened: str,
        bracketed: bool,
    ) -> tuple[list[Breakdown], int]:
        """The parts from counts[first] on, and the breakdowns nested in them ("不予公开28件，其中
        涉及国家秘密3件、商业秘密2件，无法提供…"); returns them and the index after the list."""
        b = Breakdown(whole, opened, [counts[first]])
        b.named_rest = _REST in text[whole.end : counts[first].start]
        out = [b]
        separator = ""
        j = first + 1
        while j < len(counts):
            part = counts[j]
            lead = text[counts[j - 1].end : part.start]
            if sentence[j] != sentence[first]:
                break
            if part.unit != whole.unit:
                later = counts[j + 1].start if j + 1 < len(counts) else len(text)
                if bracketed or not _bracketed(text, part.end, later):
                    break
                j += 1  # "区直单位1185条（涉及32个部门）；…": a note on the part, in brackets
                continue
            if (bracketed and _CLOSE in lead) or _TOPIC.match(text, part.end):
                break
            nested = self.opens.search(lead)
            if nested is not None and not (self.stop and self.stop.search(lead)):
                end = self._nested_end(text, counts, sentence, j, separator, lead, nested.start())
                if end is None:
                    break
                out.append(Breakdown(counts[j - 1], nested.group(), counts[j:end]))
                j = end
                continue
            sep = _SEPARATOR.search(lead)
            # "A 210条、B 640条和C 1105条": the last part may be joined by 和 instead
            mark = sep.group() if sep else separator if _LIST_JOIN.search(lead) else ""
            if not mark or self._stops(lead) or (separator and mark != separator and not bracketed):
                break
            separator = separator or mark
            b.parts.append(part)
            b.named_rest = b.named_rest or _REST in lead
            j += 1
        stop = ends[sentence[first]] if sentence[first] < len(ends) else len(text)
        if j < len(counts):
            stop = min(stop, counts[j].start)
        b.closed = self._closes(text[counts[j - 1].end : stop], bracketed)
        b.separator = separator
        return out, j

    def _nested_end(
        self, text: str, counts: list[Count], sentence: list[int], j: int, separator: str, lead: str, at: int
    ) -> int | None:
        """Where a list nested in a part ends (the index of the next part of the outer list), or
        None when the text does not tell: the nested list is in brackets ("28件（其中…）"), or the
        outer list's separator (known from two parts) is not used inside it."""
        in_brackets = _OPEN in lead[:at]
        if not in_brackets and not separator:
            return None
        limit = counts[j - 1].value + counts[j - 1].slack
        total, k = counts[j].value, j + 1
        while k < len(counts) and sentence[k] == sentence[j] and counts[k].unit == counts[j].unit:
            between = text[counts[k - 1].end : counts[k].start]
            if (_CLOSE in between) if in_brackets else (separator in between):
                break
            total += counts[k].value
            if total > limit or k - j >= _MAX_NESTED:
                return None  # more than the part it would break down, or no end: not nested
            k += 1
        if k == j + 1 and not in_brackets:
            return None  # one nested part before the outer separator: which list is it in?
        return k if total <= limit else None

    def _stops(self, lead: str) -> bool:
        """Whether a part's lead-in ends the list: a stop word or a nested opening ("…，含…")."""
        return bool(self.stop and self.stop.search(lead)) or self.opens.search(lead) is not None

    def _closes(self, after: str, bracketed: bool) -> bool:
        """Whether the text right after the last part closes the list, with no 'and so on'."""
        after = after.lstrip()
        if self.partial is not None and self.partial.match(after):
            return False
        return after.startswith(_CLOSE) if bracketed else not after.strip(" ;,、")

    # -- judging them ----------------------------------------------------------------------

    def _complete(self, b: Breakdown) -> bool:
        """Whether the text says the parts are the whole (see the module's doc)."""
        shares = [p.share for p in b.parts if p.share is not None]
        if len(shares) == len(b.parts) > 1 and abs(sum(shares) - _SHARE_TOTAL) <= _SHARE_SLACK:
            return True
        if b.summed:
            return True
        if not b.closed or len(b.parts) < 2:
            return False
        said = self.complete is not None and self.complete.search(b.opened) is not None
        return said or b.named_rest or len(b.parts) >= _MIN_LISTED

    def _parts(self, rule: Rule, text: str, offsets: Sequence[int], b: Breakdown) -> list[Diagnostic]:
        if b.whole.approx or b.loose:
            return []
        total = sum(p.value for p in b.parts)
        slack = b.whole.slack + sum(p.slack for p in b.parts)
        if total > b.whole.value + slack:
            reason = messages.text("sums-exceed")
        elif total < b.whole.value - slack and self._complete(b) and not any(p.approx for p in b.parts):
            short = "sums-total-short" if b.summed else "sums-short" if b.opened else "sums-short-listed"
            reason = messages.text(short, opened=b.opened)
        else:
            return []
        message = rule.message.format(
            whole=b.whole.shown,
            unit=b.whole.unit,
            parts=_listed(b.parts),
            sum=number_text(total),
            reason=reason,
            match=text[b.whole.start : b.whole.number_end],
        )
        span = Span(offsets[b.whole.start], offsets[b.whole.number_end - 1] + 1)
        return [diagnostic(rule, message, span, difference=total - b.whole.value)]

    def _shares(self, rule: Rule, text: str, offsets: Sequence[int], b: Breakdown) -> list[Diagnostic]:
        if b.whole.approx or b.whole.value == 0:
            return []
        out = []
        for p in b.parts:
            if p.share is None or p.approx or (self.other_whole and self.other_whole.search(p.share_of)):
                continue
            exact = p.value / b.whole.value * 100
            if b.whole.slack or p.slack or _share_agrees(exact, p.share):
                continue
            if b.loose and _share_agrees(p.value / b.with_siblings * 100, p.share):
                continue
            shown = str(p.share)
            message = rule.message.format(
                part=p.shown,
                whole=b.whole.shown,
                unit=b.whole.unit,
                percent=shown,
                expected=exact.quantize(min(_unit(p.share), Decimal("0.1"))),
            )
            span = Span(offsets[p.share_start], offsets[p.share_start + len(shown) - 1] + 1)
            out.append(diagnostic(rule, message, span))
        return out


def _listed(parts: list[Count]) -> str:
    """The parts as a sum for the message; a very long list is cut, saying how long it is."""
    shown = " + ".join(p.shown for p in parts[:_SHOWN_PARTS])
    if len(parts) <= _SHOWN_PARTS:
        return shown
    return shown + " + " + messages.text("sums-more-parts", count=len(parts))


def _sentence_numbers(counts: list[Count], ends: list[int]) -> list[int]:
    """The sentence each count is in (the index of the first sentence end after it)."""
    return [bisect_left(ends, c.start) for c in counts]


def _sentences_with_shares(counts: list[Count], sentence: list[int]) -> set[int]:
    """The sentences holding a count with a share: the only ones a loose share can be found in."""
    return {sentence[k] for k, c in enumerate(counts) if c.share is not None}


def _may_open_next(text: str, counts: list[Count], sentence: list[int], ends: list[int], i: int) -> bool:
    """Whether counts[i], in a later sentence than the count before it, may open a breakdown: only
    after 其中 heading the very next sentence (`_whole_of`), so most such pairs need no search."""
    before = sentence[i - 1]
    return (
        sentence[i] == before + 1
        and text[ends[before]] == "。"
        and text.find(_NEXT_SENTENCE, counts[i - 1].end, counts[i].start) >= 0
    )


def _in_list(text: str, counts: list[Count], sentence: list[int], k: int) -> bool:
    """Whether counts[k] ends a list of counts in its unit ("建议15件、提案20件，其中…"): the
    opening after it may then be about the whole list, not about this count alone."""
    if k == 0 or sentence[k - 1] != sentence[k] or counts[k - 1].unit != counts[k].unit:
        return False
    return _LIST_JOIN.search(text, counts[k - 1].end, counts[k].start) is not None


def _bracketed(text: str, start: int, end: int) -> bool:
    """Whether a count ending at `start` stands in brackets: the first bracket after it, before
    `end` (the next count), closes."""
    opened, closed = text.find(_OPEN, start, end), text.find(_CLOSE, start, end)
    return closed >= 0 and (opened < 0 or closed < opened)


def _follows(text: str, whole: Count, opening: re.Match[str]) -> bool:
    """Whether the opening word comes right after the whole ("1642条，其中", "1260条（其中",
    "1642条。其中"), so that it opens the parts of this count and not of something said later."""
    between = text[whole.end : opening.start()].strip(" ,;:(。")
    return not between or between in _FILLERS


def _share_agrees(exact: Decimal, written: Decimal) -> bool:
    """Written to n decimals, rounded (either way at the half) or cut off."""
    unit = _unit(written)
    return written - unit / 2 - Decimal("1e-9") <= exact < written + unit


def compile_sums(rule: RuleFile, meta: RuleMeta) -> Sums:
    data = rule.data
    if data["check"] not in CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(CHECKS))
    fields = (
        ["whole", "unit", "parts", "sum", "reason", "match"]
        if data["check"] == "parts"
        else ["part", "whole", "unit", "percent", "expected"]
    )
    check_template(rule, "message", data["message"], fields)
    optional = {
        k: _regex(rule, k)
        for k in ("complete", "stop", "partial", "other_whole", "whole", "total_after")
        if k in data
    }
    units = str(data["units"])
    _regex(rule, "units")
    return Sums(data["check"], counts_pattern(units), _regex(rule, "opens"), **optional)


def _regex(rule: RuleFile, key: str) -> re.Pattern[str]:
    """The pattern, guarded: most are searched between every two counts of a report."""
    try:
        re.compile(source := str(rule.data[key]))
    except re.error as e:
        raise rule.fail("rule-bad-regex", key, key=key, reason=e) from e
    return re.compile(guarded(source))
