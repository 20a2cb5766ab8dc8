"""The site's address is one setting, SITE_URL. Without it nothing invents one: the downloads that
need a full address say what to set, and a build for publishing refuses to run."""

from __future__ import annotations

import pytest

from sciatica import downloads, question_exports, siteconfig
from tests.conftest import ROOT

ADDRESS = "https://sciatica.training.test/course/"


@pytest.fixture(params=["", ADDRESS], ids=["without SITE_URL", "with SITE_URL"])
def site_url(request):
    return request.param


def test_the_address_comes_from_site_url_only(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("REPO_URL", raising=False)
    config = siteconfig.read(ROOT)
    assert config.site_url == "" and config.address("massage/kneading/") is None
    assert config.placeholders() == ["SITE_URL is not set", "REPO_URL is not set"]
    monkeypatch.setenv("SITE_URL", ADDRESS.rstrip("/"))
    monkeypatch.setenv("REPO_URL", "https://github.com/OWNER/REPOSITORY")
    config = siteconfig.read(ROOT)
    assert config.site_url == ADDRESS and config.address("massage/kneading/") == ADDRESS + "massage/kneading/"
    assert config.placeholders() == ["REPO_URL='https://github.com/OWNER/REPOSITORY'"]


def test_downloads_carry_the_address_or_say_what_to_set(data, site_url):
    files = downloads.files(data, "Sciatica and massage", site_url)
    credit = files["diagrams/kneading.svg"]
    header = files[downloads.BIBLIOGRAPHY_FILES["bibtex"]].split("@", 1)[0]
    bank = (
        files["downloads/questions/sciatica-questions.gift.txt"] + files["downloads/questions/sciatica-questions.xml"]
    )
    note = siteconfig.NO_ADDRESS
    if site_url:
        assert f"{ADDRESS}massage/kneading/" in credit and f"{ADDRESS}references/" in header
        assert f"{ADDRESS}practice/#" in bank or f"{ADDRESS}massage/" in bank
        assert note not in credit + header + bank
    else:
        assert note in credit and "page massage/kneading/" in credit
        assert note in header and note in bank
        assert "https://" not in header.replace("https://creativecommons.org/", "")
    assert not [
        path
        for path, content in files.items()
        if b"site.test" in (content if isinstance(content, bytes) else content.encode())
    ]


def test_the_anki_deck_links_back_only_when_the_site_has_an_address(data, site_url):
    import io
    import sqlite3
    import tempfile
    import zipfile

    from sciatica import anki_deck

    with (
        zipfile.ZipFile(io.BytesIO(anki_deck.package(data, "Sciatica and massage", site_url))) as deck,
        tempfile.NamedTemporaryFile(suffix=".anki2") as collection,
    ):
        collection.write(deck.read("collection.anki2"))
        collection.flush()
        with sqlite3.connect(collection.name) as db:
            text = " ".join(row[0] for row in db.execute("select flds from notes")) + " ".join(
                row[0] for row in db.execute("select decks from col")
            )
    if site_url:
        assert f'From <a href="{ADDRESS}' in text and siteconfig.NO_ADDRESS not in text
    else:
        assert '<a href="/' not in text and siteconfig.NO_ADDRESS in text


def test_each_question_links_back_only_when_the_site_has_an_address(data, site_url):
    where = {
        item: link
        for group in question_exports.sections(data, site_url).values()
        for section in group
        for item, link in section.where.items()
    }
    assert where
    if site_url:
        assert all(link.startswith(ADDRESS) and "#" in link for link in where.values())
    else:
        assert set(where.values()) == {None}


RESERVED = siteconfig.RESERVED_FOR_EXAMPLES


@pytest.mark.parametrize(
    ("address", "placeholder"),
    [
        (f"https://{RESERVED}.org/sciatica/", True),
        (f"https://www.{RESERVED.upper()}.com/", True),
        (f"https://docs.{RESERVED}.net", True),
        (f"http://{RESERVED}/", True),
        ("http://localhost:8000/", True),
        ("http://127.0.0.1/", True),
        ("https://github.com/OWNER/REPOSITORY", True),
        ("https://site.test/sciatica/", False),  # reserved for tests, and accepted by the publish build test
        ("https://github.com/team/sciatica", False),
        (f"https://{RESERVED}s.org/", False),
    ],
)
def test_a_publishing_build_knows_a_placeholder_by_its_host(address, placeholder):
    assert siteconfig.is_placeholder(address) is placeholder
