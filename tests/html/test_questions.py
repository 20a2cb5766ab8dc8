"""Questions and cases in the built site: the practice page holds every question once under its
topic, the cases page every case, the study pages their own questions; the question bank is
published and listed for trainers; the scoring script is the site's own."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from sciatica import question_exports
from sciatica.quizbank import PRACTICE_PAGES, TOPIC_LABELS, case_items
from tests.conftest import parsed_page
from tests.questionbank import parse_gift, parse_moodle_xml


def page(site, path: str) -> BeautifulSoup:
    return parsed_page(site / path / "index.html")


def test_each_practice_topic_has_a_page_holding_its_questions_once(built_site, data):
    found = []
    for topic, source in PRACTICE_PAGES.items():
        html = page(built_site, source.removesuffix(".md"))
        article = html.select_one("article")
        # The topic's name is written in its page (title, heading) and in the nav: all agree with TOPIC_LABELS.
        assert TOPIC_LABELS[topic] in article.select_one("h1").get_text()
        assert html.title.get_text().startswith(f"Practice: {TOPIC_LABELS[topic]} ")
        assert {" ".join(a.get_text().split()) for a in html.select(".md-nav__link--active")} == {TOPIC_LABELS[topic]}
        box = article.select_one(f".sc-practice[data-topic={topic}]")
        assert [f["id"] for f in box.select("form")] == [f"q-{q.id}" for q in data.questions if q.topic == topic]
        assert box.select_one(".sc-practice-score").has_attr("hidden")  # shown by quiz.js, which keeps it
        assert article.select_one(".sc-spaced[hidden] .sc-spaced-on"), topic  # the topic's review schedule
        assert not article.select("details[open]")
        found += [f["id"] for f in article.select("form.sc-quiz")]
    assert sorted(found) == sorted(f"q-{q.id}" for q in data.questions)


def test_the_practice_index_leads_to_each_topic_and_keeps_every_old_question_anchor(built_site, data):
    """Links to the single practice page (/practice/#anatomy, /practice/#q-...) still land: the
    topic's section is on the index, and each question's anchor leads on to its topic's page."""
    article = page(built_site, "practice").select_one("article")
    assert not article.select("form.sc-quiz")
    for topic, label in TOPIC_LABELS.items():
        heading = article.select_one(f"h2#{topic}")
        assert heading is not None and label in heading.get_text()
        entry = article.select_one(f".sc-practice-entry[data-topic={topic}]")
        target = "/" + PRACTICE_PAGES[topic].removesuffix(".md") + "/"
        assert urljoin("/practice/", entry.select_one("a.md-button")["href"]) == target, topic
        ids = [f"q-{q.id}" for q in data.questions if q.topic == topic]
        assert entry.select_one(".sc-practice-score")["data-questions"].split() == ids
        landing = page(built_site, target.strip("/"))
        for anchor in ids:
            stub = entry.select_one(f"li#{anchor}")
            assert urljoin("/practice/", stub["data-moved-to"]) == urljoin("/practice/", stub.a["href"])
            assert urljoin("/practice/", stub["data-moved-to"]) == f"{target}#{anchor}"
            assert landing.select_one(f"form#{anchor}") is not None, anchor


def test_each_study_page_shows_its_own_questions(built_site, data):
    for question in data.questions:
        if question.page:
            path = question.page.removesuffix(".md").removesuffix("index")
            html = page(built_site, path)
            assert html.select_one(f"#self-check ~ form#q-{question.id}"), (question.id, path)


def test_the_cases_page_holds_every_case_in_stages(built_site, data):
    article = page(built_site, "cases").select_one("article")
    for case in data.cases:
        heading = article.select_one(f"h2#case-{case.id}")
        assert heading is not None, case.id
        body = heading.find_next_sibling(class_="sc-case")
        assert body["data-case"] == case.id
        assert [f["id"] for f in body.select("form.sc-quiz")] == [i.id for i in case_items(case, data)]
    toc = page(built_site, "cases").select("nav.md-nav--secondary a[href^='#case-']")
    assert {a["href"] for a in toc} == {f"#case-{c.id}" for c in data.cases}, "each case is in the table of contents"


def test_the_question_bank_is_published_and_listed_for_trainers(built_site, data):
    trainers = page(built_site, "trainers")
    links = {a["href"] for a in trainers.select("#question-bank ~ div.sc-bank a")}
    for _, xml, gift in question_exports.listing(data):
        assert f"../{xml}" in links and f"../{gift}" in links
        parse_moodle_xml((built_site / xml).read_text(encoding="utf-8"))
        assert parse_gift((built_site / gift).read_text(encoding="utf-8"))


def test_every_page_loads_the_sites_own_scoring_script(pages):
    for built in pages:
        scripts = [s["src"] for s in parsed_page(built).select("script[src]")]
        assert any(src.endswith("javascripts/quiz.js") for src in scripts), built
