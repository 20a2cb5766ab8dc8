"""Questions and cases as one shape, for the pages and the question-bank downloads alike.

A stand-alone question from the data file becomes one ``Item``. A case becomes a list of items,
stage by stage: a stage that references red flags, a root level or contraindications gets its
options, its right answers and its explanations from those tables, so a case can never disagree
with them. Pure functions, no HTML: the renderer (render/quiz.py) and the exports (question_exports.py)
both start from here.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass

from .model import (
    SEVERITY_ORDER,
    Case,
    Contraindication,
    MassageStage,
    Question,
    QuestionBody,
    QuestionStage,
    RedFlag,
    RedFlagStage,
    RootLevelStage,
    SiteData,
    Topic,
)

TOPIC_LABELS: dict[str, str] = {
    "anatomy": "Anatomy",
    "causes": "Causes",
    "diagnosis": "Symptoms and diagnosis",
    "medicines": "Medicines and injections",
    "treatment": "Treatment without medicines",
    "massage": "Massage",
    "safety": "Safety and red flags",
}
assert list(TOPIC_LABELS) == list(typing.get_args(Topic)), "every topic needs a label, in the schema's order"
# Each topic's practice page (docs/practice/), under the index that keeps the old anchors.
PRACTICE_PAGES: dict[str, str] = {topic: f"practice/{topic}.md" for topic in TOPIC_LABELS}
LEVEL_LABELS = {"foundation": "Foundation", "intermediate": "Intermediate", "advanced": "Advanced"}
STEP_LABELS = {
    "history": "History",
    "examination": "Examination",
    "plan": "Plan",
    "advice": "Advice",
    "red-flags": "Red flags",
    "root-level": "Root level",
    "massage": "Massage today?",
}


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    explanation: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One question as readers and question banks see it."""

    id: str  # the form's anchor and the Moodle question's name
    kind: str  # single | multiple
    stem: str
    choices: tuple[Choice, ...]
    feedback: str | None = None
    refs: tuple[str, ...] = ()
    topic: str | None = None  # a question's topic; None for a case's stages
    level: str | None = None
    context: tuple[str, ...] = ()  # what a stage's reader already knows: the vignette and earlier news

    @property
    def right(self) -> list[Choice]:
        return [c for c in self.choices if c.correct]

    @property
    def all_refs(self) -> list[str]:
        """Every source the item cites, in first-cited order."""
        return list(dict.fromkeys([*(r for c in self.choices for r in c.refs), *self.refs]))


def from_body(body: QuestionBody, item_id: str, **extra) -> Item:
    return Item(
        id=item_id,
        kind=body.kind,
        stem=body.stem,
        choices=tuple(Choice(o.text, o.correct, o.explanation, tuple(o.refs)) for o in body.options),
        feedback=body.feedback,
        refs=tuple(body.refs),
        **extra,
    )


def question_item(question: Question) -> Item:
    return from_body(question, f"q-{question.id}", topic=question.topic, level=question.level)


def by_topic(questions: typing.Iterable[Question]) -> dict[str, list[Question]]:
    """Questions grouped by topic, in the topics' order and the data file's order within each."""
    grouped: dict[str, list[Question]] = {topic: [] for topic in TOPIC_LABELS}
    for question in questions:
        grouped[question.topic].append(question)
    return grouped


# --- cases ---------------------------------------------------------------------------------------

URGENCY = {
    "emergency": "Go to an emergency department now, or call an ambulance.",
    "urgent": "See a doctor the same day.",
    "routine": "No urgent referral: usual care, with advice on the warning signs to watch for.",
}
DECISIONS = {
    "stop": "No massage today: refer first.",
    "adapt": "Massage, with changes for the conditions that apply.",
    "go": "Massage as planned.",
}
SEVERITY_WORDS = {
    "absolute": "absolute contraindication",
    "relative": "relative contraindication",
    "local": "local contraindication",
    None: "hazard of the method",
}


def with_article(words: str) -> str:
    return ("an " if words[0] in "aeiou" else "a ") + words


def ordered(ids: typing.Iterable[str], table: Mapping) -> list:
    """Entries in the data file's order, so options do not give the answer away by position."""
    wanted = set(ids)
    return [entry for key, entry in table.items() if key in wanted]


def sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def urgency_of(stage: RedFlagStage, flags: Mapping[str, RedFlag]) -> str:
    actions = {flags[f].action for f in stage.flags_present}
    if stage.escalated or "emergency" in actions:
        return "emergency"
    return "urgent" if actions else "routine"


def red_flag_items(stage: RedFlagStage, data: SiteData, item_id: str, context: tuple[str, ...]) -> list[Item]:
    flags = data.by_id("red_flags")
    present = set(stage.flags_present)
    shown = ordered([*stage.flags_present, *stage.flags_absent], flags)
    choices = [
        Choice(
            flag.clinical,
            flag.id in present,
            (
                f"In this story. It suggests: {sentence(flag.suggests)} "
                f"{'An emergency sign' if flag.action == 'emergency' else 'A same-day sign'}."
                if flag.id in present
                else f"Not in this story. It would suggest: {sentence(flag.suggests)}"
            ),
            tuple(flag.refs),
        )
        for flag in shown
    ]
    choices.append(
        Choice(
            "None of these warning signs.",
            not present,
            "Nothing in the story matches a warning sign." if not present else "The story does show a warning sign.",
            tuple(flags[(stage.flags_present or [shown[0].id])[0]].refs),
        )
    )
    which = Item(
        f"{item_id}-a",
        "multiple",
        "Which warning signs does the story show?",
        tuple(choices),
        stage.feedback,
        context=context,
    )
    urgency = urgency_of(stage, flags)
    named = [flags[f] for f in stage.flags_present]
    escalation = data.escalation

    def suggests(group: list[RedFlag]) -> str:
        found = dict.fromkeys(" ".join(f.suggests.split()).rstrip(".") for f in group)
        return "; ".join(s[0].lower() + s[1:] for s in found)

    emergency_signs = [f for f in named if f.action == "emergency"]
    same_day_signs = [f for f in named if f.action == "urgent"]
    contexts = [flags[c].short for c in escalation.contexts if c in present]
    escalates = (
        f" With {' or '.join(contexts)}, {' '.join(escalation.clinical.split())} makes it an emergency."
        if stage.escalated
        else ""
    )
    reasons = {
        "emergency": (
            f"An emergency sign is present ({suggests(emergency_signs)})." + escalates
            if emergency_signs
            else f"A same-day sign is present ({suggests(same_day_signs)})." + escalates
        ),
        "urgent": f"A same-day sign is present ({suggests(same_day_signs)}), and nothing in the story makes it an emergency.",
        "routine": "No warning sign is present, so there is nothing to refer urgently.",
    }
    too_slow = "Too slow for what the story shows."
    too_fast = "More than the story needs."
    rank = ["routine", "urgent", "emergency"]
    urgency_choices = []
    for level in ("emergency", "urgent", "routine"):
        if level == urgency:
            why = reasons[level]
        elif rank.index(level) < rank.index(urgency):
            why = f"{too_slow} {reasons[urgency]}"
        else:
            why = f"{too_fast} {reasons[urgency]}"
        refs = [r for f in named for r in f.refs] + (list(escalation.refs) if stage.escalated else [])
        urgency_choices.append(
            Choice(URGENCY[level], level == urgency, why, tuple(dict.fromkeys(refs or shown[0].refs)))
        )
    how_fast = Item(
        f"{item_id}-b",
        "single",
        "How fast does this person need medical help?",
        tuple(urgency_choices),
        context=context,
    )
    return [which, how_fast]


def root_level_item(stage: RootLevelStage, data: SiteData, item_id: str, context: tuple[str, ...]) -> Item:
    choices = []
    for level in data.root_levels:
        fits = level.id == stage.root_level
        pattern = (
            f"The {level.root} pattern. Pain and sensory change: {sentence(level.pain)} "
            f"Weakness: {sentence(level.weakness)} Reflex: {sentence(level.reflex)}"
        )
        choices.append(
            Choice(
                f"{level.root} root",
                fits,
                ("Fits the findings. " if fits else "Does not fit the findings as well. ") + pattern,
                tuple(level.refs),
            )
        )
    return Item(
        item_id, "single", "Which nerve root do the findings point to?", tuple(choices), stage.feedback, context=context
    )


def decision_of(present: list[Contraindication]) -> str:
    if any(ci.severity == "absolute" for ci in present):
        return "stop"
    return "adapt" if present else "go"


def massage_items(stage: MassageStage, data: SiteData, item_id: str, context: tuple[str, ...]) -> list[Item]:
    table = data.by_id("contraindications")
    present = [table[c] for c in stage.contraindications_present]
    shown = ordered([*stage.contraindications_present, *stage.contraindications_absent], table)
    decision = decision_of(present)
    worst = sorted(present, key=lambda ci: SEVERITY_ORDER.get(ci.severity or "", 3))
    listed = "; ".join(f"{ci.name} ({SEVERITY_WORDS[ci.severity]})" for ci in worst)
    reasons = {
        "stop": (
            f"What applies: {listed}. An absolute contraindication means no massage at all; the next question "
            "gives the advice for each."
        ),
        "adapt": (
            f"What applies: {listed}. None of them rules massage out, but each changes it; the next question "
            "gives the advice for each."
        ),
        "go": "None of the contraindications offered applies, so the session can go ahead as planned, "
        "stopping if the pain increases or spreads.",
    }
    refs = tuple(dict.fromkeys(r for ci in (present or shown[:1]) for r in ci.refs))
    rank = ["go", "adapt", "stop"]
    decision_choices = []
    for option in rank:
        if option == decision:
            why = reasons[decision]
        elif decision == "stop":
            why = f"Not today. {reasons[decision]}"
        elif rank.index(option) < rank.index(decision):
            why = f"Not without changes. {reasons[decision]}"
        else:
            why = f"More cautious than the story needs. {reasons[decision]}"
        decision_choices.append(Choice(DECISIONS[option], option == decision, why, refs))
    yes_no = Item(
        f"{item_id}-a", "single", "Can you massage this person today?", tuple(decision_choices), context=context
    )
    applies = set(stage.contraindications_present)
    choices = [
        Choice(
            ci.name,
            ci.id in applies,
            (
                ("Applies" if ci.id in applies else "Does not apply here")
                + f": {with_article(SEVERITY_WORDS[ci.severity])}. "
                + sentence(ci.why)
                + " Instead: "
                + sentence(ci.instead)
            ),
            tuple(ci.refs),
        )
        for ci in shown
    ]
    choices.append(
        Choice(
            "None of these applies.",
            not applies,
            "None of these conditions is in the story."
            if not applies
            else "At least one of these conditions is in the story.",
            tuple((present or shown)[0].refs),
        )
    )
    which = Item(
        f"{item_id}-b", "multiple", "Which contraindications apply?", tuple(choices), stage.feedback, context=context
    )
    return [yes_no, which]


@dataclass(frozen=True)
class CaseStage:
    number: int
    label: str
    info: str | None
    items: tuple[Item, ...]


def case_stages(case: Case, data: SiteData) -> list[CaseStage]:
    """The case's stages, each with its items; an item's context is what the reader knows by then."""
    stages: list[CaseStage] = []
    known: list[str] = [case.vignette]
    for number, stage in enumerate(case.stages, start=1):
        if stage.info:
            known.append(stage.info)
        item_id = f"case-{case.id}-{number}"
        context = tuple(known)
        if isinstance(stage, QuestionStage):
            items = [from_body(stage, item_id, context=context)]
            label = STEP_LABELS[stage.step]
        elif isinstance(stage, RedFlagStage):
            items = red_flag_items(stage, data, item_id, context)
            label = STEP_LABELS["red-flags"]
        elif isinstance(stage, RootLevelStage):
            items = [root_level_item(stage, data, item_id, context)]
            label = STEP_LABELS["root-level"]
        else:
            items = massage_items(stage, data, item_id, context)
            label = STEP_LABELS["massage"]
        stages.append(CaseStage(number, label, stage.info, tuple(items)))
    return stages


def case_items(case: Case, data: SiteData) -> list[Item]:
    return [item for stage in case_stages(case, data) for item in stage.items]


def all_items(data: SiteData) -> list[Item]:
    return [question_item(q) for q in data.questions]
