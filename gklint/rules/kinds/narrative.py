"""kinds: narrative, percentage, parts — numbers in the prose against the tables and each other.

    kind: narrative                  # a number stated in the text must equal one of `values`
    phrases:
      - pattern: '行政复议(?:申请)?(\\d+)件'    # group 1 is the number
        values: [t4.review.total, a.review]   # expressions; any one equal is enough
        what: 行政复议案件数

    kind: percentage
    check: rate                      # named groups base, part, percent: percent = part / base
    pattern: '受理[^。]*?(?P<base>\\d+)件[^。]*?办结[^。]*?(?P<part>\\d+)件[^。]*?办结率(?P<percent>\\d+(?:\\.\\d+)?)%'
    # check: shares — in one sentence, every "N件(P%)" must imply the same whole

    kind: parts                      # "共六个部分" against the sections present
    pattern: '(?P<count>[一二三四五六七八九十]|\\d+)个?部分'

The text read is the narrative outside tables, each paragraph's wrapped lines joined, so a
phrase broken over two lines of a PDF still matches; positions point at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gklint.model import Diagnostic, RuleMeta, Span
from gklint.parse.ast import AttachmentLine, Paragraph, Section, walk
from gklint.rules import expr as ex
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, cell_refs, diagnostic, number_text, shown_cell
from gklint.rules.kinds.equation import check_expressions, parse_field
from gklint.rules.schema import RuleFile, check_template

NARRATIVE_FIELDS = {"phrases": list}
PERCENT_FIELDS = {"check": str, "pattern": str}
PARTS_FIELDS = {"pattern": str}
_CN = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}
_SENTENCE = re.compile(r"[^。;!?\n]+")


def prose(ctx: RuleContext) -> tuple[str, list[int]]:
    """The narrative text (headings and paragraphs, not tables), with each character's offset."""
    chars: list[str] = []
    offsets: list[int] = []
    report = ctx.report
    if report is None:
        return "", []
    for node in walk(report.body):
        if isinstance(node, Section):
            lines = [node.heading]
        elif isinstance(node, Paragraph):
            lines = list(node.lines)
        else:
            continue
        for line in lines:
            chars.append(line.text.strip())
            start = line.span.start + (len(line.text) - len(line.text.lstrip()))
            offsets.extend(range(start, start + len(chars[-1])))
        chars.append("\n")
        offsets.append(lines[-1].span.end)
    return "".join(chars), offsets


def _span(offsets: list[int], start: int, end: int) -> Span:
    return Span(offsets[start], offsets[end - 1] + 1)


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    values: tuple[ex.Expr, ...]
    what: str


@dataclass(frozen=True)
class Narrative:
    phrases: tuple[Phrase, ...]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        text, offsets = prose(ctx)
        out: list[Diagnostic] = []
        for phrase in self.phrases:
            for m in phrase.pattern.finditer(text):
                stated = Decimal(m.group(1))
                evaluation = ex.Evaluation(ctx.cells, ctx.known)
                results = [evaluation.value(v) for v in phrase.values]
                known = [r for r in results if isinstance(r, Decimal)]
                if not known or stated in known:
                    continue
                first = next(iter(evaluation.used))
                values = {
                    "what": phrase.what,
                    "stated": number_text(stated),
                    "table": number_text(known[0]),
                    "cell": shown_cell(first, ctx.cells.get(first)).name,
                    "match": m.group(0),
                }
                span = _span(offsets, m.start(1), m.end(1))
                used = {c: v for c, v in evaluation.used.items() if v is not None}
                out.append(
                    diagnostic(
                        rule,
                        rule.message.format(**values),
                        span,
                        cells=cell_refs(used),
                        difference=stated - known[0],
                    )
                )
        return out


@dataclass(frozen=True)
class Percentage:
    check: str
    pattern: re.Pattern[str]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        text, offsets = prose(ctx)
        if self.check == "rate":
            return [d for m in self.pattern.finditer(text) if (d := self._rate(rule, m, offsets))]
        out = []
        for sentence in _SENTENCE.finditer(text):
            out.extend(self._shares(rule, sentence, offsets))
        return out

    def _rate(self, rule: Rule, m: re.Match[str], offsets: list[int]) -> Diagnostic | None:
        base, part, percent = (Decimal(m.group(g)) for g in ("base", "part", "percent"))
        if base == 0 or _agrees(part / base * 100, percent):
            return None
        expected = (part / base * 100).quantize(_unit(percent))
        message = rule.message.format(
            percent=m.group("percent"), base=m.group("base"), part=m.group("part"), expected=expected
        )
        return diagnostic(rule, message, _span(offsets, m.start("percent"), m.end("percent")))

    def _shares(self, rule: Rule, sentence: re.Match[str], offsets: list[int]) -> list[Diagnostic]:
        pairs = [
            (m, Decimal(m.group("part")), Decimal(m.group("percent")))
            for m in self.pattern.finditer(sentence.group())
            if Decimal(m.group("percent")) > 0
        ]
        if len(pairs) < 3:
            return []  # two shares cannot say which one is wrong
        wholes = [part * 100 / pct for _, part, pct in pairs]
        out = []
        for (m, part, pct), whole in zip(pairs, wholes, strict=True):
            agreeing = sum(1 for w in wholes if _same_whole(w, whole, pct))
            if agreeing * 2 <= len(pairs):
                others = [w for w in wholes if not _same_whole(w, whole, pct)]
                common = sorted(others)[len(others) // 2]
                expected = (part / common * 100).quantize(_unit(pct))
                start = sentence.start() + m.start("percent")
                message = rule.message.format(
                    percent=m.group("percent"),
                    base=number_text(common.quantize(Decimal(1))),
                    part=m.group("part"),
                    expected=expected,
                )
                out.append(diagnostic(rule, message, _span(offsets, start, start + len(m.group("percent")))))
        return out


def _unit(percent: Decimal) -> Decimal:
    exponent = percent.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def _agrees(exact: Decimal, written: Decimal) -> bool:
    """A percentage written to n decimals agrees when it is the exact value rounded (either way)."""
    return abs(exact - written) <= _unit(written) / 2 + Decimal("1e-9")


def _same_whole(a: Decimal, b: Decimal, pct: Decimal) -> bool:
    try:
        return abs(a - b) <= max(a, b) * (_unit(pct) / pct) + 1
    except InvalidOperation:
        return False


@dataclass(frozen=True)
class Parts:
    pattern: re.Pattern[str]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        report = ctx.report
        if report is None or not report.sections:
            return []
        end = report.sections[0].heading.span.start
        m = self.pattern.search(ctx.text, 0, end)
        if not m:
            return []
        stated = _count(m.group("count"))
        sections = len(report.sections)
        attachments = sum(1 for n in walk(report.body) if isinstance(n, AttachmentLine))
        if stated is None or stated in (sections, sections + attachments):
            return []
        message = rule.message.format(stated=m.group("count"), found=sections)
        return [diagnostic(rule, message, Span(m.start("count"), m.end("count")))]


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    return _CN.get(text)


def compile_narrative(rule: RuleFile, meta: RuleMeta) -> Narrative:
    phrases = []
    for i, item in enumerate(rule.data["phrases"]):
        if not isinstance(item, dict) or "pattern" not in item or "values" not in item:
            raise rule.fail("rule-bad-param", "phrases", str(i), key=f"phrases.{i}", reason="pattern, values")
        try:
            pattern = re.compile(str(item["pattern"]))
        except re.error as e:
            raise rule.fail("rule-bad-regex", "phrases", str(i), key=f"phrases.{i}.pattern", reason=e) from e
        if pattern.groups < 1:
            raise rule.fail("rule-bad-param", "phrases", str(i), key=f"phrases.{i}.pattern", reason="(\\d+)")
        values = tuple(parse_field(rule, str(v), "phrases", str(i), "values") for v in item["values"])
        check_expressions(rule, {f"phrases.{i}.values": v for v in values}, {}, ())
        phrases.append(Phrase(pattern, values, str(item.get("what", ""))))
    check_template(rule, "message", rule.data["message"], ["what", "stated", "table", "cell", "match"])
    return Narrative(tuple(phrases))


def compile_percentage(rule: RuleFile, meta: RuleMeta) -> Percentage:
    check = rule.data["check"]
    if check not in ("rate", "shares"):
        raise rule.fail("rule-bad-choice", "check", key="check", choices="rate, shares")
    pattern = _regex(rule, "pattern", rule.data["pattern"])
    groups = {"part", "percent"} | ({"base"} if check == "rate" else set())
    if not groups <= set(pattern.groupindex):
        raise rule.fail(
            "rule-bad-param",
            "pattern",
            key="pattern",
            reason=", ".join(f"(?P<{g}>…)" for g in sorted(groups)),
        )
    check_template(rule, "message", rule.data["message"], ["percent", "base", "part", "expected"])
    return Percentage(check, pattern)


def compile_parts(rule: RuleFile, meta: RuleMeta) -> Parts:
    pattern = _regex(rule, "pattern", rule.data["pattern"])
    if "count" not in pattern.groupindex:
        raise rule.fail("rule-bad-param", "pattern", key="pattern", reason="(?P<count>…)")
    check_template(rule, "message", rule.data["message"], ["stated", "found"])
    return Parts(pattern)


def _regex(rule: RuleFile, key: str, text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as e:
        raise rule.fail("rule-bad-regex", key, key=key, reason=e) from e
