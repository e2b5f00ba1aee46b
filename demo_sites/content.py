"""The articles the demo sites publish: the five seed reports plus filler news items.

Everything here is plain data; the site modules (`demo_sites.sites.*`) turn it into the
page layout of each platform. Nothing is random at run time: the same checkout serves the
same bytes, so tests and the dbt gold files can rely on titles, dates and ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

# The bundled PDF of seed 000 (built by demo_sites/build_corpus.py, committed).
ZJG_REPORT_PDF = CORPUS_DIR / "000_zjg_tyjrswj_2020_fzzf_report.pdf"


@dataclass(frozen=True)
class Attachment:
    filename: str          # served next to the article page, e.g. P020210120512345678901.pdf
    link_text: str         # what the article page shows as the link
    path: Path             # the bytes on disk
    content_type: str = "application/pdf"


@dataclass
class Article:
    doc_id: int
    title: str
    published: datetime            # Beijing time (UTC+8), naive
    paragraphs: list[str]          # body, one entry per <p>; "" renders as an empty paragraph
    kind: str = "filler"           # "report" (a 法治政府建设 annual report) or "filler"
    source: str = ""               # 文章来源 / ContentSource
    keywords: str = ""
    description: str = ""
    category: str = ""             # gkmlpt classify_main_name; column-specific elsewhere
    attachment: Attachment | None = None
    seed: str | None = None        # "000".."004" for the seed reports

    @property
    def date(self) -> str:
        return self.published.strftime("%Y-%m-%d")


def seed_text(number: str) -> str:
    """The text of seed report `number` ("000".."004"), exactly as received."""
    matches = sorted(CORPUS_DIR.glob(f"{number}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"seed {number} not found in {CORPUS_DIR}")
    return matches[0].read_text(encoding="utf-8")


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published, a.doc_id), reverse=True)


# --------------------------------------------------------------------------- seed reports

# Lines of seed 001 that are the web page chrome copied along with the text. The real page
# renders them around the body, so the gkmlpt site puts them in its template instead.
_HUADU_CHROME_PREFIXES = ("headerBg", "发布日期:", "相关附件:", "分享到:")


def report_000() -> Article:
    """张家港: the report exists only as a PDF attachment; the page says "see attachment"."""
    title = "张家港市退役军人事务局2020年度法治政府建设情况报告"
    return Article(
        doc_id=6543210,
        title=title,
        published=datetime(2021, 1, 20, 16, 32),
        paragraphs=[f"现将{title}予以公开，详见附件。"],
        kind="report",
        source="张家港市退役军人事务局",
        keywords="法治政府建设,年度报告,退役军人事务局",
        description=title,
        category="法治政府建设",
        attachment=Attachment(
            filename="P020210120512345678901.pdf",
            link_text=f"{title}.pdf",
            path=ZJG_REPORT_PDF,
        ),
        seed="000",
    )


def report_001() -> Article:
    """花都: body lines of the seed minus the copied chrome and the title (the page shows both)."""
    title = "广州市花都区退役军人事务局2022年法治政府建设年度报告"
    lines = [
        line
        for line in seed_text("001").splitlines()
        if line.strip() and line.strip() != title and not line.startswith(_HUADU_CHROME_PREFIXES)
    ]
    return Article(
        doc_id=8762151,
        title=title,
        published=datetime(2023, 1, 11, 15, 41),
        paragraphs=lines,
        kind="report",
        source="花都区退役军人事务局局",  # sic: the real page says 局局
        keywords="法治政府建设,年度报告",
        description=title,
        category="法治政府建设",
        seed="001",
    )


def report_002() -> Article:
    """沙坪坝: the seed has no title and no signature; the page title names no district."""
    title = "区退役军人事务局2021年度法治政府建设情况报告"
    return Article(
        doc_id=10323456,
        title=title,
        published=datetime(2022, 1, 25, 10, 8),
        paragraphs=[line for line in seed_text("002").splitlines() if line.strip()],
        kind="report",
        source="区退役军人事务局",
        keywords="法治政府建设,情况报告",
        description=title,
        category="法治政府建设",
        seed="002",
    )


def report_003() -> Article:
    """笔杆儿网: watermarks and redactions kept; the first seed line is the title."""
    lines = seed_text("003").splitlines()
    title = lines[0].strip()
    return Article(
        doc_id=58231,
        title=title,
        published=datetime(2023, 3, 1, 9, 12),
        paragraphs=[line for line in lines[1:] if line.strip()],
        kind="report",
        source="笔杆儿网",
        keywords="法治政府建设总结,退役军人事务局,法治政府建设工作总结",
        description=title + "，" + lines[1][:60],
        category="法治建设",
        seed="003",
    )


def report_004() -> Article:
    """解放区: every line of the PDF-derived text is its own paragraph, blank ones too."""
    title = "解放区退役军人事务局关于2023年法治政府建设情况的报告"
    return Article(
        doc_id=567890,
        title=title,
        published=datetime(2024, 1, 15, 17, 5),
        paragraphs=seed_text("004").splitlines(),
        kind="report",
        source="解放区退役军人事务局",
        keywords="法治政府建设,报告",
        description=title,
        category="法治政府建设",
        seed="004",
    )


# --------------------------------------------------------------------------- extra reports

def extra_report(ctx: dict[str, str], number: int, doc_id: int, after: datetime) -> Article:
    """A short, synthetic annual report published after `after` (for incremental tests).

    `number` = 1, 2, … covers the years 2024, 2025, …; titles follow the site's own habit
    (`ctx["report_title"]` with a `{year}` placeholder).
    """
    year = 2023 + number
    published = max(after + timedelta(days=1), datetime(year + 1, 1, 20, 9, 30))
    title = ctx["report_title"].format(year=year)
    agency = ctx["agency"]
    paragraphs = [
        f"{year}年，{agency}坚持以习近平法治思想为指导，认真落实法治政府建设各项任务，"
        "现将有关情况报告如下：",
        "一、主要举措和成效",
        f"（一）加强组织领导。全年召开党组会专题研究法治政府建设{2 + number}次，"
        "主要负责人切实履行推进法治建设第一责任人职责。",
        f"（二）规范行政执法。全面落实行政执法“三项制度”，办理行政复议案件{number}件，"
        "无行政诉讼败诉案件。",
        "二、存在的不足和下一步打算",
        f"{year + 1}年，我局将持续深化普法宣传，提升依法行政水平。",
        agency,
        f"{published.year}年{published.month}月{published.day}日",
    ]
    return Article(
        doc_id=doc_id,
        title=title,
        published=published,
        paragraphs=paragraphs,
        kind="report",
        source=agency,
        keywords="法治政府建设,年度报告",
        description=title,
        category="法治政府建设",
    )
