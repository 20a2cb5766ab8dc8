"""The words that lead a search to a page, and the forgiving query the site's search worker runs."""

from __future__ import annotations

import json
import re

from sciatica.postbuild import forgiving_search, forgiving_worker
from sciatica.search import COMMON_WORDS, STOP_WORDS, TOPIC_WORDS, phrase_words, search_tags, tag_words


def test_tag_words_are_distinct_lower_case_words_without_stop_words():
    assert tag_words(["What should I do", "blood clot", "A&E", "Blood thinners"]) == [
        "blood",
        "clot",
        "a&e",
        "thinners",
    ]


def test_every_medicine_name_leads_to_the_medicines_page(data):
    tags = search_tags(data)["treatment/drugs.md"]
    for drug in data.drugs:
        for name in (drug.generic, *drug.brands):
            assert set(tag_words([name])) <= set(tags), name


def test_no_page_is_given_a_stop_word(data):
    assert not {word for words in search_tags(data).values() for word in words} & STOP_WORDS


def test_the_worker_wraps_materials_own_and_knows_the_stop_words():
    page = '<script id="__config" type="application/json">{"search": "assets/javascripts/workers/search.ab12.min.js"}</script>'
    rewritten, original = forgiving_search(page)
    assert original == "search.ab12.min.js"
    assert '"search": "assets/javascripts/workers/search-typos.js"' in rewritten
    script = forgiving_worker(original)
    assert "importScripts(new URL(MATERIAL_WORKER, here).href)" in script and '"search.ab12.min.js"' in script
    stop_words = json.loads(re.search(r"new Set\((\[.*?\])\)", script).group(1))
    assert set(stop_words) == STOP_WORDS
    assert "%(" not in script


def test_a_page_below_the_top_level_also_gets_the_forgiving_worker():
    """Most readers arrive on a page deep in the site, from a search engine or a course link, and
    the first page's worker serves every search after it (instant navigation keeps it)."""
    page = '<script id="__config" type="application/json">{"search": "../../assets/javascripts/workers/search.ab12.min.js"}</script>'
    rewritten, original = forgiving_search(page)
    assert original == "search.ab12.min.js"
    assert '"search": "../../assets/javascripts/workers/search-typos.js"' in rewritten


def test_a_page_without_materials_search_is_left_alone():
    assert forgiving_search("<p>no config</p>") == ("<p>no config</p>", None)


def test_a_phrase_is_split_as_the_index_splits_it():
    assert phrase_words("Co-codamol") == ["co", "codamol", "cocodamol"]
    assert phrase_words("can\u2019t pee") == ["cant", "pee"]
    assert phrase_words("X-ray, A&E") == ["x", "ray", "xray", "a&e"]


def test_common_words_lead_nowhere_in_a_phrase_but_stay_as_a_word_of_their_own():
    assert tag_words(["leg pain", "weak leg", "pain down the leg"]) == ["weak", "down"]
    assert tag_words(["pain"]) == ["pain"]
    assert tag_words(["X-ray"]) == ["ray", "xray"]


def test_the_worker_knows_the_topic_and_common_words():
    script = forgiving_worker("search.js")
    sets = [set(json.loads(found)) for found in re.findall(r"new Set\((\[.*?\])\)", script)]
    assert sets == [STOP_WORDS, TOPIC_WORDS, COMMON_WORDS]
