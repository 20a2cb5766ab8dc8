"""The one link checker: where a link in the built site leads, and whether it arrives.

The post-build pass checks every link on every page with it, the build checks the data's links
to page anchors, `make links` checks the published-links registry, and the tests use it too.
It reads the built HTML with small exact patterns (no full parse), each file once.

A link arrives when its file exists and, if it names an anchor, the anchor is on that page. A
redirect stub (mkdocs-redirects) is followed to its target, and so is an anchor whose section
moved to another page (an element with the old id and `data-moved-to`, see macros/pages.py).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

HREF = re.compile(r"""<(?:a|link)\b[^>]*?\shref=(?:"([^"]*)"|'([^']*)')""")
# The id and name attributes, one pattern each, starting with their letters and only then looking
# behind them for the space before (re skips ahead to a pattern's first letters quickly).
ID_ATTRIBUTE, NAME_ATTRIBUTE = (
    re.compile(rf"""{name}(?<=\s{name})=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""") for name in ("id", "name")
)
MOVED = re.compile(r"""<[a-z][^>]*?\sid="([^"]+)"[^>]*?\sdata-moved-to="([^"]+)\"""")
REFRESH = re.compile(r"""<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)\"""", re.IGNORECASE)
HOPS = 3  # redirects followed before a link counts as broken


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme) or href.startswith("//")


def anchor_ids(page: str) -> set[str]:
    """Every id (and name) in the HTML: where a link's #fragment can land."""
    return {
        html.unescape(a or b or c)
        for attribute in (ID_ATTRIBUTE, NAME_ATTRIBUTE)
        for a, b, c in attribute.findall(page)
    }


def hrefs(page: str) -> list[str]:
    """Every link on a page (a and link elements), unescaped, each once."""
    return list(dict.fromkeys(html.unescape(a or b) for a, b in HREF.findall(page)))


@dataclass
class BuiltSite:
    """The files and anchors of a built site, read lazily and once."""

    root: Path
    base_path: str = "/"  # the path of the site's address, such as /sciatica/
    texts: dict[Path, str] = field(default_factory=dict)
    _ids: dict[Path, set[str]] = field(default_factory=dict)
    _moved: dict[Path, dict[str, str]] = field(default_factory=dict)
    _answers: dict[tuple[Path, str, int], str | None] = field(default_factory=dict)
    _redirects: dict[Path, str | None] = field(default_factory=dict)
    _files: set[str] | None = None

    def exists(self, file: Path) -> bool:
        """Whether the site has this file (the site's files listed once, not one stat per link)."""
        if self._files is None:
            self._files = {path.as_posix() for path in self.root.rglob("*") if path.is_file()}
        return file.as_posix() in self._files

    def text(self, file: Path) -> str:
        if file not in self.texts:
            self.texts[file] = file.read_text(encoding="utf-8")
        return self.texts[file]

    def ids(self, file: Path) -> set[str]:
        if file not in self._ids:
            self._ids[file] = anchor_ids(self.text(file))
        return self._ids[file]

    def moved(self, file: Path) -> dict[str, str]:
        if file not in self._moved:
            text = self.text(file)
            # Most pages have no moved section; the pattern would try every tag to find that out.
            found = MOVED.findall(text) if "data-moved-to" in text else []
            self._moved[file] = {old: html.unescape(new) for old, new in found}
        return self._moved[file]

    def redirect(self, file: Path) -> str | None:
        """Where a redirect stub sends the reader (None for a real page)."""
        if file not in self._redirects:
            found = REFRESH.search(self.text(file)[:2000])  # a stub is a few lines; its head says it all
            self._redirects[file] = found.group(1) if found else None
        return self._redirects[file]

    def target(self, href: str, page: Path | None = None) -> tuple[Path, str]:
        """The file a link leads to and its anchor: relative to `page`, or to the site's root
        (a published address, or a root-relative link such as the 404 page's)."""
        parts = urlsplit(href)
        fragment = unquote(parts.fragment)
        if not parts.path:
            return (page or self.root / "index.html"), fragment
        path = parts.path
        if path.startswith("/") or page is None:
            local = path.removeprefix(self.base_path)
            file = self.root / unquote(local).lstrip("/")
        else:
            file = page.parent / unquote(path)
        file = Path(posixpath.normpath(file.as_posix()))
        # A folder's page: the link ends in a slash, or names no file of the site but a folder
        # (by its index.html, not by the look of its name: a site folder may be called x.site).
        if path.endswith("/") or not self.exists(file) and (not file.suffix or self.exists(file / "index.html")):
            file = file / "index.html"
        return file, fragment

    def problem(self, href: str, page: Path | None = None, hops: int = HOPS) -> str | None:
        """None if the link arrives (after redirects and moved sections), else why not."""
        file, fragment = self.target(href, page)
        key = (file, fragment, hops)
        if key not in self._answers:
            self._answers[key] = self.arrives(file, fragment, hops)
        return self._answers[key]

    def arrives(self, file: Path, fragment: str, hops: int) -> str | None:
        if not file.is_relative_to(self.root):
            return "leads outside the site"
        if not self.exists(file):
            return "no such file"
        if file.suffix != ".html":
            return None
        redirect = self.redirect(file)
        moved = self.moved(file).get(fragment) if fragment else None
        onward = redirect + (f"#{fragment}" if fragment and "#" not in redirect else "") if redirect else moved
        if onward:
            return "too many redirects" if hops == 0 else self.problem(html.unescape(onward), file, hops - 1)
        if fragment and fragment not in self.ids(file):
            return f"no anchor #{fragment}"
        return None

    def page_problems(self, pages: list[Path], into: set[Path] | None = None) -> list[str]:
        """Every link on these pages that stays inside the site and does not arrive; with `into`,
        only the links that lead to one of those files (a page built again on its own)."""
        found = []
        for page in pages:
            for href in hrefs(self.text(page)):
                if is_external(href) or href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    continue
                if into is not None and page not in into and self.target(href, page)[0] not in into:
                    continue
                why = self.problem(href, page)
                if why:
                    found.append(f"site: {page.relative_to(self.root).as_posix()}: link {href}: {why}")
        return found
