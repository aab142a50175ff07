"""Row and column data of the statistics tables, for the synthetic report generator.

Labels are the official wording of the national formats (shared/spec/formats.md §3.2, §4, §5;
cell ids from shared/spec/cells.md), written with full-width brackets. Layout writers restyle them
(half-width brackets, spaced characters, wrapping); this module holds data only.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Era A: 政府信息公开情况统计表 (统计指标 / 单位 / 统计数) ------------------------------------------


@dataclass(frozen=True)
class ARow:
    """One row of the era-A table. `level` is the indentation depth (0 = 一、…)."""

    id: str
    label: str
    unit: str
    level: int
    note: str = ""


HEADING_UNIT = "——"

A_ROWS: tuple[ARow, ...] = (
    ARow("a.active", "一、主动公开情况", HEADING_UNIT, 0),
    ARow("a.active.items", "（一）主动公开政府信息数", "条", 1, "（不同渠道和方式公开相同信息计1条）"),
    ARow("a.active.normative", "其中：主动公开规范性文件数", "条", 2),
    ARow("a.active.normative_issued", "制发规范性文件总数", "条", 2),
    ARow("a.active.channel", "（二）通过不同渠道和方式公开政府信息的情况", HEADING_UNIT, 1),
    ARow("a.active.channel.gazette", "1.政府公报公开政府信息数", "条", 2),
    ARow("a.active.channel.website", "2.政府网站公开政府信息数", "条", 2),
    ARow("a.active.channel.weibo", "3.政务微博公开政府信息数", "条", 2),
    ARow("a.active.channel.wechat", "4.政务微信公开政府信息数", "条", 2),
    ARow("a.active.channel.other", "5.其他方式公开政府信息数", "条", 2),
    ARow("a.response", "二、回应解读情况", HEADING_UNIT, 0),
    ARow(
        "a.response.hotspots",
        "（一）回应公众关注热点或重大舆情数",
        "次",
        1,
        "（不同方式回应同一热点或舆情计1次）",
    ),
    ARow("a.response.channel", "（二）通过不同渠道和方式回应解读的情况", HEADING_UNIT, 1),
    ARow("a.response.press", "1.参加或举办新闻发布会总次数", "次", 2),
    ARow("a.response.press_lead", "其中：主要负责同志参加新闻发布会次数", "次", 3),
    ARow("a.response.interview", "2.政府网站在线访谈次数", "次", 2),
    ARow("a.response.interview_lead", "其中：主要负责同志参加政府网站在线访谈次数", "次", 3),
    ARow("a.response.interpretation", "3.政策解读稿件发布数", "篇", 2),
    ARow("a.response.weibo_wechat", "4.微博微信回应事件数", "次", 2),
    ARow("a.response.other", "5.其他方式回应事件数", "次", 2),
    ARow("a.apply", "三、依申请公开情况", HEADING_UNIT, 0),
    ARow("a.apply.received", "（一）收到申请数", "件", 1),
    ARow("a.apply.received.in_person", "1.当面申请数", "件", 2),
    ARow("a.apply.received.fax", "2.传真申请数", "件", 2),
    ARow("a.apply.received.online", "3.网络申请数", "件", 2),
    ARow("a.apply.received.letter", "4.信函申请数", "件", 2),
    ARow("a.apply.closed", "（二）申请办结数", "件", 1),
    ARow("a.apply.closed.on_time", "1.按时办结数", "件", 2),
    ARow("a.apply.closed.extended", "2.延期办结数", "件", 2),
    ARow("a.apply.answered", "（三）申请答复数", "件", 1),
    ARow("a.apply.answered.already_public", "1.属于已主动公开范围数", "件", 2),
    ARow("a.apply.answered.granted", "2.同意公开答复数", "件", 2),
    ARow("a.apply.answered.partial", "3.同意部分公开答复数", "件", 2),
    ARow("a.apply.answered.refused", "4.不同意公开答复数", "件", 2),
    ARow("a.apply.answered.refused.state_secret", "其中：涉及国家秘密", "件", 3),
    ARow("a.apply.answered.refused.commercial_secret", "涉及商业秘密", "件", 3),
    ARow("a.apply.answered.refused.privacy", "涉及个人隐私", "件", 3),
    ARow("a.apply.answered.refused.security", "危及国家安全、公共安全、经济安全和社会稳定", "件", 3),
    ARow("a.apply.answered.refused.not_gov_info", "不是《条例》所指政府信息", "件", 3),
    ARow("a.apply.answered.refused.other_law", "法律法规规定的其他情形", "件", 3),
    ARow("a.apply.answered.not_this_agency", "5.不属于本行政机关公开数", "件", 2),
    ARow("a.apply.answered.not_exist", "6.申请信息不存在数", "件", 2),
    ARow("a.apply.answered.amend", "7.告知作出更改补充数", "件", 2),
    ARow("a.apply.answered.redirect", "8.告知通过其他途径办理数", "件", 2),
    # The regional free-text row (S000 only); rendered only when the spec gives it a value.
    ARow("a.apply.topics", "（四）申请公开的主要内容", "—", 1),
    ARow("a.review", "四、行政复议数量", "件", 0),
    ARow("a.review.upheld", "（一）维持具体行政行为数", "件", 1),
    ARow("a.review.corrected", "（二）被依法纠错数", "件", 1),
    ARow("a.review.other", "（三）其他情形数", "件", 1),
    ARow("a.litigation", "五、行政诉讼数量", "件", 0),
    ARow("a.litigation.upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 1),
    ARow("a.litigation.corrected", "（二）被依法纠错数", "件", 1),
    ARow("a.litigation.other", "（三）其他情形数", "件", 1),
    ARow("a.complaints", "六、举报投诉数量", "件", 0),
    ARow("a.fees", "七、依申请公开信息收取的费用", "万元", 0),
    ARow("a.org", "八、机构建设和保障经费情况", HEADING_UNIT, 0),
    ARow("a.org.bodies", "（一）政府信息公开工作专门机构数", "个", 1),
    ARow("a.org.reading_points", "（二）设置政府信息公开查阅点数", "个", 1),
    ARow("a.org.staff", "（三）从事政府信息公开工作人员数", "人", 1),
    ARow("a.org.staff.full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", 2),
    ARow("a.org.staff.part_time", "2.兼职人员数", "人", 2),
    ARow(
        "a.org.budget",
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        1,
    ),
    ARow("a.meetings", "九、政府信息公开会议和培训情况", HEADING_UNIT, 0),
    ARow("a.meetings.conferences", "（一）召开政府信息公开工作会议或专题会议数", "次", 1),
    ARow("a.meetings.trainings", "（二）举办各类培训班数", "次", 1),
    ARow("a.meetings.trainees", "（三）接受培训人员数", "人次", 1),
)

A_HEADING_IDS: tuple[str, ...] = tuple(r.id for r in A_ROWS if r.unit == HEADING_UNIT)
A_OPTIONAL_IDS: tuple[str, ...] = ("a.apply.topics",)
A_HEADER: tuple[str, str, str] = ("统计指标", "单位", "统计数")


def a_table_title(agency: str, year: int) -> str:
    """The title line of the era-A table, e.g. 某某县青山镇人民政府2017年度政府信息公开情况统计表."""
    return f"{agency}{year}年度政府信息公开情况统计表"


# --- Eras B and C: table 二 (主动公开政府信息情况) -------------------------------------------------


@dataclass(frozen=True)
class T2Block:
    """One 第二十条第（N）项 block: column heads after 信息内容, rows as (label, id prefix)."""

    item: str
    heads: tuple[str, ...]
    cols: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]

    @property
    def title(self) -> str:
        return f"第二十条第{self.item}项"

    def ids(self, prefix: str) -> tuple[str, ...]:
        return tuple(f"{prefix}.{col}" for col in self.cols)


_B_PROJECT_HEADS = ("上一年项目数量", "本年增/减", "处理决定数量")
_B_PROJECT_COLS = ("prev", "change", "decisions")

T2_BLOCKS: dict[str, tuple[T2Block, ...]] = {
    "B": (
        T2Block(
            "（一）",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            ("new_made", "new_published", "total_published"),
            (("规章", "t2.rules"), ("规范性文件", "t2.normative")),
        ),
        T2Block(
            "（五）",
            _B_PROJECT_HEADS,
            _B_PROJECT_COLS,
            (("行政许可", "t2.license"), ("其他对外管理服务事项", "t2.other_services")),
        ),
        T2Block(
            "（六）",
            _B_PROJECT_HEADS,
            _B_PROJECT_COLS,
            (("行政处罚", "t2.penalty"), ("行政强制", "t2.enforcement")),
        ),
        T2Block("（八）", _B_PROJECT_HEADS[:2], _B_PROJECT_COLS[:2], (("行政事业性收费", "t2.fees"),)),
        T2Block(
            "（九）",
            ("采购项目数量", "采购总金额"),
            ("count", "amount"),
            (("政府集中采购", "t2.procurement"),),
        ),
    ),
    "C": (
        T2Block(
            "（一）",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            ("issued", "repealed", "in_force"),
            (("规章", "t2.rules"), ("行政规范性文件", "t2.normative")),
        ),
        T2Block("（五）", ("本年处理决定数量",), ("decisions",), (("行政许可", "t2.license"),)),
        T2Block(
            "（六）",
            ("本年处理决定数量",),
            ("decisions",),
            (("行政处罚", "t2.penalty"), ("行政强制", "t2.enforcement")),
        ),
        T2Block("（八）", ("本年收费金额（单位：万元）",), ("amount",), (("行政事业性收费", "t2.fees"),)),
    ),
}
T2_CONTENT_HEAD = "信息内容"

# --- Eras B and C: table 三 (收到和处理政府信息公开申请情况) ------------------------------------------

T3_COLS: tuple[str, ...] = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
T3_APPLICANT_COLS: tuple[str, ...] = T3_COLS[:-1]
T3_ORG_HEADS: tuple[str, ...] = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_NATURAL = "自然人"
T3_ORGS = "法人或其他组织"
T3_TOTAL = "总计"


@dataclass(frozen=True)
class T3Row:
    """One row of table 三: its row id and up to three label levels (top, group, item)."""

    key: str
    top: str
    group: str = ""
    item: str = ""

    def ids(self) -> tuple[str, ...]:
        return tuple(f"t3.{self.key}.{col}" for col in T3_COLS)


_RESULTS = "三、本年度办理结果"
_REFUSED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD: tuple[T3Row, ...] = (
    T3Row("new", "一、本年新收政府信息公开申请数量"),
    T3Row("carried_in", "二、上年结转政府信息公开申请数量"),
    T3Row("result.granted", _RESULTS, "（一）予以公开"),
    T3Row("result.partial", _RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    T3Row("result.refused.state_secret", _RESULTS, _REFUSED, "1.属于国家秘密"),
    T3Row("result.refused.law_prohibited", _RESULTS, _REFUSED, "2.其他法律行政法规禁止公开"),
    T3Row("result.refused.safety_stability", _RESULTS, _REFUSED, "3.危及“三安全一稳定”"),
    T3Row("result.refused.third_party", _RESULTS, _REFUSED, "4.保护第三方合法权益"),
    T3Row("result.refused.internal_affairs", _RESULTS, _REFUSED, "5.属于三类内部事务信息"),
    T3Row("result.refused.process_info", _RESULTS, _REFUSED, "6.属于四类过程性信息"),
    T3Row("result.refused.enforcement_file", _RESULTS, _REFUSED, "7.属于行政执法案卷"),
    T3Row("result.refused.query_matter", _RESULTS, _REFUSED, "8.属于行政查询事项"),
    T3Row("result.unable.not_held", _RESULTS, _UNABLE, "1.本机关不掌握相关政府信息"),
    T3Row("result.unable.needs_creation", _RESULTS, _UNABLE, "2.没有现成信息需要另行制作"),
    T3Row("result.unable.unclear", _RESULTS, _UNABLE, "3.补正后申请内容仍不明确"),
    T3Row("result.not_processed.petition", _RESULTS, _NOT_PROCESSED, "1.信访举报投诉类申请"),
    T3Row("result.not_processed.duplicate", _RESULTS, _NOT_PROCESSED, "2.重复申请"),
    T3Row("result.not_processed.publication", _RESULTS, _NOT_PROCESSED, "3.要求提供公开出版物"),
    T3Row("result.not_processed.excessive", _RESULTS, _NOT_PROCESSED, "4.无正当理由大量反复申请"),
    T3Row(
        "result.not_processed.confirmation",
        _RESULTS,
        _NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
)
_T3_OTHER: dict[str, tuple[T3Row, ...]] = {
    "B": (T3Row("result.other", _RESULTS, _OTHER),),
    "C": (
        T3Row(
            "result.other.no_correction",
            _RESULTS,
            _OTHER,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        T3Row(
            "result.other.no_fee",
            _RESULTS,
            _OTHER,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        T3Row("result.other.other", _RESULTS, _OTHER, "3.其他"),
    ),
}
_T3_TAIL: tuple[T3Row, ...] = (
    T3Row("result.total", _RESULTS, "（七）总计"),
    T3Row("carried_over", "四、结转下年度继续办理"),
)


def t3_rows(era: str) -> tuple[T3Row, ...]:
    """The rows of table 三 for era B or C, in printed order."""
    return _T3_HEAD + _T3_OTHER[era] + _T3_TAIL


def t3_labelled(era: str) -> tuple[tuple[T3Row, tuple[str, ...]], ...]:
    """Each row of table 三 with the labels printed on its line when a merged parent label
    (三、本年度办理结果, （三）不予公开 …) is printed once, on the first row it spans."""
    labelled: list[tuple[T3Row, tuple[str, ...]]] = []
    prev: T3Row | None = None
    for row in t3_rows(era):
        parts: list[str] = []
        if row.group and (prev is None or prev.top != row.top):
            parts.append(row.top)
        if row.item and (prev is None or prev.group != row.group):
            parts.append(row.group)
        parts.append(row.item or row.group or row.top)
        labelled.append((row, tuple(parts)))
        prev = row
    return tuple(labelled)


def t3_result_keys(era: str) -> tuple[str, ...]:
    """Row keys whose sum is （七）总计 (formats.md B2 / C2)."""
    return tuple(r.key for r in t3_rows(era) if r.key.startswith("result.") and r.key != "result.total")


# --- Eras B and C: table 四 (行政复议、行政诉讼) ------------------------------------------------------

T4_BLOCKS: tuple[str, ...] = ("review", "suit_direct", "suit_after_review")
T4_COLS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
T4_HEADS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_REVIEW = "行政复议"
T4_SUIT = "行政诉讼"
T4_SUIT_DIRECT = "未经复议直接起诉"
T4_SUIT_AFTER = "复议后起诉"


def t4_ids() -> tuple[str, ...]:
    """The 15 cells of the single data row, left to right."""
    return tuple(f"t4.{block}.{col}" for block in T4_BLOCKS for col in T4_COLS)


def table_ids(era: str) -> tuple[str, ...]:
    """Every cell id of the era's tables, in printed order (era A: optional rows excluded)."""
    if era == "A":
        return tuple(r.id for r in A_ROWS if r.id not in A_OPTIONAL_IDS)
    t2 = tuple(i for block in T2_BLOCKS[era] for _, prefix in block.rows for i in block.ids(prefix))
    t3 = tuple(i for row in t3_rows(era) for i in row.ids())
    return t2 + t3 + t4_ids()
