"""Synthetic annual reports at national scale, with the figures they contain, for benchmarks and
accuracy tests of the indicator models.

Every current county-level division (dbt_project/seeds/districts.csv) × several agency types ×
2019–2025 gives a grid of report slots (about 120,000); `generate` fills the first N slots in a
fixed pseudo-random order (`skip` moves past slots already written, for "1,000 new reports").
Each report is built from sentence templates taken from the real seed reports — the same
phrasing, with figures, names and years varied — plus sentences without figures, numbered
shortcomings and plans, headings and a signature, about 3,000 characters like a real report.
Every figure put into a report is recorded in `synthetic.expected_figures` (phrase, value in its
normalised unit, indicator or "unclassified", approximate, redacted) in the order it appears.

Everything happens inside DuckDB, set-based: the templates and their slots are two small tables,
and one query per table renders all reports at once and writes them straight into raw.* the way
the loader would (one source per district × agency, one harvest batch per source, one document
per report). No HTTP, no landing files.

    .venv/bin/python -m warehouse.synthetic var/synthetic.duckdb --reports 100000
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

import cn2an
import duckdb

from warehouse.raw_schema import ensure_raw_schema

DISTRICTS_CSV = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "districts.csv"
YEARS = range(2019, 2026)
RUN_ID = "synthetic"

# (agency_type as in the agency_types seed, the name after the district's)
AGENCIES = [
    ("veterans_affairs", "退役军人事务局"),
    ("justice", "司法局"),
    ("civil_affairs", "民政局"),
    ("human_resources", "人力资源和社会保障局"),
    ("market_regulation", "市场监督管理局"),
    ("government_office", "人民政府办公室"),
]


@dataclass(frozen=True)
class Slot:
    """One figure in a template, written where the template says {name}.

    style says how the number is written: int (903批), yu (250余人次), duo (600多条), wan (975万元),
    wan_yu (1406万余元), yu_wan (60余万元), wan_duo (2万多封), wan_dec1 (3.4万册), wan_dec2
    (40.55万元), pct (100%), cn (Chinese numeral: 四次), redacted (*名), literal (the unit text is
    the whole phrase, value `low`: 未制定行政规范性文件 → 0). For the wan styles low..high
    count in 万 (wan_dec1 in tenths, wan_dec2 in hundredths of 万).
    """

    name: str
    indicator: str            # indicator_code, or "unclassified"
    unit_raw: str             # as written after the number
    unit: str                 # normalised (名 → 人, 万元 → 元 …)
    low: int
    high: int
    style: str = "int"


@dataclass(frozen=True)
class Template:
    section: str              # measures_and_results, shortcomings, next_year_plans, …
    text: str                 # {a}… slots; {year} {next_year} {district} {agency} {province} {month} {day} {n}
    slots: tuple[Slot, ...] = ()
    probability: float = 1.0  # share of reports that hold this sentence
    order: int = 0            # position within its section


def _templates() -> list[Template]:
    m = "measures_and_results"
    t: list[Template] = []

    def add(text: str, *slots: Slot, probability: float = 0.7, section: str = m) -> None:
        t.append(Template(section, text, tuple(slots), probability, len(t)))

    # ---- headings and fixed parts
    add("{district}{agency}{year}年度法治政府建设情况报告", probability=1, section="preamble")
    add("{year}年，在区委、区政府的正确领导下，{district}{agency}紧紧围绕建设法治政府目标，依法履职，扎实有效推进法治政府建设。"
        "现将有关情况报告如下：", probability=1, section="preamble")
    add("一、{year}年推进法治政府建设的主要举措和成效", probability=1)
    # ---- figures, as the seed reports write them
    add("{year}年，服务中心累计接待信访{a}、{b}，处理{c}，处理率{d}。",
        Slot("a", "petition_batches", "批", "批", 20, 1500),
        Slot("b", "petition_person_times", "人次", "人次", 30, 3000),
        Slot("c", "petition_cases_handled", "件", "件", 20, 1500),
        Slot("d", "petition_handling_rate", "%", "%", 90, 100, "pct"))
    add("建立完善中心组学法制度，集体研讨学习{a}，组织相关法律宣传活动{b}。",
        Slot("a", "law_study_sessions", "次", "次", 2, 24),
        Slot("b", "legal_publicity_events", "次", "次", 3, 80))
    add("组织局公务员申请执法证件工作进行综合法律知识考试，参与率{a}，合格率{b}。",
        Slot("a", "law_exam_participation_rate", "%", "%", 85, 100, "pct"),
        Slot("b", "law_exam_pass_rate", "%", "%", 80, 100, "pct"))
    add("组织为期{a}的“城市基层干部党建引领基层治理”主题培训，进一步提升了干部职工法治化水平。",
        Slot("a", "training_days", "天", "天", 1, 7))
    add("协助市局开展各类培训{a}{b}，不定期对全系统工作人员开展各类培训{c}{d}，有效提升了工作人员的业务素质。",
        Slot("a", "training_sessions", "场", "场", 2, 20),
        Slot("b", "training_participants", "人次", "人次", 50, 900, "yu"),
        Slot("c", "training_sessions", "场", "场", 2, 20),
        Slot("d", "training_participants", "人次", "人次", 50, 900, "yu"))
    add("{year}年主动公开各类信息{a}，严格贯彻落实机关负责人出庭应诉的工作要求。",
        Slot("a", "disclosure_items_proactive", "条", "条", 10, 900))
    add("春节期间，召开各类慰问座谈会共{a}，发放慰问信{b}，发放慰问品、慰问金累计{c}。",
        Slot("a", "unclassified", "次", "次", 10, 400),
        Slot("b", "unclassified", "封", "封", 1, 9, "wan_duo"),
        Slot("c", "condolence_money_yuan", "元", "元", 20, 2000, "wan"))
    add("为优抚对象发放各类优抚对象生活补助金{a}、门诊补助{b}，为三、四级残疾军人发放护理费{c}。",
        Slot("a", "subsidies_yuan", "元", "元", 100, 3000, "wan_yu"),
        Slot("b", "subsidies_yuan", "元", "元", 10, 300, "wan_yu"),
        Slot("c", "subsidies_yuan", "元", "元", 5, 90, "wan_yu"))
    add("先后对{a}信息不完善的服务对象进行归档整理，开展优待证业务培训{b}{c}。",
        Slot("a", "unclassified", "名", "人", 100, 5000),
        Slot("b", "training_sessions", "场", "场", 1, 9),
        Slot("c", "training_participants", "人次", "人次", 30, 400, "yu"))
    add("圆满完成{a}{year}年度转业军官接收安置工作，分{b}组织全脱产培训。",
        Slot("a", "veterans_resettled", "名", "人", 3, 60),
        Slot("b", "training_sessions", "批次", "批", 2, 5, "cn"))
    add("{month}月{day}日，联合{district}职业技术学院举行第二期退役军人技能培训班，{a}退役士兵参加培训。",
        Slot("a", "training_participants", "名", "人", 10, 120))
    add("春节期间，开展大走访活动，向{a}生活困难退役军人送上党和政府的关心关爱。",
        Slot("a", "beneficiaries_households", "户", "户", 20, 900))
    add("用好省退役军人应急救助资金，为{a}服务对象帮难解困，拨付{b}。",
        Slot("a", "beneficiaries_persons", "名", "人", 3, 90),
        Slot("b", "relief_funds_yuan", "元", "元", 500, 9999, "wan_dec2"))
    add("在退役军人服务中心(站)开设法律援助窗口，为全区服务对象提供法律援助{a}。",
        Slot("a", "legal_aid_persons", "人次", "人次", 10, 600))
    add("组织{a}军休干部参观总体国家安全观教育基地，完成常态化走访和节日慰问{b}。",
        Slot("a", "unclassified", "名", "人", 10, 90, "yu"),
        Slot("b", "home_visits_person_times", "人次", "人次", 3, 300))
    add("严格执行规范性文件“三统一”制度，全年我局未制定行政规范性文件。",
        Slot("a", "normative_documents_made", "未制定行政规范性文件", "件", 0, 0, "literal"), probability=0.3)
    add("组织局党组中心组专题学法{a}，{b}参加行政执法人员网络教育培训，{c}参加新提任领导干部法治理论知识考试。",
        Slot("a", "law_study_sessions", "次", "次", 2, 12, "cn"),
        Slot("b", "training_participants", "人", "人", 3, 60),
        Slot("c", "law_exam_participants", "人", "人", 2, 40))
    add("召开全区退役军人工作系统学习《中华人民共和国退役军人保障法》专题宣讲会，全体干部职工、镇街分管领导共{a}参加；"
        "积极开展法律政策进军营、进校园、进社区等活动，累计发放宣传资料{b}。",
        Slot("a", "legal_publicity_participants", "人", "人", 50, 900, "yu"),
        Slot("b", "legal_materials_distributed", "份", "份", 200, 9000, "yu"))
    add("利用春节走访慰问的契机，发放《退役军人保障法》{a}，为全区{b}服务对象“送法上门”，实现普法全覆盖。",
        Slot("a", "legal_materials_distributed", "册", "册", 11, 99, "wan_dec1"),
        Slot("b", "legal_publicity_participants", "名", "人", 11, 99, "wan_dec1"))
    add("严格落实民主集中制和“三重一大”制度要求，全年研究{a}，对事关全局的重要工作做到科学决策、民主决策、依法决策。",
        Slot("a", "decision_topics_studied", "议题件", "件", 20, 400))
    add("{year}年共接收政府信息公开申请{a}，上年转结{b}，当年办结{c}，转结下年的继续办理{d}，依申请公开引发的行政复议{e}，"
        "依申请公开引发的行政诉讼{f}。",
        Slot("a", "disclosure_requests_received", "件", "件", 1, 60),
        Slot("b", "disclosure_requests_carried_over", "件", "件", 0, 3),
        Slot("c", "disclosure_requests_answered", "件", "件", 1, 60),
        Slot("d", "disclosure_requests_carried_forward", "件", "件", 0, 3),
        Slot("e", "disclosure_review_cases", "件", "件", 0, 2),
        Slot("f", "disclosure_litigation_cases", "件", "件", 0, 2))
    add("主动公开政府信息总计{a}，较去年增加{b}，其中涉及政策法规、办事指南、预算决算等多项内容。",
        Slot("a", "disclosure_items_proactive", "条", "条", 100, 3000),
        Slot("b", "unclassified", "条", "条", 10, 90, "duo"))
    add("建立行政执法人员队伍，全部持证上岗，全年无行政执法行为。",
        Slot("a", "enforcement_cases", "无行政执法行为", "件", 0, 0, "literal"), probability=0.3)
    add("今年以来，共办理上级转送信访事项{a}、“重复访”信访事项{b}，按期办结率{c}。",
        Slot("a", "petition_cases_handled", "件", "件", 10, 400),
        Slot("b", "petition_cases_handled", "件", "件", 1, 30),
        Slot("c", "petition_handling_rate", "%", "%", 90, 100, "pct"))
    add("成立区退役军人关爱基金，在财政注入引导资金{a}的基础上，募集善款{b}，使用市、区两级关爱基金{c}，帮扶困难退役军人{d}。",
        Slot("a", "funding_yuan", "元", "元", 20, 500, "wan"),
        Slot("b", "donations_raised_yuan", "元", "元", 10, 300, "wan"),
        Slot("c", "relief_funds_yuan", "元", "元", 10, 90, "yu_wan"),
        Slot("d", "beneficiaries_persons", "人次", "人次", 20, 600))
    add("目前我局{a}公务员全部拿到行政执法资格证书，近年来保障法治建设经费{b}。",
        Slot("a", "certified_enforcement_officers", "名", "人", 5, 60),
        Slot("b", "funding_yuan", "元", "元", 5, 90, "wan"))
    add("在政务服务事项管理系统修订完善行政执法工作流程{a}，并从操作、考核、安全等{b}方面提出{c}工作意见。",
        Slot("a", "unclassified", "项", "项", 5, 60),
        Slot("b", "unclassified", "个", "个", 2, 6),
        Slot("c", "unclassified", "条", "条", 3, 20))
    add("在{year}年度退役士兵适应性培训期间，我局安排{a}，对《宪法》、《退役军人保障法》、《民法典》等法律法规进行授课学习。",
        Slot("a", "training_hours", "个学时", "学时", 8, 60))
    add("{year}年，{agency}总计派出{a}上门走访退役老兵，与服务对象直接进行交流，进行普法宣传教育。",
        Slot("a", "home_visits_person_times", "人次", "人次", 20, 900))
    add("{year}年，我局在{district}人民政府网公开了《执法主体公示》等{a}信息，在公众号推送{b}信息。",
        Slot("a", "disclosure_items_proactive", "条", "条", 5, 90),
        Slot("b", "new_media_posts", "条", "条", 20, 900, "yu"))
    add("综合运用法律、经济、行政等手段化解历史遗留问题，消化问题存量{a}，有效防止问题增量。",
        Slot("a", "unclassified", "件", "件", 3, 40, "yu"))
    add("重点服务对象上门赠送锦旗{a}、表扬信{b}。",
        Slot("a", "unclassified", "副", "副", 1, 9, "redacted"),
        Slot("b", "unclassified", "封", "封", 1, 9, "redacted"),
        probability=0.2)
    # ---- sentences with numbers that are not figures, and sentences without numbers
    add("坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和十九届六中全会精神，全面贯彻习近平法治思想。")
    add("利用省司法厅对我市进行行政执法“三项制度”检查的契机，积极做好“一网通办”工作，每周由一名局领导到服务中心坐台接访。")
    add("认真贯彻落实《中共中央、国务院关于印发〈法治政府建设实施纲要（2021—2025年）〉的通知》和《{year}年法治政府建设工作要点》各项要求。")
    add("通过信访救助、特岗安置，为符合条件的退役士兵评残，春节、八一期间走访慰问，逐步化解矛盾。")
    add("完善三级信访体系，成立局权益维护专班，镇街设立信访代办员，村社设立信访信息员，进一步畅通维稳处突渠道。")
    # ---- the other parts
    add("二、{year}年度推进法治政府建设存在的不足和原因", probability=1, section="shortcomings")
    for problem in ("政策法规学习不够全面深入", "法治宣传深度和广度还需加大", "基层法治建设薄弱", "业务水平有待提升",
                    "信访化解难度大", "制度建设还不够完善和规范"):
        add("{n}是" + problem + "。部分工作人员运用法治思维和法治方式开展业务工作的能力不足，"
            "基层服务站对政策的理解宣传欠缺。", probability=0.5, section="shortcomings")
    add("三、党政主要负责人履行推进法治建设第一责任人职责情况", probability=1, section="first_responsible_duties")
    add("局主要负责人积极履行推进法治政府建设第一责任人职责，将推进法治政府建设工作纳入全局重点工作，与各项业务工作同谋划、同部署、同落实。",
        probability=1, section="first_responsible_duties")
    add("四、{next_year}年度工作安排", probability=1, section="next_year_plans")
    for plan in ("完善行政决策机制", "提高依法决策意识", "扎实开展普法宣传活动", "加强基层法治建设能力和水平",
                 "努力构建矛盾防范化解机制"):
        add("{n}是" + plan + "。领导干部要带头守法用法，健全完善依法决策、依法行政工作机制，"
            "严格落实权力清单制度，推动法治政府建设。", probability=0.6, section="next_year_plans")
    add("{district}{agency}", probability=1, section="signature")
    add("{next_year}年{month}月{day}日", probability=1, section="signature")
    return t


# Sentences without figures are recombined from clauses of the seed reports: an opening and two
# or three actions, so that no two reports share much more text than real reports of the same
# kind do (the near-duplicate detection of the reading models must not take them for copies).
OPENINGS = [
    "坚持以习近平法治思想为指导",
    "认真落实区委、区政府的工作部署",
    "紧扣全局工作要点",
    "立足退役军人事务工作实际",
    "按照上级要求和部署",
    "结合本单位职能",
    "围绕访民情、听民声、得民心",
    "坚持问题导向",
    "按照“谁执法谁普法”的要求",
    "坚持“以公开为常态、不公开为例外”原则",
    "针对不同的利益诉求",
    "利用各类媒体平台",
    "在日常工作中",
    "坚持学以致用",
    "根据不同服务对象的特点和需求",
    "坚持把党纪法规学习教育挺在前面",
    "立足实现好维护好退役军人各项权益",
    "紧紧抓住执法普法工作契机",
    "坚持源头治理",
    "在依法处理退役军人关心关注的热点难点问题时",
    "着眼提升基层治理水平",
    "按照年度工作计划",
    "围绕全区中心工作",
    "聚焦群众急难愁盼问题",
]
ACTIONS = [
    "健全依法行政工作机制",
    "强化责任落实",
    "全面推进依法行政工作",
    "切实履行退役军人事务各项职能",
    "规范办事规则和工作流程",
    "以制度管人管事",
    "加强法治宣传阵地建设",
    "大力宣传有关双拥和退役军人的法律法规",
    "搭建就业平台",
    "开展个性化帮扶",
    "切实解决历史遗留问题",
    "讲明政策",
    "疏导情绪",
    "推进政务信息公开",
    "强化行政权力监督",
    "加强信访件办理跟踪效率",
    "耐心解释相关法律政策",
    "引导和帮助退役军人依法依规维护自身权益",
    "深入细致做好“结对子”工作",
    "定期开展沟通联络、帮扶援助、谈心谈话等活动",
    "确保及时有效解决退役军人实际问题",
    "设置宣传展板",
    "现场或电话解答问题",
    "坚持政策宣讲与普法宣传一体推进",
    "努力让群众在解决问题中学习法律知识",
    "营造良好的法治环境",
    "健全完善内控制度",
    "做好年度预算编制和预算公开",
    "排查工作薄弱环节",
    "及时查漏补缺",
    "修订完善局本级各项工作制度方案",
    "加强对行政审批、行政确认、行政给付等行政执法活动的监督",
    "邀请派驻纪检监察组全程参与监督",
    "提高工作效率",
    "完善公开方式",
    "拓宽公开范围",
    "接受社会监督",
    "落实首办工作责任制",
    "减存量防增量",
    "把矛盾化解在基层、化解在初发阶段",
    "发挥法律顾问和公职律师作用",
    "建立行政决策法律风险评估机制",
    "打造最优法治化环境",
    "推进退役军人全生命周期服务新机制",
    "提升基层退役军人服务站服务水平",
    "深化业务培训",
    "常态化开展法治宣传",
    "督促指导干部职工加强法律法规的学习",
    "提升干部职工的服务意识和依法办事能力",
    "统筹做好各项工作",
    "加强与公安、网信等部门联动",
    "做好重点人员思想教育和转化工作",
    "保证人员稳控在当地",
    "严格落实权力清单制度",
    "推动法治政府建设守正创新、提质增效",
    "不断提高干部职工法治素养",
    "增强党员干部党章党规党纪意识",
    "做到办理业务和普法同步走",
    "完善退役军人法律服务工作",
    "切实维护广大退役军人合法权益",
]
FILLER_SENTENCES = 24      # per report, in the measures section

SECTION_ORDER = ["preamble", "measures_and_results", "shortcomings", "first_responsible_duties", "next_year_plans",
                 "signature"]
TEMPLATES = _templates()


@dataclass
class SyntheticCorpus:
    path: Path
    reports: int
    figures: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def generate(path: Path, reports: int = 100_000, *, skip: int = 0, seed: int = 1) -> SyntheticCorpus:
    """Write `reports` synthetic reports (grid slots skip … skip + reports) into raw.* of the
    DuckDB file at `path`, and their figures into synthetic.expected_figures."""
    started = time.monotonic()
    timings: dict[str, float] = {}
    con = duckdb.connect(str(path))
    try:
        ensure_raw_schema(con)
        _load_templates(con)
        _choose_reports(con, reports, skip, seed)
        mark = time.monotonic()
        _render(con, seed)
        timings["render"] = time.monotonic() - mark
        mark = time.monotonic()
        _write_raw(con)
        timings["write_raw"] = time.monotonic() - mark
        figures = con.execute("select count(*) from synthetic_figures").fetchone()[0]
        written = con.execute("select count(*) from synthetic_reports").fetchone()[0]
    finally:
        con.close()
    return SyntheticCorpus(path, written, figures, round(time.monotonic() - started, 2), timings)


def _load_templates(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        create or replace temp table synthetic_templates (
            template_id integer, section varchar, section_rank integer, template_order integer,
            template_text varchar, probability double)
    """)
    con.executemany(
        "insert into synthetic_templates values (?, ?, ?, ?, ?, ?)",
        [(i, t.section, SECTION_ORDER.index(t.section), t.order, t.text, t.probability)
         for i, t in enumerate(TEMPLATES)],
    )
    con.execute("""
        create or replace temp table synthetic_slots (
            template_id integer, slot varchar, indicator_code varchar, unit_raw varchar, unit varchar,
            low integer, high integer, style varchar)
    """)
    con.executemany(
        "insert into synthetic_slots values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, s.name, s.indicator, s.unit_raw, s.unit, s.low, s.high, s.style)
         for i, t in enumerate(TEMPLATES) for s in t.slots],
    )
    con.execute("create or replace temp table chinese_numerals (n integer, numeral varchar)")
    con.executemany("insert into chinese_numerals values (?, ?)", [(n, cn2an.an2cn(n)) for n in range(1, 100)])
    con.execute("create or replace temp table openings (clause_id integer, clause varchar)")
    con.executemany("insert into openings values (?, ?)", list(enumerate(OPENINGS)))
    con.execute("create or replace temp table actions (clause_id integer, clause varchar)")
    con.executemany("insert into actions values (?, ?)", list(enumerate(ACTIONS)))
    con.execute("create or replace temp table agencies (agency_type varchar, agency_suffix varchar)")
    con.executemany("insert into agencies values (?, ?)", AGENCIES)


def _choose_reports(con: duckdb.DuckDBPyConnection, reports: int, skip: int, seed: int) -> None:
    # The grid in a fixed pseudo-random order, so any N reports spread over districts and years.
    con.execute(f"""
        create or replace temp table synthetic_reports as
        with counties as (
            select district_code, name as district_name, province_name
            from read_csv('{DISTRICTS_CSV}', all_varchar = true)
            where level = 'county' and is_current = 'true'
        ),
        grid as (
            select counties.*, agencies.*, years.report_year
            from counties
            cross join agencies
            cross join (select unnest(range({YEARS.start}, {YEARS.stop})) as report_year) as years
        ),
        ordered as (
            select *, row_number() over (order by hash(district_code, agency_type, report_year, {seed})) as slot_number
            from grid
        )
        select
            *,
            district_name || agency_suffix as agency_name,
            'syn-' || district_code || '-' || replace(agency_type, '_', '-') as source_id,
            'http://synthetic-' || district_code || '.example/' || agency_type || '/' || report_year
                || '/report.html' as url
        from ordered
        where slot_number > {skip} and slot_number <= {skip + reports}
    """)


def _render(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    con.execute(f"""
        create or replace temp table synthetic_sentences as
        with chosen as (
            select reports.slot_number, templates.*
            from synthetic_reports as reports
            cross join synthetic_templates as templates
            where templates.probability >= 1
               or hash(reports.slot_number, templates.template_id, {seed}) % 1000 < templates.probability * 1000
        ),
        numbered as (
            -- items of a list are numbered in the order they come: 一是, 二是 …
            select chosen.*, chinese_numerals.numeral as item_numeral
            from (
                select *, row_number() over (
                    partition by slot_number, section order by template_order) - 1 as item_number
                from chosen
            ) as chosen
            left join chinese_numerals on chinese_numerals.n = chosen.item_number
        )
        select * from numbered
    """)
    con.execute(f"""
        create or replace temp table synthetic_figures as
        with drawn as (
            select
                sentences.slot_number,
                sentences.template_id,
                sentences.section_rank,
                sentences.template_order,
                slots.*,
                (slots.low + hash(sentences.slot_number, slots.template_id, slots.slot, {seed})
                    % (slots.high - slots.low + 1))::bigint as n
            from synthetic_sentences as sentences
            inner join synthetic_slots as slots on slots.template_id = sentences.template_id
        )
        select
            drawn.*,
            case style
                when 'int' then drawn.n || unit_raw
                when 'yu' then drawn.n || '余' || unit_raw
                when 'duo' then drawn.n || '多' || unit_raw
                when 'wan' then drawn.n || '万' || unit_raw
                when 'wan_yu' then drawn.n || '万余' || unit_raw
                when 'yu_wan' then drawn.n || '余万' || unit_raw
                when 'wan_duo' then drawn.n || '万多' || unit_raw
                when 'wan_dec1' then printf('%.1f', drawn.n / 10.0) || '万' || unit_raw
                when 'wan_dec2' then printf('%.2f', drawn.n / 100.0) || '万' || unit_raw
                when 'pct' then drawn.n || unit_raw
                when 'cn' then chinese_numerals.numeral || unit_raw
                when 'redacted' then repeat('*', 1 + drawn.n % 3) || unit_raw
                when 'literal' then unit_raw
            end as phrase,
            case style
                when 'wan' then drawn.n * 1e4
                when 'wan_yu' then drawn.n * 1e4
                when 'yu_wan' then drawn.n * 1e4
                when 'wan_duo' then drawn.n * 1e4
                when 'wan_dec1' then drawn.n * 1e3
                when 'wan_dec2' then drawn.n * 1e2
                when 'redacted' then null
                when 'literal' then low
                else drawn.n
            end::double as value,
            style in ('yu', 'duo', 'wan_yu', 'yu_wan', 'wan_duo') as approximate,
            style = 'redacted' as redacted
        from drawn
        left join chinese_numerals on chinese_numerals.n = drawn.n
    """)
    con.execute("""
        create or replace temp table synthetic_texts as
        with filled as (
            select
                sentences.slot_number,
                sentences.section_rank,
                sentences.template_order,
                sentences.template_id,
                {filled} as sentence_text
            from synthetic_sentences as sentences
            left join (
                select
                    slot_number,
                    template_id,
                    {pivot}
                from synthetic_figures
                group by slot_number, template_id
            ) as figures using (slot_number, template_id)
        ),
        plain as (
            -- sentences without figures, recombined from clauses and strewn among the others
            select
                reports.slot_number,
                {measures_rank} as section_rank,
                (hash(reports.slot_number, k, 'position') % {measures_span})::integer as template_order,
                -1 as template_id,
                openings.clause || '，' || first.clause || '，' || second.clause || '，' || third.clause || '。'
                    as sentence_text
            from synthetic_reports as reports
            cross join range({filler_sentences}) as fillers(k)
            inner join openings on openings.clause_id = hash(reports.slot_number, k, 'o') % {openings}
            inner join actions as first on first.clause_id = hash(reports.slot_number, k, 'a1') % {actions}
            inner join actions as second on second.clause_id = hash(reports.slot_number, k, 'a2') % {actions}
            inner join actions as third on third.clause_id = hash(reports.slot_number, k, 'a3') % {actions}
        ),
        placed as (
            select
                filled.*,
                replace(replace(replace(replace(replace(replace(replace(sentence_text,
                    '{{year}}', reports.report_year::varchar),
                    '{{next_year}}', (reports.report_year + 1)::varchar),
                    '{{district}}', reports.district_name),
                    '{{agency}}', reports.agency_suffix),
                    '{{province}}', reports.province_name),
                    '{{month}}', (1 + hash(reports.slot_number, 'month') % 4)::varchar),
                    '{{day}}', (1 + hash(reports.slot_number, 'day') % 28)::varchar) as final_text
            from (select * from filled union all select * from plain) as filled
            inner join synthetic_reports as reports using (slot_number)
        )
        select
            slot_number,
            string_agg(final_text, chr(10) order by section_rank, template_order, template_id desc) as report_text
        from placed
        group by slot_number
    """.format(
        filled=_fill_slots_sql(),
        pivot=", ".join(f"max(phrase) filter (where slot = '{name}') as phrase_{name}" for name in "abcdef"),
        measures_rank=SECTION_ORDER.index("measures_and_results"),
        measures_span=max(t.order for t in TEMPLATES if t.section == "measures_and_results"),
        filler_sentences=FILLER_SENTENCES,
        openings=len(OPENINGS),
        actions=len(ACTIONS),
    ))


def _fill_slots_sql() -> str:
    """Nested replace of {a}…{f} by the figures drawn, and {n} by the item's numeral."""
    expression = "replace(sentences.template_text, '{n}', coalesce(sentences.item_numeral, ''))"
    for name in "abcdef":
        expression = f"replace({expression}, '{{{name}}}', coalesce(figures.phrase_{name}, ''))"
    return expression


def _write_raw(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        create or replace temp table synthetic_documents as
        select
            reports.*,
            texts.report_text,
            sha256(reports.url) as document_id,
            sha256(texts.report_text) as content_sha256,
            reports.district_name || reports.agency_suffix || reports.report_year || '年度法治政府建设情况报告'
                as title,
            -- published between January and May of the next year: some after the 1 April deadline
            make_date(reports.report_year + 1, 1, 1) + (hash(reports.slot_number, 'published') % 140)::integer
                as published_on
        from synthetic_reports as reports
        inner join synthetic_texts as texts using (slot_number)
    """)
    # One source per district × agency, registered once however many years are added later.
    con.execute("""
        insert into raw.sources
        select distinct
            source_id,
            sha256(source_id),
            agency_name || ' 法治政府建设',
            'generic',
            district_code,
            agency_name,
            json_object('id', source_id, 'district_code', district_code, 'agency', agency_name, 'synthetic', true),
            now()::timestamp
        from synthetic_documents
        where source_id not in (select source_id from raw.sources)
    """)
    con.execute("""
        insert into raw.landing_files
        select distinct
            source_id || '__' || slot_number, source_id || '__' || slot_number || '.json',
            sha256(source_id || slot_number), 'synthetic', source_id, now()::timestamp
        from synthetic_documents
    """)
    con.execute("""
        insert into raw.harvest_runs (
            batch_id, run_id, source_id, started_at, finished_at, outcome, error_class, error_message,
            pages_requested, list_pages, not_modified, articles_fetched, articles_known, items_seen,
            items_declared, bytes_fetched, documents_new, documents_changed, errors, loaded_at)
        select
            source_id || '__' || slot_number, 'synthetic-' || slot_number, source_id,
            now()::timestamp - interval 1 hour, now()::timestamp - interval 1 hour, 'ok', null, null,
            2, 1, 0, 1, 0, 1, 1, strlen(report_text), 1, 0, '{}', now()::timestamp
        from synthetic_documents
    """)
    con.execute("""
        insert into raw.documents
        select
            document_id, content_sha256, source_id || '__' || slot_number, source_id, url,
            sha256('body' || document_id), now()::timestamp - interval 1 hour,
            title, strftime(published_on, '%Y-%m-%d'), title, '{}', report_text,
            '{"header": "utf-8", "used": "utf-8"}', now()::timestamp
        from synthetic_documents
    """)
    con.execute("create schema if not exists synthetic")
    con.execute("""
        create table if not exists synthetic.expected_figures (
            report_id varchar, figure_order integer, phrase varchar, value double, unit varchar,
            indicator_code varchar, approximate boolean, redacted boolean)
    """)
    con.execute("""
        insert into synthetic.expected_figures
        select
            documents.document_id,
            row_number() over (
                partition by documents.document_id
                order by figures.section_rank, figures.template_order,
                    instr(templates.template_text, '{' || figures.slot || '}')
            ),
            figures.phrase, figures.value, figures.unit, figures.indicator_code, figures.approximate, figures.redacted
        from synthetic_figures as figures
        inner join synthetic_documents as documents using (slot_number)
        inner join synthetic_templates as templates using (template_id)
    """)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic annual reports into raw.* of a DuckDB file.")
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--skip", type=int, default=0, help="grid slots already written (to add new reports)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = generate(args.warehouse, args.reports, skip=args.skip, seed=args.seed)
    print(f"{corpus.reports} reports, {corpus.figures} figures in {corpus.seconds} s → {corpus.path}")


if __name__ == "__main__":
    main()
