"""Tables and lists from the data: filtering, ordering, anchors, citations and escaping."""

from __future__ import annotations

from bs4 import BeautifulSoup
from markupsafe import Markup

from sciatica.pages import page_url
from sciatica.render import tables
from sciatica.render.html import el


def fake_cite(*ids: str) -> Markup:
    return el("sup", ",".join(ids), class_="sc-cite")


def soup(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "lxml")


def test_master_table_has_every_contraindication_with_an_anchor(data):
    rows = tables.contraindications_for(data)
    hazards = tables.contraindications_for(data, kind="hazard")
    html = soup(tables.contraindication_table(rows, data, fake_cite, tables.Links("../")))
    ids = [tr["id"] for tr in html.select("tbody tr")]
    assert ids == [f"ci-{c.id}" for c in rows] + [f"ci-{c.id}" for c in hazards]
    assert len(ids) == len(data.contraindications)
    assert html.select("th[scope=col]")[2].get_text() == "Applies to"


def test_hazards_of_a_method_have_their_own_table_and_badge(data):
    """A hazard (fire cupping at home, heat over a rub) is not a condition of the person: it is
    never labelled with a contraindication's severity."""
    hazards = tables.contraindications_for(data, kind="hazard")
    assert {h.id for h in hazards} >= {"fire-cupping-accelerants", "heat-over-warming-rub"}
    html = soup(tables.contraindication_table(tables.contraindications_for(data), data, fake_cite, tables.Links()))
    [conditions, hazard_table] = html.select("div.sc-contraindications")
    assert "sc-kind-hazard" in hazard_table["class"] and "sc-kind-contraindication" in conditions["class"]
    for row in hazard_table.select("tbody tr"):
        assert row.select_one(".sc-severity").get_text() == tables.HAZARD_LABEL
    assert not conditions.find(string=tables.HAZARD_LABEL)
    assert all(h.severity is None for h in hazards)


def test_rows_are_ordered_most_serious_first(data):
    order = [tables.SEVERITY_ORDER[c.severity] for c in tables.contraindications_for(data)]
    assert order == sorted(order)


def test_technique_table_filters_and_links_to_the_master_rows(data):
    technique = data.techniques[0].id
    rows = tables.contraindications_for(data, technique)
    assert all("all" in c.applies_to or technique in c.applies_to for c in rows)
    html = soup(tables.contraindication_table(rows, data, fake_cite, tables.Links("../../"), technique))
    links = [a["href"] for a in html.select("tbody th a")]
    assert links == [f"../../massage/contraindications-in-depth/#ci-{c.id}" for c in rows]
    assert "Applies to" not in html.get_text()


def test_filter_excludes_rows_for_other_techniques(data):
    only_other = data.contraindications[0].model_copy(update={"id": "other-only", "applies_to": ["other"]})
    changed = data.model_copy(update={"contraindications": [*data.contraindications, only_other]})
    assert "other-only" not in [c.id for c in tables.contraindications_for(changed, "effleurage")]
    assert "other-only" in [c.id for c in tables.contraindications_for(changed, "other")]


def test_every_severity_is_spelt_out_not_only_coloured(data):
    html = soup(tables.contraindication_table(tables.contraindications_for(data), data, fake_cite, tables.Links()))
    for row, entry in zip(html.select("div.sc-kind-contraindication tbody tr"), tables.contraindications_for(data)):
        assert tables.SEVERITY_LABELS[entry.severity] in row.get_text()


def test_data_text_is_escaped_in_tables(data):
    evil = data.contraindications[0].model_copy(update={"name": "<img src=x onerror=alert(1)>", "why": "a & b"})
    html = str(tables.contraindication_table([evil], data, fake_cite, tables.Links()))
    assert "<img" not in html
    assert "&#60;img src&#61;x onerror&#61;alert(1)&#62;" in html
    assert "a &#38; b" in html
    assert soup(html).select_one("tbody th").get_text() == "<img src=x onerror=alert(1)>"


def test_data_text_cannot_become_markdown():
    """The macros' HTML is pasted into Markdown source before Markdown runs: data text inside an
    inline tag must not turn into a link, an attribute list or a new line."""
    import markdown

    hostile = "[x](javascript:alert(1)) *y*{: onclick=alert(1) } ![i](https://other.host/i.png)\n\n# H `c` \\"
    page = f"Call {el('span', hostile, title=hostile)} now."
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "tables", "footnotes", "abbr"])
    parsed = soup(html)
    assert [tag.name for tag in parsed.body.find_all(True)] == ["p", "span"]
    assert parsed.select_one("span").get_text() == hostile.replace("\n", " ")
    assert parsed.select_one("span")["title"] == hostile.replace("\n", " ")


def test_citation_marks_number_in_first_cited_order():
    numbers = {"a": 1, "b": 2}
    html = soup(tables.citation_marks(["b", "a"], numbers))
    assert [a.get_text() for a in html.select("a")] == ["2", "1"]
    assert [a["href"] for a in html.select("a")] == ["#ref-b", "#ref-a"]


def test_reference_list_items_are_link_targets(data):
    refs = [r for r in data.references if r.url or r.doi or r.pmid][:3]
    html = soup(tables.reference_list(refs))
    assert [li["id"] for li in html.select("li")] == [f"ref-{r.id}" for r in refs]
    for li, ref in zip(html.select("li"), refs):
        assert ref.title in li.get_text()
        assert li.select_one("a")["href"].startswith("http")


def test_a_printed_book_without_a_url_is_listed_without_a_link(data):
    book = next(r for r in data.references if r.kind == "book" and not (r.url or r.doi or r.pmid))
    li = soup(tables.reference_list([book])).select_one("li")
    assert li["id"] == f"ref-{book.id}" and book.title in li.get_text()
    assert li.select_one("a") is None


def test_undated_reference_shows_nd(data):
    undated = data.references[0].model_copy(update={"year": None})
    assert "n.d." in str(tables.reference_text(undated))


def test_an_undated_reference_shows_the_day_it_was_read():
    from datetime import date

    from sciatica.model import Reference

    page = Reference(
        id="page-nd",
        kind="web-page",
        organisation="Example Trust",
        title="A page with no date",
        container="site.test",
        undated=True,
        accessed=date(2026, 12, 6),
        url="https://site.test/p",
    )
    text = soup(tables.reference_text(page)).get_text()
    assert text.startswith("Example Trust. A page with no date. site.test; n.d. (accessed 6 December 2026).")


def test_a_chapter_names_its_book_and_isbn(data):
    chapter = data.by_id("references")["focks-2008-bl23"]
    text = " ".join(soup(tables.reference_text(chapter)).get_text().split())
    assert text == (
        "Focks C (editor). BL-23 Kidney Shu (Shenshu). In: Atlas of Acupuncture. "
        "Churchill Livingstone Elsevier; 2008. ISBN 978-0-443-10028-4."
    )


def test_every_kind_of_reference_has_a_heading_on_the_references_page():
    from typing import get_args

    from sciatica.model import ReferenceKind

    assert set(tables.KIND_HEADINGS) == set(get_args(ReferenceKind))


def test_the_bibliography_sorts_organisations_among_people(data):
    refs = [data.by_id("references")[r] for r in ("qaseem-2017", "nice-ng59", "bernstein-2017")]
    html = tables.bibliography(refs)
    assert html.index("ref-bernstein-2017") < html.index("ref-nice-ng59") < html.index("ref-qaseem-2017")


def test_red_flags_each_have_an_action_and_anchor(data):
    html = soup(tables.red_flag_table(data.red_flags, data.escalation, fake_cite))
    rows = html.select("tbody tr")
    assert [tr["id"] for tr in rows] == [f"flag-{f.id}" for f in data.red_flags] + ["flag-escalation"]
    for row, flag in zip(rows, data.red_flags):
        assert tables.ACTION_LABELS[flag.action] in row.get_text()
    assert tables.ACTION_LABELS["emergency"] in rows[-1].get_text()


def test_the_withdrawn_notice_goes_with_the_drug(data):
    rofecoxib = data.by_id("drugs")["rofecoxib"]
    notice = f"Withdrawn in {rofecoxib.availability.year}: {rofecoxib.availability.reason}"
    table = soup(tables.drug_table([rofecoxib], fake_cite)).get_text()
    profile = soup(tables.drug_profile(rofecoxib, fake_cite)).get_text()
    for text in (table, profile):
        assert notice in text
    heading = soup(tables.drug_profile(rofecoxib, fake_cite)).select_one("h3").get_text()
    assert heading == f"Rofecoxib (withdrawn in {rofecoxib.availability.year})"


def test_page_url_maps_markdown_paths_to_built_urls():
    assert page_url("causes/index.md") == "causes/"
    assert page_url("causes/pregnancy.md") == "causes/pregnancy/"
    assert page_url("index.md") == ""
    assert page_url("reindex.md") == "reindex/"  # a name that only ends in "index" is a page of its own
    assert page_url("causes/index.md", directory_urls=False) == "causes/index.html"
    assert page_url("index.md", directory_urls=False) == "index.html"
    assert page_url("causes/pregnancy.md", directory_urls=False) == "causes/pregnancy.html"
    assert (
        tables.Links("../", directory_urls=False).page("massage/contraindications.md", "ci-dvt")
        == "../massage/contraindications.html#ci-dvt"
    )


def test_root_for_counts_folders_in_both_url_styles():
    assert [tables.root_for(u) for u in ("", "references/", "causes/pregnancy/", "about.html", "causes/x.html")] == [
        "",
        "../",
        "../../",
        "",
        "../",
    ]


def test_reference_entries_are_punctuated_once(data):
    for reference in data.references:
        text = BeautifulSoup(str(tables.reference_text(reference)), "lxml").get_text()
        assert ".." not in text.replace("...", ""), text
        assert f"{reference.title}" in text


def test_drugs_that_may_help_come_first_and_withdrawn_ones_last(data):
    assert set(tables.POSITION_ORDER) == set(tables.STANCE_LABELS)
    positions = [tables.POSITION_ORDER.index(d.positions[0].stance) for d in tables.drug_rows(data.drugs)]
    assert positions == sorted(positions)
    assert tables.drug_rows(data.drugs)[-1].positions[0].stance == "withdrawn"


def test_every_technique_cites_the_guidance_it_reports(data):
    references = data.by_id("references")
    for technique in data.techniques:
        assert tables.guideline_refs(technique.evidence.refs, references), technique.id


def test_page_reference_lists_lead_to_the_references_page(data):
    refs = data.references[:2]
    html = soup(tables.reference_list(refs, tables.Links("../")))
    assert [a["href"] for a in html.select("a.sc-ref-more")] == [f"../references/#ref-{r.id}" for r in refs]


def test_emergency_numbers_are_callable_and_joined_in_words(data):
    html = soup(tables.emergency_numbers(data.emergency_numbers[:3]))
    assert [a["href"] for a in html.select("a")] == [f"tel:{n.number}" for n in data.emergency_numbers[:3]]
    text = html.get_text()
    assert text.count(", ") == 1 and " or " in text
