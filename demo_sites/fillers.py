"""Filler articles: the news items and notices that surround a report in a real column.

They make list pages paginate and give the warehouse non-reports to tell apart, including
near misses (a 法治政府建设 meeting, a 普法 work plan, a 政府信息公开 annual report).
Templates take the site's names; each site lists which templates it publishes and when.
"""

from __future__ import annotations

from datetime import datetime

from demo_sites.content import Article

# Site vocabularies. `veteran` for 解放区 contains 镕, a character outside GB2312: the
# jiefang site is served as GB18030 and must not decode as GB2312.
SITE_CONTEXT: dict[str, dict[str, str]] = {
    "zjg": {
        "agency": "张家港市退役军人事务局", "short": "市退役军人事务局", "district": "张家港市",
        "city": "苏州市", "province": "江苏省", "town": "杨舍镇", "town2": "塘桥镇",
        "veteran": "陈国良", "unit": "市",
        "report_title": "张家港市退役军人事务局{year}年度法治政府建设情况报告",
    },
    "huadu": {
        "agency": "广州市花都区退役军人事务局", "short": "区退役军人事务局", "district": "花都区",
        "city": "广州市", "province": "广东省", "town": "新华街道", "town2": "狮岭镇",
        "veteran": "黄志明", "unit": "区",
        "report_title": "广州市花都区退役军人事务局{year}年法治政府建设年度报告",
    },
    "spb": {
        "agency": "重庆市沙坪坝区退役军人事务局", "short": "区退役军人事务局", "district": "沙坪坝区",
        "city": "重庆市", "province": "重庆市", "town": "井口街道", "town2": "陈家桥街道",
        "veteran": "周德胜", "unit": "区",
        "report_title": "区退役军人事务局{year}年度法治政府建设情况报告",
    },
    "jiefang": {
        "agency": "焦作市解放区退役军人事务局", "short": "区退役军人事务局", "district": "解放区",
        "city": "焦作市", "province": "河南省", "town": "焦西街道", "town2": "民主街道",
        "veteran": "王镕", "unit": "区",
        "report_title": "解放区退役军人事务局关于{year}年法治政府建设情况的报告",
    },
    "bgzjy": {
        "agency": "区退役军人事务局", "short": "区退役军人事务局", "district": "**区",
        "city": "**市", "province": "**省", "town": "**街道", "town2": "**镇",
        "veteran": "***", "unit": "区",
        "report_title": "区退役军人事务局{year}年度法治政府建设总结",
    },
}

# key -> (title, paragraphs, category). {year} is the year the item is about.
TEMPLATES: dict[str, tuple[str, list[str], str]] = {
    "spring_visit": (
        "{agency}开展{year}年春节走访慰问活动",
        [
            "新春佳节来临之际，{agency}主要负责同志带队，先后走访慰问了{town}、{town2}的"
            "重点优抚对象、困难退役军人和军烈属，为他们送去党和政府的关怀和节日的祝福。",
            "在抗美援朝老战士{veteran}家中，局领导详细询问老人的身体状况和生活情况，"
            "感谢他为国家和人民作出的贡献，叮嘱镇（街道）退役军人服务站经常上门看望。",
            "此次走访慰问共覆盖各类优抚对象{n}户，发放慰问金及慰问品合计{m}万元。",
        ],
        "工作动态",
    ),
    "bayi_visit": (
        "{agency}开展“八一”建军节走访慰问活动",
        [
            "在中国人民解放军建军{army}周年来临之际，{agency}组织开展“八一”走访慰问活动，"
            "走访驻{district}部队和部分重点优抚对象。",
            "慰问组一行来到{town}退役军人{veteran}家中，与其亲切交谈，"
            "了解其家庭生产生活情况，鼓励其继续发扬部队优良作风。",
        ],
        "工作动态",
    ),
    "party_meeting": (
        "{agency}召开{year}年全面从严治党暨党风廉政建设工作会议",
        [
            "近日，{agency}召开{year}年全面从严治党暨党风廉政建设工作会议，"
            "总结上一年度党风廉政建设工作，部署本年度重点任务。",
            "会议强调，要坚持把纪律和规矩挺在前面，持之以恒纠治“四风”，"
            "以严的基调强化正风肃纪，为退役军人事务工作高质量发展提供坚强保障。",
            "会上，局党组书记与各科室、局属单位负责人签订了党风廉政建设责任书。",
        ],
        "工作动态",
    ),
    "law_meeting": (
        "{agency}召开法治政府建设工作推进会",
        [
            "为深入贯彻落实习近平法治思想，{agency}于近日召开法治政府建设工作推进会，"
            "通报上半年法治政府建设工作情况，分析存在的问题。",
            "会议要求，各科室要对照年度工作要点，逐项抓好落实，"
            "确保法治政府建设各项任务按时保质完成。",
        ],
        "工作动态",
    ),
    "policy": (
        "政策解读：《退役军人安置条例》",
        [
            "《退役军人安置条例》已经国务院、中央军委公布，自2024年1月1日起施行。"
            "为便于广大退役军人了解政策，现就有关内容解读如下。",
            "一、安置方式。国家对退役的军官、军士和义务兵，分别采取退休、逐月领取退役金、"
            "自主就业、安排工作、供养以及继续完成学业等方式妥善安置。",
            "二、咨询渠道。如有疑问，可拨打{district}退役军人服务中心咨询电话。",
        ],
        "政策解读",
    ),
    "recruit": (
        "{year}年{agency}公开招聘编外工作人员公告",
        [
            "因工作需要，{agency}面向社会公开招聘编外工作人员{n}名，现将有关事项公告如下。",
            "一、招聘条件：具有中华人民共和国国籍，拥护中国共产党的领导，"
            "大专及以上学历，退役军人同等条件下优先。",
            "二、报名时间：公告发布之日起7个工作日内，报名材料请送至局办公室。",
        ],
        "通知公告",
    ),
    "martyrs_day": (
        "关于开展{year}年烈士纪念日公祭活动的通知",
        [
            "各镇（街道）退役军人服务站：",
            "9月30日是烈士纪念日。为大力弘扬英烈精神，经研究，决定在{district}烈士陵园"
            "举行{year}年烈士纪念日公祭活动，现将有关事项通知如下。",
            "请各单位按照分配名额组织人员参加，并于9月25日前报送参加人员名单。",
        ],
        "通知公告",
    ),
    "job_fair": (
        "{district}举办{year}年退役军人专场招聘会",
        [
            "为促进退役军人高质量充分就业，{district}退役军人事务局联合人社部门"
            "举办{year}年退役军人专场招聘会。",
            "本次招聘会共吸引{n}家企业参加，提供就业岗位{m}00余个，"
            "现场达成初步就业意向{k}人。",
        ],
        "工作动态",
    ),
    "resettle": (
        "关于做好{year}年度退役士兵安置工作的通知",
        [
            "各有关单位：",
            "根据《退役士兵安置条例》和{province}有关规定，现就做好{year}年度"
            "退役士兵安置工作通知如下。",
            "一、严格落实安置政策，确保符合安排工作条件的退役士兵全部妥善安置。",
            "二、坚持公开公平公正，安置计划、考核结果和选岗结果及时向社会公示。",
        ],
        "通知公告",
    ),
    "pufa_plan": (
        "{agency}{year}年普法依法治理工作要点",
        [
            "{year}年全局普法依法治理工作的总体要求是：坚持以习近平法治思想为指导，"
            "深入实施“八五”普法规划，推动全局干部职工学法用法。",
            "一、深入学习宣传习近平法治思想。二、突出学习宣传宪法和《退役军人保障法》。"
            "三、落实“谁执法谁普法”普法责任制。",
        ],
        "法治政府建设",
    ),
    "law_list": (
        "关于公布{year}年度行政执法主体和执法人员名单的公告",
        [
            "根据行政执法公示制度有关要求，现将{agency}{year}年度"
            "行政执法主体和行政执法人员名单予以公布，接受社会监督。",
            "执法主体：{agency}。持证执法人员{n}名，名单详见下表。",
        ],
        "法治政府建设",
    ),
    "glory_plaque": (
        "{district}开展“光荣之家”光荣牌悬挂活动",
        [
            "近日，{district}各镇（街道）退役军人服务站工作人员走进退役军人家庭，"
            "为他们悬挂“光荣之家”光荣牌。",
            "截至目前，全{unit}已累计悬挂光荣牌{n}00余块。",
        ],
        "工作动态",
    ),
    "allowance": (
        "关于{year}年度重点优抚对象抚恤补助资金发放情况的公示",
        [
            "根据政务公开有关要求，现将{year}年度重点优抚对象抚恤补助资金发放情况予以公示。",
            "本年度共发放抚恤补助资金{m}万元，涉及优抚对象{n}人。"
            "公示期为5个工作日，如有异议请向{agency}优抚科反映。",
        ],
        "通知公告",
    ),
    "civil_code": (
        "{agency}组织开展《民法典》宣传月活动",
        [
            "今年5月是第{n}个《民法典》宣传月。{agency}结合工作实际，"
            "组织干部职工集中学习《民法典》，并在{town}开展法律咨询活动。",
            "活动现场发放宣传资料{m}0余份，解答退役军人法律咨询{k}人次。",
        ],
        "工作动态",
    ),
    "training": (
        "{district}举办{year}年度退役军人事务系统业务培训班",
        [
            "为提升基层退役军人服务保障能力，{district}举办{year}年度退役军人事务系统业务培训班，"
            "各镇（街道）退役军人服务站站长和工作人员共{n}人参加。",
            "培训围绕优抚政策、就业创业、权益维护等内容进行授课。",
        ],
        "工作动态",
    ),
    "double_support": (
        "{district}召开双拥模范城创建工作推进会",
        [
            "{district}召开双拥模范城创建工作推进会，通报创建工作进展，部署下阶段任务。",
            "会议指出，要巩固拓展双拥工作成果，持续推动军地融合发展。",
        ],
        "工作动态",
    ),
    # A near miss: a notice *about* annual reports, not a report. The demo corpus holds only
    # the five real seed reports, so every report in the mart is a real one.
    "gkxx_notice": (
        "关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
        [
            "各科室、局属单位：根据《中华人民共和国政府信息公开条例》要求，"
            "现就做好{year}年政府信息公开工作年度报告编制发布工作通知如下。",
            "一、请各单位于2月20日前报送本单位{year}年主动公开政府信息情况（共{n}项指标），"
            "由局办公室汇总编制年度报告。",
        ],
        "通知公告",
    ),
}

# 笔杆儿网 范文: the aggregator's own filler, watermarked like its report.
_WM = "笔杆儿网www.bgzjy.cn"
FANWEN: dict[str, tuple[str, list[str]]] = {
    "personal_summary": (
        "2022年度个人工作总结",
        [
            "2022年，在单位领导的关心和同事们的帮助下，本人认真履行岗位职责，"
            "较好地完成了各项工作任务。现将一年来的工作总结如下：" + _WM,
            "一、加强政治理论学习，不断提高思想认识。二、立足本职岗位，扎实做好各项工作。",
        ],
    ),
    "branch_plan": (
        "党支部2023年工作计划",
        [
            "2023年，支部将以学习宣传贯彻党的二十大精神为主线，"
            "坚持“三会一课”制度，扎实推进支部标准化规范化建设。" + _WM,
            "一、加强思想建设。二、加强组织建设。三、加强作风建设。",
        ],
    ),
    "duty_report": (
        "2022年度述职述廉报告",
        [
            "根据安排，现将本人2022年度履行岗位职责和廉洁自律情况报告如下，请予评议。",
            "一、履职情况。全年牵头完成重点工作**项。二、廉洁自律情况。" + _WM,
        ],
    ),
    "congress_notes": (
        "学习党的二十大精神心得体会",
        [
            "党的二十大报告内涵丰富、思想深邃，通过认真学习，我深刻认识到……" + _WM,
            "作为一名基层干部，要把学习成果转化为推动工作的实际行动。",
        ],
    ),
    "pufa_plan": (
        "2023年普法依法治理工作计划",
        [
            "为深入推进“八五”普法规划实施，结合工作实际，制定本计划。" + _WM,
            "一、指导思想。二、主要任务。三、工作要求。",
        ],
    ),
    "station_summary": (
        "退役军人服务站2022年工作总结",
        [
            "2022年，我站在街道党工委的领导下，紧紧围绕退役军人服务保障工作，"
            "全年走访慰问退役军人**人次。" + _WM,
            "下一步，我站将进一步完善服务保障体系。",
        ],
    ),
    "party_building": (
        "2022年度机关党建工作总结",
        [
            "2022年，机关党委坚持以党的政治建设为统领，全面加强机关党的建设。" + _WM,
            "全年召开党委会**次，开展主题党日活动**次。",
        ],
    ),
    "self_check": (
        "主题教育专题民主生活会个人对照检查材料",
        [
            "按照主题教育专题民主生活会的要求，本人认真查摆问题，剖析根源，"
            "明确整改方向。现将有关情况报告如下。" + _WM,
        ],
    ),
    "safety_summary": (
        "2022年度安全生产工作总结",
        [
            "2022年，我单位认真贯彻落实安全生产各项决策部署，全年未发生安全生产事故。" + _WM,
            "一、落实安全生产责任制。二、开展隐患排查整治。",
        ],
    ),
    "report_notes": (
        "2023年政府工作报告学习体会",
        [
            "认真学习2023年政府工作报告，深感报告通篇贯穿着以人民为中心的发展思想。" + _WM,
        ],
    ),
}

# Which fillers each site publishes, and when (Beijing time). Chosen so the report is on
# page 2 of the zjg, huadu and jiefang lists and on page 1 of spb and bgzjy.
SCHEDULE: dict[str, list[tuple[str, str]]] = {
    "zjg": [
        ("spring_visit", "2024-02-05 10:21"),
        ("law_list", "2024-03-12 09:02"),
        ("job_fair", "2023-11-08 15:40"),
        ("bayi_visit", "2023-07-28 11:15"),
        ("law_meeting", "2023-06-16 16:03"),
        ("martyrs_day", "2022-09-20 08:45"),
        ("pufa_plan", "2022-03-15 14:30"),
        ("recruit", "2021-07-30 17:20"),
        ("allowance", "2020-12-08 10:00"),
        ("training", "2020-09-28 09:36"),
    ],
    "huadu": [
        ("policy", "2024-09-03 10:00"),
        ("bayi_visit", "2024-07-30 16:20"),
        ("civil_code", "2024-05-21 11:45"),
        ("spring_visit", "2024-02-02 09:10"),
        ("job_fair", "2023-10-17 15:05"),
        ("martyrs_day", "2023-09-18 08:30"),
        ("law_meeting", "2023-07-06 14:22"),
        ("recruit", "2023-04-10 10:40"),
        ("allowance", "2023-03-02 09:55"),
        ("gkxx_notice", "2023-01-31 17:30"),
        ("double_support", "2022-11-23 15:12"),
        ("party_meeting", "2022-02-24 10:18"),
    ],
    "spb": [
        ("spring_visit", "2024-01-30 10:05"),
        ("job_fair", "2023-05-19 14:50"),
        ("double_support", "2022-12-06 09:40"),
        ("law_list", "2022-03-28 11:00"),
        ("glory_plaque", "2021-11-12 16:25"),
        ("martyrs_day", "2021-09-22 08:50"),
        ("party_meeting", "2021-03-09 10:30"),
        ("training", "2020-11-26 15:00"),
        ("resettle", "2020-10-14 09:20"),
        ("bayi_visit", "2020-07-31 17:45"),
    ],
    "jiefang": [
        ("policy", "2024-12-10 10:30"),
        ("martyrs_day", "2024-09-20 09:00"),
        ("bayi_visit", "2024-07-29 16:40"),
        ("civil_code", "2024-05-15 11:10"),
        ("recruit", "2024-04-02 15:35"),
        ("law_list", "2024-03-05 10:12"),
        ("spring_visit", "2024-02-06 09:25"),
        ("pufa_plan", "2023-03-20 14:00"),
        ("job_fair", "2022-08-16 10:45"),
        ("glory_plaque", "2021-12-01 15:30"),
        ("resettle", "2021-10-25 09:15"),
        ("training", "2020-06-18 16:00"),
    ],
    "bgzjy": [
        ("report_notes", "2023-03-15 08:20"),
        ("pufa_plan", "2023-03-08 19:05"),
        ("self_check", "2023-03-04 21:40"),
        ("personal_summary", "2023-02-26 20:10"),
        ("duty_report", "2023-02-20 12:33"),
        ("branch_plan", "2023-01-12 09:48"),
        ("party_building", "2022-12-28 22:15"),
        ("station_summary", "2022-12-19 18:02"),
        ("safety_summary", "2022-12-09 07:55"),
        ("congress_notes", "2022-11-02 13:26"),
    ],
}

# Items that report on the previous year (e.g. an allowance list published in December is
# about that year, an annual report published in January is about the year before).
_ABOUT_PREVIOUS_YEAR = {"gkxx_notice"}


def _numbers(seed: int) -> dict[str, int]:
    """Small deterministic figures for a filler body."""
    return {"n": 12 + seed % 37, "m": 3 + seed % 17, "k": 5 + seed % 23}


def fillers(site_key: str, report_id: int, report_date: datetime) -> list[Article]:
    """The filler articles of one site. Ids grow with the date around the report's id,
    the way CMS document ids do."""
    ctx = SITE_CONTEXT[site_key]
    articles = []
    for index, (key, when) in enumerate(SCHEDULE[site_key]):
        published = datetime.strptime(when, "%Y-%m-%d %H:%M")
        doc_id = report_id + (published - report_date).days * 7 + index + 1
        year = published.year - (1 if key in _ABOUT_PREVIOUS_YEAR else 0)
        values = {**ctx, **_numbers(doc_id), "year": year, "army": published.year - 1927}
        if site_key == "bgzjy":
            title, paragraphs = FANWEN[key]
            category = "工作总结" if "总结" in title else "范文"
        else:
            title_tpl, para_tpls, category = TEMPLATES[key]
            title = title_tpl.format(**values)
            paragraphs = [p.format(**values) for p in para_tpls]
        articles.append(
            Article(
                doc_id=doc_id,
                title=title,
                published=published,
                paragraphs=paragraphs,
                source=ctx["agency"] if site_key != "bgzjy" else "笔杆儿网",
                keywords=category,
                description=paragraphs[0][:80],
                category=category,
            )
        )
    return articles


def extra_filler(site_key: str, number: int, doc_id: int, published: datetime) -> Article:
    """A news item published at run time (publish_extra_report(kind="filler"))."""
    ctx = SITE_CONTEXT[site_key]
    title = f"{ctx['district']}开展退役军人法律服务进基层活动（第{number}期）"
    body = [
        f"近日，{ctx['agency']}组织法律顾问深入{ctx['town']}，为退役军人提供法律咨询服务。",
        f"活动共解答法律咨询{10 + number}人次，发放宣传资料200余份。",
    ]
    return Article(
        doc_id=doc_id,
        title=title,
        published=published,
        paragraphs=body,
        source=ctx["agency"],
        keywords="工作动态",
        description=body[0],
        category="工作动态",
    )
