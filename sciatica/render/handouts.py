"""Printable handouts: pure functions from the data (and, for a technique, its page's short summary
and self-check questions) to HTML laid out for two A4 sheets, with the answers on a sheet of
their own.

Every handout carries a QR code (inline SVG made by segno, no request) that leads to the full
page with its sources, the page's address in words, the review dates and the licence. A build
without the site's address (SITE_URL) has no address to put in a QR code: the handout then says so
where the code would be, and links to the full page relatively. The tools/handouts.py script
prints each handout page to PDF with Chromium: once without the answer sheet (the handout, at
most two pages) and once with the answer sheet alone.

Print sizes (docs/stylesheets/site.css, checked by tests/browser/test_print.py): a leaflet for
patients or clients prints its text at 11 pt or more, a sheet for students and therapists at
10.5 pt or more, and each diagram at least 6 cm wide, its key beside or under it as page text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import segno
from markupsafe import Markup

from ..model import SEVERITY_ORDER, Contraindication, Drug, Reference, SiteData, Technique
from ..model import Question as DataQuestion
from ..siteconfig import NO_ADDRESS
from . import svg, techniques
from .html import el, escape_text, join
from .tables import (
    CERTAINTY_LABELS,
    CONTRAINDICATIONS_PAGE,
    DRUGS_PAGE,
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
# A handout has room for this many of a page's self-check questions (the first ones in the data) on
# its two sheets, at a size a reader can read; the page itself has them all.
HANDOUT_QUESTIONS = 2


def letters(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


def handout_question(question: DataQuestion) -> Question:
    """A data question as printed: the stem and lettered options; the answer names the right
    letters, with why, and the point to take away."""
    right = [letter for letter, option in zip(letters(len(question.options)), question.options) if option.correct]
    answer = [
        f"{'Answers' if len(right) > 1 else 'Answer'}: {' and '.join(right)}.",
        *(option.explanation for option in question.options if option.correct),
    ]
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
    name: str  # docs/handouts/<name>.md, and <name>.pdf
    title: str
    holds: str
    answers: bool = False
    # Who reads it on paper: "patient" (a leaflet or form for patients and clients: larger type,
    # no citation marks, its sources listed at the end) or "student" (students and therapists).
    reader: str = "student"


# The smallest type each reader gets on paper, in points (tests/browser/test_print.py measures it).
MIN_PRINT_PT = {"patient": 11.0, "student": 10.5}
# Every diagram prints at least this wide, in centimetres.
MIN_DIAGRAM_CM = 6.0

# The handouts that are not about one technique; every technique has one too (handout_list).
FIXED_HANDOUTS = (
    Handout(
        "urgent-help",
        "Urgent help",
        "The warning signs that mean an emergency department now, those that "
        "mean a doctor today, and the emergency numbers.",
        reader="patient",
    ),
    Handout(
        "what-to-do-now",
        "What to do now",
        "Keeping moving, pain relief, heat, sleep and work, and who to call when.",
        reader="patient",
    ),
    Handout(
        "client-intake-form",
        "Client intake form",
        "For the client to fill in before a first session: "
        "contact details, their GP, medicines, the screening questions with tick boxes, consent, date and "
        "signature; where each yes sends them, and which answers a clinician should review.",
        reader="patient",
    ),
    Handout(
        "first-session-checklist",
        "First-session checklist",
        "The screening questions with tick boxes, what a yes means and where to send the client.",
    ),
)


def handout_list(data: SiteData) -> list[Handout]:
    return [
        *FIXED_HANDOUTS,
        *(
            Handout(t.id, t.name, "Summary, diagram, steps, when not to use it, and questions.", answers=True)
            for t in data.techniques
        ),
    ]


def handout_named(name: str, data: SiteData) -> Handout | None:
    return next((h for h in handout_list(data) if h.name == name), None)


def handout_table(handouts: Sequence[Handout], links: Links) -> Markup:
    """Every handout: its page, what it holds and the names of its PDF files (a list, which reads
    on a phone without scrolling sideways)."""
    items = [
        join(
            [
                el("dt", el("a", h.title, href=links.page(f"handouts/{h.name}.md")), id=f"handout-{h.name}"),
                el(
                    "dd",
                    el("p", h.holds),
                    el(
                        "p",
                        el("strong", "PDF: "),
                        el("code", f"{h.name}.pdf"),
                        *([" and the answers, ", el("code", f"{h.name}-answers.pdf")] if h.answers else []),
                    ),
                ),
            ]
        )
        for h in handouts
    ]
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
    drawing = ET.fromstring(
        code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="sc-qr-code")
    )
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

    address: str | None  # the full page's published address; None in a build without SITE_URL
    link: str  # the same page, as this page links to it
    page_title: str
    site_name: str
    reviewed: object  # a date, or its text (YYYY-MM-DD) as some engines give front matter
    next_review: object

    def dates(self) -> str:
        return f"Reviewed {long_date(self.reviewed)}; next review due {long_date(self.next_review)}."


def licence_line() -> Markup:
    """The licence in words, with its address as the link text (a printed link has no target)."""
    link = el("a", LICENCE_URL.removeprefix("https://").rstrip("/"), href=LICENCE_URL, class_="sc-licence-link")
    return join([f"Licence {LICENCE_NAME} (", link, Markup(escape_text("): share and adapt with credit."))])


def full_page_link(source: Provenance) -> Markup:
    """The full page: its address in words (a printed link has no target), or, in a build without
    the site's address, its title linked relatively and what to set."""
    if source.address:
        return el("a", source.address, href=source.link, class_="sc-handout-address")
    return join(
        [
            el("a", source.page_title, href=source.link, class_="sc-handout-address"),
            el("span", f" (address: {NO_ADDRESS})", class_="sc-no-address"),
        ]
    )


def handout_head(source: Provenance, reader: str = "student") -> Markup:
    """The QR code to the full page; beside it the page's address in words, the review dates and
    the licence, so a printed copy can always be traced, dated and reused. Without the site's
    address there is no QR code, and the place it would take says why."""
    if source.address:
        code = el(
            "figure",
            qr_code(source.address, f"QR code: the full page, {source.page_title}, at {source.address}"),
            class_="sc-qr",
        )
    else:
        code = el("p", el("strong", "QR code: "), NO_ADDRESS, ".", class_="sc-qr sc-qr-missing")
    return el(
        "div",
        code,
        el(
            "div",
            el(
                "p",
                el("strong", f"Handout from {source.site_name}. "),
                "The full page, with every source and any update: ",
                full_page_link(source),
            ),
            el("p", source.dates()),
            el("p", "Not a diagnosis: see a health professional about your own care. ", licence_line()),
            class_="sc-handout-source",
        ),
        class_=f"sc-handout-head sc-handout-{reader}",
        data_reader=reader,
    )


def answer_sheet(
    title: str, questions: Sequence[Question], source: Provenance, links: Links | None = None
) -> Markup | None:
    """The answers, on a sheet of their own (a page break before it in print), which names the
    handout, the full page, its review dates and the licence like the handout itself."""
    if not questions:
        return None
    items = [
        el(
            "li",
            el("strong", with_source_article_link(q.question, links)),
            *(el("p", with_source_article_link(paragraph, links)) for paragraph in q.answer),
        )
        for q in questions
    ]
    return el(
        "section",
        el("h2", f"Answers: {title}", id="answers", class_="sc-answer-title"),
        el(
            "p",
            f"The answers to the questions on the handout from {source.site_name}. Full page: ",
            full_page_link(source),
            ". ",
            source.dates(),
            " ",
            licence_line(),
            class_="sc-handout-note",
        ),
        el("ol", join(items), class_="sc-answer-list"),
        class_="sc-answer-sheet",
        aria_label="Answers",
    )


def question_list(questions: Sequence[Question], links: Links | None = None) -> Markup | None:
    """The questions without their answers, with room to write."""
    if not questions:
        return None
    return el(
        "section",
        el(
            "h2",
            "Check your understanding ",
            el("span", "(the answers are on a separate sheet)", class_="sc-handout-note"),
            id="handout-questions",
        ),
        el(
            "ol",
            join(
                [
                    el(
                        "li",
                        with_source_article_link(q.question, links),
                        el(
                            "ol",
                            join([el("li", with_source_article_link(option, links)) for option in q.options]),
                            class_="sc-handout-options",
                            type="A",
                        )
                        if q.options
                        else None,
                        None if q.options else el("span", "", class_="sc-write-here"),
                    )
                    for q in questions
                ]
            ),
            class_="sc-handout-questions",
        ),
        class_="sc-handout-section",
    )


# --- a technique ----------------------------------------------------------------------------------------

SEVERITY_HEADINGS = {
    "absolute": "Do not massage",
    "relative": "Only with care or medical advice",
    "local": "Avoid the area",
}


def row_link(row: Contraindication, links: Links) -> Markup:
    return el("a", row.name, href=links.page(CONTRAINDICATIONS_PAGE, f"ci-{row.id}"), class_="sc-handout-ci-name")


def contraindication_rows(rows: Sequence[Contraindication], links: Links) -> Markup:
    """Compact rows grouped by severity: the words say the severity, the colour repeats it. The
    absolute ones mean no massage whatever the technique, so they are named in one list, and the
    screening form says where each sends the client; the others say how to adapt."""
    groups = []
    for severity in sorted({row.severity for row in rows}, key=SEVERITY_ORDER.__getitem__):
        chosen = [row for row in rows if row.severity == severity]
        label = el("span", SEVERITY_LABELS[severity], class_=f"sc-severity sc-severity-{severity}")
        if severity == "absolute":
            groups.append(
                el(
                    "div",
                    el(
                        "p",
                        label,
                        ": ",
                        join([row_link(row, links) for row in chosen], "; "),
                        ". Ask first, and act on a yes as the screening form says.",
                        class_="sc-handout-severity",
                    ),
                    class_=f"sc-handout-ci sc-handout-ci-{severity}",
                )
            )
            continue
        if severity == "local":  # short rows, run together in one paragraph
            groups.append(
                el(
                    "div",
                    el(
                        "p",
                        label,
                        ": ",
                        join(
                            [join([row_link(row, links), " (", row.instead.rstrip("."), ")"]) for row in chosen], "; "
                        ),
                        ".",
                        class_="sc-handout-severity",
                    ),
                    class_=f"sc-handout-ci sc-handout-ci-{severity}",
                )
            )
            continue
        items = [el("li", row_link(row, links), ": ", row.instead) for row in chosen]
        groups.append(
            el(
                "div",
                el("p", label, class_="sc-handout-severity"),
                el("ul", join(items)),
                class_=f"sc-handout-ci sc-handout-ci-{severity}",
            )
        )
    return join(groups)


def hazard_rows(rows: Sequence[Contraindication], links: Links) -> Markup | None:
    if not rows:
        return None
    items = [el("li", row_link(row, links), ": ", row.instead) for row in rows]
    return el(
        "div",
        el(
            "p",
            el("span", "Hazard of the method: never do this", class_="sc-severity sc-severity-hazard"),
            class_="sc-handout-severity",
        ),
        el("ul", join(items)),
        class_="sc-handout-ci sc-handout-ci-hazard",
    )


def handout_figure(technique: Technique, data: SiteData) -> tuple[Markup, Markup]:
    """The technique's drawing, and its key as page text (which prints at the text's size, however
    small the drawing), rather than the downloadable file's key drawn inside it."""
    figure = techniques.technique_figure(technique, data)
    return (
        el("figure", svg.on_page(svg.drawing_svg(figure, page=False)), class_="sc-handout-figure"),
        svg.key_html(figure),
    )


def technique_depth_page(technique_id: str) -> str:
    """The technique's page for students and therapists, which holds its self-check; its "In short"
    stays on the patient page, massage/<id>.md."""
    return f"massage/{technique_id}-in-depth.md"


def technique_handout(
    technique: Technique, data: SiteData, parts: PageParts, links: Links, questions: Sequence[Question] | None = None
) -> Markup:
    """Summary, diagram and steps side by side, position and evidence, the contraindication rows
    that apply, and the self-check questions (their answers follow on a sheet of their own): by
    default those of the technique's page in depth."""
    regions, points = data.by_id("regions"), data.by_id("points")
    # Each step's number is a badge like the drawing's, so a step is found in both at a glance.
    steps = [
        el(
            "li",
            el("span", str(i), class_="sc-step-badge"),
            el("strong", sentence_case(techniques.step_sentence(i, step, regions, points).split(": ", 1)[1])),
            " ",
            with_source_article_link(step.detail, links),
        )
        for i, step in enumerate(technique.steps, 1)
    ]
    drawing, key = handout_figure(technique, data)
    evidence = technique.evidence
    # What guidelines say is in the summary above, in plain words, and on the full page with its
    # sources; the handout keeps the certainty.
    facts = el(
        "div",
        el("p", el("strong", "Position: "), with_source_article_link(technique.position, links)),
        el(
            "p",
            el("strong", "Certainty of the evidence: "),
            f"{CERTAINTY_LABELS[evidence.certainty].lower()}.",
            " The full page gives the trials and what each guideline says.",
        ),
        class_="sc-handout-facts",
    )
    return join(
        [
            el(
                "section",
                el("p", with_source_article_link(parts.summary, links), class_="sc-handout-summary"),
                class_="sc-handout-section",
            )
            if parts.summary
            else None,
            el(
                "section",
                el(
                    "div",
                    el("div", drawing, el("div", key, class_="sc-handout-key"), class_="sc-handout-figure-column"),
                    el(
                        "div",
                        el("h2", "Steps, in order", id="handout-steps"),
                        el("ol", join(steps), class_="sc-handout-steps"),
                        class_="sc-handout-steps-column",
                    ),
                    class_="sc-handout-columns",
                ),
                facts,
                class_="sc-handout-section",
            ),
            el(
                "section",
                el(
                    "h2",
                    "When not to use it ",
                    el("span", "(each row, with its sources, is on the site)", class_="sc-handout-note"),
                    id="handout-contraindications",
                ),
                contraindication_rows(contraindications_for(data, technique.id), links),
                hazard_rows(contraindications_for(data, technique.id, "hazard"), links),
                class_="sc-handout-section sc-handout-contraindications",
            ),
            question_list(
                page_questions(data, technique_depth_page(technique.id)) if questions is None else questions, links
            ),
        ]
    )


# --- medicines, in plain words --------------------------------------------------------------------------

ADVISED_AGAINST = {"do-not-offer", "not-recommended"}


def advised_against(drugs: Sequence[Drug]) -> list[tuple[Drug, list[str]]]:
    """Medicines a guideline advises against for sciatica, with what exactly it says."""
    found = []
    for drug in drugs:
        labels = [
            position_label(p) for p in drug.positions if p.stance in ADVISED_AGAINST and p.condition != "low-back-pain"
        ]
        if labels and drug.availability.status != "withdrawn":
            found.append((drug, labels))
    return found


def advised_against_list(drugs: Sequence[Drug], links: Links) -> Markup:
    items = [
        el("li", el("a", drug.generic, href=links.page(DRUGS_PAGE, f"drug-{drug.id}")), " (", "; ".join(labels), ")")
        for drug, labels in advised_against(drugs)
    ]
    return el("ul", join(items), class_="sc-advised-against")


# --- a leaflet's sources ----------------------------------------------------------------------------------


def short_title(title: str) -> str:
    """A title without its subtitle or a note in brackets after it: 'Spinal epidural abscess: a
    review ...' is cited as 'Spinal epidural abscess'."""
    for mark in (": ", " ("):
        head = title.split(mark, 1)[0].strip()
        if len(head.split()) >= 2:
            title = head
    return title


def source_line(reference: Reference) -> Markup:
    """A source in a few words, as a leaflet lists it: who (an organisation, or the first author
    and 'et al'), the short title and the year. The full reference, with its link, is on the
    leaflet's full page."""
    who = reference.organisation or reference.authors or ""
    if reference.authors and not reference.organisation:
        first, _, rest = reference.authors.partition(",")
        who = f"{first.strip()} et al" if rest.strip() else first.strip()
    title = short_title(reference.title)
    title_end = "" if title.rstrip()[-1:] in ".?!" else "."
    year = [" ", str(reference.year)] if reference.year else []
    parts = [f"{who.rstrip('.')}. "] if who else []
    return join([*parts, el("cite", title), title_end, *year])


def source_list(references: Sequence[Reference]) -> Markup:
    """A leaflet's sources at its end, in the order its text relies on them (the item ids are the
    ones citation marks on screen link to)."""
    return el(
        "ol",
        join([el("li", source_line(ref), id=f"ref-{ref.id}") for ref in references]),
        class_="sc-references sc-sources-short",
    )


def in_a_list(name: str) -> str:
    """A medicine's name inside a sentence: 'Gabapentin' becomes 'gabapentin'; 'NSAIDs' stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def advised_against_groups(drugs: Sequence[Drug], links: Links) -> Markup:
    """The same medicines, one line for each thing a guideline says (shorter, for a patient page):
    'NICE NG59: do not offer for sciatica: gabapentin; pregabalin; ...'."""
    groups: dict[str, list[Drug]] = {}
    for drug, labels in advised_against(drugs):
        for label in labels:
            groups.setdefault(label, []).append(drug)
    items = [
        el(
            "li",
            el("strong", label),
            ": ",
            join(
                [el("a", in_a_list(drug.generic), href=links.page(DRUGS_PAGE, f"drug-{drug.id}")) for drug in group],
                "; ",
            ),
            ".",
        )
        for label, group in groups.items()
    ]
    return el("ul", join(items), class_="sc-advised-against sc-advised-against-grouped")
