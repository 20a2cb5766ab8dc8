"""The macros, called as a page calls them, with a fake env: each topic module on its own, and
define_env registering them all (no engine, no site build)."""

from __future__ import annotations

import inspect
import re

import pytest
from bs4 import BeautifulSoup

import macros
from macros import citations, figures, questions, safety, techniques, trainers, treatment
from macros.context import MacroError, Site
from tests.unit.fake_env import FakeEnv


@pytest.fixture()
def env() -> FakeEnv:
    return FakeEnv()


@pytest.fixture()
def site(env, data) -> Site:
    return Site(env, data)


def test_define_env_registers_every_topic_macro_once(env):
    macros.define_env(env)
    expected = [f.__name__ for topic in macros.TOPICS for f in topic.MACROS]
    assert len(expected) == len(set(expected)) > 40
    assert sorted(env.macros) == sorted(expected)
    assert env.variables["site_data"].techniques


def test_a_registered_macro_takes_the_page_arguments_only(env):
    macros.define_env(env)
    assert "diagram-kneading" in env.macros["technique_diagram"]("kneading")


def test_citations_are_numbered_per_page_in_order_of_first_use(site, env):
    first = citations.cite(site, "nice-ng59", "nhs-sciatica")
    again = citations.cite(site, "nice-ng59")
    assert ">1</a>" in first and ">2</a>" in first and ">1</a>" in again
    listed = BeautifulSoup(citations.references(site), "html.parser")
    assert [li["id"] for li in listed.select("li[id^=ref-]")] == ["ref-nice-ng59", "ref-nhs-sciatica"]
    env.on("anatomy.md")
    assert ">1</a>" in citations.cite(site, "nhs-sciatica")  # a new page numbers from 1 again


def test_a_page_without_citations_has_no_reference_list(site):
    assert citations.references(site) == ""


def test_an_unknown_id_is_one_line_naming_page_macro_and_id(site, capsys):
    with pytest.raises(MacroError) as raised:
        techniques.technique_steps(site, "no-such-technique")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("docs/massage/kneading.md: technique_steps('no-such-technique'): no technique")
    assert "error: docs/massage/kneading.md" in capsys.readouterr().err


def test_any_failure_inside_a_macro_becomes_one_line(env, data):
    site = Site(env, data)

    def broken(site: Site, value: int) -> str:
        return str(1 // value)

    with pytest.raises(MacroError, match=r"^docs/massage/kneading.md: broken\(0\): ZeroDivisionError: "):
        site.bind(broken)(0)


def test_a_choice_outside_its_list_names_the_choices(site):
    with pytest.raises(MacroError, match=r"screening_form\('nowhere'\): must be one of "):
        safety.screening_form(site, "nowhere")


def test_safety_lists_come_from_the_red_flags(site, data):
    table = BeautifulSoup(safety.red_flags(site), "html.parser")
    rows = {row["id"] for row in table.select("tr[id^=flag-]")}
    assert rows == {f"flag-{flag.id}" for flag in data.red_flags} | {"flag-escalation"}
    emergency = BeautifulSoup(safety.emergency_list(site), "html.parser").get_text(" ")
    for flag in data.red_flags:
        if flag.action == "emergency":
            assert " ".join(flag.sign.split()[:4]) in " ".join(emergency.split())


def test_call_buttons_cite_their_sources(site, data):
    html = safety.call_buttons(site)
    assert all(f'href="tel:{n.number}"' in html for n in data.emergency_numbers)
    assert "Sources for these numbers" in html


def test_links_follow_the_page_and_the_engine(env, data, monkeypatch):
    site = Site(env.on("massage/effleurage.md"), data)
    assert 'href="../../diagrams/effleurage.svg"' in techniques.technique_diagram(site, "effleurage")
    monkeypatch.setitem(__import__("sys").modules, "zensical", object())  # as when Zensical renders
    assert 'href="../diagrams/effleurage.svg"' in techniques.technique_diagram(site, "effleurage")


def test_kinds_of_massage_lists_every_technique_classical_strokes_first(env, data):
    site = Site(env.on("massage/index.md"), data)
    links = BeautifulSoup(techniques.kinds_of_massage(site), "html.parser").select("a")
    assert sorted(a["href"] for a in links) == sorted(f"../massage/{t.id}/" for t in data.techniques)
    families = [data.by_id("techniques")[a["href"].split("/")[-2]].family for a in links]
    assert families[0] == "classical" and families == sorted(families, key=techniques.FAMILY_ORDER.index)
    assert " and " in str(techniques.kinds_of_massage(site)).rsplit("</a>, ", 1)[-1]


def test_offline_links_end_in_html(data):
    site = Site(FakeEnv("treatment/drugs.md", directory_urls=False), data)
    assert 'href="../massage/cupping.html"' in safety.contraindication_table(site)


def test_treatment_macros_cover_every_drug(site, data):
    profiles = treatment.drug_profiles(site)
    shown = {drug.id for drug in data.drugs}
    assert shown and all(f'id="drug-{drug_id}"' in profiles for drug_id in shown)
    with pytest.raises(MacroError, match="claims_table"):
        treatment.claims_table(site, "astrology")


def test_figures_offer_their_downloads(site):
    assert 'download="anatomy-nerve.svg"' in figures.anatomy_diagram(site, "nerve")
    assert "<svg" in figures.exercise_programme(site)
    assert 'id="exercise-walking"' in figures.exercise_programme(site, "walking")
    with pytest.raises(MacroError, match=r"exercise_programme\('running'\): no exercise 'running'"):
        figures.exercise_programme(site, "running")


def test_self_check_takes_the_questions_of_its_page(env, data):
    site = Site(env.on("massage/kneading-in-depth.md"), data)
    html = questions.self_check(site)
    expected = [q.id for q in data.questions if q.page == "massage/kneading-in-depth.md"]
    assert expected and all(f"q-{question_id}" in html for question_id in expected)
    with pytest.raises(MacroError, match="no question in data/sciatica.yml has page: glossary.md"):
        questions.self_check(Site(env.on("glossary.md"), data))


def test_a_handout_names_its_page_and_its_review_dates(data):
    meta = {"reviewed": "2026-11-01", "next_review": "2027-05-01"}
    site = Site(FakeEnv("handouts/kneading.md", meta=meta), data)
    html = trainers.handout(site, "kneading")
    assert "massage/kneading/" in html and "2027" in html
    with pytest.raises(MacroError, match=r"handout_head\('nowhere.md'\): no such page in docs/"):
        trainers.handout_head(site, "nowhere.md")


def needs_arguments(function) -> bool:
    """Whether a page must pass something besides the site (an id, a view ...)."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    return any(p.default is p.empty and p.kind is not p.VAR_POSITIONAL for p in parameters)


def test_every_macro_without_arguments_renders_escaped_text(site, env):
    env.on("massage/kneading-in-depth.md")  # the page with the technique's self-check
    called = 0
    for topic in macros.TOPICS:
        for function in topic.MACROS:
            if needs_arguments(function) or function.__name__ == "handout_head":  # a handout names its page
                continue
            out = function(site)
            called += 1
            assert isinstance(out, str)
            assert not re.search(r"<script\b", out)
    assert called > 25
