"""The Anki deck, checked by opening the package as Anki would: a zip holding a SQLite collection.
One note per question and one per glossary term; a note's fields carry the question, its
options, the right answers and the explanations with their sources, escaped; the same data gives
the same bytes; ids and guids are fixed, so a newer deck updates the cards a student has."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sciatica import anki_deck, downloads
from sciatica.model import GlossaryTerm, Option, Question
from sciatica.quizbank import question_item

SITE = "Sciatica and massage"
URL = "https://site.test/site/"
HOSTILE = '<script>alert("x")</script> & <b>bold</b> {{Question}} \x1f'


def open_collection(package: bytes, folder: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        assert "media" in names and json.loads(archive.read("media")) == {}
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in names)
        (folder / name).write_bytes(archive.read(name))
    return sqlite3.connect(folder / name)


def notes(connection: sqlite3.Connection) -> list[dict]:
    """Each note with its note type's field names, as Anki shows them."""
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    found = []
    for guid, model_id, fields, tags in connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id"):
        names = [f["name"] for f in sorted(models[str(model_id)]["flds"], key=lambda f: f["ord"])]
        values = fields.split("\x1f")
        assert len(values) == len(names)
        found.append(
            {
                "guid": guid,
                "model": models[str(model_id)]["name"],
                "tags": tags.split(),
                **dict(zip(names, values, strict=True)),
            }
        )
    return found


def words(fragment: str) -> str:
    """The words an HTML fragment shows, and no element it should not have."""
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    assert not tree.xpath(".//script"), fragment
    return " ".join(tree.text_content().split())


@pytest.fixture(scope="module")
def package(data) -> bytes:
    return anki_deck.package(data, SITE, URL)


@pytest.fixture(scope="module")
def deck(package, tmp_path_factory) -> list[dict]:
    return notes(open_collection(package, tmp_path_factory.mktemp("anki")))


def test_one_note_per_question_and_per_glossary_term(deck, data):
    questions = [n for n in deck if n["model"].endswith("question")]
    terms = [n for n in deck if n["model"].endswith("glossary term")]
    assert len(deck) == len(data.questions) + len(data.glossary)
    assert len(questions) == len(data.questions) and len(terms) == len(data.glossary)
    assert len({n["guid"] for n in deck}) == len(deck)


def test_a_question_note_holds_the_question_options_answers_and_explanations(deck, data):
    question = data.questions[0]
    item = question_item(question)
    note = next(n for n in deck if words(n["Question"]) == " ".join(question.stem.split()))
    options = lxml_html.fragment_fromstring(note["Options"]).xpath("//li")
    assert [" ".join(li.text_content().split()) for li in options] == [" ".join(c.text.split()) for c in item.choices]
    right = words(note["Answer"])
    for letter, choice in zip("ABCDEFGH", item.choices, strict=False):
        assert (f"{letter}: {' '.join(choice.text.split())}" in right) == choice.correct
        assert " ".join(choice.explanation.split()) in words(note["Explanation"])
    references = data.by_id("references")
    for ref in item.all_refs:
        assert " ".join(references[ref].title.split()) in words(note["Explanation"])
    assert note["Hint"] in ("Choose one answer.", "Choose every answer that applies.")
    assert f"{URL}" in note["Source"] and "CC BY-SA 4.0" in note["Source"]
    assert f"sciatica::{question.topic}" in note["tags"] and f"level::{question.level}" in note["tags"]


def test_a_glossary_note_holds_the_term_and_its_definition(deck, data):
    term = data.glossary[0]
    note = next(n for n in deck if n.get("Term", "").startswith(term.term))
    assert " ".join(term.definition.split()) in words(note["Definition"])
    assert f"glossary/#term-{term.id}" in note["Source"]
    assert note["tags"] == ["sciatica::glossary"]


def test_data_text_is_escaped_in_every_field(data, tmp_path):
    option = {"explanation": f"Because {HOSTILE}", "refs": ["nice-ng59"]}
    hostile = Question(
        id="hostile",
        topic="safety",
        level="advanced",
        kind="multiple",
        stem=f"Stem {HOSTILE}?",
        options=[Option(text=f"Right {HOSTILE}", correct=True, **option), Option(text=f"Wrong {HOSTILE}", **option)],
        feedback=f"The point {HOSTILE}",
    )
    term = GlossaryTerm(id="hostile-term", term=f"Term {HOSTILE}", definition=f"Means {HOSTILE}")
    changed = data.model_copy(update={"questions": [hostile], "glossary": [term]})
    question_note, term_note = notes(open_collection(anki_deck.package(changed, SITE, URL), tmp_path))
    shown = " ".join(HOSTILE.replace("\x1f", " ").split())
    for field in ("Question", "Options", "Answer", "Explanation"):
        assert "<script>" not in question_note[field] and "<b>bold" not in question_note[field], field
        assert shown in words(question_note[field]), field
    assert shown in words(term_note["Term"]) and shown in words(term_note["Definition"])
    assert "<script>" not in term_note["Term"] + term_note["Definition"]


def test_the_same_data_gives_the_same_bytes(data, package):
    assert anki_deck.package(data, SITE, URL) == package
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            assert info.date_time == anki_deck.ZIP_DATE, info.filename  # not the time it was written


def test_ids_and_times_are_fixed_by_the_data(data, package, tmp_path):
    connection = open_collection(package, tmp_path)
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    ours = {d["name"]: int(i) for i, d in decks.items() if d["name"].startswith(SITE)}
    assert ours == {
        f"{SITE}::Questions": anki_deck.stable_id("deck/questions"),
        f"{SITE}::Glossary": anki_deck.stable_id("deck/glossary"),
    }
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    assert {int(i) for i in models} == {anki_deck.stable_id("model/question"), anki_deck.stable_id("model/glossary")}
    for value in (*ours.values(), *map(int, models)):
        assert 1 << 30 <= value < 1 << 31
    stamp = int(anki_deck.timestamp(data))
    assert datetime.fromtimestamp(stamp, UTC) == datetime.combine(data.editorial.as_of, time(0, 0), tzinfo=UTC)
    assert {row[0] for row in connection.execute("SELECT mod FROM notes")} == {stamp}
    assert {row[0] for row in connection.execute("SELECT mod FROM cards")} == {stamp}


def test_an_edited_question_keeps_its_guid_so_anki_updates_the_card(data, deck, tmp_path):
    first = data.questions[0]
    edited = first.model_copy(update={"stem": first.stem + " (reworded)"})
    changed = data.model_copy(update={"questions": [edited, *data.questions[1:]]})
    again = notes(open_collection(anki_deck.package(changed, SITE, URL), tmp_path))
    assert [n["guid"] for n in again] == [n["guid"] for n in deck]
    changed_notes = [(old, new) for old, new in zip(deck, again, strict=True) if old != new]
    assert len(changed_notes) == 1
    assert "(reworded)" in changed_notes[0][1]["Question"]


def test_the_deck_is_a_download_described_with_its_licence(data):
    files = downloads.files(data, SITE, URL)
    assert isinstance(files[anki_deck.FILE], bytes) and files[anki_deck.FILE].startswith(b"PK")
    described = [d for d in downloads.described(data) if anki_deck.FILE in d.paths]
    assert len(described) == 1 and described[0].licence == downloads.CONTENT_LICENCE
    assert downloads.as_bytes(files[anki_deck.FILE]) is files[anki_deck.FILE]
    assert downloads.as_bytes("é") == "é".encode()
