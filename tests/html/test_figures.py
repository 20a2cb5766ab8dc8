"""The built pages with figures of people: stable anchors trainers can link, links from the
patient pages to the programme, every figure downloadable, and no questionnaire copied."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import ROOT, parsed_page

# Wording from the official forms (seen on reproductions elsewhere). The site describes the
# questionnaires in its own words and links to the official sources; it never copies them.
FORM_SENTINELS = (
    "I stay at home most of the time because of my back",
    "I can look after myself normally without causing extra pain",
)


def page(site, path: str) -> BeautifulSoup:
    return parsed_page(site / path / "index.html")


def test_programme_page_has_stable_anchors(built_site, data):
    patient = page(built_site, "treatment/exercise-programme")
    assert {"programme", "before-you-start"} <= {tag["id"] for tag in patient.select("article [id]")}
    # The whole programme, its evidence and the self-check are on the depth page.
    html = page(built_site, "treatment/exercise-programme-in-depth")
    ids = {tag["id"] for tag in html.select("article [id]")}
    assert {"full-programme", "evidence", "key-points", "self-check"} <= ids
    assert html.select_one(".sc-print-sheet")
    assert {f"exercise-{e.id}" for e in data.exercises} <= ids
    assert {f"evidence-{e.id}" for e in data.exercises} <= ids
    # The exercises are listed in the table of contents, so they can be reached from the side bar.
    toc = {a["href"] for a in html.select("nav.md-nav--secondary a")}
    assert {f"#exercise-{e.id}" for e in data.exercises} <= toc


def test_patient_pages_link_to_the_programme(built_site):
    for path in ("treatment/exercise-and-activity", "treatment/self-care"):
        hrefs = [a["href"] for a in page(built_site, path).select("article a[href]")]
        assert any(h.endswith("exercise-programme/#programme") for h in hrefs), path


def test_diagnosis_page_draws_each_test_and_keeps_its_anchors(built_site, data):
    """The tests are drawn on the depth page; the patient page says each in plain words and links
    to its figure. Every section keeps its own anchor on the page that now holds it."""
    html = page(built_site, "diagnosis-in-depth")
    ids = {tag["id"] for tag in html.select("article [id]")}
    assert {
        "history",
        "examination",
        "imaging",
        "accuracy",
        "asymptomatic",
        "guidelines",
        "outcome-measures",
        "key-points",
        "self-check",
    } <= ids
    for test in data.exam_tests:
        assert f"exam-{test.id}" in ids and f"accuracy-{test.id}" in ids
        assert html.select(f"#figure-exam-{test.id} svg[role=img]")
    for measure in data.outcome_measures:
        assert html.find(id=f"measure-{measure.id}").select_one(f"a[href='{measure.official_url}']")
    patient = page(built_site, "diagnosis")
    assert {"what-to-expect", "examination", "imaging"} <= {tag["id"] for tag in patient.select("article [id]")}
    for test in data.exam_tests:
        assert patient.select_one(f"ul.sc-exam-plain a[href$='diagnosis-in-depth/#exam-{test.id}']")


def test_every_figure_is_downloadable_and_listed_for_trainers(built_site, data):
    from sciatica.render import programme

    files = {programme.exercise_file(e) for e in data.exercises} | {programme.exam_file(t) for t in data.exam_tests}
    files.add(programme.POSITIONS_FILE)
    for file in files:
        assert (built_site / file).is_file(), file
    trainers = page(built_site, "trainers")
    listed = {a["href"].removeprefix("../") for a in trainers.select("article a[download]")}
    assert files <= listed
    registry = (ROOT / "published-links.txt").read_text(encoding="utf-8").splitlines()
    assert {f"/{file}" for file in files} <= set(registry), "run tools/published_links.py site --update"


def test_no_questionnaire_is_reproduced(built_site):
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for sentinel in FORM_SENTINELS:
            assert sentinel.lower() not in text.lower(), (html, sentinel)
