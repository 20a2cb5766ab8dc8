"""Help that is not an emergency number: every region has somewhere to call and someone to talk
to, the numbers come from the data with their sources, and the renderer and its macro show them
by region (rendered with the real data, and through a fake env as a page calls them)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from macros import safety
from macros.context import Site
from sciatica.model import DataError, parse
from sciatica.render import helplines
from tests.conftest import DATA_FILE
from tests.unit.fake_env import FakeEnv

GOOD = DATA_FILE.read_text(encoding="utf-8")
NAME = "data/sciatica.yml"
SAMARITANS = """    name: Samaritans
    number: "116 123"
"""


def marks(*ids: str) -> Markup:
    return Markup(f'<sup class="mark">{" ".join(ids)}</sup>')


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def problems_for(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse(text, NAME)
    return str(caught.value).splitlines()


def test_every_region_has_a_line_for_advice_and_one_that_listens(data):
    for number in data.emergency_numbers:
        lines = helplines.lines_for(data.helplines, number.id)
        assert any(line.kind in ("advice", "doctor") for line in lines), number.id
        assert any(line.kind == "listening" and line.number for line in lines), number.id


def test_a_place_without_a_single_number_says_who_to_call_instead(data):
    without = [line for line in data.helplines if line.number is None]
    assert {line.id for line in without} >= {"us-own-doctor", "northern-ireland-gp-out-of-hours"}
    assert all(line.instead for line in without)


def test_the_numbers_checked_against_their_services(data):
    """The numbers as verified on each service's own page; a change here is a change of fact."""
    numbers = {line.id: line.number for line in data.helplines if line.number}
    assert numbers == {
        "uk-111": "111",
        "samaritans": "116 123",
        "germany-116117": "116 117",
        "canada-811": "811",
        "us-canada-988": "988",
        "australia-healthdirect": "1800 022 222",
        "lifeline-australia": "13 11 14",
    }


def test_every_region_shows_its_lines_in_the_emergency_numbers_order(data):
    html = soup(helplines.helplines(data, marks))
    regions = html.select("details.sc-help-region")
    assert [r["data-region"] for r in regions] == [n.id for n in data.emergency_numbers]
    assert [r.has_attr("open") for r in regions] == [True] + [False] * (len(regions) - 1)
    for region in regions:
        shown = [a["href"] for a in region.select("a.sc-help-button")]
        expected = [
            helplines.tel(line.number)
            for line in helplines.lines_for(data.helplines, region["data-region"])
            if line.number
        ]
        assert shown == expected, region["data-region"]
        summary = region.select_one("summary").get_text()
        assert all(
            line.number in summary for line in helplines.lines_for(data.helplines, region["data-region"]) if line.number
        )
    assert html.select_one("details.sc-help-numbers-fold:not([open]) > div[data-sc-help]")


def test_a_line_shows_who_answers_when_and_its_sources(data):
    html = soup(helplines.helplines(data, marks))
    uk = html.select_one('details[data-region="uk"]')
    for line in helplines.lines_for(data.helplines, "uk"):
        text = " ".join(uk.get_text(" ").split())
        for words in (line.name, line.where, line.answers, line.hours, line.instead):
            if words:
                assert " ".join(words.split()) in text, (line.id, words)
        assert " ".join(line.refs) in str(uk), line.id
    samaritans = [
        r["data-region"] for r in html.select("details.sc-help-region") if r.select_one('a[href="tel:116123"]')
    ]
    assert samaritans == ["uk", "eu"]  # one line, shown wherever its readers are


def test_help_buttons_are_not_emergency_buttons(data):
    html = soup(helplines.helplines(data, marks))
    assert not html.select(".sc-call, .sc-call-button, [data-sc-call]")
    for button in html.select("a.sc-help-button"):
        assert button["aria-label"].endswith("not an emergency number")
        assert re.fullmatch(r"tel:[0-9]+", button["href"])


def test_situations_come_first_and_can_be_left_out(data):
    html = soup(helplines.helplines(data, marks))
    items = html.select("ul.sc-help-when > li")
    assert [li["id"] for li in items] == [f"help-{s.id}" for s in data.help_situations]
    assert {"night-weekend", "pain-too-much", "cannot-go-on"} <= {s.id for s in data.help_situations}
    for item, situation in zip(items, data.help_situations):
        assert item.select_one("strong").get_text().startswith(situation.title)
    assert not soup(helplines.helplines(data, marks, situations=False)).select(".sc-help-when")


def test_the_macro_lists_every_source_on_the_page(data):
    site = Site(FakeEnv(page="what-to-do-now.md", meta={"audience": ["patients"]}), data)
    html = soup(safety.helplines(site))
    cited = set(site.citations().numbers)
    assert cited >= {ref for line in data.helplines for ref in line.refs}
    assert cited >= {ref for situation in data.help_situations for ref in situation.refs}
    assert html.select("ul.sc-help-lines sup")  # the numbers' sources are marked beside them
    assert not html.select("ul.sc-help-when sup")  # the advice reads straight through
    quiet = Site(FakeEnv(page="urgent-help.md"), data)
    assert not soup(safety.helplines(quiet, situations=False)).select(".sc-help-when")


def test_call_buttons_without_marks_still_list_their_sources(data):
    site = Site(FakeEnv(page="urgent-help.md"), data)
    html = safety.call_buttons(site, marks=False)
    assert "Sources for these numbers" not in html
    assert all(f'href="tel:{n.number}"' in html for n in data.emergency_numbers)
    assert set(site.citations().numbers) >= {ref for n in data.emergency_numbers for ref in n.refs}


def test_a_line_with_both_a_number_and_what_to_do_instead_fails_in_one_line():
    broken = GOOD.replace(SAMARITANS, SAMARITANS + "    instead: Call a friend.\n", 1)
    [message] = problems_for(broken)
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: helplines\[samaritans\]\.instead: give a number to call, or say "
        r"what to do instead \(instead\), not both",
        message,
    )


def test_a_line_with_neither_fails_in_one_line():
    [message] = problems_for(GOOD.replace(SAMARITANS, "    name: Samaritans\n", 1))
    assert "helplines[samaritans].instead: give a number to call" in message


def test_a_line_for_an_unknown_region_or_a_badly_written_number_fails_in_one_line():
    [message] = problems_for(GOOD.replace("    areas: [uk, eu]\n", "    areas: [uk, mars]\n", 1))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: helplines\[samaritans\]\.areas\[2\]: 'mars' is not an id in "
        r"emergency_numbers",
        message,
    )
    [message] = problems_for(GOOD.replace('    number: "116 123"\n', '    number: "116-123"\n', 1))
    assert message.endswith(
        "helplines[samaritans].number: expected a phone number written as digits in groups "
        "of 2 to 4, such as 116 123; got '116-123'"
    )
