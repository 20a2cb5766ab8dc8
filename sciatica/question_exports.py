"""The question bank as files a learning platform imports: Moodle XML and GIFT. Pure functions.

Both formats carry the same thing: one category per topic ($course$/Sciatica/<Topic>), and per
question its stem, its options with a grade each (Moodle calls it the fraction), feedback on
every option (its explanation and sources) and general feedback (the point to take away, the
sources and where the question comes from). Texts are HTML made from escaped data, so a data
text such as ``<script>`` arrives in Moodle as the words, never as markup.

Grades follow Moodle's rules (question_bank::fraction_options_full, and the multiple-choice type's
check that the right answers add up to 100%): a one-answer question gives 100 to its right option
and 0 to the others; a several-answer question shares 100 among its right options and -100
among its wrong ones, using only the grades Moodle offers.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .model import Reference, SiteData
from .quizbank import PRACTICE_PAGES, TOPIC_LABELS, Item, by_topic, case_items, question_item
from .render.tables import page_url
from .siteconfig import NO_ADDRESS

# Moodle's grade list as percentages, exactly as its export writes them (7 decimal places as a fraction).
MOODLE_GRADES = (
    "100",
    "90",
    "83.33333",
    "80",
    "75",
    "70",
    "66.66667",
    "60",
    "50",
    "40",
    "33.33333",
    "30",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
    "5",
    "0",
)
SHARES = {n: grade for n in range(1, 11) for grade in MOODLE_GRADES if abs(float(grade) - 100 / n) < 0.001}
CATEGORY_ROOT = "$course$/Sciatica"
LICENCE = "CC BY-SA 4.0"


def fractions(item: Item) -> list[str]:
    """Each option's grade in percent, as Moodle's list spells it."""
    right = sum(c.correct for c in item.choices)
    wrong = len(item.choices) - right
    if item.kind == "single":
        return ["100" if c.correct else "0" for c in item.choices]
    if right not in SHARES or (wrong and wrong not in SHARES):
        raise ValueError(f"{item.id}: {right} right and {wrong} wrong options have no grades in Moodle's list")
    return [SHARES[right] if c.correct else f"-{SHARES[wrong]}" for c in item.choices]


@dataclass(frozen=True)
class Section:
    """A category of the bank and its questions."""

    category: str  # such as $course$/Sciatica/Anatomy
    items: tuple[Item, ...]
    where: dict[str, str | None]  # item id -> the address of the question on the site (None: no SITE_URL)


# --- HTML for the texts -------------------------------------------------------------------------------


def text(value: str) -> str:
    """Data text as HTML text: escaped, whitespace as in the page (line breaks kept as spaces)."""
    return html.escape(" ".join(value.split()), quote=False)


def reference_html(reference: Reference) -> str:
    """A short citation with a link to the original: title (container, year)."""
    year = str(reference.year) if reference.year else "n.d."
    label = f"{text(reference.title)} ({text(reference.container)}, {year})"
    if reference.doi:
        href = f"https://doi.org/{reference.doi}"
    elif reference.pmid:
        href = f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"
    else:
        href = reference.url or ""
    return f'<a href="{html.escape(href, quote=True)}">{label}</a>' if href else label


def sources_html(ref_ids: Sequence[str], references: Mapping[str, Reference]) -> str:
    return "<p>Sources: " + "; ".join(reference_html(references[r]) for r in ref_ids) + ".</p>" if ref_ids else ""


def question_html(item: Item) -> str:
    context = "".join(f"<p>{text(part)}</p>" for part in item.context)
    return f"{context}<p>{text(item.stem)}</p>"


def answer_html(item: Item, index: int) -> str:
    return f"<p>{text(item.choices[index].text)}</p>"


def answer_feedback_html(item: Item, index: int, references: Mapping[str, Reference]) -> str:
    choice = item.choices[index]
    return f"<p>{text(choice.explanation)}</p>" + sources_html(choice.refs, references)


def general_feedback_html(item: Item, references: Mapping[str, Reference], where: str | None, site_name: str) -> str:
    point = f"<p>{text(item.feedback)}</p>" if item.feedback else ""
    if where:
        origin = f'<p>From <a href="{html.escape(where, quote=True)}">{text(site_name)}</a>, licence {LICENCE}.</p>'
    else:  # a build without the site's address: no link to a made-up one
        origin = f"<p>From {text(site_name)} (address: {text(NO_ADDRESS)}), licence {LICENCE}.</p>"
    return point + sources_html(item.refs, references) + origin


# --- Moodle XML -------------------------------------------------------------------------------------


def sub_text(parent: ET.Element, tag: str, value: str, format_: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": format_} if format_ else {})
    ET.SubElement(element, "text").text = value
    return element


def moodle_question(
    quiz: ET.Element, item: Item, references: Mapping[str, Reference], where: str | None, site_name: str
) -> None:
    question = ET.SubElement(quiz, "question", {"type": "multichoice"})
    sub_text(question, "name", item.id, None)
    sub_text(question, "questiontext", question_html(item))
    sub_text(question, "generalfeedback", general_feedback_html(item, references, where, site_name))
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0.3333333"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.id
    ET.SubElement(question, "single").text = "true" if item.kind == "single" else "false"
    ET.SubElement(question, "shuffleanswers").text = "true"
    ET.SubElement(question, "answernumbering").text = "ABCD"
    ET.SubElement(question, "showstandardinstruction").text = "1"
    sub_text(question, "correctfeedback", "<p>Your answer is right.</p>")
    sub_text(question, "partiallycorrectfeedback", "<p>Your answer is partly right.</p>")
    sub_text(question, "incorrectfeedback", "<p>Your answer is wrong.</p>")
    ET.SubElement(question, "shownumcorrect")
    for index, fraction in enumerate(fractions(item)):
        answer = ET.SubElement(question, "answer", {"fraction": fraction, "format": "html"})
        ET.SubElement(answer, "text").text = answer_html(item, index)
        sub_text(answer, "feedback", answer_feedback_html(item, index, references))
    labels = [tag for tag in (item.topic, item.level) if tag]
    if labels:
        tags = ET.SubElement(question, "tags")
        for label in labels:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = label


def moodle_xml(sections: Sequence[Section], references: Mapping[str, Reference], site_name: str) -> str:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" Questions from {site_name}; licence {LICENCE} (credit the site when reusing). "))
    for section in sections:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        sub_text(category, "category", section.category, None)
        sub_text(category, "info", "", "html")
        for item in section.items:
            moodle_question(quiz, item, references, section.where[item.id], site_name)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- GIFT ---------------------------------------------------------------------------------------------

GIFT_SPECIALS = "~=#{}:"


def gift_escape(value: str) -> str:
    """Escape GIFT's control characters (and the backslash itself); a line break becomes \\n."""
    value = value.replace("\\", "\\\\")
    for character in GIFT_SPECIALS:
        value = value.replace(character, "\\" + character)
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def gift_question(item: Item, references: Mapping[str, Reference], where: str | None, site_name: str) -> str:
    lines = [
        f"// {item.id}" + (f": {item.topic}, {item.level}" if item.topic else ""),
        f"::{item.id}::[html]{gift_escape(question_html(item))}{{",
    ]
    for index, fraction in enumerate(fractions(item)):
        if item.kind == "single":
            mark = "=" if fraction == "100" else "~"
        else:
            mark = f"~%{fraction}%"
        lines.append(
            f"{mark}{gift_escape(answer_html(item, index))}"
            f"#{gift_escape(answer_feedback_html(item, index, references))}"
        )
    lines.append(f"####{gift_escape(general_feedback_html(item, references, where, site_name))}")
    lines.append("}")
    return "\n".join(lines)


def gift(sections: Sequence[Section], references: Mapping[str, Reference], site_name: str) -> str:
    blocks = [f"// Questions from {site_name}; licence {LICENCE} (credit the site when reusing)."]
    for section in sections:
        blocks.append(f"$CATEGORY: {section.category}")
        blocks += [gift_question(item, references, section.where[item.id], site_name) for item in section.items]
    return "\n\n".join(blocks) + "\n"


# --- the files ------------------------------------------------------------------------------------------

FOLDER = "downloads/questions"


def sections(data: SiteData, site_url: str) -> dict[str, list[Section]]:
    """The bank's sections by file name stem: one per topic, the cases, and all of them together.
    Each question links back to its place on the site, when the site has an address (site_url)."""

    def address(page: str, anchor: str) -> str | None:
        return site_url.rstrip("/") + "/" + page_url(page) + f"#{anchor}" if site_url else None

    per_topic: dict[str, list[Section]] = {}
    for topic, questions in by_topic(data.questions).items():
        if questions:
            items = tuple(question_item(q) for q in questions)
            where = {
                question_item(q).id: address(q.page or PRACTICE_PAGES[q.topic], question_item(q).id) for q in questions
            }
            per_topic[topic] = [Section(f"{CATEGORY_ROOT}/{TOPIC_LABELS[topic]}", items, where)]
    case_sections = []
    for case in data.cases:
        items = tuple(case_items(case, data))
        case_sections.append(
            Section(
                f"{CATEGORY_ROOT}/Cases/{case.id}",
                items,
                {item.id: address("cases.md", f"case-{case.id}") for item in items},
            )
        )
    found = {"sciatica-questions": [s for group in per_topic.values() for s in group] + case_sections}
    found |= {f"sciatica-{topic}": group for topic, group in per_topic.items()}
    if case_sections:
        found["sciatica-cases"] = case_sections
    return found


def listing(data: SiteData) -> list[tuple[str, str, str]]:
    """(label, Moodle XML path, GIFT path) for each file set, in the order trainers see them."""
    labels = {"sciatica-questions": "All questions and cases", "sciatica-cases": "Case studies"}
    labels |= {f"sciatica-{topic}": label for topic, label in TOPIC_LABELS.items()}
    return [(labels[stem], f"{FOLDER}/{stem}.xml", f"{FOLDER}/{stem}.gift.txt") for stem in sections(data, "")]


def files(data: SiteData, site_name: str, site_url: str) -> dict[str, str]:
    """Path under docs/ -> text, for every question-bank file."""
    references = data.by_id("references")
    out: dict[str, str] = {}
    for stem, group in sections(data, site_url).items():
        out[f"{FOLDER}/{stem}.xml"] = moodle_xml(group, references, site_name)
        out[f"{FOLDER}/{stem}.gift.txt"] = gift(group, references, site_name)
    return out
