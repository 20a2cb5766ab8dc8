"""Glossary abbreviations get their expansion wherever they appear, HTML from macros included."""

from __future__ import annotations

from hooks.abbreviations import add_abbreviations

EXPANSIONS = {"NSAID": "non-steroidal anti-inflammatory drug", "MRI": "magnetic resonance imaging"}


def test_abbreviations_in_text_and_tables_are_expanded():
    html = add_abbreviations("<p>An NSAID or two NSAIDs.</p><table><tr><td>MRI scan</td></tr></table>", EXPANSIONS)
    assert html.count('<abbr title="non-steroidal anti-inflammatory drug">NSAID</abbr>') == 2
    assert '<abbr title="magnetic resonance imaging">MRI</abbr> scan' in html


def test_code_drawings_existing_abbr_and_longer_words_are_left_alone():
    html = ('<code>MRI</code><svg><text>MRI</text></svg><abbr title="x">MRI</abbr>'
            '<p>MRIX and xMRI</p>')
    assert add_abbreviations(html, EXPANSIONS) == html


def test_text_is_escaped_not_reinterpreted():
    html = add_abbreviations("<p>MRI &lt;b&gt; &amp; more</p>", EXPANSIONS)
    assert "&lt;b&gt; &amp; more" in html
