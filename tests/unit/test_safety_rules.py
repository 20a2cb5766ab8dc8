"""Clinical safety rules held by the data and the renderers: the escalation rule is shown wherever
red flags are shown, cancer with nerve symptoms is an emergency, every medicine says what to do
in pregnancy and when breastfeeding, and each guideline badge says what the guideline's prose says."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from sciatica.render import tables
from sciatica.render.html import el


def fake_cite(*ids: str) -> Markup:
    return el("sup", ",".join(ids), class_="sc-cite")


def text(markup) -> str:
    return " ".join(BeautifulSoup(str(markup), "lxml").get_text(" ").split())


# --- red flags ---------------------------------------------------------------------------------


def test_cancer_with_nerve_symptoms_is_an_emergency_and_new_pain_same_day(data):
    flags = data.by_id("red_flags")
    assert flags["cancer-nerve-symptoms"].action == "emergency"
    assert flags["cancer"].action == "urgent"
    assert "nice-ng234" in flags["cancer-nerve-symptoms"].refs
    assert "cks-sciatica-red-flags" not in data.by_id("references")  # archived advice is gone


def test_the_escalation_rule_names_every_context_and_the_deficit(data):
    rule = data.escalation
    assert set(rule.contexts) >= {"cancer", "infection", "trauma"}
    sentence = text(tables.escalation_text(rule, data.red_flags))
    for flag_id in rule.contexts:
        assert data.by_id("red_flags")[flag_id].short in sentence
    assert " ".join(rule.deficit.split()) in sentence and "emergency department now" in sentence


@pytest.mark.parametrize(
    "view", ["table", "same-day", "same-day-brief", "emergency-list", "emergency-box", "emergency-box-brief"]
)
def test_the_escalation_rule_is_shown_wherever_red_flags_are(data, view):
    rendered = {
        "table": lambda: tables.red_flag_table(data.red_flags, data.escalation, fake_cite),
        "same-day": lambda: tables.same_day_list(data.red_flags, data.escalation),
        "same-day-brief": lambda: tables.same_day_list(data.red_flags, data.escalation, brief=True),
        "emergency-list": lambda: tables.emergency_list(data.red_flags, data.escalation),
        "emergency-box": lambda: tables.emergency_box(
            data.red_flags, data.escalation, data.emergency_numbers, tables.Links()
        ),
        "emergency-box-brief": lambda: tables.emergency_box(
            data.red_flags, data.escalation, data.emergency_numbers, tables.Links(), brief=True
        ),
    }[view]()
    shown = text(rendered)
    assert " ".join(data.escalation.deficit.split()) in shown or data.escalation.clinical in shown


def test_the_brief_emergency_box_gives_every_emergency_sign_in_its_brief_words_with_the_action(data):
    html = BeautifulSoup(
        str(tables.emergency_box(data.red_flags, data.escalation, data.emergency_numbers, tables.Links(), brief=True)),
        "html.parser",
    )
    items = [
        " ".join(li.get_text().split()).lower() for li in html.select("ul.sc-emergency-signs > li:not(.sc-escalation)")
    ]
    emergency = [f for f in data.red_flags if f.action == "emergency"]
    assert len(items) == len(emergency)  # every sign, none left out
    for flag in emergency:
        assert any(item.startswith(" ".join(flag.brief.split()).lower()) for item in items), flag.id
    assert "emergency department now" in html.get_text()
    assert len(html.select("a[href^='tel:']")) == len(data.emergency_numbers)
    assert html.select_one("a[href$='urgent-help/#emergency']")


def test_the_brief_same_day_list_gives_every_same_day_sign_in_its_brief_words(data):
    html = BeautifulSoup(str(tables.same_day_list(data.red_flags, data.escalation, brief=True)), "html.parser")
    items = [" ".join(li.get_text().split()) for li in html.select("ul.sc-same-day-signs > li")]
    urgent = [f for f in data.red_flags if f.action == "urgent"]
    assert len(items) == len(urgent)
    for item, flag in zip(items, urgent):
        assert item.lower().startswith(" ".join(flag.brief.split()).lower())
        assert not flag.contact or item.endswith(" ".join(flag.contact.split()))
    infection = items[urgent.index(data.by_id("red_flags")["infection"])].lower()
    assert "diabetes" in infection and "no fever" in infection  # the infection sign keeps its ways in


def test_the_infection_flag_names_the_common_ways_in_and_that_fever_is_often_absent(data):
    """Diabetes is the commonest risk factor; spinal procedures and infections elsewhere seed the
    spine; a third to a half of people have no fever. The sign, the question, the clinical words and
    the short context of the escalation rule all carry them."""
    flag = data.by_id("red_flags")["infection"]
    for field in (flag.sign, flag.ask, flag.clinical):
        words = " ".join(field.split()).lower()
        assert "diabetes" in words, field
        assert re.search(r"spin\w* (injection|procedure)|injection or operation on your spine", words), field
        assert "urin" in words and "skin" in words, field
        assert "fever" in words, field
    assert "no fever" in flag.sign or "often absent" in flag.sign
    assert "diabetes" in flag.short and "spine" in flag.short


STEROIDS_OR_LOW_IMMUNITY = re.compile(
    r"prednisolone|steroid tablets|immunosuppress|inject(s|ing) drugs|diabetes", re.IGNORECASE
)


def test_a_story_with_a_weak_immune_system_never_calls_the_infection_flag_absent(data):
    """Long-term steroid tablets, injecting drugs or diabetes are the infection flag's own context:
    a case that mentions one cannot mark that flag "not in this story"."""
    for case in data.cases:
        story = " ".join([case.vignette, *(stage.info or "" for stage in case.stages)])
        if not STEROIDS_OR_LOW_IMMUNITY.search(story):
            continue
        for stage in case.stages:
            if stage.stage == "red-flags":
                assert "infection" not in stage.flags_absent, case.id


def test_the_emergency_list_holds_every_emergency_sign(data):
    shown = text(tables.emergency_list(data.red_flags, data.escalation))
    for flag in data.red_flags:
        assert (" ".join(flag.sign.split()) in shown) == (flag.action == "emergency"), flag.id


# --- medicines ---------------------------------------------------------------------------------


def test_every_medicine_says_what_to_do_in_pregnancy_and_breastfeeding(data):
    for drug in data.drugs:
        assert drug.pregnancy.advice.strip() and drug.pregnancy.refs, drug.id
        assert drug.breastfeeding.advice.strip() and drug.breastfeeding.refs, drug.id
        shown = text(tables.drug_table([drug], fake_cite)) + text(tables.drug_profile(drug, fake_cite))
        assert " ".join(drug.pregnancy.advice.split()) in shown
        assert " ".join(drug.breastfeeding.advice.split()) in shown


def test_a_medicine_nice_advises_against_says_so_first_in_pregnancy(data):
    """Advice for someone already taking such a medicine for another condition must not read as
    permission to take it for sciatica: the NICE position comes first, with its source."""
    for drug in data.drugs:
        if any(
            p.by == "NICE NG59" and p.stance == "do-not-offer" and p.condition == "sciatica" for p in drug.positions
        ):
            for advice in (drug.pregnancy, drug.breastfeeding):
                assert advice.advice.startswith("Not for sciatica") or "not be offered for sciatica" in advice.advice, (
                    drug.id
                )
                assert "nice-ng59" in advice.refs, drug.id


def test_nsaids_carry_the_pregnancy_warning_and_the_bleeding_and_kidney_cautions(data):
    for drug_id in ("ibuprofen", "naproxen", "diclofenac", "ketorolac"):
        drug = data.by_id("drugs")[drug_id]
        assert "20 weeks" in drug.pregnancy.advice, drug_id
        assert {"bleeding", "kidneys"} <= {c.id for c in drug.cautions}, drug_id
    rubs = data.by_id("drugs")["salicylate-rubs"]
    assert {"warfarin", "aspirin-allergy", "children"} <= {c.id for c in rubs.cautions}
    assert "skin" in {c.id for c in data.by_id("drugs")["capsaicin"].cautions}


# What a badge's words commit to, and the words the guideline prose must then contain.
STANCE_PROSE = {
    "consider": r"\bconsider",
    "no-recommendation": r"no recommendation",
    "not-covered": r"does not (cover|name)|do not cover",
    "not-recommended": r"not recommend|advises? against",
    "do-not-offer": r"do not offer",
    "withdrawn": r"withdr[ae]w",
}
CONDITION_PROSE = {
    "sciatica": r"sciatica",
    "acute-sciatica": r"\bacute\b|\bnew\b",
    "acute-severe-sciatica": r"acute and severe",
    "chronic-sciatica": r"chronic|more than 3 months",
    "low-back-pain": r"low back pain",
}


def test_each_badge_says_what_the_guideline_prose_says(data):
    problems = []
    for drug in data.drugs:
        prose = " ".join(drug.guideline.split())
        badges = text(tables.position_badges(drug))
        for position in drug.positions:
            if tables.position_label(position) not in badges:
                problems.append(f"{drug.id}: badge missing")
            if position.by.split()[0] not in prose:
                problems.append(f"{drug.id}: the prose does not name {position.by}")
            if not re.search(STANCE_PROSE[position.stance], prose, re.IGNORECASE):
                problems.append(f"{drug.id}: badge '{position.stance}' but the prose never says so")
            if position.stance != "withdrawn" and not re.search(
                CONDITION_PROSE[position.condition], prose, re.IGNORECASE
            ):
                problems.append(f"{drug.id}: badge is about {position.condition} but the prose is not")
    assert not problems, "\n".join(problems)


def test_the_badge_check_catches_a_badge_the_prose_does_not_support(data):
    """NICE makes no recommendation on NSAIDs in sciatica: a 'consider' badge for sciatica fails."""
    ibuprofen = data.by_id("drugs")["ibuprofen"]
    assert ibuprofen.positions[0].stance == "no-recommendation"
    wrong = ibuprofen.model_copy(update={"guideline": "NICE NG59: a prescriber may think about an NSAID for sciatica."})
    assert not re.search(STANCE_PROSE["no-recommendation"], wrong.guideline, re.IGNORECASE)


def test_opioid_badges_are_conditional(data):
    for drug_id in ("codeine", "tramadol", "strong-opioids"):
        labels = [tables.position_label(p) for p in data.by_id("drugs")[drug_id].positions]
        assert "NICE NG59: do not offer for chronic sciatica (over 3 months)" in labels, drug_id
        assert "NICE NG59: no recommendation for acute sciatica" in labels, drug_id


# --- outcomes and review dates -------------------------------------------------------------------


def test_outcome_figures_live_in_the_data_only():
    """A figure such as '3 in 4' is written once, in the data, and pages call outcome()."""
    from tests.conftest import ROOT

    stray = re.compile(r"\b(3 in 4|1 in 3|20 to 30 in|2 to 3 in 10|55%|95% in)\b")
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in (ROOT / "docs").rglob("*.md")
        for m in stray.finditer(p.read_text())
    ]
    assert not found, found


def test_review_schedule_uses_the_data_date_not_the_clock(data):
    from datetime import date

    from sciatica.editorial import PageReview, review_table

    pages = [
        PageReview("a.md", "A", date(2025, 1, 1), date(2026, 1, 1)),
        PageReview("b.md", "B", date(2026, 6, 1), date(2027, 1, 15)),
        PageReview("c.md", "C", date(2026, 11, 1), date(2027, 11, 1)),
    ]
    html = BeautifulSoup(str(review_table(pages, data.editorial, tables.Links())), "lxml")
    statuses = [tr.select("td")[-1].get_text() for tr in html.select("tbody tr")]
    assert statuses == ["Past due", "Due within 3 months", "Current"]
    assert "1 past their review date" in html.get_text()
