"""The review cycle: every page's front matter carries `reviewed` and `next_review`; the site
lists the pages due for review on the date the data file names (editorial.as_of), so what the
page says never depends on the day it was built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup
from mkdocs.utils.meta import get_data  # the engine's own front-matter reader: pages read as it reads them

from .model import Editorial
from .render.html import el, join
from .render.tables import Links


@dataclass(frozen=True)
class PageReview:
    source: str  # path under docs/, such as massage/kneading.md
    title: str
    reviewed: date
    next_review: date


def as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def front_matter(path: Path) -> dict:
    """A page's front matter ({} when it has none), read as MkDocs reads it (a closing `...`, or
    spaces after the dashes, included)."""
    return get_data(path.read_text(encoding="utf-8-sig"))[1]


def page_reviews(docs: Path) -> list[PageReview]:
    """The review dates of every page, read from its front matter."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        meta = front_matter(path)
        if meta.get("reviewed") and meta.get("next_review"):
            found.append(
                PageReview(
                    path.relative_to(docs).as_posix(),
                    str(meta.get("title", path.stem)),
                    as_date(meta["reviewed"]),
                    as_date(meta["next_review"]),
                )
            )
    return found


def status(page: PageReview, as_of: date) -> str:
    if page.next_review <= as_of:
        return "Past due"
    if (page.next_review - as_of).days <= 90:
        return "Due within 3 months"
    return "Current"


def review_table(pages: list[PageReview], editorial: Editorial, links: Links) -> Markup:
    """Pages in order of their next review, each with its status on the data file's date."""
    head = el("tr", join([el("th", h, scope="col") for h in ("Page", "Last reviewed", "Next review due", "Status")]))
    rows = [
        el(
            "tr",
            el("th", el("a", page.title, href=links.page(page.source)), scope="row"),
            el("td", el("time", page.reviewed.isoformat(), datetime=page.reviewed.isoformat())),
            el("td", el("time", page.next_review.isoformat(), datetime=page.next_review.isoformat())),
            el("td", status(page, editorial.as_of)),
            class_=f"sc-review-{status(page, editorial.as_of).split()[0].lower()}",
        )
        for page in sorted(pages, key=lambda p: (p.next_review, p.source))
    ]
    due = sum(status(p, editorial.as_of) == "Past due" for p in pages)
    summary = el(
        "p",
        f"On {editorial.as_of.isoformat()}: {len(pages)} pages, {due} past their review date. "
        f"Each page is reviewed at least every {editorial.cycle_months} months.",
    )
    return join(
        [summary, el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-reviews")]
    )
