"""Printable handouts: pure functions from the data (and, for a technique, its page's short summary
and self-check questions) to HTML laid out for two A4 sheets, with the answers on a sheet of
their own.

Every handout carries a QR code (inline SVG made by segno, no request) that leads to the full
page with its sources, the page's address in words, the review dates and the licence. The
tools/handouts.py script prints each handout page to PDF with Chromium: once without the answer
sheet (the handout, at most two pages) and once with the answer sheet alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import segno
from markupsafe import Markup

from ..model import SEVERITY_ORDER, Contraindication, Drug, SiteData, Technique
from ..model import Question as DataQuestion
from . import svg, techniques
from .html import el, escape_text, join
from .tables import (
    CERTAINTY_LABELS,
    CONTRAINDICATIONS_PAGE,
    SEVERITY_LABELS,
    Links,
    contraindications_for,
    position_label,
    sentence_case,
    with_source_article_link,
)

SVG_NS = "http://www.w3.org/2000/svg"
LICENCE_NAME = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


# --- the page a technique handout summarises ----------------------------------------------------------

@dataclass(frozen=True)
class Question:
    question: str
    answer: tuple[str, ...]  # paragraphs
    options: tuple[str, ...] = ()  # lettered A, B, C... on the handout


@dataclass(frozen=True)
class PageParts:
    summary: str | None


SUMMARY_START = re.compile(r'^!!! (?:summary|danger) "In short"\s*$')
# A handout has room for this many of a page's self-check questions (the first ones in the data).
HANDOUT_QUESTIONS = 3


def letters(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


def handout_question(question: DataQuestion) -> Question:
    """A data question as printed: the stem and lettered options; the answer names the right
    letters, with why, and the point to take away."""
    right = [letter for letter, option in zip(letters(len(question.options)), question.options) if option.correct]
    answer = [f"{'Answers' if len(right) > 1 else 'Answer'}: {' and '.join(right)}.",
              *(option.explanation for option in question.options if option.correct)]
    if question.feedback:
        answer.append(question.feedback)
    return Question(question.stem, tuple(answer), tuple(option.text for option in question.options))


def page_questions(data: SiteData, page: str) -> tuple[Question, ...]:
    """The first questions in the data that belong to the page (its self-check), as printed."""
    return tuple(handout_question(q) for q in data.questions if q.page == page)[:HANDOUT_QUESTIONS]


def indented_block(lines: Sequence[str], start: int) -> tuple[list[str], int]:
    """The paragraphs of the block indented under line `start - 1`, and the line after it."""
    paragraphs, current, i = [], [], start
    while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
        if lines[i].strip():
            current.append(lines[i].strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
        i += 1
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs, i


def page_parts(markdown: str, where: str) -> PageParts:
    """The "In short" summary of a page, as plain text. A handout prints it as text, so a summary
    that uses a macro or a link is refused by name. (Its questions come from the data.)"""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if SUMMARY_START.match(line):
            paragraphs, _ = indented_block(lines, i + 1)
            summary = " ".join(paragraphs)
            if re.search(r"\{\{|\{%|\]\(|<[a-z]", summary):
                raise ValueError(f"{where}: the 'In short' summary must be plain text for its handout")
            return PageParts(summary)
    return PageParts(None)


# --- the handouts ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Handout:
    name: str            # docs/handouts/<name>.md, and <name>.pdf
    title: str
    holds: str
    answers: bool = False


# The handouts that are not about one technique; every technique has one too (handout_list).
FIXED_HANDOUTS = (
    Handout("urgent-help", "Urgent help", "The warning signs that mean an emergency department now, those that "
            "mean a doctor today, and the emergency numbers."),
    Handout("what-to-do-now", "What to do now", "Keeping moving, pain relief, heat, sleep and work, and who to call "
            "when."),
    Handout("first-session-checklist", "First-session checklist", "The screening questions with tick boxes, "
            "what a yes means and where to send the client."),
)


def handout_list(data: SiteData) -> list[Handout]:
    return [*FIXED_HANDOUTS,
            *(Handout(t.id, t.name, "Summary, diagram, steps, when not to use it, and questions.", answers=True)
              for t in data.techniques)]


def handout_table(handouts: Sequence[Handout], links: Links) -> Markup:
    """Every handout: its page, what it holds and the names of its PDF files (a list, which reads
    on a phone without scrolling sideways)."""
    items = [join([el("dt", el("a", h.title, href=links.page(f"handouts/{h.name}.md")), id=f"handout-{h.name}"),
                   el("dd", el("p", h.holds),
                      el("p", el("strong", "PDF: "), el("code", f"{h.name}.pdf"),
                         *([" and the answers, ", el("code", f"{h.name}-answers.pdf")] if h.answers else [])))])
             for h in handouts]
    return el("dl", join(items), class_="sc-handout-list")


# --- pieces every handout has ---------------------------------------------------------------------------

def long_date(value: object) -> str:
    """'2026-11-25' (a date, or text as some engines give front matter) as '25 November 2026'."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def qr_code(address: str, label: str) -> Markup:
    """A QR code for the address, as inline SVG with a text alternative; black on white in every
    scheme, because a scanner needs the contrast. The quiet zone is the four modules the standard asks."""
    code = segno.make(address, error="m", micro=False)
    drawing = ET.fromstring(code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                            svgclass="sc-qr-code"))
    drawing.set("role", "img")
    drawing.set("aria-label", label)
    title = ET.Element("title")
    title.text = label
    drawing.insert(0, title)
    ET.register_namespace("", SVG_NS)
    text = ET.tostring(drawing, encoding="unicode").replace(f' xmlns="{SVG_NS}"', "")
    return Markup(text.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1))


@dataclass(frozen=True)
class Provenance:
    """Where a handout comes from and how old it is: printed beside its QR code and on its answer sheet."""
    address: str         # the full page's published address
    link: str            # the same page, as this page links to it
    page_title: str
    site_name: str
    reviewed: object     # a date, or its text (YYYY-MM-DD) as some engines give front matter
    next_review: object

    def dates(self) -> str:
        return f"Reviewed {long_date(self.reviewed)}; next review due {long_date(self.next_review)}."


def licence_line() -> Markup:
    """The licence in words, with its address as the link text (a printed link has no target)."""
    return join([f"Licence {LICENCE_NAME}, ", el("a", LICENCE_URL.removeprefix("https://").rstrip("/"), href=LICENCE_URL),
                 Markup(escape_text(": copy and adapt with credit, and share what you adapt under the same licence."))])


def handout_head(source: Provenance) -> Markup:
    """The QR code to the full page; beside it the page's address in words, the review dates and
    the licence, so a printed copy can always be traced, dated and reused."""
    return el("div",
              el("figure", qr_code(source.address, f"QR code: the full page, {source.page_title}, at {source.address}"),
                 class_="sc-qr"),
              el("div",
                 el("p", el("strong", f"Handout from {source.site_name}. "), "The full page, with every source and "
                    "any update: ", el("a", source.address, href=source.link, class_="sc-handout-address")),
                 el("p", source.dates(), " Check the full page for a newer version before you use it."),
                 el("p", "Not a diagnosis: see a health professional about your own care. ", licence_line()),
                 class_="sc-handout-source"),
              class_="sc-handout-head")


def answer_sheet(title: str, questions: Sequence[Question], source: Provenance,
                 links: Links | None = None) -> Markup | None:
    """The answers, on a sheet of their own (a page break before it in print), which names the
    handout, the full page, its review dates and the licence like the handout itself."""
    if not questions:
        return None
    items = [el("li", el("strong", with_source_article_link(q.question, links)),
                *(el("p", with_source_article_link(paragraph, links)) for paragraph in q.answer))
             for q in questions]
    return el("section",
              el("h2", f"Answers: {title}", id="answers", class_="sc-answer-title"),
              el("p", f"The answers to the questions on the handout from {source.site_name}. Full page: ",
                 el("a", source.address, href=source.link), ". ", source.dates(), " ", licence_line(),
                 class_="sc-handout-note"),
              el("ol", join(items), class_="sc-answer-list"),
              class_="sc-answer-sheet", aria_label="Answers")


def question_list(questions: Sequence[Question], links: Links | None = None) -> Markup | None:
    """The questions without their answers, with room to write."""
    if not questions:
        return None
    return el("section",
              el("h2", "Check your understanding", id="handout-questions"),
              el("ol", join([el("li", with_source_article_link(q.question, links),
                                el("ol", join([el("li", with_source_article_link(option, links)) for option in q.options]),
                                   class_="sc-handout-options", type="A") if q.options else None,
                                None if q.options else el("span", "", class_="sc-write-here"))
                             for q in questions]),
                 class_="sc-handout-questions"),
              el("p", "The answers are on a separate sheet.", class_="sc-handout-note"),
              class_="sc-handout-section")


# --- a technique ----------------------------------------------------------------------------------------

SEVERITY_HEADINGS = {"absolute": "Do not massage", "relative": "Only with care or medical advice",
                     "local": "Avoid the area"}


def contraindication_rows(rows: Sequence[Contraindication], links: Links) -> Markup:
    """Compact rows grouped by severity: the words say the severity, the colour repeats it."""
    groups = []
    for severity in sorted({row.severity for row in rows}, key=SEVERITY_ORDER.get):
        items = [el("li", el("a", row.name, href=links.page(CONTRAINDICATIONS_PAGE, f"ci-{row.id}"),
                             class_="sc-handout-ci-name"), ": ", row.instead)
                 for row in rows if row.severity == severity]
        groups.append(el("div",
                         el("p", el("span", SEVERITY_LABELS[severity], class_=f"sc-severity sc-severity-{severity}"),
                            class_="sc-handout-severity"),
                         el("ul", join(items)), class_=f"sc-handout-ci sc-handout-ci-{severity}"))
    return join(groups)


def hazard_rows(rows: Sequence[Contraindication], links: Links) -> Markup | None:
    if not rows:
        return None
    items = [el("li", el("a", row.name, href=links.page(CONTRAINDICATIONS_PAGE, f"ci-{row.id}"),
                         class_="sc-handout-ci-name"), ": ", row.instead) for row in rows]
    return el("div", el("p", el("span", "Hazard of the method: never do this", class_="sc-severity sc-severity-hazard"),
                        class_="sc-handout-severity"),
              el("ul", join(items)), class_="sc-handout-ci sc-handout-ci-hazard")


def technique_depth_page(technique_id: str) -> str:
    """The technique's page for students and therapists, which holds its self-check; its "In short"
    stays on the patient page, massage/<id>.md."""
    return f"massage/{technique_id}-in-depth.md"


def technique_handout(technique: Technique, data: SiteData, parts: PageParts, links: Links,
                      questions: Sequence[Question] | None = None) -> Markup:
    """Summary, diagram and steps side by side, position and evidence, the contraindication rows
    that apply, and the self-check questions (their answers follow on a sheet of their own): by
    default those of the technique's page in depth."""
    regions, points = data.by_id("regions"), data.by_id("points")
    steps = [el("li", el("strong", sentence_case(techniques.step_sentence(i, step, regions, points).split(": ", 1)[1])),
                " ", with_source_article_link(step.detail, links))
             for i, step in enumerate(technique.steps, 1)]
    evidence = technique.evidence
    facts = el("div",
               el("p", el("strong", "Position: "), with_source_article_link(technique.position, links)),
               el("p", el("strong", "Evidence: "), f"certainty {CERTAINTY_LABELS[evidence.certainty].lower()}. ",
                  evidence.guidelines),
               class_="sc-handout-facts")
    return join([
        el("section", el("p", with_source_article_link(parts.summary, links), class_="sc-handout-summary"),
           class_="sc-handout-section")
        if parts.summary else None,
        el("section",
           el("div",
              el("div", el("figure", svg.on_page(techniques.technique_svg(technique, data)), class_="sc-handout-figure"),
                 facts, class_="sc-handout-figure-column"),
              el("div", el("h2", "Steps, in order", id="handout-steps"), el("ol", join(steps), class_="sc-handout-steps"),
                 class_="sc-handout-steps-column"),
              class_="sc-handout-columns"),
           class_="sc-handout-section"),
        el("section",
           el("h2", "When not to use it", id="handout-contraindications"),
           el("p", "Ask about each before the first session (the client screening form). Every row has its "
                   "sources on the site.", class_="sc-handout-note"),
           contraindication_rows(contraindications_for(data, technique.id), links),
           hazard_rows(contraindications_for(data, technique.id, "hazard"), links),
           class_="sc-handout-section sc-handout-contraindications"),
        question_list(page_questions(data, technique_depth_page(technique.id)) if questions is None else questions,
                      links),
    ])


# --- medicines, in plain words --------------------------------------------------------------------------

ADVISED_AGAINST = {"do-not-offer", "not-recommended"}


def advised_against(drugs: Sequence[Drug]) -> list[tuple[Drug, list[str]]]:
    """Medicines a guideline advises against for sciatica, with what exactly it says."""
    found = []
    for drug in drugs:
        labels = [position_label(p) for p in drug.positions
                  if p.stance in ADVISED_AGAINST and p.condition != "low-back-pain"]
        if labels and drug.availability.status != "withdrawn":
            found.append((drug, labels))
    return found


def advised_against_list(drugs: Sequence[Drug], links: Links) -> Markup:
    items = [el("li", el("a", drug.generic, href=links.page("treatment/drugs.md", f"drug-{drug.id}")), " (",
                "; ".join(labels), ")")
             for drug, labels in advised_against(drugs)]
    return el("ul", join(items), class_="sc-advised-against")
