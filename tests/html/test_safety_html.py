"""The short emergency lists in the built pages: the banner on every clinical page and the home
page's box carry the data's `banner` list, and no slot is left empty."""

from __future__ import annotations

from bs4 import BeautifulSoup

from sciatica.render import urgent
from tests.conftest import parsed_page


def words(html) -> str:
    return " ".join(html.get_text(" ").split())


def test_every_clinical_page_has_the_banner_filled_from_the_data(built_site, pages, data):
    expected = words(BeautifulSoup(urgent.banner_signs(data), "html.parser"))
    banners = 0
    for page in pages:
        html = parsed_page(page)
        assert not html.select("[data-sc-fill]"), page
        signs = html.select_one("aside.sc-urgent .sc-urgent-signs")
        if signs is not None:
            banners += 1
            assert words(signs) == expected, page
    assert banners > 25


def test_the_home_page_box_names_every_banner_sign(built_site, data):
    box = parsed_page(built_site / "index.html").select_one(".sc-action")
    text = words(box).lower()
    for flag in urgent.listed(data, "banner"):
        assert flag.brief.lower() in text, flag.id
    assert box.select('a[href^="tel:"]')
