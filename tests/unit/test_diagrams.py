"""Technique and anatomy diagrams: well-formed, accessible, complete and deterministic."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from macros import diagrams
from macros.model import parse
from macros.tables import technique_steps

NS = {"svg": diagrams.SVG_NS}


def svg_tree(text: str):
    return etree.fromstring(text.encode("utf-8"))


@pytest.fixture(scope="module")
def technique_svgs(data):
    return {t.id: diagrams.technique_svg(t, data) for t in data.techniques}


def test_each_diagram_is_well_formed_and_labelled(technique_svgs):
    for technique_id, text in technique_svgs.items():
        root = svg_tree(text)
        assert root.tag == f"{{{diagrams.SVG_NS}}}svg"
        assert root.get("role") == "img"
        title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
        assert title is not None and title.text.strip(), technique_id
        assert desc is not None and desc.text.strip(), technique_id
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_every_step_has_a_badge_and_a_stroke(data, technique_svgs):
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        badges = root.findall(".//svg:g[@class='sc-layer-badges']/svg:text", NS)
        assert [b.text for b in badges] == [str(i) for i in range(1, len(technique.steps) + 1)]
        strokes = root.find(".//svg:g[@class='sc-layer-strokes']", NS)
        moving = [s for s in technique.steps if s.direction != "static"]
        drawn = [el for el in strokes if el.get("class") in ("sc-arrow", "sc-dot")]
        # Dotted percussion draws five dots per step; every other stroke draws one arrow.
        expected = sum(5 if s.direction == "dots" else 1 for s in moving)
        assert len(drawn) == expected, technique.id


def test_arrows_toward_the_heart_point_up_the_body(data):
    """Back view, head at the top: a stroke towards the heart ends higher than it starts."""
    regions = data.by_id("regions")
    for technique in data.techniques:
        for step in technique.steps:
            start, end = diagrams.stroke_line(regions[step.region], step.direction)
            if step.direction == "toward-heart":
                assert end[1] < start[1], (technique.id, step.region)
            if step.direction == "away-from-heart":
                assert end[1] > start[1], (technique.id, step.region)


def test_same_data_gives_byte_identical_svg(data, technique_svgs):
    again = {t.id: diagrams.technique_svg(t, data) for t in data.techniques}
    assert again == technique_svgs
    assert diagrams.anatomy_svg("nerve", data) == diagrams.anatomy_svg("nerve", data)


def test_points_and_badges_lie_inside_the_drawing(data):
    outline = diagrams.mirror_outline(data.body.half_outline, data.body.width)
    for point in data.points:
        assert diagrams.point_in_polygon(point.at, outline), point.id
    for region in data.regions:
        for x, y in region.polygon:
            assert 0 <= x <= data.body.width and 0 <= y <= data.body.height, region.id
        assert diagrams.point_in_polygon(diagrams.centroid(region.polygon), outline), region.id


def test_point_in_polygon_tells_inside_from_outside():
    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert diagrams.point_in_polygon((5, 5), square)
    assert not diagrams.point_in_polygon((15, 5), square)


def test_text_alternative_lists_the_same_steps(data, technique_svgs):
    for technique in data.techniques:
        listing = str(technique_steps(technique, data.by_id("regions"), data.by_id("points")))
        items = re.findall(r"<li id=\"[^\"]+\"><strong>(.*?)</strong>", listing)
        desc = svg_tree(technique_svgs[technique.id]).find("svg:desc", NS).text
        assert len(items) == len(technique.steps)
        for number, item in enumerate(items, 1):
            assert f"Step {number}: {item[0].lower()}{item[1:]}" in desc


def test_legend_explains_every_symbol_used(data, technique_svgs):
    for technique in data.techniques:
        legend = " ".join(svg_tree(technique_svgs[technique.id]).xpath(
            ".//svg:g[@class='sc-layer-legend']//svg:text/text()", namespaces=NS))
        assert "order of the steps" in legend
        if any(s.direction in ("toward-heart", "away-from-heart") for s in technique.steps):
            assert "stroke direction" in legend


def test_text_from_the_data_is_escaped(data):
    """A name with markup in it must arrive in the SVG as text, not as elements."""
    technique = data.techniques[0].model_copy(update={"name": 'Evil <script>alert(1)</script> & "co"'})
    text = diagrams.technique_svg(technique, data)
    assert "<script>" not in text
    root = svg_tree(text)
    assert "<script>" in root.find("svg:title", NS).text
    assert not root.findall(".//svg:script", NS)


def test_anatomy_diagrams(data):
    for view in diagrams.ANATOMY_VIEWS:
        root = svg_tree(diagrams.anatomy_svg(view, data))
        assert root.get("role") == "img"
        assert root.find("svg:title", NS).text
    labels = svg_tree(diagrams.anatomy_svg("nerve", data)).xpath("//svg:text/text()", namespaces=NS)
    assert {"Sciatic nerve", "Tibial nerve", "Common fibular nerve"} <= set(labels)


def test_colours_come_from_custom_properties(technique_svgs):
    text = next(iter(technique_svgs.values()))
    # Drawing classes use var(); only the palette block assigns literal colours.
    rules = re.findall(r"\.sc-[a-z-]+\{[^}]*\}", text)
    colour_rules = [r for r in rules if re.search(r"[{;](fill|stroke):#", r)]
    assert not colour_rules, colour_rules


def test_standalone_file_declares_xml():
    assert diagrams.standalone("<svg/>").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg/>')
