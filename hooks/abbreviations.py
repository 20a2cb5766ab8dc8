"""MkDocs hook: every glossary abbreviation, wherever it appears, shows its expansion.

Markdown's abbr extension only reaches Markdown text, not the tables and lists the macros write
as HTML, so the whole page content is done here instead, once it is HTML."""

from __future__ import annotations

import re
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString

# Text inside these is left alone: already expanded, code, or drawing text.
SKIP = {"abbr", "code", "pre", "script", "style", "svg", "kbd"}


def abbreviation_pattern(expansions: dict[str, str]) -> re.Pattern | None:
    return _pattern(tuple(sorted(expansions, key=len, reverse=True)))


@lru_cache(maxsize=4)  # the same glossary for every page of a build: compile it once
def _pattern(abbreviations: tuple[str, ...]) -> re.Pattern | None:
    if not abbreviations:
        return None
    alternatives = "|".join(re.escape(a) for a in abbreviations)
    return re.compile(rf"\b({alternatives})(?=s?\b)")  # a plural such as NSAIDs counts too


def add_abbreviations(html: str, expansions: dict[str, str]) -> str:
    """Wrap each abbreviation in running text in <abbr title="expansion">."""
    pattern = abbreviation_pattern(expansions)
    if pattern is None or not pattern.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for text in list(soup.find_all(string=pattern)):
        if not isinstance(text, NavigableString) or any(p.name in SKIP for p in text.parents):
            continue
        pieces, last = [], 0
        for match in pattern.finditer(text):
            pieces.append(text[last:match.start()])
            abbr = soup.new_tag("abbr", title=expansions[match.group(1)])
            abbr.string = match.group(1)
            pieces.append(abbr)
            last = match.end()
        pieces.append(text[last:])
        text.replace_with(*[p for p in pieces if p != ""])
    return str(soup)


def on_page_content(html: str, page, config, files) -> str:
    data = config.plugins["macros"].variables["site_data"]
    return add_abbreviations(html, {t.abbreviation: t.term for t in data.glossary if t.abbreviation})
