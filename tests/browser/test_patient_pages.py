"""The patients' edition, measured as a reader meets it, in Chromium at 360x740: every page
written for patients answers on its first screen and stays short; every patient question is two
taps from the home page; warnings are never smaller than the text around them."""

from __future__ import annotations

import statistics

import pytest

from sciatica import editorial
from tests.browser.conftest import PHONE
from tests.conftest import ROOT

MAX_SCREENS = 5.0
MEDIAN_SCREENS = 3.5
DOCS = ROOT / "docs"


def patient_pages() -> list[str]:
    """URL paths of the pages written for patients alone."""
    found = []
    for source in sorted(DOCS.rglob("*.md")):
        if list(editorial.front_matter(source).get("audience") or []) == ["patients"]:
            relative = source.relative_to(DOCS).as_posix().removesuffix(".md")
            found.append("/" + (relative.removesuffix("index") if relative.endswith("index") else relative + "/"))
    return found


# Each question a patient comes with, and the page that answers it on its first screen.
QUESTIONS = {
    "Is this an emergency?": "/urgent-help/",
    "What should I do now?": "/what-to-do-now/",
    "What can I take for the pain?": "/treatment/drugs/",
    "Is massage safe for me?": "/massage/is-it-safe/",
    "How long will it last?": "/symptoms/",
    "Can I work, drive, exercise, sleep?": "/treatment/self-care/",
    "Do I need a scan, an injection or an operation?": "/treatment/",
}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_every_patient_page_is_short_and_answers_on_its_first_screen(on_a_phone):
    pages = patient_pages()
    assert len(pages) >= 20
    screens, problems = {}, []
    for path in pages:
        found = on_a_phone[path]
        screens[path] = found["scrollHeight"] / PHONE["height"]
        if screens[path] > MAX_SCREENS:
            problems.append(f"{path}: {screens[path]:.1f} screens (at most {MAX_SCREENS})")
        if found["answerTop"] > PHONE["height"] - 60:
            problems.append(f"{path}: the answer starts {found['answerTop']:.0f} px down, below the first screen")
        if found["marksOnFirstScreen"] > 1:
            problems.append(f"{path}: {found['marksOnFirstScreen']} citation marks on the first screen")
    median = statistics.median(screens.values())
    print("\n".join(f"{path}: {value:.1f} screens" for path, value in sorted(screens.items())))
    assert median <= MEDIAN_SCREENS, f"median {median:.2f} screens"
    assert not problems, "\n".join(problems)


def test_every_patient_question_is_two_taps_from_home(phone, site_url):
    """Following only links in the pages' text (not the menu): home, one tap, a second tap."""

    def links(path: str) -> set[str]:
        phone.goto(site_url + path, wait_until="load")
        hrefs = phone.evaluate("Array.from(document.querySelectorAll('article a[href]')).map(a => a.href)")
        return {href.removeprefix(site_url).split("#")[0] or "/" for href in hrefs if href.startswith(site_url)}

    one_tap = links("/")
    two_taps = set(one_tap)
    for path in sorted(one_tap):
        if path.endswith("/"):
            two_taps |= links(path)
    missing = {question: page for question, page in QUESTIONS.items() if page not in two_taps}
    assert not missing
    assert {"/urgent-help/", "/what-to-do-now/"} <= one_tap  # the two that cannot wait: one tap


def test_warnings_are_never_smaller_than_the_text_around_them(on_a_phone):
    smaller = [f"{path}: {warning}" for path, found in on_a_phone.items() for warning in found["smallWarnings"]]
    assert not smaller, "\n".join(smaller)
