"""One place per safety fact: the short emergency lists are chosen subsets of the red flags in
the data, never written by hand, and none leaves out a sign marked for every list."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sciatica.model import DataError, parse
from sciatica.render import urgent
from sciatica.render.tables import Links
from tests.conftest import DATA_FILE, ROOT

HAND_WRITTEN = [*ROOT.glob("docs/**/*.md"), *ROOT.glob("overrides/**/*.html")]


def normal(text: str) -> str:
    return " ".join(re.sub(r"[*_`>]", "", text).lower().split())


def signs_written_by_hand(paths, data) -> list[str]:
    """'file: flag id' for every file that spells out a sign's words (full or brief)."""
    phrases = {flag.id: {normal(flag.sign), normal(flag.brief)} for flag in data.red_flags}
    found = []
    for path in paths:
        text = normal(path.read_text(encoding="utf-8"))
        found += [f"{path.name}: {flag_id}" for flag_id, words in phrases.items() if any(p in text for p in words)]
    return found


def test_no_page_or_template_writes_a_sign_by_hand(data):
    """A sign's words come from the data; a page or the theme that spells one out has a copy
    that will drift."""
    assert len(HAND_WRITTEN) > 40
    assert signs_written_by_hand(HAND_WRITTEN, data) == []


def test_the_check_finds_a_sign_written_by_hand(data, tmp_path):
    page = tmp_path / "page.md"
    flag = data.by_id("red_flags")["bladder"]
    page.write_text(f"Go now if you have\n**{flag.brief.capitalize()}**.\n")
    assert signs_written_by_hand([page], data) == ["page.md: bladder"]


def test_every_short_list_carries_the_signs_marked_for_every_list(data):
    every = {flag.id for flag in data.red_flags if flag.every_list}
    assert {"both-legs", "saddle-numbness", "bladder", "bowel", "leg-weakness"} <= every
    for short in data.short_lists:
        assert every <= set(short.signs), short.id


def test_a_short_list_that_drops_an_every_list_sign_fails_to_load():
    text = DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace(
        "signs: [both-legs, saddle-numbness, bladder, bowel, leg-weakness]",
        "signs: [both-legs, saddle-numbness, bladder, leg-weakness]",
        1,
    )
    assert broken != text
    with pytest.raises(DataError) as raised:
        parse(broken, "data/sciatica.yml")
    [problem] = [str(p) for p in raised.value.problems]
    assert re.fullmatch(
        r"data/sciatica\.yml:\d+: short_lists\[banner\]\.signs: leaves out bowel, marked "
        r"every_list: every short list must carry them",
        problem,
    )


def test_the_banner_names_the_banner_list_in_order(data):
    text = urgent.banner_signs(data)
    positions = [text.index(flag.brief) for flag in urgent.listed(data, "banner")]
    assert positions == sorted(positions)


def test_what_to_do_now_sends_each_sign_where_the_data_says(data):
    html = BeautifulSoup(urgent.who_to_call(data, "what-to-do-now", Links(), lambda *ids: ""), "html.parser")
    emergency = normal(html.select_one(".sc-emergency-signs").get_text(" "))
    same_day = normal(html.select_one(".sc-same-day-signs").get_text(" "))
    for flag in urgent.listed(data, "what-to-do-now"):
        where = emergency if flag.action == "emergency" else same_day
        assert normal(flag.brief) in where, flag.id
        if flag.contact:
            assert normal(flag.contact) in where, flag.id
    cancer_now = data.by_id("red_flags")["cancer-nerve-symptoms"]
    assert cancer_now.action == "emergency" and "24-hour" in cancer_now.contact
