"""The question bank and the glossary as an Anki deck (.apkg), for study between classes. Pure:
data in, bytes out, and the same data gives the same bytes.

One note per question (the stem and its lettered options on the front; the right answers, every
option's verdict and explanation with its sources, and the point to take away on the back) and
one per glossary term (the term; its definition). Texts are HTML made from escaped data. The
cases are left out: a story told in stages does not fit a flashcard.

genanki (https://github.com/kerrickstaley/genanki) builds the collection. Left to itself it
would make a new file each time, so what it would choose is fixed here:

- the deck and note-type ids come from a hash of fixed names, in the range genanki asks for, so a
  student who imports a newer deck gets the same decks, not copies;
- each note's guid comes from its id in the data file, so an edited question replaces the card
  the student already has (with its review history) instead of adding a second one;
- the time genanki writes (note and card ids, modification times) is the data's review date
  (``editorial.as_of``), which moves forward when the content is reviewed, so Anki takes the
  notes of a newer deck as newer;
- the zip is written again with fixed entry dates, because genanki stamps each entry with the
  time the file was written.
"""

from __future__ import annotations

import hashlib
import html
import io
import tempfile
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime, time
from pathlib import Path

import genanki

from .model import GlossaryTerm, Reference, SiteData
from .question_exports import LICENCE, sources_html
from .quizbank import LEVEL_LABELS, PRACTICE_PAGES, TOPIC_LABELS, Item, by_topic, question_item
from .render.tables import page_url
from .siteconfig import NO_ADDRESS

FILE = "downloads/sciatica-massage.apkg"
LETTERS = "ABCDEFGH"
HINTS = {"single": "Choose one answer.", "multiple": "Choose every answer that applies."}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry

CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45; text-align: left;
  color: #1f1f1f; background: #fff; max-width: 40em; margin: 0 auto; padding: 0 0.5em; }
.nightMode.card, .night_mode .card { color: #e8e8e8; background: #1e1e1e; }
.meta, .hint, .source { font-size: 0.8em; opacity: 0.8; }
.options li, .explanations li { margin: 0.3em 0; }
.verdict { font-weight: bold; }
a { color: inherit; }
"""

QUESTION_FIELDS = ("Question", "Hint", "Options", "Answer", "Explanation", "Topic", "Source")
GLOSSARY_FIELDS = ("Term", "Definition", "Source")


def stable_id(name: str) -> int:
    """A deck or note-type id that never changes for the same name, between 1 << 30 and 1 << 31
    as genanki asks."""
    digest = hashlib.sha256(f"sciatica-massage/{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def text(value: str) -> str:
    """Data text as HTML text: escaped, whitespace as on the page."""
    return html.escape(" ".join(value.split()), quote=True)


def origin_html(where: str | None, site_name: str) -> str:
    if not where:  # a build without the site's address: no link to a made-up one
        return f"<p>From {text(site_name)} (address: {text(NO_ADDRESS)}), licence {LICENCE}.</p>"
    return f'<p>From <a href="{html.escape(where, quote=True)}">{text(site_name)}</a>, licence {LICENCE}.</p>'


# --- the notes' fields ---------------------------------------------------------------------------------


def question_fields(item: Item, references: Mapping[str, Reference], where: str | None, site_name: str) -> list[str]:
    options = "".join(f"<li>{text(choice.text)}</li>" for choice in item.choices)
    right = "".join(
        f"<li><b>{LETTERS[index]}</b>: {text(choice.text)}</li>"
        for index, choice in enumerate(item.choices)
        if choice.correct
    )
    explanations = "".join(
        f'<li><span class="verdict">{LETTERS[index]}: {"right" if choice.correct else "wrong"}.</span> '
        f"{text(choice.explanation)}{sources_html(choice.refs, references)}</li>"
        for index, choice in enumerate(item.choices)
    )
    point = (
        f"<p><b>The point:</b> {text(item.feedback)}</p>" + sources_html(item.refs, references)
        if item.feedback
        else sources_html(item.refs, references)
    )
    topic = TOPIC_LABELS[item.topic] if item.topic else ""
    if item.topic and item.level:
        topic += f", {LEVEL_LABELS[item.level].lower()} level"
    return [
        f"<p>{text(item.stem)}</p>",
        HINTS[item.kind],
        f'<ol type="A" class="options">{options}</ol>',
        f'<ul class="right">{right}</ul>',
        f'<ol type="A" class="explanations">{explanations}</ol>{point}',
        text(topic),
        origin_html(where, site_name),
    ]


def glossary_fields(
    term: GlossaryTerm, references: Mapping[str, Reference], where: str | None, site_name: str
) -> list[str]:
    name = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
    return [
        text(name),
        f"<p>{text(term.definition)}</p>{sources_html(term.refs, references)}",
        origin_html(where, site_name),
    ]


# --- the deck ------------------------------------------------------------------------------------------


def note_types() -> tuple[genanki.Model, genanki.Model]:
    question = genanki.Model(
        stable_id("model/question"),
        "Sciatica and massage: question",
        fields=[{"name": name} for name in QUESTION_FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": '<div class="meta">{{Topic}}</div>{{Question}}<div class="hint">{{Hint}}</div>{{Options}}',
                "afmt": '{{FrontSide}}<hr id="answer"><p><b>Right:</b></p>{{Answer}}{{Explanation}}'
                '<div class="source">{{Source}}</div>',
            }
        ],
        css=CSS,
    )
    glossary = genanki.Model(
        stable_id("model/glossary"),
        "Sciatica and massage: glossary term",
        fields=[{"name": name} for name in GLOSSARY_FIELDS],
        templates=[
            {
                "name": "Term",
                "qfmt": "<h2>{{Term}}</h2>",
                "afmt": '{{FrontSide}}<hr id="answer">{{Definition}}<div class="source">{{Source}}</div>',
            }
        ],
        css=CSS,
    )
    return question, glossary


def decks(data: SiteData, site_name: str, site_url: str) -> list[genanki.Deck]:
    """Two decks under one parent: the questions by topic, then the glossary from A to Z."""
    base = site_url.rstrip("/") + "/" if site_url else None  # None: a build without SITE_URL

    def address(page: str, anchor: str) -> str | None:
        return base + page_url(page) + f"#{anchor}" if base else None

    references = data.by_id("references")
    question_type, glossary_type = note_types()
    site = (
        f'<a href="{html.escape(base, quote=True)}">{text(site_name)}</a>'
        if base
        else f"{text(site_name)} (address: {text(NO_ADDRESS)})"
    )
    credit = (
        f"From {site}. Licence {LICENCE} "
        "(https://creativecommons.org/licenses/by-sa/4.0/): credit the site when reusing."
    )
    questions = genanki.Deck(
        stable_id("deck/questions"),
        f"{site_name}::Questions",
        description=f"Self-check questions by topic, with explained answers and sources. {credit}",
    )
    position = 0
    for topic, group in by_topic(data.questions).items():
        for question in group:
            item = question_item(question)
            where = address(question.page or PRACTICE_PAGES[question.topic], item.id)
            questions.add_note(
                genanki.Note(
                    model=question_type,
                    fields=question_fields(item, references, where, site_name),
                    tags=[f"sciatica::{topic}", f"level::{question.level}"],
                    guid=genanki.guid_for("sciatica-massage", "question", question.id),
                    due=position,
                )
            )
            position += 1
    glossary = genanki.Deck(
        stable_id("deck/glossary"),
        f"{site_name}::Glossary",
        description=f"The site's glossary: each term and its definition. {credit}",
    )
    for position, term in enumerate(sorted(data.glossary, key=lambda t: t.term.lower())):
        where = address("glossary.md", f"term-{term.id}")
        glossary.add_note(
            genanki.Note(
                model=glossary_type,
                fields=glossary_fields(term, references, where, site_name),
                tags=["sciatica::glossary"],
                guid=genanki.guid_for("sciatica-massage", "term", term.id),
                due=position,
            )
        )
    return [questions, glossary]


def timestamp(data: SiteData) -> float:
    """The data's review date, midnight UTC, as seconds since 1970."""
    return datetime.combine(data.editorial.as_of, time(0, 0), tzinfo=UTC).timestamp()


def package(data: SiteData, site_name: str, site_url: str) -> bytes:
    """The .apkg file's bytes: genanki's package, its zip entries re-dated and re-compressed."""
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / "deck.apkg"
        genanki.Package(decks(data, site_name, site_url)).write_to_file(str(written), timestamp=timestamp(data))
        with zipfile.ZipFile(written) as source:
            entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()
