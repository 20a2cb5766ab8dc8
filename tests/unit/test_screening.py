"""The client screening form's data: every red flag and every contraindication has its question
(or says why it needs none), a yes always says where to send the client, and the form built from
the data asks each question once, most urgent first."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sciatica.render import forms, tables
from tests.unit.test_model import NAME, mutate, problems_for  # one copy of the data-file fixtures
from tests.unit.test_safety_rules import fake_cite


def words(markup) -> str:
    return " ".join(BeautifulSoup(str(markup), "lxml").get_text(" ").split())


def plain(text: str) -> str:
    return " ".join(text.split())


# --- the data ------------------------------------------------------------------------------------


def test_every_red_flag_has_a_plain_question(data):
    for flag in data.red_flags:
        assert flag.ask.strip().endswith("?"), flag.id
        assert len(flag.ask.split()) <= 45, f"{flag.id}: a question read aloud should be short"


def test_every_contraindication_is_asked_covered_or_a_rule_for_everyone(data):
    flags = data.by_id("red_flags")
    for row in data.contraindications:
        if row.kind == "hazard":
            assert not (row.ask or row.screened_by or row.every_client), row.id
            continue
        ways = [bool(row.ask), bool(row.screened_by), row.every_client]
        assert ways.count(True) == 1, row.id
        if row.ask:
            assert row.ask.strip().endswith("?") and row.refer, row.id
        assert all(flag in flags for flag in row.screened_by), row.id
    asked = [row for row in data.contraindications if row.ask]
    assert len(asked) >= 12  # most conditions are asked about, not assumed


def test_a_contraindication_without_a_question_is_refused():
    broken = mutate("    ask: Are you pregnant, or could you be?\n    refer: doctor-first\n", "")
    [message] = problems_for(broken)
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[pregnancy\]: a contraindication needs exactly "
        r"one of ask .*\(got none\)",
        message,
    )


def test_a_red_flag_without_a_question_is_refused():
    broken = mutate("    ask: Do you have weakness or numbness in both legs that is severe or getting worse?\n", "")
    [message] = problems_for(broken)
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: red_flags\[leg-weakness\]\.ask: required field is missing", message)


def test_a_question_needs_where_a_yes_sends_the_client():
    [message] = problems_for(
        mutate(
            "    ask: Are you pregnant, or could you be?\n    refer: doctor-first\n",
            "    ask: Are you pregnant, or could you be?\n",
        )
    )
    assert "ask and refer go together" in message


def test_an_absolute_contraindication_cannot_be_adapted():
    [message] = problems_for(mutate("    refer: same-day\n", "    refer: adapt\n"))
    assert "contraindications[dvt]" in message and "cannot be 'adapt'" in message


def test_screened_by_must_name_red_flags():
    [message] = problems_for(
        mutate("    screened_by: [cancer, trauma, night-pain]", "    screened_by: [cancer, trauma, no-such-flag]")
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[unassessed-red-flags\]\.screened_by\[3\]: "
        r"'no-such-flag' is not an id in red_flags",
        message,
    )


# --- the form --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def form(data):
    return BeautifulSoup(str(forms.screening_form(data, fake_cite)), "lxml")


def test_every_question_is_on_the_form_once_in_order(data, form):
    shown = [plain(q.get_text(" ")) for q in form.select(".sc-question-text")]
    flags = [plain(flag.ask) for flag in forms.flag_order(data.red_flags)]
    asked = [plain(row.ask) for row in forms.asked_rows(data)]
    assert shown == flags + asked
    assert len(set(shown)) == len(shown)
    numbers = [int(q["data-number"]) for q in form.select("[data-number]")]
    assert numbers == list(range(1, len(shown) + 1))


def test_red_flags_come_first_emergencies_before_same_day(data):
    actions = [flag.action for flag in forms.flag_order(data.red_flags)]
    assert actions == sorted(actions, key=["emergency", "urgent"].index)
    assert actions[0] == "emergency"


def test_each_yes_says_what_it_means_and_where_to_send_the_client(data, form):
    for flag in data.red_flags:
        item = form.select_one(f"#screen-flag-{flag.id}")
        assert forms.REFER_LABELS[forms.flag_refer(flag)] in words(item), flag.id
        assert plain(flag.suggests) in words(item), flag.id
        assert not flag.contact or plain(flag.contact) in words(item), flag.id
    for row in forms.asked_rows(data):
        item = form.select_one(f"#screen-ci-{row.id}")
        text = words(item)
        assert forms.REFER_LABELS[row.refer] in text and plain(row.instead) in text, row.id
        assert tables.SEVERITY_LABELS[row.severity] in text, row.id  # the severity badge
    # Emergencies are worded as the site words them everywhere: the department, now.
    emergency = form.select_one(f"#screen-flag-{data.red_flags[0].id}")
    assert "emergency department now" in words(emergency).lower()


def test_every_answer_has_yes_and_no_boxes_for_print(data, form):
    items = form.select(".sc-question")
    assert len(items) == len(data.red_flags) + len(forms.asked_rows(data))
    for item in items:
        boxes = item.select("input[type=checkbox]")
        labels = [item.select_one(f"label[for='{b['id']}']") for b in boxes]
        assert [plain(label.get_text(" ")) for label in labels] == ["Yes", "No"], item.get("id")


def test_covered_rows_point_at_their_red_flag_questions(data, form):
    numbers = {flag.id: n for n, flag in enumerate(forms.flag_order(data.red_flags), 1)}
    compact = BeautifulSoup(str(forms.screening_form(data, None, compact=True)), "lxml")
    for row in data.contraindications:
        if row.screened_by:
            item = form.select_one(f"#screen-ci-{row.id}")
            assert item is not None, row.id
            for flag in row.screened_by:
                assert f"#screen-flag-{flag}" in [a["href"] for a in item.select("a")], (row.id, flag)
                assert f"#screen-flag-{flag}" in [a["href"] for a in compact.select(".sc-screen-covered a")]
            assert str(numbers[row.screened_by[0]]) in words(item)
            assert plain(row.name) in words(compact.select_one(".sc-screen-covered"))


def test_rules_for_every_client_and_hazards_are_listed(data, form):
    rules = words(form.select_one(".sc-screen-rules"))
    for row in data.contraindications:
        if row.every_client or row.kind == "hazard":
            assert plain(row.name) in rules, row.id


def test_the_escalation_rule_and_the_emergency_numbers_are_on_the_form(data, form):
    text = words(form)
    assert plain(data.escalation.deficit) in text
    assert {a["href"] for a in form.select("a[href^='tel:']")} == {f"tel:{n.number}" for n in data.emergency_numbers}


def test_the_compact_checklist_keeps_each_destination_and_what_to_do(data):
    compact = BeautifulSoup(str(forms.screening_form(data, None, compact=True)), "lxml")
    assert not compact.select("sup")  # no citation marks: the full form carries the sources

    def destination(item) -> str:  # the line above the item's list says where a yes sends the client
        return words(item.find_parent("ol").find_previous_sibling("p", class_="sc-refer-group"))

    for flag in data.red_flags:
        item = compact.select_one(f"#screen-flag-{flag.id}")
        assert forms.REFER_SHORT[forms.flag_refer(flag)] in destination(item), flag.id
        assert not flag.contact or plain(flag.contact) in words(item), flag.id
    for row in forms.asked_rows(data):
        item = compact.select_one(f"#screen-ci-{row.id}")
        assert forms.REFER_SHORT[row.refer] in destination(item), row.id
        text = words(item)
        assert plain(row.instead) in text and forms.SEVERITY_SHORT[row.severity] in text, row.id
        assert plain(row.why) not in text, row.id
    key = words(compact.select_one(".sc-severity-key"))
    assert all(label.split(": ")[1] in key for label in tables.SEVERITY_LABELS.values())
    numbers = [int(li["data-number"]) for li in compact.select("li[data-number]")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert [int(ol.get("start", 1)) for ol in compact.select("ol.sc-questions")] == [
        int(ol.select_one("li")["data-number"]) for ol in compact.select("ol.sc-questions")
    ]


# --- the client intake form -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def intake(data):
    return BeautifulSoup(str(forms.intake_form(data, fake_cite, "../../massage/screening-form/")), "lxml")


def test_the_intake_form_asks_every_question_in_the_screening_forms_order(data, intake):
    asked = [" ".join(p.get_text(" ").split()) for p in intake.select(".sc-intake-question .sc-question-text")]
    expected = [flag.ask for flag in forms.flag_order(data.red_flags)] + [row.ask for row in forms.asked_rows(data)]
    assert len(asked) == len(expected)
    assert all(asked_text.startswith(plain(question)) for asked_text, question in zip(asked, expected))
    numbers = [int(li["value"]) for li in intake.select(".sc-intake-question")]
    assert numbers == list(range(1, len(expected) + 1))
    for box in intake.select("input[type=checkbox]"):
        assert intake.select_one(f"label[for='{box['id']}']") is not None, box["id"]


def test_each_answer_says_where_a_yes_sends_the_client_and_which_a_clinician_reviews(data, intake):
    """A question's group says where a yes sends the client; an answer whose routing no cited
    source states is marked for review, and one whose routing a source states cites it."""
    entries = {f"intake-flag-{f.id}": (forms.flag_refer(f), f.routing_settled_by) for f in data.red_flags}
    entries |= {f"intake-ci-{row.id}": (row.refer, row.routing_settled_by) for row in forms.asked_rows(data)}
    for item in intake.select(".sc-intake-question"):
        refer, settled_by = entries[item["id"]]
        group = item.find_parent("ol").find_previous_sibling("p", class_="sc-refer-group")
        assert forms.REFER_FORM[refer] in words(group), item["id"]
        marked = item.select_one(".sc-review-mark") is not None
        assert marked == (not settled_by), item["id"]
        cited = item.select_one(".sc-question-text sup.sc-cite")
        assert (cited.get_text() if cited else "") == ",".join(settled_by), item["id"]
    assert intake.select(".sc-needs-review") and len(intake.select(".sc-needs-review")) < len(entries)
    key = intake.select_one(".sc-intake-key")
    assert plain(data.intake_form.review_note) in words(key) and key.select_one("a[href$='screening-form/']")
    assert {a["href"] for a in intake.select("a[href^='tel:']")} == {f"tel:{n.number}" for n in data.emergency_numbers}


def test_the_intake_form_has_what_a_clinic_needs(data, intake):
    """Details, the GP's contact details, medicines, consent, date and signatures."""
    form = data.intake_form
    labels = [words(p) for p in intake.select(".sc-field-label")]
    assert labels == [*form.client_fields, *form.gp_fields, *form.sign_fields]
    assert any("GP" in label for label in form.gp_fields) and "Date" in form.sign_fields
    assert any("signature" in label for label in form.sign_fields)
    assert plain(form.medicines) in words(intake.select_one(".sc-intake-medicines"))
    assert len(intake.select(".sc-intake-lines .sc-blank-line")) == form.medicine_lines
    consent = intake.select(".sc-consent > li")
    assert [plain(c.text) in words(li) for c, li in zip(form.consent, consent)] == [True] * len(form.consent)
    choices = [li for li in consent if li.select("input[type=checkbox]")]
    assert len(choices) == sum(c.choice for c in form.consent) >= 1  # contacting the GP is the client's choice


def test_a_routing_source_must_be_one_the_entry_cites():
    broken = mutate(
        "    routing_settled_by: [macmillan-massage]\n    for_you:\n      label: A drip",
        "    routing_settled_by: [nice-ng59]\n    for_you:\n      label: A drip",
    )
    [message] = problems_for(broken)
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[lines-and-devices\]: routing_settled_by names "
        r"sources the entry does not cite in refs: nice-ng59",
        message,
    ), message


def test_only_pregnancy_advice_names_a_midwife(data, form):
    """A midwife looks after pregnancy. Advice for cancer, bleeding disorders or an operation names
    whoever treats that condition, so the shared wording of a destination names no one in
    particular, and only a question about pregnancy may send the client to a midwife."""

    def about_pregnancy(text: str) -> bool:
        return "pregnan" in text.lower()

    assert not any(
        "midwife" in label.lower()
        for label in [*forms.REFER_LABELS.values(), *forms.REFER_SHORT.values(), *forms.REFER_FORM.values()]
    )
    for row in data.contraindications:
        text = " ".join(filter(None, [row.name, row.why, row.instead, row.ask]))
        assert "midwife" not in text.lower() or about_pregnancy(text), row.id
    compact = BeautifulSoup(str(forms.screening_form(data, None, compact=True)), "lxml")
    for page in (form, compact):
        for item in page.select(".sc-question"):
            text = words(item)
            assert "midwife" not in text.lower() or about_pregnancy(text), item.get("id")
        for group in page.select(".sc-refer-group, .sc-refer"):
            assert "midwife" not in words(group).lower()
