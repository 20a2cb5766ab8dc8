"""Questions in Chromium: answering right and wrong, by mouse and by keyboard; the explanations
open; chosen options are marked in words, and the result reads right for every count; the
practice page keeps a score per topic and a Leitner review schedule in localStorage (and only
there), which survive a reload and reset, and a damaged stored value is dropped instead of
stopping an answer; a case shows each stage once the one before is answered (with the keyboard,
without JavaScript, and on paper, where every stage prints); instant navigation keeps the
questions working; and nothing breaks in the console."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_violations
from tests.browser.test_readers import tab_until

STORE = "sciatica-practice-v1"
SCHEDULE = "sciatica-review-v1"
MODE = "sciatica-review-mode"


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
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="load")
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
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="load")
    form = page.locator("#self-check ~ form.sc-quiz").first
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text() == "Choose an answer first."
    assert form.locator("details.sc-quiz-answer").get_attribute("open") is None


def test_a_question_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "/massage/effleurage-in-depth/", wait_until="load")
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


def test_the_practice_pages_keep_a_score_per_topic_in_this_browser_only(page, site_url):
    page.goto(site_url + "/practice/anatomy/", wait_until="load")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="load")
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
    assert multiple.locator(".sc-quiz-result").inner_text().startswith("Partly right: you chose one of the ")
    assert "Score: 0 right at the first try, out of 1 answered" in box.inner_text()

    multiple.locator("label.sc-quiz-option").nth(wrong[0]).click()  # untick the wrong one
    for index in right[1:]:
        multiple.locator("label.sc-quiz-option").nth(index).click()
    multiple.locator("button.sc-quiz-check").click()
    assert multiple.locator(".sc-quiz-result").inner_text().startswith("Right: you chose ")
    assert "Score: 0 right at the first try, out of 1 answered" in box.inner_text()  # the first try counts

    single = page.locator("form#q-anatomy-exit")
    right, _ = right_and_wrong(single)
    single.locator("label.sc-quiz-option").nth(right[0]).click()
    single.locator("button.sc-quiz-check").click()
    assert "Score: 1 right at the first try, out of 2 answered" in box.inner_text()
    assert stored(page) == {"anatomy": {"q-anatomy-roots": 0, "q-anatomy-exit": 1}}
    sent = [r for r in requests if not r.startswith(f"GET {site_url}/assets/")]  # Material may refetch its icon
    assert not sent, f"answering sent requests: {sent}"

    page.reload(wait_until="load")
    expect(box).to_contain_text("Score: 1 right at the first try, out of 2 answered")

    page.goto(site_url + "/practice/", wait_until="load")  # the index shows every topic's score
    box = page.locator(".sc-practice-score[data-topic=anatomy]")
    expect(box).to_contain_text("Score: 1 right at the first try, out of 2 answered")
    other = page.locator(".sc-practice-score[data-topic=massage]")
    assert "No answers yet" in other.inner_text()  # each topic its own score
    box.locator("button.sc-practice-reset").click()
    assert "No answers yet" in box.inner_text() and stored(page) == {}


def test_questions_keep_working_after_instant_navigation(page, site_url):
    page.goto(site_url + "/massage/kneading/", wait_until="load")
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
    page.goto(site_url + "/cases/", wait_until="load")
    case = data.cases[0]
    first = page.locator(f"form#case-{case.id}-1")
    first.locator("label.sc-quiz-option").first.click()
    first.locator("button.sc-quiz-check").click()  # which opens the next stage
    form = page.locator(f"form#case-{case.id}-2-a")  # which red flags: none in the first case
    options = form.locator("label.sc-quiz-option")
    options.last.click()  # "None of these warning signs."
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text().startswith("Right")
    assert stored(page) == {}


# --- the result in words ------------------------------------------------------------------------------

NUMBERS = "no|one|two|three|four|five|six|seven|eight"


def test_the_result_reads_right_for_every_count(page, site_url):
    """Every count of right answers, right and wrong choices: 'both', 'the only', 'all three',
    never 'all 2', '1 of the 1' or 'one wrong ones'."""
    page.goto(site_url + "/massage/effleurage/", wait_until="load")
    cases = [
        (single, right, wrong, "ABCDEFGH"[:total])
        for total in range(1, 9)
        for right in range(total + 1)
        for wrong in range(9 - total)
        for single in (False, True)
        if right + wrong and (not single or (total == 1 and right + wrong == 1))
    ]
    said = page.evaluate("cases => cases.map(([s, r, w, l]) => window.scQuiz.verdict(s, r, w, l.split('')))", cases)
    expected = {
        (False, 1, 0, "A"): "Right: you chose the only right answer.",
        (False, 2, 0, "AB"): "Right: you chose both right answers.",
        (False, 3, 0, "ABC"): "Right: you chose all three right answers.",
        (False, 1, 1, "AB"): "Partly right: you chose one of the two right answers (A and B), and one wrong one.",
        (
            False,
            2,
            3,
            "ABC",
        ): "Partly right: you chose two of the three right answers (A, B and C), and three wrong ones.",
        (False, 2, 1, "AB"): "Partly right: you chose both right answers (A and B), but also one wrong one.",
        (False, 1, 2, "A"): "Partly right: you chose the only right answer (A), but also two wrong ones.",
        (False, 0, 2, "A"): "Not this time: the right answer is A.",
        (False, 0, 1, "ABC"): "Not this time: the right answers are A, B and C.",
        (True, 1, 0, "A"): "Right.",
        (True, 0, 1, "A"): "Not this time: the right answer is A.",
    }
    by_case = {tuple(case): words for case, words in zip(cases, said, strict=True)}
    for case, words in expected.items():
        assert by_case[case] == words, case
    for (single, right, wrong, letters), words in by_case.items():
        assert not re.search(r"\d", words), words  # counts in words
        assert not re.search(rf"\ball ({NUMBERS})\b", words) or len(letters) > 2, words
        assert not re.search(r"\bone (right answers|wrong ones)\b", words), words
        assert not re.search(r"\b(two|three|four|five|six|seven|eight) (right answer|wrong one)\b(?!s)", words), words
        assert not re.search(r"\bof the (one|two)\b", words) or "of the two right answers" in words, words
        assert words.startswith("Right") == (right == len(letters) and not wrong), words


# --- cases, stage by stage ----------------------------------------------------------------------------


def stage_boxes(page, case_id: str):
    return page.locator(f".sc-case[data-case='{case_id}'] > .sc-case-stage")


def tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"the keyboard never reached #{element_id}")


def tab_to_check(page, form_id: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('#{form_id} .sc-quiz-check')"):
            return
    pytest.fail(f"the keyboard never reached the Check button of #{form_id}")


def answer_by_keyboard(page, form, form_id: str) -> None:
    """Tab to the first option, tick or choose it with Space, Tab to Check, press Enter."""
    tab_to(page, form.locator("input").first.get_attribute("id"))
    page.keyboard.press("Space")
    tab_to_check(page, form_id)
    page.keyboard.press("Enter")
    assert form.locator(".sc-quiz-result").inner_text()


def test_a_later_stage_stays_hidden_until_the_stage_before_is_answered_by_keyboard(page, site_url, data):
    case = next(c for c in data.cases if len(c.stages) >= 3)
    page.goto(site_url + f"/cases/#case-{case.id}", wait_until="load")
    stages = stage_boxes(page, case.id)
    first, second, third = (stages.nth(i) for i in range(3))
    first_forms = first.locator("form.sc-quiz")
    second_forms = second.locator("form.sc-quiz")
    assert first_forms.first.is_visible()
    assert second.get_attribute("open") is None and not second_forms.first.is_visible()
    info = second.locator(".sc-case-info")
    if info.count():
        assert not info.is_visible(), "what stage 2 tells waits with it"
    assert "Answer stage 1 first." in second.locator("summary .sc-case-wait").inner_text()
    # Tabbing on from stage 1's last button reaches stage 2's summary, never its questions.
    first_forms.last.locator("button.sc-quiz-check").focus()
    for _ in range(4):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => { const f = document.activeElement.closest('form.sc-quiz'); return f ? f.id : ''; }"
        )
        assert not inside.startswith(f"case-{case.id}-2"), inside
    page.reload(wait_until="load")  # and start again from the case's heading

    for index in range(first_forms.count()):
        form = first_forms.nth(index)
        if index < first_forms.count() - 1:
            answer_by_keyboard(page, form, form.get_attribute("id"))
            assert second.get_attribute("open") is None, "the stage opens once every question is checked"
    last = first_forms.last
    answer_by_keyboard(page, last, last.get_attribute("id"))
    assert last.locator(".sc-quiz-result").inner_text().endswith("The next stage is open below.")
    expect(second_forms.first).to_be_visible()
    assert third.get_attribute("open") is None and not third.locator("form.sc-quiz").first.is_visible()

    # The next stage's questions are the next stops for the keyboard; the one after stays shut
    # until every question of this stage is checked.
    assert second_forms.count() >= 2, "the test needs a stage with two questions"
    for index in range(second_forms.count()):
        form = second_forms.nth(index)
        answer_by_keyboard(page, form, form.get_attribute("id"))
        if index < second_forms.count() - 1:
            assert third.get_attribute("open") is None
    expect(third.locator("form.sc-quiz").first).to_be_visible()
    assert stored(page) == {}, "a case stores nothing"


def test_without_javascript_every_stage_can_be_opened(browser, site_url, data):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/cases/")
    for case in data.cases:
        later = page.locator(f".sc-case[data-case='{case.id}'] > details.sc-case-later")
        assert later.count() == len(case.stages) - 1
        for index in range(later.count()):
            stage = later.nth(index)
            assert not stage.locator("form.sc-quiz").first.is_visible()
            stage.locator(":scope > summary").focus()
            page.keyboard.press("Enter")
            expect(stage.locator("form.sc-quiz").first).to_be_visible()
            assert not stage.locator("button.sc-quiz-check").first.is_visible(), "no button that would do nothing"
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_printed_case_shows_every_stage_with_its_answers_closed(browser, site_url, data, javascript):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "/cases/", wait_until="load")
    page.emulate_media(media="print")
    for before_print in (False, True) if javascript else (False,):
        if before_print:  # Material opens every details here; the answers must still stay closed
            page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        for case in data.cases:
            forms = page.locator(f".sc-case[data-case='{case.id}'] form.sc-quiz")
            assert forms.count() > len(case.stages) - 1
            hidden = forms.evaluate_all("fs => fs.filter(f => !f.checkVisibility()).map(f => f.id)")
            assert hidden == [], hidden
            info = page.locator(f".sc-case[data-case='{case.id}'] .sc-case-info")
            assert info.evaluate_all("ps => ps.every(p => p.checkVisibility())")
            answers = page.locator(f".sc-case[data-case='{case.id}'] .sc-quiz-explanations")
            assert answers.evaluate_all("os => os.filter(o => o.checkVisibility()).length") == 0
            waits = page.locator(f".sc-case[data-case='{case.id}'] .sc-case-wait")
            assert waits.evaluate_all("ws => ws.filter(w => w.checkVisibility()).length") == 0
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cases_and_spaced_review_pass_axe_once_opened(browser, axe_script, site_url, data, scheme):
    from tests.browser.test_accessibility import AXE_OPTIONS, describe

    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "/cases/", wait_until="load")
    case = data.cases[0]
    first = stage_boxes(page, case.id).first.locator("form.sc-quiz")
    for index in range(first.count()):
        form = first.nth(index)
        form.locator("label.sc-quiz-option").first.click()
        form.locator("button.sc-quiz-check").click()
    expect(stage_boxes(page, case.id).nth(1).locator("form.sc-quiz").first).to_be_visible()
    violations = axe_violations(page, axe_script, AXE_OPTIONS)
    assert not violations, describe(violations)

    page.goto(site_url + "/practice/anatomy/", wait_until="load")
    day = page.evaluate(TODAY)
    page.evaluate(
        f"d => {{ localStorage.setItem('{SCHEDULE}', JSON.stringify({{'q-anatomy-exit': [1, d, d - 1]}}));"
        f" localStorage.setItem('{MODE}', 'on'); }}",
        day,
    )
    page.reload(wait_until="load")
    expect(page.locator(".sc-spaced-queue form#q-anatomy-exit")).to_be_visible()
    violations = axe_violations(page, axe_script, AXE_OPTIONS)
    context.close()
    assert not violations, describe(violations)


# --- the practice page: damaged storage and the review schedule ------------------------------------------------

TODAY = "() => { const n = new Date(); return Math.floor((n.getTime() - n.getTimezoneOffset() * 60000) / 86400000); }"


def schedule(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{SCHEDULE}') || '{{}}'"))


@pytest.mark.parametrize(
    "scores,cards,mode",
    [
        ('{"anatomy":"abc"}', None, None),
        ("not json", "garbage{", "on"),
        ("[1, 2]", "[]", "yes"),
        ("null", "null", "on"),
        (
            '{"anatomy": {"q-anatomy-exit": "x", "__proto__": {"polluted": 1}}, "": 5}',
            '{"q-anatomy-exit": "abc", "q-anatomy-roots": [9, 9, 9], "__proto__": [1, 1, 1], "q-x": [1, 1e309, 0]}',
            "on",
        ),
        ('{"anatomy": null, "massage": []}', '{"q-anatomy-exit": {"box": 2}}', None),
    ],
)
def test_a_damaged_stored_value_never_stops_an_answer(page, site_url, scores, cards, mode):
    page.goto(site_url + "/practice/anatomy/", wait_until="load")
    page.evaluate(
        """([keys, values]) => { localStorage.clear();
        keys.forEach((key, i) => values[i] !== null && localStorage.setItem(key, values[i])); }""",
        [[STORE, SCHEDULE, MODE], [scores, cards, mode]],
    )
    page.reload(wait_until="load")
    box = page.locator(".sc-practice-score[data-topic=anatomy]")
    expect(box).to_contain_text("No answers yet")  # what could not be read is dropped, not shown
    form = page.locator("form#q-anatomy-exit")
    right, _ = right_and_wrong(form)
    form.locator("label.sc-quiz-option").nth(right[0]).click()
    form.locator("button.sc-quiz-check").click()
    assert form.locator(".sc-quiz-result").inner_text().startswith("Right.")
    assert "Score: 1 right at the first try, out of 1 answered" in box.inner_text()
    assert stored(page) == {"anatomy": {"q-anatomy-exit": 1}}  # reset to what can be read, then counted
    day = page.evaluate(TODAY)
    assert schedule(page) == {"q-anatomy-exit": [2, day + 2, day]}
    assert page.evaluate("({}).polluted") is None


def test_spaced_review_puts_the_due_questions_first_on_a_leitner_schedule(page, site_url):
    start = datetime.datetime(2027, 3, 1, 12, 0)
    page.clock.set_fixed_time(start)
    page.goto(site_url + "/practice/anatomy/", wait_until="load")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="load")
    panel = page.locator(".sc-spaced")
    expect(panel).to_be_visible()
    status = panel.locator(".sc-spaced-status")
    expect(status).to_contain_text("Nothing is due yet")
    topic = page.locator(".sc-practice[data-topic=anatomy]")
    original = topic.locator("form.sc-quiz").evaluate_all("fs => fs.map(f => f.id)")
    day = page.evaluate(TODAY)

    exit_form, roots = page.locator("form#q-anatomy-exit"), page.locator("form#q-anatomy-roots")
    right, _ = right_and_wrong(exit_form)
    exit_form.locator("label.sc-quiz-option").nth(right[0]).click()
    exit_form.locator("button.sc-quiz-check").click()
    roots_right, roots_wrong = right_and_wrong(roots)
    roots.locator("label.sc-quiz-option").nth(roots_wrong[0]).click()
    roots.locator("button.sc-quiz-check").click()
    assert schedule(page) == {"q-anatomy-exit": [2, day + 2, day], "q-anatomy-roots": [1, day + 1, day]}
    roots.locator("label.sc-quiz-option").nth(roots_wrong[0]).click()
    for index in roots_right:
        roots.locator("label.sc-quiz-option").nth(index).click()
    roots.locator("button.sc-quiz-check").click()  # right now, but only the first answer of the day counts
    assert schedule(page)["q-anatomy-roots"] == [1, day + 1, day]
    expect(status).to_contain_text("Nothing is due today. The next question is due tomorrow.")

    panel.locator(".sc-spaced-on").check()
    assert page.evaluate(f"localStorage.getItem('{MODE}')") == "on"
    assert panel.locator(".sc-spaced-queue form").count() == 0

    page.clock.set_fixed_time(start + datetime.timedelta(days=1))  # tomorrow: the wrong one is due
    page.reload(wait_until="load")
    assert panel.locator(".sc-spaced-on").is_checked(), "the mode is kept"
    expect(status).to_have_text("Due today: one question. It comes first, below.")
    queue = panel.locator(".sc-spaced-queue form.sc-quiz")
    assert queue.evaluate_all("fs => fs.map(f => f.id)") == ["q-anatomy-roots"]
    assert page.evaluate("""() => { const q = document.querySelector('.sc-spaced-queue form');
        const topic = document.querySelector('.sc-practice[data-topic=anatomy]');
        return !!(q.compareDocumentPosition(topic) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    roots_right, _ = right_and_wrong(roots)
    for index in roots_right:
        roots.locator("label.sc-quiz-option").nth(index).click()
    roots.locator("button.sc-quiz-check").click()  # answered in the queue: it counts, and moves up a box
    assert schedule(page)["q-anatomy-roots"] == [2, day + 3, day + 1]
    assert stored(page)["anatomy"] == {"q-anatomy-exit": 1, "q-anatomy-roots": 0}, "the score keeps the first try"

    page.clock.set_fixed_time(start + datetime.timedelta(days=4))  # both due; the more overdue first
    page.reload(wait_until="load")
    assert queue.evaluate_all("fs => fs.map(f => f.id)") == ["q-anatomy-exit", "q-anatomy-roots"]
    expect(status).to_have_text("Due today: two questions. They come first, below.")

    panel.locator(".sc-spaced-on").uncheck()  # every question back in its topic, in its place
    assert panel.locator(".sc-spaced-queue form").count() == 0
    assert topic.locator("form.sc-quiz").evaluate_all("fs => fs.map(f => f.id)") == original
    expect(status).to_have_text("Due today: two questions. Tick the box to put them first.")
    assert page.evaluate(f"localStorage.getItem('{MODE}')") is None

    page.goto(site_url + "/practice/", wait_until="load")  # the index counts each topic's due questions
    expect(page.locator(".sc-practice-score[data-topic=anatomy]")).to_contain_text(
        "Due for review today: two questions."
    )
    assert "Due for review" not in page.locator(".sc-practice-score[data-topic=causes]").inner_text()
    page.goto(site_url + "/practice/anatomy/", wait_until="load")
    panel.locator(".sc-spaced-reset").click()
    assert schedule(page) == {}
    expect(status).to_contain_text("Nothing is due yet")


def test_an_old_link_to_a_question_on_the_practice_page_leads_to_its_topic_page(page, site_url):
    """Question banks and course notes link /practice/#q-...: the question now lives on its
    topic's page, and the index sends the reader on to it."""
    page.goto(site_url + "/practice/#q-anatomy-exit", wait_until="load")
    page.wait_for_url(site_url + "/practice/anatomy/#q-anatomy-exit")
    expect(page.locator("form#q-anatomy-exit")).to_be_in_viewport()
