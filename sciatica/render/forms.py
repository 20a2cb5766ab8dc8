"""The client screening form: the questions a massage student or therapist asks before a first
session, built from the red flags and the contraindications in the data. Pure functions, escaped
by construction like every renderer.

The form has three parts, most urgent first (the compact checklist names each sign and condition
in brief, for the therapist; the full form and the client intake form ask the client's questions):

1. warning signs (every red flag, emergencies first), with the rule that turns a same-day sign
   into an emergency and the emergency numbers;
2. conditions (every contraindication that has its own question), ordered by where a yes sends
   the client, then by severity; conditions the warning signs already ask about point back at
   those questions instead of being asked twice;
3. rules for every client (places on the body, hazards of a method), which need no question.

Each question has Yes and No tick boxes (real, labelled checkboxes, so the form works on a
tablet and prints as boxes), what a yes means, and where to send the client.

The client intake form (intake_form) is for the client to fill in: their details, their GP's,
their medicines, the same questions in the same order, consent, and signatures. Beside each
question it says where a yes sends them, and marks for a clinician's review every answer whose
routing no cited source states (routing_settled_by in the data).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import SEVERITY_ORDER, Contraindication, RedFlag, SiteData
from .html import el, join
from .tables import (
    SEVERITY_LABELS,
    Cite,
    contraindications_for,
    emergency_numbers,
    escalation_text,
    sentence_case,
    severity_badge,
)

# Where a yes sends the client: the words on the form, most urgent first.
REFER_LABELS = {
    "emergency": "Send to an emergency department now",
    "same-day": "Send to a doctor today, before any massage",
    "doctor-first": "Ask their own doctor or care team first: massage only with their agreement",
    "postpone": "Postpone the massage",
    "adapt": "Go ahead, but adapt the massage",
}
# The same, in a few words, for the one-sheet checklist.
REFER_SHORT = {
    "emergency": "Emergency department now",
    "same-day": "A doctor today, no massage first",
    "doctor-first": "Their own care team's agreement first",
    "postpone": "Postpone",
    "adapt": "Adapt the massage",
}
REFER_ORDER: list[str | None] = list(REFER_LABELS)
FLAG_REFER = {"emergency": "emergency", "urgent": "same-day"}
PARTS = ("warning-signs", "conditions", "rules")


def flag_refer(flag: RedFlag) -> str:
    return FLAG_REFER[flag.action]


def flag_order(flags: Sequence[RedFlag]) -> list[RedFlag]:
    """Emergencies first (cauda equina syndrome first among them), then same-day signs; the data's
    order otherwise."""
    return sorted(flags, key=lambda f: (REFER_ORDER.index(flag_refer(f)), not f.cauda_equina))


def asked_rows(data: SiteData) -> list[Contraindication]:
    """Contraindications with their own question, most urgent destination first."""
    rows = [c for c in data.contraindications if c.kind == "contraindication" and c.ask]
    return sorted(rows, key=lambda c: (REFER_ORDER.index(c.refer), SEVERITY_ORDER[c.severity], c.name.lower()))


def refer_badge(refer: str | None, compact: bool = False) -> Markup:
    # The words carry the meaning; the colour only repeats it.
    if refer is None:  # the model requires a destination for every question the form asks
        raise ValueError("a question on the form has nowhere to send a yes")
    return el("strong", (REFER_SHORT if compact else REFER_LABELS)[refer], class_=f"sc-refer sc-refer-{refer}")


def tick_boxes(question: Markup | str, anchor: str, boxes_first: bool = False) -> Markup:
    """The question and its two labelled tick boxes, Yes and No, as one named group. With
    boxes_first the boxes come first, to stand at the right of the question's first line while
    its text runs on under them (the compact checklist, on paper)."""
    boxes = [
        join(
            [
                el("input", type="checkbox", id=f"{anchor}-{answer.lower()}", class_="sc-tick"),
                el("label", answer, for_=f"{anchor}-{answer.lower()}"),
            ]
        )
        for answer in ("Yes", "No")
    ]
    parts = [
        el("p", question, id=f"{anchor}-question", class_="sc-question-text"),
        el("span", join(boxes, " "), class_="sc-ticks"),
    ]
    return el(
        "div",
        *(reversed(parts) if boxes_first else parts),
        role="group",
        aria_labelledby=f"{anchor}-question",
        class_="sc-answer",
    )


def question_item(
    number: int, anchor: str, question: str, meaning: list[Markup | str | None], refer: str | None, compact: bool
) -> Markup:
    """One question. On the full form each says where a yes sends the client; on the compact
    checklist the questions are grouped by that, and an item says only what else a yes means."""
    if compact:
        answer = (
            el("p", el("span", "If yes: ", class_="sc-if-yes-label"), *meaning, class_="sc-if-yes")
            if any(part is not None for part in meaning) and meaning
            else None
        )
    else:
        answer = el(
            "p",
            el("span", "If yes: ", class_="sc-if-yes-label"),
            refer_badge(refer),
            ". ",
            *meaning,
            class_="sc-if-yes",
        )
    return el(
        "li",
        tick_boxes(question, anchor, boxes_first=compact),
        answer,
        id=anchor,
        value=str(number),
        class_=f"sc-question sc-question-{refer}",
        data_number=str(number),
    )


def flag_item(number: int, flag: RedFlag, cite: Cite | None, compact: bool) -> Markup:
    """The full form asks the client's question; the compact checklist names the sign in brief
    (the client intake form asks the question itself)."""
    meaning = (
        [el("span", "It can mean: "), flag.suggests, cite(*flag.refs) if cite else None, " "] if not compact else []
    )
    meaning += [flag.contact] if flag.contact else []  # who to tell, where that differs
    return question_item(
        number,
        f"screen-flag-{flag.id}",
        el("strong", sentence_case(flag.brief)) if compact else flag.ask,
        meaning,
        flag_refer(flag),
        compact,
    )


SEVERITY_SHORT: dict[str | None, str] = {"absolute": "Absolute", "relative": "Relative", "local": "Local"}


def short_badge(row: Contraindication) -> Markup:
    """The severity in one word, for the checklist, which explains the words once (severity_key)."""
    return el("span", SEVERITY_SHORT[row.severity], class_=f"sc-severity sc-severity-{row.severity}")


def severity_key() -> Markup:
    return el(
        "p",
        el("strong", "Severity: "),
        join(
            [
                join(
                    [
                        el("span", SEVERITY_SHORT[s], class_=f"sc-severity sc-severity-{s}"),
                        Markup(" means "),
                        SEVERITY_LABELS[s].split(": ", 1)[1],
                    ]
                )
                for s in SEVERITY_SHORT
            ],
            "; ",
        ),
        ".",
        class_="sc-severity-key",
    )


def condition_item(number: int, row: Contraindication, cite: Cite | None, compact: bool) -> Markup:
    """The full form asks the client's question, then says what a yes means and why. The compact
    checklist names the condition, its severity and what to do, in one line beside the boxes."""
    if compact:
        return question_item(
            number,
            f"screen-ci-{row.id}",
            join([el("strong", row.name), ": ", short_badge(row), ". ", row.instead]),
            [],
            row.refer,
            compact,
        )
    meaning = [
        severity_badge(row),
        ". ",
        row.instead,
        " ",
        el("span", "Why: ", class_="sc-why-label"),
        row.why,
        cite(*row.refs) if cite else None,
    ]
    return question_item(number, f"screen-ci-{row.id}", row.ask or row.name, meaning, row.refer, compact)


def numbered_list(items: list[Markup], start: int) -> Markup:
    return el("ol", join(items), class_="sc-questions", start=str(start) if start != 1 else None)


def grouped_list(entries: list[tuple[str | None, Markup]], start: int, compact: bool) -> Markup:
    """(refer, item) pairs in order: one list, or on the compact checklist one list per destination,
    each under a line saying where a yes to any of its questions sends the client."""
    if not compact:
        return numbered_list([item for _, item in entries], start)
    groups, number = [], start
    for refer in dict.fromkeys(refer for refer, _ in entries):
        items = [item for r, item in entries if r == refer]
        groups.append(
            join(
                [
                    el(
                        "p",
                        "A yes to any of these: ",
                        refer_badge(refer, compact=True),
                        ".",
                        class_=f"sc-refer-group sc-refer-group-{refer}",
                    ),
                    numbered_list(items, number),
                ]
            )
        )
        number += len(items)
    return join(groups)


def warning_signs(data: SiteData, cite: Cite | None, compact: bool) -> Markup:
    flags = flag_order(data.red_flags)
    return join(
        [
            el(
                "p",
                el("strong", "Ask these first. "),
                "A yes to any of questions 1 to "
                f"{sum(f.action == 'emergency' for f in flags)} means no massage: send the client to an emergency "
                "department now, or call ",
                emergency_numbers(data.emergency_numbers),
                ".",
                class_="sc-screen-intro",
            ),
            grouped_list(
                [(flag_refer(flag), flag_item(n, flag, cite, compact)) for n, flag in enumerate(flags, 1)], 1, compact
            ),
            el("p", escalation_text(data.escalation, data.red_flags), class_="sc-escalation"),
        ]
    )


def covered_item(row: Contraindication, numbers: dict[str, int]) -> Markup:
    asked = sorted(row.screened_by, key=numbers.__getitem__)
    numbered = [el("a", str(numbers[flag]), href=f"#screen-flag-{flag}") for flag in asked]
    return el(
        "li",
        el("strong", row.name),
        ": already asked in questions ",
        join(numbered, ", "),
        ".",
        id=f"screen-ci-{row.id}",
    )


def conditions(data: SiteData, cite: Cite | None, compact: bool) -> Markup:
    numbers = {flag.id: n for n, flag in enumerate(flag_order(data.red_flags), 1)}
    first = len(numbers) + 1
    covered = [c for c in data.contraindications if c.kind == "contraindication" and c.screened_by]
    if compact:  # the rows the warning signs cover, in one paragraph
        listed = (
            el(
                "p",
                el("strong", "Not asked again, because the warning signs cover them: "),
                join(
                    [
                        join(
                            [
                                row.name,
                                " (",
                                join(
                                    [
                                        el("a", str(numbers[f]), href=f"#screen-flag-{f}")
                                        for f in sorted(row.screened_by, key=numbers.__getitem__)
                                    ],
                                    ", ",
                                ),
                                ")",
                            ]
                        )
                        for row in covered
                    ],
                    "; ",
                ),
                ".",
                class_="sc-screen-covered",
            )
            if covered
            else None
        )
    else:
        listed = (
            join(
                [
                    el(
                        "p",
                        el("strong", "Not asked again: "),
                        "the warning signs above already cover these.",
                        class_="sc-screen-covered-intro",
                    ),
                    el("ul", join([covered_item(row, numbers) for row in covered]), class_="sc-screen-covered"),
                ]
            )
            if covered
            else None
        )
    return join(
        [
            severity_key() if compact else None,
            grouped_list(
                [(row.refer, condition_item(n, row, cite, compact)) for n, row in enumerate(asked_rows(data), first)],
                first,
                compact,
            ),
            listed,
        ]
    )


def rules(data: SiteData, compact: bool = False) -> Markup:
    """Places on the body and hazards of a method, with what to do; the compact checklist leaves
    out the severity, since each rule says what to do."""
    rows = [c for c in contraindications_for(data) if c.every_client] + contraindications_for(data, kind="hazard")
    items = [
        el("li", el("strong", row.name), ": " if compact else join([" (", severity_badge(row), "): "]), row.instead)
        for row in rows
    ]
    return el("ul", join(items), class_="sc-screen-rules")


def form_fields() -> Markup:
    """Blank lines to fill in on paper."""
    return el(
        "p",
        join(
            [
                el("span", f"{label}: ", el("span", "", class_="sc-blank"), class_="sc-field")
                for label in ("Client", "Date", "Therapist")
            ],
            " ",
        ),
        class_="sc-form-fields",
    )


def screening_form(data: SiteData, cite: Cite | None, part: str | None = None, compact: bool = False) -> Markup:
    """One part of the form, or the whole form (part None). `compact` leaves out the reasons and
    the citations, for the one-sheet checklist; the form page keeps both."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}")
    shown = {
        "warning-signs": lambda: warning_signs(data, cite, compact),
        "conditions": lambda: conditions(data, cite, compact),
        "rules": lambda: rules(data, compact),
    }
    return el(
        "div",
        form_fields() if part in (None, "warning-signs") else None,
        join([shown[name]() for name in ([part] if part else PARTS)]),
        class_="sc-screening" + (" sc-screening-compact" if compact else ""),
    )


# --- the client intake form -------------------------------------------------------------------------------

REVIEW_MARK = "Review"
# Where a yes sends the client, in the client's words, for the column beside each question.
REFER_FORM = {
    "emergency": "go to an emergency department now",
    "same-day": "see a doctor today, before any massage",
    "doctor-first": "massage only once your own doctor or care team agrees",
    "postpone": "massage another day",
    "adapt": "the therapist changes the massage to suit you",
}


def blank_fields(labels: Sequence[str], class_: str) -> Markup:
    """Lines to write on, each with its label."""
    return el(
        "div",
        join(
            [
                el(
                    "p",
                    el("span", label, class_="sc-field-label"),
                    el("span", "", class_="sc-blank"),
                    class_="sc-field",
                )
                for label in labels
            ]
        ),
        class_=f"sc-fields {class_}",
    )


def intake_questions(data: SiteData) -> list[tuple[str, str, str, list[str]]]:
    """(anchor, question, refer, the sources that settle where a yes sends the client) for every
    question, in the screening form's order: the warning signs (emergencies first), then the
    conditions that have their own question."""
    found = [
        (f"intake-flag-{flag.id}", flag.ask, flag_refer(flag), list(flag.routing_settled_by))
        for flag in flag_order(data.red_flags)
    ]
    found += [
        (f"intake-ci-{row.id}", row.ask or "", row.refer or "adapt", list(row.routing_settled_by))
        for row in asked_rows(data)
    ]
    return found


def intake_item(number: int, anchor: str, question: str, settled_by: Sequence[str], cite: Cite | None) -> Markup:
    """A question with its boxes: the sources that settle where a yes sends the client, or a
    boxed "Review" when none does."""
    if settled_by:
        text = join([question, cite(*settled_by)]) if cite else question
    else:
        text = join(
            [
                question,
                " ",
                el(
                    "span",
                    REVIEW_MARK,
                    class_="sc-review-mark",
                    title="A clinician checks where a yes to this question sends the client",
                ),
            ]
        )
    return el(
        "li",
        el("span", f"{number}.", class_="sc-intake-number"),
        tick_boxes(text, anchor),
        id=anchor,
        value=str(number),
        class_="sc-question sc-intake-question" + ("" if settled_by else " sc-needs-review"),
    )


def intake_groups(data: SiteData, cite: Cite | None) -> Markup:
    """The questions in the screening form's order, under a line saying where a yes to any of
    them sends the client (the emergency questions first, with the numbers to call)."""
    questions = intake_questions(data)
    groups, number = [], 1
    for refer in dict.fromkeys(refer for _, _, refer, _ in questions):
        chosen = [(anchor, question, settled) for anchor, question, r, settled in questions if r == refer]
        extra = (
            [", or call ", emergency_numbers(data.emergency_numbers), ". No massage"] if refer == "emergency" else []
        )
        groups.append(
            el(
                "p",
                "If you tick Yes to any of these: ",
                el("strong", REFER_FORM[refer], *extra),
                ".",
                class_=f"sc-refer-group sc-refer-group-{refer} sc-refer-{refer}",
            )
        )
        groups.append(
            el(
                "ol",
                join([intake_item(n, *item, cite) for n, item in enumerate(chosen, number)]),
                class_="sc-questions sc-intake-questions",
                start=str(number) if number != 1 else None,
            )
        )
        number += len(chosen)
    return join(groups)


def consent_item(index: int, text: str, choice: bool, cite: Cite | None, refs: Sequence[str]) -> Markup:
    marks = cite(*refs) if cite and refs else None
    if choice:
        return el(
            "li",
            tick_boxes(join([text, marks]) if marks else text, f"intake-consent-{index}"),
            class_="sc-consent-choice",
        )
    return el("li", text, marks)


def intake_form(data: SiteData, cite: Cite | None, screening_form_link: str) -> Markup:
    """The whole form, most of it lines and boxes to fill in. The emergency questions come first,
    with what a yes to any of them means, before anything else is asked."""
    form = data.intake_form
    if form is None:
        raise ValueError("the data file has no intake_form")
    return el(
        "div",
        el("p", form.intro, class_="sc-intake-intro"),
        el(
            "section",
            el("h2", "About you", id="intake-about-you", class_="sc-print-hidden"),
            el(
                "div",
                blank_fields(form.client_fields, "sc-fields-client"),
                blank_fields(form.gp_fields, "sc-fields-gp"),
                class_="sc-intake-details",
            ),
            el("p", el("strong", form.medicines), class_="sc-intake-medicines", id="intake-medicines-question"),
            el(
                "div",
                join([el("span", "", class_="sc-blank sc-blank-line") for _ in range(form.medicine_lines)]),
                class_="sc-intake-lines",
                aria_labelledby="intake-medicines-question",
                role="group",
            ),
            class_="sc-intake-section",
        ),
        el(
            "section",
            el("h2", "Health questions", id="intake-questions"),
            intake_groups(data, cite),
            el(
                "p",
                el("span", REVIEW_MARK, class_="sc-review-mark"),
                " ",
                form.review_note,
                " Why each question is asked: the ",
                el("a", "client screening form", href=screening_form_link),
                ".",
                class_="sc-intake-key",
            ),
            class_="sc-intake-section",
        ),
        el(
            "section",
            el("h2", "Consent", id="intake-consent"),
            el(
                "ul",
                join([consent_item(i, c.text, c.choice, cite, c.refs) for i, c in enumerate(form.consent, 1)]),
                class_="sc-consent",
            ),
            el("div", blank_fields(form.sign_fields, "sc-fields-sign"), class_="sc-intake-details"),
            class_="sc-intake-section",
        ),
        class_="sc-screening sc-intake",
    )
