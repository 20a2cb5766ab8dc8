"""Is massage safe for me? The answers for a person with a condition, from the real data: every
condition offered answers all three questions, each answer has its own address, the warning
signs come from the red flags, every source is listed, and the lists on "When not to have
massage" split the conditions by severity."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from macros import safety
from macros.context import MacroError, Site
from sciatica.model import DataError, parse
from sciatica.render import patient_safety, tables
from sciatica.render.html import el
from sciatica.render.urgent import EMERGENCY_ACTION, URGENT_ACTION
from tests.conftest import DATA_FILE
from tests.unit.fake_env import FakeEnv

LINKS = tables.Links("../../")


def cited(*ids: str) -> Markup:
    return el("sup", " ".join(ids), class_="sc-cite")


def soup(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "lxml")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def plain(text: str) -> str:
    return " ".join(text.split())


def test_every_condition_a_person_names_has_its_answers(data):
    """A condition the screening form asks about, or that the red flags screen for, is one a person
    can name: each has a label and all three answers. A rule for every client (a place on the
    body) and a hazard of a method are not conditions, and have none."""
    for entry in data.contraindications:
        names_it = entry.kind == "contraindication" and not entry.every_client
        assert (entry.for_you is not None) == names_it, entry.id
    offered = patient_safety.offered(data)
    assert len(offered) >= 15
    for entry in offered:
        answers = entry.for_you
        for field in ("label", "can_i", "what_kind", "tell"):
            assert getattr(answers, field).strip(), (entry.id, field)


def test_the_conditions_people_ask_about_are_offered(data):
    labels = {entry.id: entry.for_you.label.lower() for entry in patient_safety.offered(data)}
    assert "pregnant" in labels["pregnancy"]
    assert "blood thinners" in labels["anticoagulants"]
    assert "diabetes" in labels["lost-sensation"]
    assert "cancer" in labels["cancer"]
    assert "operation" in labels["recent-surgery"] and "injection" in labels["recent-surgery"]
    assert "varicose veins" in labels["varicose-veins"]
    assert "fever" in labels["fever-infection"]


def test_each_answer_has_a_unique_anchor_and_all_three_answers_in_order(data):
    offered = patient_safety.offered(data)
    html = soup(patient_safety.condition_answers(offered, data, cited, LINKS))
    folds = html.select("details.sc-for-you")
    assert [fold["id"] for fold in folds] == [f"safe-{entry.id}" for entry in offered]
    assert len({fold["id"] for fold in folds}) == len(folds)
    for fold, entry in zip(folds, offered):
        assert plain(fold.select_one("summary").get_text()) == plain(entry.for_you.label)
        assert [words(dt) for dt in fold.select("dl.sc-for-you-answers > dt")] == [
            "Can I have massage?",
            "What kind of massage?",
            "What to tell your therapist",
        ]
        assert [words(dd) for dd in fold.select("dl.sc-for-you-answers > dd")] == [
            plain(entry.for_you.can_i),
            plain(entry.for_you.what_kind),
            plain(entry.for_you.tell),
        ]
        row = fold.select_one(".sc-for-you-more a")
        assert row["href"] == LINKS.page(tables.CONTRAINDICATIONS_PAGE, f"ci-{entry.id}"), entry.id  # the master table


def test_most_serious_first_and_grouped_by_severity(data):
    offered = patient_safety.offered(data)
    order = [patient_safety.GROUPS.index(entry.severity) for entry in offered]
    assert order == sorted(order)
    for severity in patient_safety.GROUPS:
        assert patient_safety.offered(data, severity) == [e for e in offered if e.severity == severity]


def test_every_source_of_an_answer_is_cited(data):
    flags = data.by_id("red_flags")
    for entry in patient_safety.offered(data):
        fold = soup(patient_safety.condition_answer(entry, data, cited, LINKS))
        marks = fold.select_one(".sc-for-you-more sup").get_text().split()
        named = [*entry.screened_by, *entry.for_you.signs]
        expected = {*entry.refs, *entry.for_you.refs, *(ref for flag in named for ref in flags[flag].refs)}
        assert set(marks) == expected, entry.id


def test_warning_signs_come_from_the_red_flags_with_their_action(data):
    flags = data.by_id("red_flags")
    for entry in patient_safety.offered(data):
        named = list(dict.fromkeys([*entry.screened_by, *entry.for_you.signs]))
        fold = soup(patient_safety.condition_answer(entry, data, cited, LINKS))
        box = fold.select_one(".sc-get-help")
        if not named:
            assert box is None, entry.id
            continue
        emergency = [plain(li.get_text()) for li in box.select("ul.sc-for-you-emergency > li")]
        same_day = [plain(li.get_text()) for li in box.select("ul.sc-for-you-same-day > li")]
        assert len(emergency) == sum(flags[f].action == "emergency" for f in named), entry.id
        assert len(same_day) == sum(flags[f].action == "urgent" for f in named), entry.id
        for flag_id in named:
            brief = plain(flags[flag_id].brief)
            shown = emergency if flags[flag_id].action == "emergency" else same_day
            assert any(item.lower().startswith(brief.lower()) for item in shown), (entry.id, flag_id)
        text = words(box)
        assert (EMERGENCY_ACTION in text) == bool(emergency) and (URGENT_ACTION in text) == bool(same_day)


def test_the_emergency_signs_of_cauda_equina_are_all_there(data):
    fold = soup(
        patient_safety.condition_answer(data.by_id("contraindications")["cauda-equina-signs"], data, cited, LINKS)
    )
    shown = " ".join(words(li) for li in fold.select("ul.sc-for-you-emergency > li")).lower()
    for flag_id in data.by_id("contraindications")["cauda-equina-signs"].screened_by:
        assert plain(data.by_id("red_flags")[flag_id].brief).lower() in shown


def test_no_massage_and_tell_your_therapist_split_the_conditions(data):
    absolute = patient_safety.offered(data, "absolute")
    others = [e for e in patient_safety.offered(data) if e.severity != "absolute"]
    html = soup(patient_safety.no_massage_list(data, cited, LINKS))
    listed = html.select("ul.sc-no-massage > li")
    assert [li.select_one("a")["href"] for li in listed] == [
        f"../../massage/is-it-safe/#safe-{entry.id}" for entry in absolute
    ]
    for li, entry in zip(listed, absolute):
        assert plain(entry.for_you.can_i) in words(li) and li.select_one("sup") is None
    marks = set(html.select_one("ul.sc-no-massage + p.sc-for-you-more sup").get_text().split())
    assert marks == {ref for entry in absolute for ref in patient_safety.sources_for(entry, data)}
    tell = soup(patient_safety.tell_list(data, LINKS)).select("ul.sc-tell-list > li > a")
    assert [(a["href"], plain(a.get_text())) for a in tell] == [
        (f"../../massage/is-it-safe/#safe-{entry.id}", plain(entry.for_you.label)) for entry in others
    ]


def test_answers_are_escaped(data):
    entry = data.by_id("contraindications")["pregnancy"]
    hostile = entry.model_copy(
        update={
            "for_you": entry.for_you.model_copy(
                update={"label": "<script>x</script>", "tell": "[link](javascript:alert(1))"}
            )
        }
    )
    html = str(patient_safety.condition_answer(hostile, data, cited, LINKS))
    assert "<script>" not in html and "](javascript:" not in html


# --- the schema ----------------------------------------------------------------------------------

GOOD = DATA_FILE.read_text(encoding="utf-8")


def one_problem(text: str) -> str:
    with pytest.raises(DataError) as caught:
        parse(text, "data/sciatica.yml")
    [message] = str(caught.value).splitlines()
    return message


def test_an_answer_must_give_all_three_answers():
    line = "      what_kind: Light pressure only.\n      tell: Tell your therapist about the condition, and what"
    assert GOOD.count(line) == 1
    message = one_problem(GOOD.replace(line, "      tell: Tell your therapist about the condition, and what"))
    assert message.endswith("contraindications[bleeding-disorder].for_you.what_kind: required field is missing")


def test_an_answer_names_real_warning_signs():
    line = "      signs: [trauma]\n"
    assert GOOD.count(line) == 1
    message = one_problem(GOOD.replace(line, "      signs: [no-such-flag]\n"))
    assert message.endswith(
        "contraindications[osteoporosis].for_you.signs[1]: 'no-such-flag' is not an id in red_flags"
    )


def test_a_hazard_or_a_rule_for_every_client_has_no_answers():
    hazard = (
        "      silicone cups, which need no flame.\n    refs: [seifman-anzba-cupping-burns, law-anzba-cupping-burns]\n"
    )
    answers = "    for_you: {label: x, can_i: x, what_kind: x, tell: x}\n"
    assert GOOD.count(hazard) == 1
    assert "a hazard of a method is no condition a person has" in one_problem(GOOD.replace(hazard, hazard + answers))
    rule = "    every_client: true\n    refs: [greenwood-2021-popliteal-fossa, gloshospitals-dvt-leaflet]\n"
    assert GOOD.count(rule) == 1
    assert "a rule for every client is no condition a person names" in one_problem(GOOD.replace(rule, rule + answers))


# --- the macros, with a fake env ---------------------------------------------------------------------


def test_the_macros_render_from_the_page_and_cite_on_its_list(data):
    site = Site(FakeEnv("massage/is-it-safe.md"), data)
    html = soup(safety.is_it_safe(site, "relative"))
    assert [d["id"] for d in html.select("details")] == [
        f"safe-{e.id}" for e in patient_safety.offered(data, "relative")
    ]
    assert html.select_one(f"details a[href='{site.links.page(tables.CONTRAINDICATIONS_PAGE, 'ci-pregnancy')}']")
    assert "osborne-massagemag-pregnancy" in site.citations().numbers
    with pytest.raises(MacroError, match=r"is_it_safe\('severe'\): must be one of absolute, local, relative"):
        safety.is_it_safe(site, "severe")


def test_the_no_massage_list_cites_its_sources_after_the_list(data):
    site = Site(FakeEnv("massage/contraindications.md"), data)
    html = safety.no_massage_list(site)
    assert html.count("sc-cite") == 1 and html.index("sc-cite") > html.index("</ul>")
    assert {"girft-ces-2023", "ernst-2003-massage-safety", "bond-2016-sea"} <= set(site.citations().numbers)
    assert 'href="../../massage/is-it-safe/#safe-dvt"' in html
    tell = safety.tell_your_therapist(site)
    assert 'href="../../massage/is-it-safe/#safe-pregnancy"' in tell and "safe-dvt" not in tell
