"""Questions in Chromium: answering right and wrong, by mouse and by keyboard; the explanations
open; chosen options are marked in words; the practice page keeps a score per topic in
localStorage (and only there), which survives a reload and resets; instant navigation keeps
the questions working; and nothing breaks in the console."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_readers import tab_until

STORE = "sciatica-practice-v1"


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def right_and_wrong(form) -> tuple[list[int], list[int]]:
    flags = form.locator(".sc-quiz-explanations > li").evaluate_all("els => els.map(e => e.dataset.correct)")
    return ([i for i, f in enumerate(flags) if f == "true"], [i for i, f in enumerate(flags) if f == "false"])


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE}') || '{{}}'"))


def test_a_wrong_then_a_right_answer_on_a_study_page(page, site_url):
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="networkidle")
    form = page.locator("#self-check ~ form.sc-quiz").first
    right, wrong = right_and_wrong(form)
    options = form.locator("label.sc-quiz-option")
    details = form.locator("details.sc-quiz-answer")
    assert details.get_attribute("open") is None
    expect(form.locator("button.sc-quiz-check")).to_be_visible()  # the script reveals it

    options.nth(wrong[0]).click()
    form.locator("button.sc-quiz-check").click()
    result = form.locator(".sc-quiz-result")
    assert result.inner_text().startswith("Not this time: the right answer is ")
    assert "Wrong" in options.nth(wrong[0]).locator(".sc-quiz-mark").inner_text()
    assert "Right answer, not chosen" in options.nth(right[0]).locator(".sc-quiz-mark").inner_text()
    assert details.get_attribute("open") is not None
    assert form.locator(".sc-quiz-explanations").is_visible()
    assert "right" in form.locator(".sc-quiz-explanations > li").nth(right[0]).inner_text()
    assert form.get_attribute("data-result") == "wrong"

    options.nth(right[0]).click()  # changing the answer clears the old marks
    assert form.locator(".sc-quiz-mark:not(:empty)").count() == 0 and result.inner_text() == ""
    form.locator("button.sc-quiz-check").click()
    assert result.inner_text().startswith("Right.")
    assert "Right" in options.nth(right[0]).locator(".sc-quiz-mark").inner_text()
    assert form.get_attribute("data-result") == "right"
    assert stored(page) == {}, "a study page's self-check stores nothing"


def test_checking_without_an_answer_asks_for_one(page, site_url):
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="networkidle")
    form = page.locator("#self-check ~ form.sc-quiz").first
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text() == "Choose an answer first."
    assert form.locator("details.sc-quiz-answer").get_attribute("open") is None


def test_a_question_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="networkidle")
    form = page.locator("#self-check ~ form.sc-quiz").first
    first_input = form.locator("input").first.get_attribute("id")
    tab_until(page, lambda f: f["tag"] == "INPUT" and f["label"] == "", limit=400)  # radios have no title
    assert page.evaluate("document.activeElement.id") == first_input
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert "sc-quiz-check" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert form.locator(".sc-quiz-result").inner_text()
    assert form.locator("details.sc-quiz-answer").get_attribute("open") is not None


def test_the_practice_page_keeps_a_score_per_topic_in_this_browser_only(page, site_url):
    page.goto(site_url + "/practice/", wait_until="networkidle")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    box = page.locator(".sc-practice-score[data-topic=anatomy]")
    expect(box).to_be_visible()  # the script shows the score; without it, it stays hidden
    expect(box).to_contain_text("No answers yet")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url}"))

    multiple = page.locator("form#q-anatomy-roots")
    right, wrong = right_and_wrong(multiple)
    multiple.locator("label.sc-quiz-option").nth(right[0]).click()
    multiple.locator("label.sc-quiz-option").nth(wrong[0]).click()
    multiple.locator("button.sc-quiz-check").click()
    assert multiple.locator(".sc-quiz-result").inner_text().startswith(f"Partly right: you chose 1 of the {len(right)}")
    assert "Score: 0 right at the first try, out of 1 answered" in box.inner_text()

    multiple.locator("label.sc-quiz-option").nth(wrong[0]).click()  # untick the wrong one
    for index in right[1:]:
        multiple.locator("label.sc-quiz-option").nth(index).click()
    multiple.locator("button.sc-quiz-check").click()
    assert multiple.locator(".sc-quiz-result").inner_text().startswith(f"Right: you chose all {len(right)}")
    assert "Score: 0 right at the first try, out of 1 answered" in box.inner_text()  # the first try counts

    single = page.locator("form#q-anatomy-exit")
    right, _ = right_and_wrong(single)
    single.locator("label.sc-quiz-option").nth(right[0]).click()
    single.locator("button.sc-quiz-check").click()
    assert "Score: 1 right at the first try, out of 2 answered" in box.inner_text()
    assert stored(page) == {"anatomy": {"q-anatomy-roots": 0, "q-anatomy-exit": 1}}
    sent = [r for r in requests if not r.startswith(f"GET {site_url}/assets/")]  # Material may refetch its icon
    assert not sent, f"answering sent requests: {sent}"

    other = page.locator(".sc-practice-score[data-topic=massage]")
    assert "No answers yet" in other.inner_text()  # each topic its own score

    page.reload(wait_until="networkidle")
    expect(box).to_contain_text("Score: 1 right at the first try, out of 2 answered")
    box.locator("button.sc-practice-reset").click()
    assert "No answers yet" in box.inner_text() and stored(page) == {}


def test_questions_keep_working_after_instant_navigation(page, site_url):
    page.goto(site_url + "/massage/kneading/", wait_until="networkidle")
    page.locator("a.md-footer__link--next[href$='/kneading-in-depth/']").click()  # Material swaps the page in
    page.wait_for_url("**/massage/kneading-in-depth/")
    form = page.locator("#self-check ~ form.sc-quiz").first
    form.wait_for()
    expect(form.locator("button.sc-quiz-check")).to_be_visible()
    right, _ = right_and_wrong(form)
    form.locator("label.sc-quiz-option").nth(right[0]).click()
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text().startswith("Right.")


def test_a_case_stage_is_answered_from_the_tables(page, site_url, data):
    page.goto(site_url + "/cases/", wait_until="networkidle")
    case = data.cases[0]
    form = page.locator(f"form#case-{case.id}-2-a")  # which red flags: none in the first case
    options = form.locator("label.sc-quiz-option")
    options.last.click()  # "None of these warning signs."
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text().startswith("Right")
    assert stored(page) == {}
