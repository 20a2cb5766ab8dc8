"""The trainers' kit in the built site: "Cite this page" on every page, the downloads (CSV beside
the JSON, the bibliography for reference managers) and the page that describes them."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup

from sciatica import exports, siteconfig
from sciatica.pages import page_url
from tests.conftest import ROOT, parsed_page
from tests.html.test_pages import DOCS, built_page, front_matter, source_pages
from tests.unit.test_exports import parse_bibtex, parse_ris

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def test_every_page_offers_cite_this_page_with_its_address_and_review_date(built_site):
    """With the site's address (SITE_URL) the citation gives the page's; without it, it says what
    to set and the BibTeX entry has no url, rather than an address that does not exist."""
    config = siteconfig.read(ROOT)
    for source in source_pages():
        meta = front_matter(source)
        html = parsed_page(built_page(built_site, source))
        box = html.select_one("article details.sc-cite-page")
        assert box is not None, source
        address = config.address(page_url(source.relative_to(DOCS).as_posix()))
        where = f"{address}." if address else f"Address: {siteconfig.NO_ADDRESS}."
        text = " ".join(box.select_one(".sc-cite-text").get_text().split())
        assert text == (
            f"{meta['title']}. {config.site_name}. {where} Last reviewed {long_date(meta['reviewed'])}; "
            f"next review due {long_date(meta['next_review'])}."
        ), source
        [(kind, key, fields)] = parse_bibtex(box.select_one("pre.sc-cite-bibtex").get_text())
        assert kind == "misc" and key.startswith("sciatica-massage-"), source
        assert fields.get("url") == address and fields["year"] == str(meta["reviewed"].year), source
        assert fields["title"] == "{" + exports.bibtex_text(meta["title"]) + "}", source
        assert str(meta["reviewed"]) in fields["note"], source


def test_citation_keys_differ_from_page_to_page(built_site):
    keys = [
        parse_bibtex(parsed_page(built_page(built_site, s)).select_one("pre.sc-cite-bibtex").get_text())[0][1]
        for s in source_pages()
    ]
    assert len(set(keys)) == len(keys)


def test_the_citation_box_is_not_searched(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]
    assert not [
        doc["location"]
        for doc in index["docs"]
        if "@misc{sciatica-massage-" in doc["text"] or "BibTeX, for LaTeX and reference managers" in doc["text"]
    ]


def test_csv_and_bibliography_downloads_are_published(built_site, data):
    for table in exports.TABLES:
        text = (built_site / "data" / table.file).read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline="")))
        assert len(rows) == len(list(table.rows(data))), table.file
    bib = (built_site / "downloads" / "references.bib").read_text(encoding="utf-8")
    assert [key for _, key, _ in parse_bibtex(bib)] == [r.id for r in data.references]
    assert "CC BY-SA 4.0" in bib.split("@", 1)[0]
    assert len(parse_ris((built_site / "downloads" / "references.ris").read_text(encoding="utf-8"))) == len(
        data.references
    )
    csl = json.loads((built_site / "downloads" / "references.csl.json").read_text(encoding="utf-8"))
    assert {item["DOI"] for item in csl if "DOI" in item} == {r.doi for r in data.references if r.doi}


# --- handouts, the screening form and the downloads page in the built site ----------------------------


def handout_page(built_site, name: str) -> BeautifulSoup:
    return parsed_page(built_site / "handouts" / name / "index.html")


def test_every_handout_links_by_qr_code_and_address_to_its_full_page(built_site, data):
    """With SITE_URL, a QR code and the address in words; without it, no QR code but a note where
    it would be, and the full page linked by its title."""
    from sciatica.render.handouts import handout_list

    config = siteconfig.read(ROOT)
    fuller = "what-to-do-now.md" if (DOCS / "what-to-do-now.md").is_file() else "treatment/self-care.md"
    sources = {
        "urgent-help": "urgent-help.md",
        "what-to-do-now": fuller,
        "first-session-checklist": "massage/screening-form.md",
        "client-intake-form": "massage/screening-form.md",
    }
    for handout in handout_list(data):
        html = handout_page(built_site, handout.name)
        source = sources.get(handout.name, f"massage/{handout.name}.md")
        address = config.address(page_url(source))
        head = html.select_one("article .sc-handout-head")
        assert head is not None, handout.name
        assert head["data-reader"] == handout.reader, handout.name
        link = head.select_one("a.sc-handout-address")
        if address:
            assert address in head.select_one("svg.sc-qr-code[role=img]")["aria-label"], handout.name
            assert link.get_text() == address, handout.name
        else:
            assert head.select_one("svg.sc-qr-code") is None, handout.name
            note = " ".join(head.select_one(".sc-qr-missing").get_text().split())
            assert note == f"QR code: {siteconfig.NO_ADDRESS}.", handout.name
            assert link.get_text() == front_matter(DOCS / source)["title"], handout.name
        target = (built_site / "handouts" / handout.name / link["href"]).resolve()
        assert target.is_relative_to(built_site.resolve()) and (target / "index.html").is_file(), handout.name
        meta = front_matter(DOCS / "handouts" / f"{handout.name}.md")
        text = " ".join(head.get_text(" ").split())
        assert f"Reviewed {long_date(meta['reviewed'])}; next review due {long_date(meta['next_review'])}." in text
        assert "CC BY-SA 4.0" in text
        assert (html.select_one(".sc-answer-sheet") is not None) == handout.answers, handout.name
        assert "<style>@page { size: A4;" in str(html.head), handout.name


def test_only_handouts_ask_for_a4_paper(built_site):
    ordinary = parsed_page(built_site / "massage" / "kneading" / "index.html")
    assert "size: A4" not in str(ordinary.head)


def test_the_screening_form_page_asks_every_question_with_tick_boxes(built_site, data):
    html = parsed_page(built_site / "massage" / "screening-form" / "index.html")
    questions = [" ".join(q.get_text().split()) for q in html.select("article .sc-question-text")]
    expected = [flag.ask for flag in data.red_flags] + [c.ask for c in data.contraindications if c.ask]
    assert sorted(questions) == sorted(" ".join(q.split()) for q in expected)
    # The page's self-check questions below the form are not part of it.
    boxes = [
        box for box in html.select("article input[type=checkbox]") if not box.find_parent("form", class_="sc-quiz")
    ]
    assert len(boxes) == 2 * len(questions)
    for box in boxes:
        assert html.select_one(f"label[for='{box['id']}']") is not None
    assert html.select("article sup.sc-cite"), "the full form cites its sources"


def test_the_downloads_page_describes_and_links_every_file(built_site, data):
    from sciatica import downloads

    written = set(downloads.files(data, "Sciatica and massage", "https://site.test/"))
    described = {path for download in downloads.described(data) for path in download.paths}
    assert described == written
    html = parsed_page(built_site / "downloads" / "index.html")
    linked = {(built_site / "downloads" / a["href"]).resolve() for a in html.select("article .sc-downloads dt a[href]")}
    assert linked == {(built_site / path).resolve() for path in written}
    assert all(path.is_file() for path in linked)
    licences = [span.get_text() for span in html.select("article .sc-downloads dd .sc-licence")]
    assert len(licences) == len(downloads.described(data))
    assert set(licences) <= {downloads.CONTENT_LICENCE, downloads.CODE_LICENCE}


def test_trainers_find_the_downloads_handouts_and_the_form(built_site):
    html = parsed_page(built_site / "trainers" / "index.html")
    hrefs = [a["href"] for a in html.select("article a[href]")]
    for target in ("downloads/", "handouts/", "massage/screening-form/"):
        assert any(href.endswith(target) for href in hrefs), target
