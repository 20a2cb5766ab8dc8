"""The trainers' kit in the built site: "Cite this page" on every page, the downloads (CSV beside
the JSON, the bibliography for reference managers) and the page that describes them."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup

from sciatica import exports, siteconfig
from sciatica.render.tables import page_url
from tests.conftest import ROOT
from tests.html.test_pages import DOCS, built_page, front_matter, source_pages
from tests.unit.test_exports import parse_bibtex, parse_ris

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def long_date(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def test_every_page_offers_cite_this_page_with_its_address_and_review_date(built_site):
    config = siteconfig.read(ROOT)
    for source in source_pages():
        meta = front_matter(source)
        html = BeautifulSoup(built_page(built_site, source).read_text(encoding="utf-8"), "lxml")
        box = html.select_one("article details.sc-cite-page")
        assert box is not None, source
        address = config.site_url + page_url(source.relative_to(DOCS).as_posix())
        text = " ".join(box.select_one(".sc-cite-text").get_text().split())
        assert text == (f"{meta['title']}. {config.site_name}. {address}. Last reviewed {long_date(meta['reviewed'])}; "
                        f"next review due {long_date(meta['next_review'])}."), source
        [(kind, key, fields)] = parse_bibtex(box.select_one("pre.sc-cite-bibtex").get_text())
        assert kind == "misc" and key.startswith("sciatica-massage-"), source
        assert fields["url"] == address and fields["year"] == str(meta["reviewed"].year), source
        assert fields["title"] == "{" + exports.bibtex_text(meta["title"]) + "}", source
        assert str(meta["reviewed"]) in fields["note"], source


def test_citation_keys_differ_from_page_to_page(built_site):
    keys = [parse_bibtex(BeautifulSoup(built_page(built_site, s).read_text(encoding="utf-8"), "lxml")
                         .select_one("pre.sc-cite-bibtex").get_text())[0][1] for s in source_pages()]
    assert len(set(keys)) == len(keys)


def test_the_citation_box_is_not_searched(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]
    assert not [doc["location"] for doc in index["docs"] if "Cite this page" in doc["text"] or "@misc" in doc["text"]]


def test_csv_and_bibliography_downloads_are_published(built_site, data):
    for table in exports.TABLES:
        text = (built_site / "data" / table.file).read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline="")))
        assert len(rows) == len(list(table.rows(data))), table.file
    bib = (built_site / "downloads" / "references.bib").read_text(encoding="utf-8")
    assert [key for _, key, _ in parse_bibtex(bib)] == [r.id for r in data.references]
    assert "CC BY-SA 4.0" in bib.split("@", 1)[0]
    assert len(parse_ris((built_site / "downloads" / "references.ris").read_text(encoding="utf-8"))) == len(
        data.references)
    csl = json.loads((built_site / "downloads" / "references.csl.json").read_text(encoding="utf-8"))
    assert {item["DOI"] for item in csl if "DOI" in item} == {r.doi for r in data.references if r.doi}
