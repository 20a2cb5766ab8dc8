"""The question renderer: a form that works without JavaScript (options shown, answers in a closed
details, no useless button), accessible (fieldset and legend, a label for every input, a live
result), escaped (data text is never markup), and citing every option's sources."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from sciatica.quizbank import PRACTICE_PAGES, Choice, Item, by_topic, case_stages, question_item
from sciatica.render import quiz
from sciatica.render.html import el
from sciatica.render.tables import Links

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2)) *b* {: onclick=alert(3) } <img src=x onerror=y>"


class Cites:
    """A stand-in for the page's citation numbering that records what was cited."""

    def __init__(self):
        self.cited: list[str] = []

    def __call__(self, *ids: str) -> Markup:
        self.cited += ids
        return el("sup", ",".join(ids), class_="sc-cite")


def item(kind: str = "single", text: str = "", feedback: str | None = None) -> Item:
    return Item(
        "q-test",
        kind,
        f"Which one? {text}",
        (
            Choice(f"First {text}", True, f"Because one. {text}", ("ref-a",)),
            Choice(f"Second {text}", kind == "multiple", f"Because two. {text}", ("ref-b", "ref-c")),
            Choice(f"Third {text}", False, f"Because three. {text}", ("ref-d",)),
        ),
        feedback,
        ("ref-e",) if feedback else (),
        topic="safety",
        level="advanced",
    )


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
    question = Item(
        "q-x",
        "single",
        "The source article says so. Is it right?",
        (Choice("Yes", True, "As the source article says.", ("r",)), Choice("No", False, "No.", ("r",))),
    )
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


def test_a_practice_topic_page_has_its_score_and_questions(data):
    grouped = {t: [question_item(q) for q in qs] for t, qs in by_topic(data.questions).items()}
    for topic, items in grouped.items():
        box = soup(quiz.practice_page(topic, items, Cites())).select_one(".sc-practice")
        assert box["data-topic"] == topic
        score = box.select_one(".sc-practice-score")
        assert score.has_attr("hidden") and score["data-total"] == str(len(items))
        assert not score.has_attr("data-questions")  # the topic's own page counts its forms
        assert [f["id"] for f in box.select("form.sc-quiz")] == [i.id for i in items]
        assert all(f["data-topic"] == topic for f in box.select("form.sc-quiz"))


def test_a_practice_topic_page_opens_with_the_spaced_review_panel(data):
    """The panel comes before the questions, hidden without JavaScript (which keeps the
    schedule); its switch is labelled, its status is a live region that already says what it will
    say to a new reader (so it keeps its height), its queue starts empty."""
    items = [question_item(q) for q in data.questions if q.topic == "anatomy"]
    markup = str(quiz.practice_page("anatomy", items, Cites()))
    assert markup.index('class="sc-spaced"') < markup.index("<form")
    panel = soup(markup).select_one("div.sc-spaced")
    assert panel.has_attr("hidden")
    switch = panel.select_one("label.sc-spaced-switch")
    assert switch.select_one("input[type=checkbox].sc-spaced-on") and "Due questions first" in switch.get_text()
    status = panel.select_one(".sc-spaced-status")
    assert status["role"] == "status" and status.get_text() == quiz.NOTHING_DUE
    assert panel.select_one("button.sc-spaced-reset")["type"] == "button"
    assert panel.select_one(".sc-spaced-queue").contents == []
    assert len(str(panel)) < 700, "the panel adds no weight beyond its controls"


def test_the_practice_index_has_a_section_per_topic_with_its_questions_folded(data):
    grouped = {t: [question_item(q) for q in qs] for t, qs in by_topic(data.questions).items()}
    markdown = quiz.practice_index(grouped, PRACTICE_PAGES, "practice/index.md", Links("../"))
    html = soup(markdown)
    assert not html.select("form")
    for topic, items in grouped.items():
        assert f"{{ #{topic} }}" in markdown
        entry = html.select_one(f".sc-practice-entry[data-topic={topic}]")
        assert entry.select_one("a.md-button")["href"] == f"../practice/{topic}/"
        assert entry.select_one(".sc-practice-score")["data-questions"].split() == [i.id for i in items]
        stubs = entry.select("details.sc-practice-list[data-search-exclude] li")
        assert [li["id"] for li in stubs] == [i.id for i in items]
        assert all(li["data-moved-to"] == li.a["href"] == f"../practice/{topic}/#{li['id']}" for li in stubs)
    names = [a.get_text() for a in html.select("details.sc-practice-list a")]
    assert len(set(names)) == len(names) == len(data.questions), "each link names its topic and number"


def test_a_case_shows_its_story_then_its_stages(data):
    case = data.cases[0]
    stages = case_stages(case, data)
    markdown = quiz.case_study(3, case.id, case.title, case.vignette, stages, Cites())
    html = soup(markdown)
    heading = html.select_one("h2")
    assert heading["id"] == f"case-{case.id}" and heading.get_text().startswith("Case 3: ")
    assert html.select_one(".sc-case-vignette").get_text().startswith("The story.")
    stage_boxes = html.select(".sc-case > .sc-case-stage")
    assert [s.select_one("h3").get_text() for s in stage_boxes] == [
        f"Stage {s.number} of {len(stages)}: {s.label}" for s in stages
    ]
    assert len(html.select("form.sc-quiz")) == sum(len(s.items) for s in stages)
    assert not html.select("details[open]")


def test_each_later_stage_waits_closed_for_the_stage_before(data):
    """A later stage tells what an earlier question asks about: stage 1 shows, every later stage
    is a closed details whose summary names it and says which stage to answer first, and holds
    its new information and its questions."""
    for case in data.cases:
        stages = case_stages(case, data)
        html = soup(quiz.case_study(1, case.id, case.title, case.vignette, stages, Cites()))
        boxes = html.select(".sc-case > .sc-case-stage")
        assert boxes[0].name == "section" and boxes[0].select_one(":scope > h3")
        for box, stage in zip(boxes[1:], stages[1:], strict=True):
            assert box.name == "details" and "sc-case-later" in box["class"] and not box.has_attr("open")
            summary = box.select_one(":scope > summary")
            assert summary.select_one("h3").get_text() == f"Stage {stage.number} of {len(stages)}: {stage.label}"
            assert summary.select_one(".sc-case-wait").get_text() == f"Answer stage {stage.number - 1} first."
            assert [f["id"] for f in box.select(":scope > form.sc-quiz")] == [i.id for i in stage.items]
            if stage.info:
                assert box.select_one(":scope > .sc-case-info") is not None
        # Nothing a later stage says shows outside its closed box.
        for stage, box in zip(stages[1:], boxes[1:], strict=True):
            if stage.info:
                shown = " ".join(
                    p.get_text(" ") for p in html.select(".sc-case-info") if p.find_parent("details") is None
                )
                assert " ".join(stage.info.split())[:40] not in " ".join(shown.split())


def test_the_bank_table_links_every_file(data):
    from sciatica import question_exports

    listing = question_exports.listing(data)
    html = soup(quiz.bank_table(listing, Links("../")))
    hrefs = [a["href"] for a in html.select("a")]
    assert hrefs == [f"../{path}" for _, xml, gift in listing for path in (xml, gift)]
    assert set(question_exports.files(data, "s", "https://x.org/")) == {
        p for _, xml, gift in listing for p in (xml, gift)
    }
