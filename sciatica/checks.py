"""Checks of the built site that name the data entry at fault (engine-free: they read HTML)."""

from __future__ import annotations

from pathlib import Path

from .links import BuiltSite
from .model import SiteData, page_uses
from .render.tables import page_url


def data_link_problems(data: SiteData, site: Path, directory_urls: bool = True) -> list[tuple[tuple, str]]:
    """Every `page` field with an anchor (claims link to sections such as drugs.md#drug-ibuprofen)
    lands on a real anchor of the built page: (location in the data, message) pairs."""
    built = BuiltSite(site)
    found = []
    for location, value in page_uses(data):
        path, _, anchor = value.partition("#")
        if anchor:
            url = page_url(path, directory_urls)
            why = built.problem(f"/{url}#{anchor}")
            if why:
                found.append((location, f"{why} on {path}"))
    return found
