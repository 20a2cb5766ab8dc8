"""Questions and cases as HTML forms: pure functions, escaped by construction.

Each question is a form: a fieldset whose legend is the question, radio buttons (one answer) or
check boxes (several) with large labels, a Check button, a live region for the result, and a
closed <details> that holds every option's verdict, its explanation and its sources. The page
works without JavaScript: the options show, the button stays hidden (it would do nothing), and
the answers wait in the closed details, as a printed page or a reader without scripts expects.
docs/javascripts/quiz.js reveals the button, scores the answer, marks each chosen option in
words as well as colour, and opens the explanations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from ..pages import page_url
from ..quizbank import LEVEL_LABELS, TOPIC_LABELS, CaseStage, Item
from .html import el, escape_text, join
from .tables import Cite, Links, root_for, with_source_article_link

LETTERS = "ABCDEFGH"
HINTS = {"single": "Choose one answer.", "multiple": "Choose every answer that applies."}


def as_sentence(text: str) -> str:
    """An option's text, closed with a full stop when it has no end mark, to lead its explanation."""
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def text_with_links(text: str, links: Links | None) -> Markup:
    return with_source_article_link(" ".join(text.split()), links)


def question_form(
    item: Item,
    cite: Cite,
    links: Links | None = None,
    *,
    number: int | None = None,
    total: int | None = None,
    show_level: bool = False,
    topic: str | None = None,
) -> Markup:
    """One question as a form that scores itself with JavaScript and reads as a plain question
    with a hidden answer without it."""
    input_type = "radio" if item.kind == "single" else "checkbox"
    name = f"{item.id}-answer"
    options = []
    for index, choice in enumerate(item.choices, start=1):
        input_id = f"{item.id}-{index}"
        options.append(
            el(
                "li",
                el(
                    "label",
                    el(
                        "input",
                        type=input_type,
                        name=name,
                        id=input_id,
                        value=LETTERS[index - 1],
                        class_="sc-quiz-input",
                    ),
                    el("span", LETTERS[index - 1], class_="sc-quiz-letter", aria_hidden="true"),
                    el("span", " ".join(choice.text.split()), class_="sc-quiz-text"),
                    el("span", class_="sc-quiz-mark"),
                    for_=input_id,
                    class_="sc-quiz-option",
                ),
            )
        )
    explanations = [
        el(
            "li",
            el("strong", f"{LETTERS[index - 1]}: {'right' if choice.correct else 'wrong'}.", class_="sc-quiz-verdict"),
            " ",
            el("span", as_sentence(choice.text), class_="sc-quiz-option-text"),
            Markup(" "),
            el("span", text_with_links(choice.explanation, links)),
            cite(*choice.refs),
            class_="sc-quiz-right" if choice.correct else "sc-quiz-wrong",
            data_correct="true" if choice.correct else "false",
        )
        for index, choice in enumerate(item.choices, start=1)
    ]
    feedback = None
    if item.feedback:
        feedback = el(
            "p",
            el("strong", "The point: "),
            text_with_links(item.feedback, links),
            cite(*item.refs) if item.refs else None,
            class_="sc-quiz-feedback",
        )
    heading = f"Question {number}" + (f" of {total}" if total else "") + ": " if number else ""
    meta = [HINTS[item.kind]]
    if show_level and item.level:
        meta.insert(0, f"Level: {LEVEL_LABELS[item.level]}.")
    return el(
        "form",
        el(
            "fieldset",
            el(
                "legend",
                el("span", heading, class_="sc-quiz-number") if heading else None,
                text_with_links(item.stem, links),
            ),
            el("p", " ".join(meta), class_="sc-quiz-hint"),
            el("ul", join(options), class_="sc-quiz-options"),
            el(
                "div",
                el("button", "Check my answer", type="submit", class_="md-button sc-quiz-check", hidden=True),
                el("p", class_="sc-quiz-result", role="status"),
                class_="sc-quiz-actions",
            ),
            el(
                "details",
                el("summary", "Answer and explanations"),
                el("ol", join(explanations), class_="sc-quiz-explanations"),
                feedback,
                class_="sc-quiz-answer",
            ),
        ),
        class_="sc-quiz",
        id=item.id,
        data_kind=item.kind,
        data_topic=topic or item.topic,
        data_level=item.level,
    )


def self_check(items: Sequence[Item], cite: Cite, links: Links | None = None) -> Markup:
    """A page's questions, one form after another (each a block of its own in the Markdown)."""
    return Markup("\n\n").join(
        question_form(item, cite, links, number=n, total=len(items)) for n, item in enumerate(items, start=1)
    )


def score_box(topic: str, count: int, question_ids: Sequence[str] = ()) -> Markup:
    """A topic's score, kept in this browser only (hidden without JavaScript, which is what keeps
    it). On the practice index it also names the topic's questions, so quiz.js can count those due
    for review today."""
    return el(
        "div",
        el(
            "p",
            f"{count} questions. No answers yet; your score is kept in this browser only.",
            class_="sc-practice-status",
            role="status",
        ),
        el("button", "Reset this topic's score", type="button", class_="md-button sc-practice-reset"),
        class_="sc-practice-score",
        data_topic=topic,
        data_total=str(count),
        data_questions=" ".join(question_ids) or None,
        hidden=True,
    )


def practice_topic(topic: str, items: Sequence[Item], cite: Cite, links: Links | None = None) -> Markup:
    forms = [
        question_form(item, cite, links, number=n, total=len(items), show_level=True, topic=topic)
        for n, item in enumerate(items, start=1)
    ]
    return el("div", score_box(topic, len(items)), join(forms), class_="sc-practice", data_topic=topic)


# What the spaced review says to a reader with no schedule yet: in the page from the start, so the
# panel keeps its height when quiz.js takes over (it says the same, read from here).
NOTHING_DUE = "Nothing is due yet: answer the questions below, and each comes back here when it is due."


def spaced_panel() -> Markup:
    """A practice topic's spaced review: a switch that puts the topic's questions due today above
    the others, what is due, and a way to start the schedule again. Hidden without JavaScript,
    which keeps the schedule (docs/javascripts/quiz.js); the due questions move into its queue, so
    the page carries no copy of any question."""
    return el(
        "div",
        el(
            "div",
            el(
                "label",
                el("input", type="checkbox", class_="sc-spaced-on"),
                " Due questions first",
                class_="sc-spaced-switch",
            ),
            el("p", NOTHING_DUE, class_="sc-spaced-status", role="status"),
            el("button", "Start the schedule again", type="button", class_="md-button sc-spaced-reset"),
            class_="sc-spaced-controls",
        ),
        el("div", class_="sc-spaced-queue"),
        class_="sc-spaced",
        hidden=True,
    )


def practice_page(topic: str, items: Sequence[Item], cite: Cite, links: Links | None = None) -> Markup:
    """One topic's page: its spaced review, then its questions with their score."""
    return join([spaced_panel(), practice_topic(topic, items, cite, links)], "\n")


def practice_index(grouped: Mapping[str, Sequence[Item]], pages: Mapping[str, str], here: str, links: Links) -> str:
    """The practice index: each topic under its own heading (Markdown, so the headings keep their
    permanent links and a place in the table of contents), with the way to its page, its score
    and how many of its questions are due today. Each question's old anchor stays here, folded in
    a list of links to the topic's questions, and leads on to the question on its page: site.js
    and the link checker follow data-moved-to, written as a built URL, which no engine rewrites."""
    built = Links(root_for(page_url(here, links.directory_urls)), links.directory_urls)
    sections = []
    for topic, items in grouped.items():
        if not items:
            continue
        label, page = TOPIC_LABELS[topic], pages[topic]
        # Numbers, not the questions' words: a question read without its options and
        # explanations can mislead (one names a withdrawn drug's brand, to ask which are brands).
        entries = [
            el(
                "li",
                el("a", f"{label}: question {n}", href=links.page(page, item.id)),
                id=item.id,
                data_moved_to=built.page(page, item.id),
            )
            for n, item in enumerate(items, start=1)
        ]
        body = el(
            "div",
            el(
                "p",
                el("a", f"{label}: {len(items)} questions", href=links.page(page), class_="md-button sc-practice-go"),
            ),
            score_box(topic, len(items), [item.id for item in items]),
            el(
                "details",
                el("summary", f"A link to each of the {len(items)} questions"),
                el("ul", join(entries)),
                class_="sc-moved sc-practice-list",
                data_search_exclude=True,
            ),
            class_="sc-practice-entry",
            data_topic=topic,
        )
        sections.append(f"## {label} {{ #{topic} }}\n\n{body}\n")
    return "\n".join(sections)


def case_study(
    number: int,
    case_id: str,
    title: str,
    vignette: str,
    stages: Sequence[CaseStage],
    cite: Cite,
    links: Links | None = None,
    refs: Sequence[str] = (),
) -> str:
    """One case: its heading (an HTML heading the table of contents lists, as drug headings are),
    the story, then each stage with what the reader learns and its questions.

    A later stage tells what an earlier question asks about, so every stage after the first is a
    closed <details> whose summary names it: without JavaScript the reader opens it when ready;
    with it, quiz.js opens it once every question of the stage before has been checked. Printed,
    every stage shows (site.css), the answers stay closed."""
    heading = el("h2", f"Case {number}: {' '.join(title.split())}", id=f"case-{case_id}", markdown="span")
    parts = []
    for stage in stages:
        forms = [question_form(item, cite, links) for item in stage.items]
        title_text = f"Stage {stage.number} of {len(stages)}: {stage.label}"
        info = (
            el("p", el("strong", "New information: "), text_with_links(stage.info, links), class_="sc-case-info")
            if stage.info
            else None
        )
        if stage.number == 1:
            parts.append(el("section", el("h3", title_text), info, join(forms), class_="sc-case-stage"))
        else:
            summary = el(
                "summary",
                el("h3", title_text),
                el("span", f"Answer stage {stage.number - 1} first.", class_="sc-case-wait"),
            )
            parts.append(el("details", summary, info, join(forms), class_="sc-case-stage sc-case-later"))
    body = el(
        "div",
        el(
            "p",
            el("strong", "The story. "),
            text_with_links(vignette, links),
            cite(*refs) if refs else None,
            class_="sc-case-vignette",
        ),
        join(parts),
        class_="sc-case",
        data_case=case_id,
    )
    return f"{heading}\n\n{body}\n"


def bank_table(files: Sequence[tuple[str, str, str]], links: Links) -> Markup:
    """The question-bank downloads: one row per set (label, Moodle XML path, GIFT path)."""
    head = el("tr", join([el("th", h, scope="col") for h in ("Questions", "Moodle XML", "GIFT")]))
    rows = [
        el(
            "tr",
            el("th", label, scope="row"),
            el("td", el("a", xml.rsplit("/", 1)[-1], href=links.file(xml), download=True)),
            el("td", el("a", gift.rsplit("/", 1)[-1], href=links.file(gift), download=True)),
        )
        for label, xml, gift in files
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-bank")


__all__ = [
    "case_study",
    "escape_text",
    "practice_index",
    "practice_page",
    "practice_topic",
    "question_form",
    "self_check",
    "spaced_panel",
]
