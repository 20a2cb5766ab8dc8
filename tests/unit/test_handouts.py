"""Handouts from the data: every technique has one, each holds its summary, diagram, steps, the
contraindication rows that apply and its questions, with the answers on their own sheet; the QR
code is deterministic and labelled; the PDF page count is read correctly."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from sciatica import editorial
from sciatica.render import handouts, tables
from tests.conftest import ROOT
from tools.handouts import MAX_PAGES, pdf_pages

DOCS = ROOT / "docs"
PROVENANCE = handouts.Provenance(
    "https://site.test/massage/kneading/",
    "../../massage/kneading/",
    "Kneading",
    "Sciatica and massage",
    "2026-11-25",
    "2027-11-25",
)


def words(markup) -> str:
    return " ".join(BeautifulSoup(str(markup), "lxml").get_text(" ").split())


def plain(text: str) -> str:
    return " ".join(text.split())


def parts_of(technique_id: str) -> handouts.PageParts:
    source = f"massage/{technique_id}.md"
    return handouts.page_parts((DOCS / source).read_text(encoding="utf-8"), source)


def test_every_handout_has_its_page_and_no_page_lacks_a_handout(data):
    names = {h.name for h in handouts.handout_list(data)}
    pages = {p.stem for p in (DOCS / "handouts").glob("*.md")} - {"index"}
    assert names == pages
    assert {t.id for t in data.techniques} <= names


def test_each_technique_page_gives_its_handout_a_summary_and_questions(data):
    for technique in data.techniques:
        parts = parts_of(technique.id)
        assert parts.summary and len(parts.summary.split()) >= 20, technique.id
        # The summary comes from the patient page, the questions from the page in depth.
        questions = handouts.page_questions(data, handouts.technique_depth_page(technique.id))
        assert len(questions) == handouts.HANDOUT_QUESTIONS, technique.id
        assert all(q.question.endswith("?") or q.question.endswith(".") for q in questions), technique.id
        assert all(len(q.options) >= 2 and q.answer[0].startswith("Answer") for q in questions), technique.id


def test_a_printed_answer_names_the_right_letters_says_why_and_the_point():
    from sciatica.model import Option
    from sciatica.model import Question as DataQuestion

    question = DataQuestion(
        id="q",
        topic="massage",
        level="foundation",
        kind="multiple",
        stem="Which?",
        options=[
            Option(text="One", explanation="Not this.", refs=["r"]),
            Option(text="Two", correct=True, explanation="Yes, two.", refs=["r"]),
            Option(text="Three", correct=True, explanation="Yes, three.", refs=["r"]),
        ],
        feedback="The point.",
    )
    printed = handouts.handout_question(question)
    assert printed == handouts.Question(
        "Which?", ("Answers: B and C.", "Yes, two.", "Yes, three.", "The point."), ("One", "Two", "Three")
    )


def test_a_summary_that_is_not_plain_text_is_refused():
    page = '!!! summary "In short"\n    Call {{ emergency_numbers() }} now.\n\n??? question "Q?"\n    A.\n'
    with pytest.raises(ValueError, match="x.md: the 'In short' summary must be plain text"):
        handouts.page_parts(page, "x.md")


@pytest.mark.parametrize("technique_id", ["kneading", "cupping", "warming-ointments"])
def test_a_technique_handout_holds_its_summary_diagram_steps_rows_and_questions(data, technique_id):
    technique = data.by_id("techniques")[technique_id]
    parts = parts_of(technique_id)
    html = BeautifulSoup(str(handouts.technique_handout(technique, data, parts, tables.Links())), "lxml")
    text = words(html)
    assert plain(parts.summary) in text
    drawing = html.select_one("figure.sc-handout-figure svg[role=img]")
    assert drawing is not None and drawing.get("width") is None  # print styles size it
    key = html.select_one(".sc-handout-key .sc-key")  # the key is page text, not drawn in the SVG
    assert key is not None and len(key.select("li")) >= 3
    assert not drawing.select(".sc-legend")
    steps = html.select(".sc-handout-steps > li")
    assert len(steps) == len(technique.steps)
    assert [li.select_one(".sc-step-badge").get_text() for li in steps] == [str(i) for i in range(1, len(steps) + 1)]
    for row in tables.contraindications_for(data, technique_id) + tables.contraindications_for(
        data, technique_id, "hazard"
    ):
        link = html.select_one(f"a[href$='massage/contraindications-in-depth/#ci-{row.id}']")
        assert link is not None and plain(row.name) == plain(link.get_text()), row.id
        if row.severity == "absolute":  # named only: no massage, and the screening form says where to send
            assert plain(row.instead) not in text, row.id
        else:
            assert plain(row.instead).rstrip(".") in text, row.id
    not_applying = [
        c
        for c in data.contraindications
        if c not in tables.contraindications_for(data, technique_id)
        and c not in tables.contraindications_for(data, technique_id, "hazard")
    ]
    for row in not_applying:
        assert html.select_one(f"a[href$='#ci-{row.id}']") is None, row.id
    questions = handouts.page_questions(data, handouts.technique_depth_page(technique_id))
    printed = html.select(".sc-handout-questions > li")
    assert [plain(li.find(string=True)) for li in printed] == [plain(q.question) for q in questions]
    assert [[plain(o.get_text()) for o in li.select(".sc-handout-options > li")] for li in printed] == [
        [plain(o) for o in q.options] for q in questions
    ]
    assert not any(plain(q.answer[1]) in text for q in questions), "answers stay off the handout"


def test_the_answer_sheet_names_the_handout_its_page_dates_and_licence(data):
    questions = handouts.page_questions(data, "massage/kneading-in-depth.md")
    sheet = BeautifulSoup(str(handouts.answer_sheet("Kneading", questions, PROVENANCE)), "lxml")
    text = words(sheet)
    assert questions and all(plain(" ".join(q.answer)) in text for q in questions)
    assert PROVENANCE.address in text and "25 November 2026" in text and handouts.LICENCE_NAME in text
    assert handouts.answer_sheet("x", (), PROVENANCE) is None


def test_the_head_carries_the_qr_code_address_review_dates_and_licence():
    head = BeautifulSoup(str(handouts.handout_head(PROVENANCE)), "lxml")
    svg = head.select_one("svg")
    assert svg["role"] == "img" and PROVENANCE.address in svg["aria-label"]
    assert head.select_one("a.sc-handout-address")["href"] == PROVENANCE.link
    text = words(head)
    assert "Reviewed 25 November 2026; next review due 25 November 2027." in text
    assert head.select_one(f"a[href='{handouts.LICENCE_URL}']") is not None


def test_the_qr_code_is_deterministic_well_formed_and_black_on_white():
    first = str(handouts.qr_code("https://site.test/a/", "QR code: a"))
    assert first == str(handouts.qr_code("https://site.test/a/", "QR code: a"))
    assert first != str(handouts.qr_code("https://site.test/b/", "QR code: b"))
    root = ET.fromstring(first)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "QR code: a"
    colours = {e.get("fill") or e.get("stroke") for e in root.iter() if e.get("fill") or e.get("stroke")}
    assert colours == {"#fff", "#000"}
    label = str(handouts.qr_code("https://site.test/", 'QR "<script>"'))
    assert "<script>" not in label


def test_medicines_advised_against_are_those_a_guideline_rejects_for_sciatica(data):
    shown = {drug.id: labels for drug, labels in handouts.advised_against(data.drugs)}
    for drug in data.drugs:
        rejects = [p for p in drug.positions if p.stance in handouts.ADVISED_AGAINST and p.condition != "low-back-pain"]
        assert (drug.id in shown) == bool(rejects and drug.availability.status != "withdrawn"), drug.id
    assert {"gabapentin", "pregabalin", "benzodiazepines", "oral-corticosteroids", "codeine"} <= set(shown)
    assert "paracetamol" not in shown  # advised against only for low back pain, on its own
    assert shown["codeine"] == ["NICE NG59: do not offer for chronic sciatica (over 3 months)"]


def test_grouped_list_names_each_rejected_medicine_once_under_what_the_guideline_says(data):
    """The short list for a patient page: one line per guideline statement, every medicine of the
    full list under it, each linked to its profile on the medicines depth page."""
    shown = handouts.advised_against(data.drugs)
    html = BeautifulSoup(str(handouts.advised_against_groups(data.drugs, tables.Links())), "lxml")
    lines = html.select("ul.sc-advised-against > li")
    assert [li.strong.get_text() for li in lines] == list(dict.fromkeys(label for _, ls in shown for label in ls))
    linked = [a["href"] for a in html.select("li a")]
    assert sorted(linked) == sorted(f"treatment/drugs-in-depth/#drug-{drug.id}" for drug, ls in shown for _ in ls)
    assert "gabapentin" in html.get_text() and "Gabapentin" not in html.get_text()  # names read inside a sentence
    assert handouts.in_a_list("NSAIDs") == "NSAIDs"


def test_handouts_are_as_old_as_the_pages_they_summarise(data):
    """A handout's next review never falls after its full page's, and a technique handout was
    reviewed with its page."""
    for technique in data.techniques:
        handout = editorial.front_matter(DOCS / "handouts" / f"{technique.id}.md")
        page = editorial.front_matter(DOCS / "massage" / f"{technique.id}.md")
        assert (handout["reviewed"], handout["next_review"]) == (page["reviewed"], page["next_review"]), technique.id
        assert handout.get("paper") == "A4"
    fuller = "what-to-do-now.md" if (DOCS / "what-to-do-now.md").is_file() else "treatment/self-care.md"
    for name, source in (
        ("urgent-help", "urgent-help.md"),
        ("what-to-do-now", fuller),
        ("first-session-checklist", "massage/screening-form.md"),
        ("client-intake-form", "massage/screening-form.md"),
    ):
        handout = editorial.front_matter(DOCS / "handouts" / f"{name}.md")
        assert handout["next_review"] <= editorial.front_matter(DOCS / source)["next_review"], name
        assert handout.get("paper") == "A4"


def two_page_pdf(link: str) -> bytes:
    """A two-page PDF, written as Chromium writes one (each object on its own, strings as they
    are), whose first page carries a link to `link`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [50 50 200 70] /A << /S /URI /URI (" + link.encode() + b") >> >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_pages_are_read_from_the_page_tree_not_the_bytes():
    """A reference URL holding '/Type/Page' once made a byte search count 4 pages in a 2-page PDF."""
    pdf = two_page_pdf("https://publisher.test/Type/Page/Type/Page")
    assert len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf)) == 4  # what a byte search counted
    assert pdf_pages(pdf) == 2
    with pytest.raises(ValueError):
        pdf_pages(b"<html>")
    with pytest.raises(ValueError):
        pdf_pages(b"%PDF-1.4 broken")
    assert MAX_PAGES == {"handout": 2, "answers": 1}


def test_two_owners_of_one_generated_file_are_named_in_one_line():
    from sciatica.downloads import FileClash, Written

    found = Written()
    found.put("diagrams/anatomy-nerve.svg", "<svg/>", "the anatomy figure 'nerve'")
    with pytest.raises(FileClash) as clash:
        found.put("diagrams/anatomy-nerve.svg", "<svg/>", "the technique 'anatomy-nerve'")
    assert str(clash.value) == (
        "diagrams/anatomy-nerve.svg: made for both the anatomy figure 'nerve' and the technique "
        "'anatomy-nerve'; rename one of their ids"
    )
