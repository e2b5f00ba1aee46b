"""HTML helpers shared by the site layouts: escaping, meta tags, paragraphs.

Every page is a plain Python string template; the sites differ in chrome, not in helpers.
Pages never link outside the site's own host (footer links are relative or "#"), so a
crawler that follows links stays on 127.0.0.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from demo_sites.content import Article


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class GovSite:
    """The identity a government site declares in its meta tags and footer."""

    site_name: str          # SiteName, e.g. 张家港市人民政府
    site_domain: str        # SiteDomain: the real domain, as text only (never linked)
    site_id_code: str       # SiteIDCode: 6-digit division code + 4 digits
    organizer: str          # 主办单位
    icp: str                # ICP 备案号
    police: str             # 公网安备号
    support: str = ""       # 技术支持 line of the footer, when the site shows one


def meta_tags(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f'<meta name="{name}" content="{esc(value)}">' for name, value in pairs)


def article_meta(site: GovSite, column: str, article: Article, url: str) -> str:
    """The meta tags 《政府网站发展指引》 asks every article page to carry."""
    return meta_tags([
        ("SiteName", site.site_name),
        ("SiteDomain", site.site_domain),
        ("SiteIDCode", site.site_id_code),
        ("ColumnName", column),
        ("ColumnType", "政务公开"),
        ("ArticleTitle", article.title),
        ("PubDate", article.published.strftime("%Y-%m-%d %H:%M")),
        ("ContentSource", article.source),
        ("Keywords", article.keywords),
        ("Author", article.source),
        ("Description", article.description),
        ("Image", ""),
        ("Url", url),
    ])


def column_meta(site: GovSite, column: str, description: str) -> str:
    return meta_tags([
        ("SiteName", site.site_name),
        ("SiteDomain", site.site_domain),
        ("SiteIDCode", site.site_id_code),
        ("ColumnName", column),
        ("ColumnDescription", description),
        ("ColumnKeywords", column),
        ("ColumnType", "政务公开"),
    ])


def footer(site: GovSite) -> str:
    support = f"\n  <p>技术支持：{esc(site.support)}</p>" if site.support else ""
    return f"""<div class="footer">
  <p><a href="#">关于我们</a> | <a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
  <p>主办单位：{esc(site.organizer)}　　网站标识码{site.site_id_code}</p>
  <p><a href="#">{esc(site.icp)}</a>　　<a href="#">{esc(site.police)}</a></p>{support}
</div>"""


def paragraphs_html(paragraphs: list[str], style: str = "") -> str:
    """One <p> per paragraph; an empty paragraph becomes <p><br></p> as editors write it."""
    attr = f' style="{style}"' if style else ""
    return "\n".join(
        f"<p{attr}>{esc(p)}</p>" if p.strip() else "<p><br></p>" for p in paragraphs
    )


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def page_slice(items: list, size: int, page: int) -> list:
    """Items of 0-based page `page`."""
    return items[page * size:(page + 1) * size]
