"""The question bank as Moodle XML and GIFT: the files parse, follow the formats' rules (categories,
grades Moodle offers, grades that add up, feedback on every answer) and carry every question's
text, options, grades and feedback through unchanged, hostile characters included."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from sciatica import question_exports
from sciatica.model import Option, Question
from sciatica.quizbank import TOPIC_LABELS, Choice, Item, case_items, question_item
from tests.questionbank import parse_gift, parse_moodle_xml

SITE = "Sciatica and massage"
URL = "https://site.test/site/"
MOODLE_PERCENTAGES = {float(g) for g in question_exports.MOODLE_GRADES} | {
    -float(g) for g in question_exports.MOODLE_GRADES
}
HOSTILE = 'A = B ~ C # D { E } F: G \\ H <script>alert("x")</script> [j](javascript:x) %50% \n//not a comment'


def text_of(fragment: str) -> str:
    """The words an HTML fragment shows (and no element it should not have)."""
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    assert not tree.xpath(".//script"), fragment
    return " ".join(tree.text_content().split())


def words(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def bank(data):
    return question_exports.files(data, SITE, URL)


def hostile_question() -> Question:
    option = {"explanation": f"Because {HOSTILE}", "refs": ["nice-ng59"]}
    return Question(
        id="hostile",
        topic="safety",
        level="advanced",
        kind="multiple",
        stem=f"Stem {HOSTILE}?",
        options=[
            Option(text=f"Right {HOSTILE}", correct=True, **option),
            Option(text=f"Also right {HOSTILE}", correct=True, **option),
            Option(text=f"=Wrong {HOSTILE}", **option),
            Option(text=f"%25%Wrong too {HOSTILE}", **option),
        ],
        feedback=f"The point {HOSTILE}",
        refs=["nice-ng59"],
    )


# --- grades --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("right,wrong", [(r, w) for r in range(1, 9) for w in range(8) if 2 <= r + w <= 8])
def test_several_answer_grades_are_moodles_and_add_up(right, wrong):
    choices = tuple(Choice(str(i), i < right, "x", ("r",)) for i in range(right + wrong))
    grades = [float(g) for g in question_exports.fractions(Item("q", "multiple", "s", choices))]
    assert set(grades) <= MOODLE_PERCENTAGES
    assert round(sum(g for g in grades if g > 0) / 100, 2) == 1  # Moodle's own check
    if wrong:
        assert round(sum(g for g in grades if g < 0) / 100, 2) == -1


def test_one_answer_grades_are_100_and_0():
    choices = tuple(Choice(str(i), i == 2, "x", ("r",)) for i in range(4))
    assert question_exports.fractions(Item("q", "single", "s", choices)) == ["0", "0", "100", "0"]


def test_grades_moodle_does_not_offer_are_refused():
    choices = tuple(Choice(str(i), True, "x", ("r",)) for i in range(11))
    with pytest.raises(ValueError, match="no grades in Moodle's list"):
        question_exports.fractions(Item("q", "multiple", "s", choices))


# --- Moodle XML -------------------------------------------------------------------------------------------


def test_every_file_is_written_in_both_formats(bank, data):
    topics = {q.topic for q in data.questions}
    stems = {path.rsplit("/", 1)[-1].split(".")[0] for path in bank}
    assert stems == {"sciatica-questions", "sciatica-cases", *(f"sciatica-{t}" for t in topics)}
    for stem in stems:
        assert f"{question_exports.FOLDER}/{stem}.xml" in bank and f"{question_exports.FOLDER}/{stem}.gift.txt" in bank


def test_moodle_xml_has_a_category_per_topic_and_every_question(bank, data):
    parsed = parse_moodle_xml(bank[f"{question_exports.FOLDER}/sciatica-questions.xml"])
    expected = [question_item(q) for topic in TOPIC_LABELS for q in data.questions if q.topic == topic]
    expected += [item for case in data.cases for item in case_items(case, data)]
    assert [q.name for q in parsed] == [item.id for item in expected]
    categories = {q.category for q in parsed}
    assert categories >= {f"$course$/Sciatica/{TOPIC_LABELS[t]}" for t in {q.topic for q in data.questions}}
    assert {f"$course$/Sciatica/Cases/{case.id}" for case in data.cases} <= categories
    for question, item in zip(parsed, expected):
        if item.topic:
            assert question.category == f"$course$/Sciatica/{TOPIC_LABELS[item.topic]}"


def test_moodle_xml_questions_follow_the_rules(bank):
    for path, text in bank.items():
        if not path.endswith(".xml"):
            continue
        for question in parse_moodle_xml(text):
            element = question.element
            assert element.find("questiontext").get("format") == "html"
            assert element.findtext("single") in ("true", "false")
            assert element.findtext("answernumbering") in ("abc", "ABCD", "123", "iii", "IIII", "none")
            grades = [a.weight for a in question.answers]
            assert set(grades) <= MOODLE_PERCENTAGES, (path, question.name, grades)
            if question.single:
                assert max(grades) == 100 and sorted(grades)[:-1] == [0] * (len(grades) - 1)
            else:
                assert round(sum(g for g in grades if g > 0) / 100, 2) == 1, (question.name, grades)
                assert not any(g < 0 for g in grades) or round(sum(g for g in grades if g < 0) / 100, 2) == -1
            for answer in element.findall("answer"):
                assert answer.get("format") == "html"
                assert answer.find("feedback").get("format") == "html"
                assert "Sources:" in text_of(answer.findtext("feedback/text"))
            assert "CC BY-SA" in question.general_feedback


def test_moodle_xml_carries_the_texts_unchanged(data, bank):
    parsed = {q.name: q for q in parse_moodle_xml(bank[f"{question_exports.FOLDER}/sciatica-questions.xml"])}
    for item in [question_item(q) for q in data.questions]:
        question = parsed[item.id]
        assert text_of(question.text) == words(item.stem)
        assert [text_of(a.text) for a in question.answers] == [words(c.text) for c in item.choices]
        for answer, choice in zip(question.answers, item.choices):
            assert text_of(answer.feedback).startswith(words(choice.explanation))
            assert (answer.weight > 0) == choice.correct


def test_hostile_text_stays_text_in_moodle_xml(data):
    item = question_item(hostile_question())
    section = question_exports.Section("$course$/Sciatica/Safety and red flags", (item,), {item.id: URL})
    xml = question_exports.moodle_xml([section], data.by_id("references"), SITE)
    etree.fromstring(xml.encode())  # well-formed
    [question] = parse_moodle_xml(xml)
    assert text_of(question.text) == words(item.stem)
    assert [text_of(a.text) for a in question.answers] == [words(c.text) for c in item.choices]
    assert [a.weight for a in question.answers] == [50, 50, -50, -50]
    assert "<script>" not in xml and "&lt;script&gt;" not in xml.replace("&amp;lt;script&amp;gt;", "")


# --- GIFT ----------------------------------------------------------------------------------------------------


def gift_html_text(value: str) -> str:
    return text_of(value)


def test_gift_round_trips_every_question(data, bank):
    parsed = {q.name: q for q in parse_gift(bank[f"{question_exports.FOLDER}/sciatica-questions.gift.txt"])}
    items = [question_item(q) for q in data.questions] + [i for c in data.cases for i in case_items(c, data)]
    assert len(parsed) == len(items)
    for item in items:
        question = parsed[item.id]
        assert question.format == "html"
        assert question.single == (item.kind == "single")
        assert gift_html_text(question.text).endswith(words(item.stem))
        assert [gift_html_text(a.text) for a in question.answers] == [words(c.text) for c in item.choices]
        assert [a.weight for a in question.answers] == [float(f) for f in question_exports.fractions(item)]
        for answer, choice in zip(question.answers, item.choices):
            assert gift_html_text(answer.feedback).startswith(words(choice.explanation))
        assert "CC BY-SA" in gift_html_text(question.general_feedback)


def test_gift_has_a_category_per_topic(data, bank):
    for topic in {q.topic for q in data.questions}:
        parsed = parse_gift(bank[f"{question_exports.FOLDER}/sciatica-{topic}.gift.txt"])
        assert {q.category for q in parsed} == {f"$course$/Sciatica/{TOPIC_LABELS[topic]}"}
        assert [q.name for q in parsed] == [f"q-{q.id}" for q in data.questions if q.topic == topic]


def test_gift_escapes_every_special_character(data):
    item = question_item(hostile_question())
    section = question_exports.Section("$course$/Sciatica/Safety and red flags", (item,), {item.id: URL})
    gift = question_exports.gift([section], data.by_id("references"), SITE)
    body = gift.split("::q-hostile::", 1)[1]
    # Outside the marks the writer itself puts there, no control character is left bare.
    bare = set("~=#{}:")
    for line in body.split("\n"):
        plain = line.replace("\\\\", "")
        for escaped in ("\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"):
            plain = plain.replace(escaped, "")
        if plain.startswith(("~", "=")):
            answer, separator, feedback = plain.lstrip("~=").removeprefix("%50%").removeprefix("%-50%").partition("#")
            assert separator and not (set(answer) | set(feedback)) & bare, line
        elif plain.startswith("####"):
            assert not set(plain[4:]) & bare, line
        elif plain not in ("}", ""):
            assert plain.startswith("[html]") and plain.endswith("{") and not set(plain[6:-1]) & bare, line
    [question] = parse_gift(gift)
    assert question.name == "q-hostile" and not question.single
    assert gift_html_text(question.text) == words(item.stem)
    assert [gift_html_text(a.text) for a in question.answers] == [words(c.text) for c in item.choices]
    assert [a.weight for a in question.answers] == [50, 50, -50, -50]
    assert all(gift_html_text(a.feedback).startswith(words(f"Because {HOSTILE}")) for a in question.answers)
    assert gift_html_text(question.general_feedback).startswith(words(f"The point {HOSTILE}"))
    assert "<script>" not in gift


def test_a_text_that_looks_like_a_weight_is_not_read_as_one(data):
    """An option starting '%25%' or '=' stays text: answers are wrapped in <p>, so nothing the
    data says can be taken for GIFT's own marks."""
    item = question_item(hostile_question())
    section = question_exports.Section("c", (item,), {item.id: URL})
    [question] = parse_gift(question_exports.gift([section], data.by_id("references"), SITE))
    assert gift_html_text(question.answers[3].text).startswith("%25%Wrong too")
    assert gift_html_text(question.answers[2].text).startswith("=Wrong")


def test_the_reader_catches_a_bare_control_character():
    """The GIFT reader in these tests is strict enough to fail on an unescaped character."""
    broken = "::q::[html]<p>a {b}</p>{\n=<p>x</p>\n~<p>y</p>\n}"
    with pytest.raises(AssertionError):
        parse_gift(broken)


def test_escaping_is_html_inside_gift(data, bank):
    text = bank[f"{question_exports.FOLDER}/sciatica-anatomy.gift.txt"]
    assert "[html]<p>" in text and "https\\://" in text
    assert "&lt;" not in text.split("$CATEGORY", 1)[0]
