"""The words around the figures: the exercise programme, the examination tests' accuracy table and
the outcome measures, rendered from the data with their anchors and sources."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from sciatica.render import programme
from sciatica.render.tables import Links


def no_cite(*ids: str) -> Markup:
    return Markup(f"<sup class='sc-cite'>{' '.join(ids)}</sup>")


@pytest.fixture(scope="module")
def sheet(data):
    return BeautifulSoup(programme.exercise_programme(data, no_cite, Links()), "lxml")


def test_programme_has_an_anchor_per_exercise_in_data_order(data, sheet):
    assert [h["id"] for h in sheet.select(".sc-programme h3")] == [f"exercise-{e.id}" for e in data.exercises]
    assert sheet.select_one(".sc-programme.sc-print-sheet")


def test_each_exercise_says_how_how_much_and_when_to_stop(data, sheet):
    for exercise in data.exercises:
        section = sheet.find(id=f"exercise-{exercise.id}").find_parent("section")
        terms = [dt.get_text() for dt in section.select("dt")]
        assert terms == ["How to do it", "How much", "Next step", "Stop and get advice if", "Not for you if"]
        assert [li.get_text() for li in section.select("dd ol li")] == exercise.steps
        assert section.select_one(f"a[href='#evidence-{exercise.id}']")
        for ref in exercise.refs:
            assert ref in section.select_one(".sc-exercise-sources").get_text()
        figure = section.select_one("figure.sc-pose-figure")
        assert len(figure.select("svg")) == len(exercise.frames)
        assert figure.select_one(f"a[href='diagrams/exercise-{exercise.id}.svg'][download]")


def test_a_patient_page_shows_chosen_exercises_and_leads_to_the_whole_programme(data):
    """The first steps on a patient page: only the chosen exercises, not a print sheet; their
    evidence and the other exercises are linked on the page that holds the whole programme."""
    first = data.exercises[1]
    html = BeautifulSoup(programme.exercise_programme(data, no_cite, Links(), [first]), "lxml")
    assert [h["id"] for h in html.select(".sc-programme h3")] == [f"exercise-{first.id}"]
    assert not html.select_one(".sc-print-sheet")
    whole = programme.PROGRAMME_PAGE.removesuffix(".md") + "/"
    assert html.select_one(f"a[href='{whole}#evidence-{first.id}']")
    more = [a["href"] for a in html.select(".sc-programme-more a")]
    assert more == [f"{whole}#exercise-{e.id}" for e in data.exercises if e.id != first.id]


def test_the_evidence_table_states_strength_and_certainty_with_sources(data):
    table = BeautifulSoup(str(programme.exercise_evidence_table(data.exercises, no_cite)), "lxml")
    rows = table.select("tbody tr")
    assert [r["id"] for r in rows] == [f"evidence-{e.id}" for e in data.exercises]
    for row, exercise in zip(rows, data.exercises):
        cells = [td.get_text() for td in row.select("td")]
        assert programme.STRENGTH_LABELS[exercise.evidence.strength] == cells[1]
        assert all(ref in cells[0] for ref in exercise.evidence.refs)


@pytest.mark.parametrize(("value", "text"), [(0.92, "0.92"), (0.875, "0.88"), (0.8, "0.80"), (0.609, "0.61")])
def test_proportions_have_two_decimal_places(value, text):
    assert programme.proportion(value) == text


def test_every_figure_in_the_accuracy_table_has_the_same_precision(data):
    """Figures with two and three decimals side by side look more and less certain than they are."""
    table = BeautifulSoup(str(programme.exam_tests_table(data.exam_tests, no_cite)), "lxml")
    figures = [
        number
        for row in table.select("tbody tr")
        for cell in row.select("td")[1:3]
        for number in re.findall(r"\d+\.\d+", cell.get_text())
    ]
    assert figures and all(re.fullmatch(r"\d\.\d\d", number) for number in figures), figures


def test_a_row_without_figures_never_calls_itself_pooled(data):
    table = BeautifulSoup(str(programme.exam_tests_table(data.exam_tests, no_cite)), "lxml")
    for row in table.select("tbody tr"):
        cells = [" ".join(td.get_text().split()) for td in row.select("td")]
        if cells[1] == cells[2] == "Not reported":
            assert "Pooled" not in cells[3], cells


def test_each_test_leads_with_its_best_evidence(data):
    """The first row of a test is a systematic review, or else its largest study: a small pilot
    never stands in front of better evidence."""
    kinds = {ref.id: ref.kind for ref in data.references}
    for test in data.exam_tests:
        first, *rest = test.accuracy
        if any(kinds[ref] == "systematic-review" for ref in first.refs):
            continue
        assert not any(kinds[ref] == "systematic-review" for entry in rest for ref in entry.refs), test.id
        assert all((first.people or 0) >= (entry.people or 0) for entry in rest), test.id


def test_accuracy_table_gives_every_figure_with_its_interval(data):
    table = BeautifulSoup(str(programme.exam_tests_table(data.exam_tests, no_cite)), "lxml")
    rows = table.select("tbody tr")
    assert len(rows) == sum(len(t.accuracy) for t in data.exam_tests)
    assert {r["id"] for r in rows if r.get("id")} == {f"accuracy-{t.id}" for t in data.exam_tests}
    slr = table.find(id="accuracy-slr")
    assert "0.92 (0.87 to 0.95)" in slr.get_text() and "0.28 (0.18 to 0.40)" in slr.get_text()
    cslr = table.find(id="accuracy-crossed-slr").get_text()
    assert "0.28 (0.22 to 0.35)" in cslr and "0.90 (0.85 to 0.94)" in cslr


def test_exam_tests_are_drawn_with_procedure_positive_and_plain_words(data):
    html = BeautifulSoup(programme.exam_tests(data, no_cite, Links()), "lxml")
    for test in data.exam_tests:
        heading = html.find(id=f"exam-{test.id}")
        assert heading and heading.name == "h3"
        block = heading.find_next_sibling("div")
        assert [li.get_text() for li in block.select("dd ol li")] == test.procedure
        text = block.get_text(" ")
        assert test.plain_words.split()[0] in text
        assert block.select_one(f"a[href='#accuracy-{test.id}']")
        assert len(block.select("svg")) == len(test.frames)


def test_exam_tests_in_plain_words_link_to_their_figures(data):
    html = BeautifulSoup(str(programme.exam_tests_plain(data.exam_tests, no_cite, Links())), "lxml")
    items = html.select("ul.sc-exam-plain > li")
    assert len(items) == len(data.exam_tests)
    for item, test in zip(items, data.exam_tests):
        assert item.strong.get_text() == test.name
        assert " ".join(test.plain_words.split()) in " ".join(item.get_text(" ").split())
        assert item.select_one(f"a[href='diagnosis-in-depth/#exam-{test.id}']")


def test_outcome_measures_link_to_their_official_source_and_state_the_licence(data):
    html = BeautifulSoup(str(programme.outcome_measures_table(data.outcome_measures, no_cite)), "lxml")
    for measure in data.outcome_measures:
        row = html.find(id=f"measure-{measure.id}")
        assert row.select_one(f"a[href='{measure.official_url}']")
        assert programme.LICENCE_LABELS[measure.licence_status] in row.get_text()
        assert re.search(r"\d", row.get_text())  # a scoring range or a minimal important change


def test_downloads_list_names_every_figure_file(data):
    html = BeautifulSoup(str(programme.figure_downloads(data, Links())), "lxml")
    hrefs = {a["href"] for a in html.select("a[download]")}
    assert hrefs == (
        {programme.exercise_file(e) for e in data.exercises}
        | {programme.exam_file(t) for t in data.exam_tests}
        | {programme.POSITIONS_FILE}
    )
