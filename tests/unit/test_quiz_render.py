"""The question renderer: a form that works without JavaScript (options shown, answers in a closed
details, no useless button), accessible (fieldset and legend, a label for every input, a live
result), escaped (data text is never markup), and citing every option's sources."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from sciatica.quizbank import Choice, Item, by_topic, case_stages, question_item
from sciatica.render import quiz
from sciatica.render.html import el
from sciatica.render.tables import Links

HOSTILE = '<script>alert(1)</script> [x](javascript:alert(2)) *b* {: onclick=alert(3) } <img src=x onerror=y>'


class Cites:
    """A stand-in for the page's citation numbering that records what was cited."""

    def __init__(self):
        self.cited: list[str] = []

    def __call__(self, *ids: str) -> Markup:
        self.cited += ids
        return el("sup", ",".join(ids), class_="sc-cite")


def item(kind: str = "single", text: str = "", feedback: str | None = None) -> Item:
    return Item("q-test", kind, f"Which one? {text}", (
        Choice(f"First {text}", True, f"Because one. {text}", ("ref-a",)),
        Choice(f"Second {text}", kind == "multiple", f"Because two. {text}", ("ref-b", "ref-c")),
        Choice(f"Third {text}", False, f"Because three. {text}", ("ref-d",))), feedback, ("ref-e",) if feedback else (),
        topic="safety", level="advanced")


def soup(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "lxml")


@pytest.mark.parametrize("kind,input_type", [("single", "radio"), ("multiple", "checkbox")])
def test_a_question_is_a_form_with_a_labelled_input_per_option(kind, input_type):
    html = soup(quiz.question_form(item(kind), Cites(), number=2, total=5))
    form = html.select_one("form.sc-quiz#q-test")
    assert form["data-kind"] == kind
    assert form.select_one("fieldset > legend").get_text(" ", strip=True) == "Question 2 of 5: Which one?"
    inputs = form.select("input")
    assert [i["type"] for i in inputs] == [input_type] * 3
    assert len({i["name"] for i in inputs}) == 1
    for element in inputs:
        label = form.select_one(f"label[for='{element['id']}']")
        assert label is not None and element in label.find_all("input")
    assert form.select_one(".sc-quiz-result")["role"] == "status"


def test_without_javascript_the_answers_stay_hidden_and_the_button_too():
    form = soup(quiz.question_form(item(), Cites())).select_one("form")
    details = form.select_one("details.sc-quiz-answer")
    assert details is not None and not details.has_attr("open")
    assert details.select_one("summary").get_text() == "Answer and explanations"  # no answer in the summary
    assert form.select_one("button.sc-quiz-check").has_attr("hidden")  # quiz.js shows it
    assert "right" not in form.select_one("ul.sc-quiz-options").get_text().lower()


def test_every_option_has_its_verdict_explanation_and_sources():
    cites = Cites()
    form = soup(quiz.question_form(item("multiple", feedback="The point."), cites)).select_one("form")
    verdicts = form.select("ol.sc-quiz-explanations > li")
    assert [li["data-correct"] for li in verdicts] == ["true", "true", "false"]
    assert [li.select_one(".sc-quiz-verdict").get_text() for li in verdicts] == ["A: right.", "B: right.", "C: wrong."]
    assert "Because two." in verdicts[1].get_text() and verdicts[1].select_one("sup.sc-cite")
    assert cites.cited == ["ref-a", "ref-b", "ref-c", "ref-d", "ref-e"]
    assert form.select_one(".sc-quiz-feedback").get_text(" ", strip=True).startswith("The point: The point.")


def test_data_text_is_never_markup():
    html = str(quiz.question_form(item(text=HOSTILE, feedback=HOSTILE), Cites()))
    parsed = soup(html)
    assert not parsed.select("script, img, a[href^='javascript']")
    assert not any(attr.startswith("on") for tag in parsed.find_all(True) for attr in tag.attrs)
    assert "<script>" in parsed.select_one("legend").get_text()
    assert "[x](javascript:alert(2))" in parsed.select_one("label").get_text()
    assert "{:" not in html and "*b*" not in html  # Markdown syntax is escaped as well


def test_the_source_article_is_linked_in_stems_but_never_inside_a_label():
    question = Item("q-x", "single", "The source article says so. Is it right?", (
        Choice("Yes", True, "As the source article says.", ("r",)), Choice("No", False, "No.", ("r",))))
    form = soup(quiz.question_form(question, Cites(), Links("../"))).select_one("form")
    assert form.select_one("legend a")["href"] == "../about/#source-article"
    assert form.select_one(".sc-quiz-explanations a")["href"] == "../about/#source-article"
    assert not form.select("label a")


def test_a_self_check_is_one_block_per_question():
    items = [item(), item("multiple")]
    rendered = quiz.self_check([Item(f"q-{n}", i.kind, i.stem, i.choices) for n, i in enumerate(items)], Cites())
    blocks = str(rendered).split("\n\n")
    assert len(blocks) == 2 and all(b.startswith("<form") and b.endswith("</form>") for b in blocks)
    assert "\n" not in blocks[0]  # one line per form: Markdown keeps it as one raw HTML block


def test_the_practice_page_has_a_heading_score_and_questions_per_topic(data):
    grouped = {t: [question_item(q) for q in qs] for t, qs in by_topic(data.questions).items()}
    markdown = quiz.practice(grouped, Cites())
    for topic, items in grouped.items():
        assert f"{{ #{topic} }}" in markdown
    html = soup(markdown)
    for box in html.select(".sc-practice"):
        topic = box["data-topic"]
        score = box.select_one(".sc-practice-score")
        assert score.has_attr("hidden") and score["data-total"] == str(len(grouped[topic]))
        assert [f["id"] for f in box.select("form.sc-quiz")] == [i.id for i in grouped[topic]]
        assert all(f["data-topic"] == topic for f in box.select("form.sc-quiz"))
    assert len(html.select("form.sc-quiz")) == len(data.questions)


def test_a_case_shows_its_story_then_its_stages(data):
    case = data.cases[0]
    stages = case_stages(case, data)
    markdown = quiz.case_study(3, case.id, case.title, case.vignette, stages, Cites())
    html = soup(markdown)
    heading = html.select_one("h2")
    assert heading["id"] == f"case-{case.id}" and heading.get_text().startswith("Case 3: ")
    assert html.select_one(".sc-case-vignette").get_text().startswith("The story.")
    sections = html.select("section.sc-case-stage")
    assert [s.select_one("h3").get_text() for s in sections] == [
        f"Stage {s.number} of {len(stages)}: {s.label}" for s in stages]
    assert len(html.select("form.sc-quiz")) == sum(len(s.items) for s in stages)
    assert not html.select("details[open]")


def test_the_bank_table_links_every_file(data):
    from sciatica import question_exports
    listing = question_exports.listing(data)
    html = soup(quiz.bank_table(listing, Links("../")))
    hrefs = [a["href"] for a in html.select("a")]
    assert hrefs == [f"../{path}" for _, xml, gift in listing for path in (xml, gift)]
    assert set(question_exports.files(data, "s", "https://x.org/")) == {p for _, xml, gift in listing for p in (xml, gift)}
