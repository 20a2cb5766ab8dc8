"""Checks of the built site that name the data entry at fault (engine-free: they read HTML)."""

from __future__ import annotations

import re
from pathlib import Path

from .model import SiteData, page_uses
from .render.tables import page_url

ID_ATTRIBUTE = re.compile(r"""\sid=["']?([^"'\s>]+)""")


def ids_in(html_file: Path) -> set[str]:
    return set(ID_ATTRIBUTE.findall(html_file.read_text(encoding="utf-8"))) if html_file.is_file() else set()


def built_file(site: Path, source: str, directory_urls: bool = True) -> Path:
    url = page_url(source, directory_urls)
    return site / (url + "index.html" if url.endswith("/") or url == "" else url)


def data_link_problems(data: SiteData, site: Path, directory_urls: bool = True) -> list[tuple[tuple, str]]:
    """Every `page` field with an anchor (claims link to sections such as drugs.md#drug-ibuprofen)
    lands on a real anchor of the built page: (location in the data, message) pairs."""
    found = []
    for location, value in page_uses(data):
        path, _, anchor = value.partition("#")
        if anchor and anchor not in ids_in(built_file(site, path, directory_urls)):
            found.append((location, f"no anchor #{anchor} on {path}"))
    return found
