"""The published-links registry: every URL and anchor that trainers may give out.

    python tools/published_links.py site            # list registered links that no longer resolve
    python tools/published_links.py site --update   # also append links the site now offers

A registered link is a promise: it is never deleted. When a page moves, mkdocs.yml gets a
redirect (plugins: redirects: redirect_maps), and the old link keeps working through it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "published-links.txt"

# Anchors made for linking: section headings, and rows, steps and flags generated from the data.
LINKABLE_ID = re.compile(r"^(ci|flag|claim|drug|term|kind|root|cause|accuracy|measure|evidence)-|-step-\d+$")
REFRESH = re.compile(r"url=([^\"'>\s]+)", re.I)


def read_registry(path: Path = REGISTRY) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def page_url(site: Path, page: Path) -> str:
    relative = page.parent.relative_to(site).as_posix()
    return "/" if relative == "." else f"/{relative}/"


def redirect_target(html: str) -> str | None:
    """The URL an mkdocs-redirects stub sends the reader to, or None for a real page."""
    head = BeautifulSoup(html, "lxml").select_one('meta[http-equiv="refresh" i]')
    if head is None:
        return None
    match = REFRESH.search(head.get("content", ""))
    return match.group(1) if match else None


def file_for(site: Path, path: str) -> Path:
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def ids_in(html: str) -> set[str]:
    return {tag["id"] for tag in BeautifulSoup(html, "lxml").select("[id]")}


def resolve(site: Path, link: str, hops: int = 3) -> str | None:
    """None if the link works (after redirects), else why it does not."""
    parts = urlsplit(link)
    target = file_for(site, parts.path)
    if not target.is_file():
        return "no such page"
    if target.suffix != ".html":
        return None
    html = target.read_text(encoding="utf-8")
    moved_to = redirect_target(html)
    if moved_to is not None:
        if hops == 0:
            return "too many redirects"
        new_path = urlsplit(urljoin(parts.path, moved_to)).path
        return resolve(site, new_path + (f"#{parts.fragment}" if parts.fragment else ""), hops - 1)
    if parts.fragment and parts.fragment not in ids_in(html):
        return f"no anchor #{parts.fragment}"
    return None


def offered_links(site: Path) -> list[str]:
    """Every page, its linkable anchors, every diagram, the data (JSON and CSV), the bibliography files
    and the question bank."""
    links: list[str] = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if redirect_target(html) is not None or "assets" in page.parts or page.parent.name == "search":
            continue
        url = page_url(site, page)
        links.append(url)
        soup = BeautifulSoup(html, "lxml").select_one("article")
        for tag in soup.select("[id]") if soup else []:
            heading = tag.name in ("h2", "h3") and tag["id"] != "references"
            if heading or LINKABLE_ID.search(tag["id"]):
                links.append(f"{url}#{tag['id']}")
    downloads = [*sorted((site / "diagrams").glob("*.svg")), *sorted((site / "data").glob("*.json")),
                 *sorted((site / "data").glob("*.csv")),
                 *sorted(p for p in (site / "downloads").glob("*") if p.suffix in (".bib", ".ris", ".json")),
                 *sorted((site / "downloads" / "questions").glob("*"))]  # the question bank
    links += ["/" + PurePosixPath(p.relative_to(site).as_posix()).as_posix() for p in downloads]
    return list(dict.fromkeys(links))


def broken_links(site: Path, registered: list[str]) -> list[str]:
    return [f"{link}: {why}" for link in registered if (why := resolve(site, link))]


def unregistered(site: Path, registered: list[str]) -> list[str]:
    known = set(registered)
    return [link for link in offered_links(site) if link not in known]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "site")
    registered = read_registry()
    broken = broken_links(site, registered)
    for line in broken:
        print(f"broken: {line}")
    missing = unregistered(site, registered)
    if "--update" in sys.argv and missing:
        with REGISTRY.open("a", encoding="utf-8") as registry:
            registry.write("".join(f"{link}\n" for link in missing))
        print(f"added {len(missing)} links to {REGISTRY.name}")
    elif missing:
        print(f"{len(missing)} links not yet registered (run with --update)")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
