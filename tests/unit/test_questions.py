"""Questions and cases: the schema's rules, the bank's coverage, and cases whose answers come from
the red-flag, root-level and contraindication tables (so changing a table changes the answer)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from sciatica.model import DataError, Question, QuestionBody, parse
from sciatica.quizbank import DECISIONS, TOPIC_LABELS, URGENCY, case_items, case_stages, question_item
from tests.conftest import DATA_FILE, ROOT

GOOD = DATA_FILE.read_text(encoding="utf-8")
NAME = "data/sciatica.yml"


def option(text: str, correct: bool = False, **extra) -> dict:
    return {"text": text, "correct": correct, "explanation": f"Why {text}.", "refs": ["nice-ng59"], **extra}


def question(kind: str = "single", options: list[dict] | None = None, **extra) -> dict:
    return {
        "id": "q",
        "topic": "safety",
        "level": "foundation",
        "kind": kind,
        "stem": "Which?",
        "options": options if options is not None else [option("a", True), option("b")],
        **extra,
    }


# --- the schema's rules ------------------------------------------------------------------------------


def test_a_valid_question_loads():
    assert Question.model_validate(question()).options[0].correct


@pytest.mark.parametrize(
    "options,message",
    [
        ([option("a"), option("b")], "exactly one correct option (found 0)"),
        ([option("a", True), option("b", True)], "exactly one correct option (found 2)"),
    ],
)
def test_a_single_answer_question_has_exactly_one_right_option(options, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        Question.model_validate(question("single", options))


def test_a_multiple_answer_question_has_at_least_one_right_option():
    with pytest.raises(ValidationError, match="at least one correct option"):
        Question.model_validate(question("multiple", [option("a"), option("b")]))
    assert Question.model_validate(question("multiple", [option("a", True), option("b", True)]))


@pytest.mark.parametrize("missing", ["explanation", "refs"])
def test_every_option_has_an_explanation_and_sources(missing):
    broken = option("a", True)
    del broken[missing]
    with pytest.raises(ValidationError, match=missing):
        Question.model_validate(question(options=[broken, option("b")]))
    empty = option("a", True) | {missing: [] if missing == "refs" else "  "}
    with pytest.raises(ValidationError):
        Question.model_validate(question(options=[empty, option("b")]))


def test_options_are_distinct_and_not_too_many():
    with pytest.raises(ValidationError, match="same text"):
        Question.model_validate(question(options=[option("Same", True), option(" same ")]))
    with pytest.raises(ValidationError):
        Question.model_validate(question(options=[option(str(i), i == 0) for i in range(9)]))


def test_a_question_in_the_data_file_fails_with_one_line():
    broken = GOOD.replace(
        "    kind: single\n    stem: How does the sciatic nerve usually leave the pelvis?",
        "    kind: multiple\n    stem: How does the sciatic nerve usually leave the pelvis?",
        1,
    )
    broken = broken.replace(
        "      - text: Through the greater sciatic foramen, below the piriformis muscle\n        correct: true",
        "      - text: Through the greater sciatic foramen, below the piriformis muscle\n        correct: false",
        1,
    )
    with pytest.raises(DataError) as caught:
        parse(broken, NAME)
    [message] = str(caught.value).splitlines()
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: questions\[anatomy-exit\]: a multiple-answer question needs "
        r"at least one correct option",
        message,
    )


def test_a_question_names_a_real_page_and_real_sources():
    text = GOOD.replace(
        "    page: anatomy.md\n    kind: single\n    stem: How does the sciatic",
        "    page: no-such.md\n    kind: single\n    stem: How does the sciatic",
        1,
    )
    with pytest.raises(DataError) as caught:
        parse(text, NAME, docs_dir=ROOT / "docs")
    assert "questions[anatomy-exit].page: 'no-such.md' is not a page in docs/" in str(caught.value)
    text = GOOD.replace(
        "        refs: [jensen-2019, hopayian-2018]\n", "        refs: [jensen-2019, no-such-paper]\n", 1
    )
    with pytest.raises(DataError, match=r"'no-such-paper' is not an id in references"):
        parse(text, NAME)


def case_text(stages: str) -> str:
    case = "  - id: test-case\n    title: A test\n    vignette: A story.\n    stages:\n" + stages
    return GOOD.replace("\ncases:\n", "\ncases:\n" + case, 1)


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse(text, NAME)
    return str(caught.value).splitlines()


def test_case_stages_name_real_table_rows():
    text = case_text(
        "      - stage: red-flags\n        flags_present: [no-such-flag]\n        flags_absent: [cancer]\n"
        "      - stage: root-level\n        root_level: l9\n"
        "      - stage: massage\n        contraindications_present: [cancer-x]\n"
        "        contraindications_absent: [dvt]\n"
    )
    found = "\n".join(problems(text))
    assert "cases[test-case].stages[1].flags_present[1]: 'no-such-flag' is not an id in red_flags" in found
    assert "'l9' is not an id in root_levels" in found
    assert "'cancer-x' is not an id in contraindications" in found


def test_a_case_needs_red_flag_and_massage_stages():
    [message] = problems(
        case_text(
            "      - stage: root-level\n        root_level: l5\n      - stage: root-level\n        root_level: l4\n"
        )
    )
    assert message.endswith("cases[test-case]: a case needs a red-flags and a massage stage")


def test_a_story_with_a_red_flag_cannot_be_massaged_today():
    [message] = problems(
        case_text(
            "      - stage: red-flags\n        flags_present: [cancer]\n        flags_absent: [bladder]\n"
            "      - stage: massage\n        contraindications_present: [cancer]\n"
            "        contraindications_absent: [dvt]\n"
        )
    )
    assert (
        "stages[2].contraindications_present: the story shows a red flag, so an absolute contraindication must apply"
        in message
    )


def test_the_escalation_rule_needs_one_of_its_contexts():
    [message] = problems(
        case_text(
            "      - stage: red-flags\n        flags_present: [night-pain]\n"
            "        flags_absent: [bladder]\n        escalated: true\n"
            "      - stage: massage\n        contraindications_present: [unassessed-red-flags]\n"
            "        contraindications_absent: [dvt]\n"
        )
    )
    assert (
        "stages[1].escalated: the escalation rule needs one of cancer, infection, trauma among flags_present" in message
    )


def test_a_flag_is_either_present_or_absent():
    found = "\n".join(
        problems(
            case_text(
                "      - stage: red-flags\n        flags_present: [cancer]\n        flags_absent: [cancer]\n"
                "      - stage: massage\n        contraindications_present: [unassessed-red-flags]\n"
                "        contraindications_absent: [dvt]\n"
            )
        )
    )
    assert "red flags both present and absent: cancer" in found


# --- the bank's coverage ------------------------------------------------------------------------------


def test_the_bank_is_large_and_covers_every_topic_at_every_level(data):
    assert len(data.questions) >= 60
    topics = Counter(q.topic for q in data.questions)
    assert set(topics) == set(TOPIC_LABELS) and min(topics.values()) >= 8, topics
    levels = Counter(q.level for q in data.questions)
    assert set(levels) == {"foundation", "intermediate", "advanced"} and min(levels.values()) >= 15, levels
    multiple = sum(q.kind == "multiple" for q in data.questions) / len(data.questions)
    assert 0.25 <= multiple <= 0.45, f"about a third should be multiple-answer, not {multiple:.0%}"
    assert len(data.cases) >= 10


def study_pages() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT / "docs"))
        for p in (ROOT / "docs").rglob("*.md")
        if "{ #self-check }" in p.read_text(encoding="utf-8")
    )


def test_every_study_page_has_at_least_three_questions_and_every_page_field_has_a_self_check(data):
    pages = Counter(q.page for q in data.questions if q.page)
    for page in study_pages():
        assert pages[page] >= 3, page
    assert set(pages) <= set(study_pages()), "a question's page must have a self-check section"


def test_option_texts_do_not_mention_the_source_article(data):
    """Option texts sit inside labels, where a link does not belong; stems and explanations
    mention the source article freely and link it."""
    pattern = re.compile(r"source article|article this site grew from", re.IGNORECASE)
    assert not [q.id for q in data.questions for o in q.options if pattern.search(o.text)]


def test_explanations_do_not_open_with_a_bare_verdict(data):
    """The page already says 'right' or 'wrong' before each explanation."""
    assert not [
        (q.id, o.text) for q in data.questions for o in q.options if o.correct and re.match(r"^Right\b", o.explanation)
    ]


# --- cases agree with the tables -------------------------------------------------------------------------


def test_every_case_item_is_a_valid_question(data):
    for case in data.cases:
        for item in case_items(case, data):
            QuestionBody.model_validate(
                {
                    "kind": item.kind,
                    "stem": item.stem,
                    "options": [
                        {"text": c.text, "correct": c.correct, "explanation": c.explanation, "refs": list(c.refs)}
                        for c in item.choices
                    ],
                }
            )


def test_red_flag_answers_come_from_the_table(data):
    flags = data.by_id("red_flags")
    for case in data.cases:
        for stage, (which, how_fast, *_) in [
            (s, st.items) for s, st in zip(case.stages, case_stages(case, data)) if s.stage == "red-flags"
        ]:
            right = {c.text for c in which.choices if c.correct}
            expected = {flags[f].clinical for f in stage.flags_present} or {"None of these warning signs."}
            assert right == expected, case.id
            actions = {flags[f].action for f in stage.flags_present}
            level = "emergency" if stage.escalated or "emergency" in actions else "urgent" if actions else "routine"
            assert [c.text for c in how_fast.choices if c.correct] == [URGENCY[level]], case.id


def test_root_level_and_massage_answers_come_from_the_tables(data):
    table = data.by_id("contraindications")
    for case in data.cases:
        for stage, built in zip(case.stages, case_stages(case, data)):
            if stage.stage == "root-level":
                [item] = built.items
                assert [c.text for c in item.choices if c.correct] == [
                    f"{data.by_id('root_levels')[stage.root_level].root} root"
                ]
            if stage.stage == "massage":
                yes_no, which = built.items
                severities = {table[c].severity for c in stage.contraindications_present}
                decision = "stop" if "absolute" in severities else "adapt" if severities else "go"
                assert [c.text for c in yes_no.choices if c.correct] == [DECISIONS[decision]], case.id
                assert {c.text for c in which.choices if c.correct} == (
                    {table[c].name for c in stage.contraindications_present} or {"None of these applies."}
                )


def test_changing_a_table_changes_the_case(data):
    """Make numb skin an absolute contraindication: the desk worker can no longer be massaged."""
    case = data.by_id("cases")["office-worker-l5"]
    stages = case_stages(case, data)
    before = [c.text for c in stages[-1].items[0].choices if c.correct]
    changed = [
        ci.model_copy(update={"severity": "absolute"}) if ci.id == "lost-sensation" else ci
        for ci in data.contraindications
    ]
    altered = data.model_copy(update={"contraindications": changed})
    after = [c.text for c in case_stages(case, altered)[-1].items[0].choices if c.correct]
    assert before == [DECISIONS["adapt"]] and after == [DECISIONS["stop"]]


def test_every_case_item_has_an_anchor_of_its_own(data):
    ids = [item.id for case in data.cases for item in case_items(case, data)]
    ids += [question_item(q).id for q in data.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_the_data_file_keeps_questions_and_cases_just_before_claims():
    lines = GOOD.splitlines()
    assert lines.index("questions:") < lines.index("cases:") < lines.index("claims:")
    assert Path(DATA_FILE).read_text().count("\nquestions:\n") == 1
