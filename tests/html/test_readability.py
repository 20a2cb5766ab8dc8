"""Patient pages must be easy to read: Flesch reading ease of 60 or more on each page's prose, and
a median of 70 or more across them."""

from __future__ import annotations

import statistics

import pytest

from tools.readability import PATIENT_MEDIAN_SCORE, PATIENT_MIN_SCORE, page_prose, reading_ease, scores

PAGE = """<html><head><meta name="audience" content="patients, students"></head><body>
<article><h1>Title</h1><p>Walk a little every day.</p>
<ul><li>Keep moving</li><li>Use heat</li></ul>
<table><tr><td>Hidden table words</td></tr></table>
<details><summary>Question</summary><p>Hidden answer words.</p></details>
<dl><dt>Status</dt><dd>Available</dd></dl>
<h2 id="references">References</h2><ol><li>Citation words.</li></ol>
<footer class="sc-review"><p>Page last reviewed: 1 May 2026.</p></footer>
</article></body></html>"""


def test_prose_is_paragraphs_and_items_without_tables_answers_or_references():
    assert page_prose(PAGE).splitlines() == [
        "Walk a little every day.",
        "Keep moving.",
        "Use heat.",
        "Status: Available.",
    ]


def test_the_measure_tells_plain_from_dense_text(tmp_path):
    scores(tmp_path)  # installs the pronouncing dictionary for textstat
    plain = "Walk a little each day. Keep going if it hurts a bit. Rest when you need to."
    dense = (
        "Lumbosacral radiculopathy characteristically manifests as dermatomally distributed "
        "neuropathic pain, frequently accompanied by myotomal weakness and diminished reflexes."
    )
    assert reading_ease(plain) >= PATIENT_MIN_SCORE > reading_ease(dense)


@pytest.fixture(scope="module")
def page_scores(built_site):
    return scores(built_site)


def test_every_patient_page_reads_easily(page_scores):
    patient = {page: s for page, (s, for_patients, _) in page_scores.items() if for_patients}
    assert len(patient) >= 20
    hard = {page: round(s, 1) for page, s in patient.items() if s < PATIENT_MIN_SCORE}
    assert not hard, f"Flesch reading ease below {PATIENT_MIN_SCORE}: {hard}"
    assert statistics.median(patient.values()) >= PATIENT_MEDIAN_SCORE
