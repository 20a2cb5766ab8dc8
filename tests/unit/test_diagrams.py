"""Technique and anatomy diagrams: well-formed, accessible, complete, legible, printable and
deterministic."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from sciatica.render import diagrams
from sciatica.model import parse
from sciatica.render.tables import technique_steps

NS = {"svg": diagrams.SVG_NS}
PHONE_WIDTH_PX = 288  # the figure's width on a 320 px screen (Material's side margins)


def svg_tree(text: str):
    return etree.fromstring(text.encode("utf-8"))


def text_of(element) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def technique_svgs(data):
    return {t.id: diagrams.technique_svg(t, data) for t in data.techniques}


@pytest.fixture(scope="module")
def anatomy_svgs(data):
    return {view: diagrams.anatomy_svg(view, data) for view in diagrams.ANATOMY_VIEWS}


@pytest.fixture(scope="module")
def all_svgs(technique_svgs, anatomy_svgs):
    return {**technique_svgs, **{f"anatomy-{v}": s for v, s in anatomy_svgs.items()}}


@pytest.fixture(scope="module")
def outline(data):
    return diagrams.mirror_outline(data.body.half_outline, data.body.width)


def test_data_has_techniques_to_draw(data):
    assert data.techniques, "no techniques: the diagram tests would pass vacuously"


def test_each_diagram_is_well_formed_and_labelled(all_svgs):
    for name, text in all_svgs.items():
        root = svg_tree(text)
        assert root.tag == f"{{{diagrams.SVG_NS}}}svg"
        assert root.get("role") == "img", name
        title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
        assert title is not None and title.text.strip(), name
        assert desc is not None and desc.text.strip(), name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", name
        # Labels are real text, not paths or images of text.
        assert root.findall(".//svg:text", NS), name
        assert not root.findall(".//svg:image", NS) and not root.findall(".//svg:foreignObject", NS)


def test_ids_are_unique_within_and_across_diagrams(all_svgs):
    """Several diagrams are inlined in one page: their ids (and pattern references) must not clash."""
    seen: dict[str, str] = {}
    for name, text in all_svgs.items():
        for element in svg_tree(text).iter():
            if element.get("id"):
                assert element.get("id") not in seen, (name, element.get("id"), seen.get(element.get("id")))
                seen[element.get("id")] = name


def test_every_step_has_a_badge_and_a_stroke(data, technique_svgs):
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        badges = root.findall(".//svg:g[@class='sc-layer-badges']//svg:text", NS)
        assert [b.text for b in badges] == [str(i) for i in range(1, len(technique.steps) + 1)], technique.id
        strokes = root.findall(".//svg:g[@class='sc-layer-strokes']/svg:g", NS)
        assert [s.get("data-step") for s in strokes] == [str(i) for i in range(1, len(technique.steps) + 1)]
        for step, stroke in zip(technique.steps, strokes):
            assert f"sc-stroke-{diagrams.symbol_key(step)}" in stroke.get("class"), (technique.id, step.region)
            shapes = list(stroke)
            assert shapes, (technique.id, step.region)
            if step.direction in ("toward-heart", "away-from-heart", "zigzag", "circular"):
                assert [s for s in shapes if s.get("marker-end")], (technique.id, step.region, "no arrowhead")
            if step.direction == "dots":
                assert len([s for s in shapes if s.get("class") == "sc-dot"]) >= 3


def test_every_point_a_step_uses_is_drawn_and_labelled(data, technique_svgs):
    points = data.by_id("points")
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        used = {p for step in technique.steps for p in step.points}
        drawn = {g.get("data-point") for g in root.iterfind(".//svg:g[@class]", NS)
                 if "sc-mark" in g.get("class")}
        assert drawn == used, technique.id
        labels = {text_of(t).replace(" ", "") for t in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)}
        for point_id in used:
            assert diagrams.point_label(points[point_id]).replace(" ", "") in labels, (technique.id, point_id)


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


def test_same_data_gives_byte_identical_svg(data, all_svgs):
    again = {t.id: diagrams.technique_svg(t, data) for t in data.techniques}
    again |= {f"anatomy-{v}": diagrams.anatomy_svg(v, data) for v in diagrams.ANATOMY_VIEWS}
    assert again == all_svgs


def test_points_regions_and_badges_lie_inside_the_outline(data, outline):
    for point in data.points:
        assert diagrams.point_in_polygon(point.at, outline), f"point {point.id} at {point.at} is off the body"
    for region in data.regions:
        for x, y in region.polygon:
            assert 0 <= x <= data.body.width and 0 <= y <= data.body.height, region.id
        assert diagrams.point_in_polygon(diagrams.centroid(region.polygon), outline), region.id
        for at in region.axis:
            assert diagrams.point_in_polygon(at, outline), f"stroke of region {region.id} leaves the body at {at}"


def test_drawn_badges_and_marks_lie_inside_the_outline(data, technique_svgs, outline):
    """Read the positions back from the SVG itself, repeated regions' extra badges included."""
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        circles = root.findall(".//svg:g[@class='sc-layer-badges']//svg:circle", NS)
        circles += root.findall(".//svg:g[@class='sc-layer-points']//svg:circle", NS)
        for circle in circles:
            at = (float(circle.get("cx")), float(circle.get("cy")))
            assert diagrams.point_in_polygon(at, outline), (technique.id, at)


def test_badges_do_not_sit_on_top_of_each_other(data):
    regions = data.by_id("regions")
    for technique in data.techniques:
        spots = diagrams.badge_positions(technique, regions)
        for i, (x1, y1) in enumerate(spots):
            for x2, y2 in spots[i + 1:]:
                assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (1.5 * diagrams.BADGE_RADIUS) ** 2, technique.id


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
        assert desc.count("Step ") == len(technique.steps)
        for number, item in enumerate(items, 1):
            assert f"Step {number}: {item[0].lower()}{item[1:]}" in desc


def symbols_used(root) -> set[str]:
    """Every kind of mark drawn in a diagram, named as the legend names it."""
    used = set()
    for element in root.iter():
        classes = (element.get("class") or "").split()
        used |= {c.removeprefix("sc-stroke-") for c in classes if c.startswith("sc-stroke-")}
        used |= {c.removeprefix("sc-mark-") for c in classes if c.startswith("sc-mark-")}
        if element.get("data-region"):
            used.add("region")
        if "sc-badge-group" in classes:
            used.add("badge")
        if "sc-nerve-trunk" in classes or "sc-nerve-branch" in classes:
            used.add("nerve")
        if "sc-nerve-root" in classes:
            used.add("root")
        if element.get("data-muscle"):
            used.add(element.get("data-muscle"))
        if element.get("data-root"):
            used.add(f"dermatome-{element.get('data-root').lower()}")
    return used


def test_legend_explains_every_symbol_used(all_svgs):
    for name, text in all_svgs.items():
        root = svg_tree(text)
        legend = root.find(".//svg:g[@class='sc-layer-legend']", NS)
        assert legend is not None, name
        explained = {entry.get("data-key") for entry in legend.iterfind("svg:g", NS)}
        drawing = root.find(".//svg:g[@class='sc-frame']", NS)
        assert symbols_used(drawing) <= explained, (name, symbols_used(drawing) - explained)
        for entry in legend.iterfind("svg:g", NS):
            assert text_of(entry.find("svg:text", NS)).strip(), (name, entry.get("data-key"))
        assert "Back view" in text_of(legend), name


def shape_signature(entry) -> tuple:
    """What a legend symbol looks like with colour taken away: its elements, their classes'
    shape-giving parts, path commands, dash patterns and fill patterns."""
    signature = []
    for element in entry.iter():
        if element.tag == f"{{{diagrams.SVG_NS}}}text" or element.getparent().tag == f"{{{diagrams.SVG_NS}}}text":
            continue
        d = re.sub(r"[^A-Za-z]", "", element.get("d") or "")
        signature.append((etree.QName(element).localname, element.get("class"), d, element.get("r")))
    return tuple(signature)


def test_legend_symbols_differ_in_shape_not_just_colour(all_svgs):
    for name, text in all_svgs.items():
        entries = svg_tree(text).findall(".//svg:g[@class='sc-layer-legend']/svg:g", NS)
        signatures = [shape_signature(e) for e in entries]
        assert len(set(signatures)) == len(signatures), name


def test_dermatome_patterns_differ_in_shape(anatomy_svgs):
    root = svg_tree(anatomy_svgs["dermatomes"])
    shapes = []
    for root_name in ("l4", "l5", "s1"):
        pattern = root.find(f".//svg:pattern[@id='anatomy-dermatomes-{root_name}']", NS)
        child = pattern[0]
        shapes.append((etree.QName(child).localname, pattern.get("patternTransform"),
                       child.get("x1") == child.get("x2")))
    assert len(set(shapes)) == 3


def test_print_style_is_black_and_white(all_svgs):
    for name, text in all_svgs.items():
        style = svg_tree(text).find("svg:style", NS).text
        block = re.search(r"@media print\{(.*)\}$", style)
        assert block, f"{name}: no print style"
        assigned = dict(re.findall(r"--sc-([a-z0-9-]+):([^;}]+)", block.group(1)))
        assert set(assigned) == set(diagrams.PALETTE), name
        assert set(assigned.values()) <= {"#000000!important", "#ffffff!important"}, name
        # Hatching and leader lines print at full strength; tints (colour only) drop out.
        assert ".sc-dermatome-tint{fill-opacity:0}" in block.group(1)


def test_colours_come_from_custom_properties(all_svgs):
    for text in all_svgs.values():
        style = svg_tree(text).find("svg:style", NS).text
        # Drawing classes use var(); only the palette blocks assign literal colours.
        rules = re.findall(r"\.sc-[a-z0-9-]+\{[^}]*\}", style)
        colour_rules = [r for r in rules if re.search(r"[{;](fill|stroke):#", r)]
        assert not colour_rules, colour_rules
        assert "[data-md-color-scheme=slate] .sc-diagram{" in style


def test_text_is_big_enough_on_a_phone(all_svgs):
    """Every font size, scaled to a 320 px screen, stays at 9 px or more; the labels and the
    key, which carry most of the words, at 10 px or more."""
    scale = PHONE_WIDTH_PX / diagrams.VIEW_WIDTH
    for name, text in all_svgs.items():
        root = svg_tree(text)
        assert root.get("viewBox").split()[2] == diagrams.number(diagrams.VIEW_WIDTH)
        style = root.find("svg:style", NS).text
        sizes = {cls: float(size) for cls, size in re.findall(r"\.(sc-[a-z-]+)\{[^}]*font-size:([\d.]+)px", style)}
        assert sizes, name
        assert min(sizes.values()) * scale >= 9, (name, sizes)
        assert sizes["sc-label"] * scale >= 10 and sizes["sc-legend"] * scale >= 10, (name, sizes)


def test_diagrams_fit_a_laptop_screen(all_svgs):
    """Width 480 units is drawn about 480 px wide on a laptop: keep the height near that."""
    for name, text in all_svgs.items():
        _, _, width, height = map(float, svg_tree(text).get("viewBox").split())
        assert height <= 1.2 * width, (name, width, height)


def label_boxes(root, offset: float = 0):
    """Estimated boxes of the labels: (x0, y0, x1, y1, text), shifted by `offset` along x."""
    boxes = []
    for text in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text[@class]", NS):
        if "sc-label" not in text.get("class"):
            continue
        lines = [t.text for t in text.iterfind("svg:tspan", NS)] or [text.text]
        size = diagrams.LABEL_SIZE
        width = diagrams.text_width(lines, size)
        x, y = float(text.get("x")), float(text.get("y"))
        x0 = x - width if text.get("text-anchor") == "end" else x
        x0 += offset
        boxes.append((x0, y - size / 2, x0 + width, y - size / 2 + size * 1.15 * len(lines), " ".join(lines)))
    return boxes


def view_offset(root) -> float:
    """Labels drawn inside the body's frame are in body coordinates; others in the canvas's."""
    return 0.0 if root.find(".//svg:g[@class='sc-frame']/svg:g[@class='sc-layer-labels']", NS) is None \
        else diagrams.BODY_DX


def test_labels_do_not_collide(all_svgs):
    for name, text in all_svgs.items():
        root = svg_tree(text)
        boxes = label_boxes(root, view_offset(root))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] - 2 and b[1] < a[3] - 2
                assert not overlap, (name, a[4], b[4])
            # Inside the canvas and clear of the key's column.
            assert a[0] >= 0 and a[2] <= diagrams.LEGEND_X, (name, a[4])


def test_point_and_nerve_labels_stand_off_the_body(all_svgs, outline):
    """Labels that name marks on the body stand beside it, joined by a leader line; only the
    short root names (L4 to S3) sit on the lower back."""
    for name, text in all_svgs.items():
        root = svg_tree(text)
        if root.find(".//svg:g[@class='sc-frame']/svg:g[@class='sc-layer-labels']", NS) is None:
            continue  # labels in canvas coordinates (the enlarged dermatome view): checked by eye
        for x0, y0, x1, y1, label in label_boxes(root):
            if re.fullmatch(r"[LS]\d", label):
                continue
            corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)]
            assert not any(diagrams.point_in_polygon(c, outline) for c in corners), (name, label)
        for callout in svg_tree(text).iterfind(".//svg:g[@class='sc-callout']", NS):
            assert callout.find("svg:path[@class='sc-leader']", NS) is not None, name


def test_text_from_the_data_is_escaped(data):
    """A name with markup in it must arrive in the SVG as text, not as elements."""
    technique = data.techniques[0].model_copy(update={"name": 'Evil <script>alert(1)</script> & "co"'})
    text = diagrams.technique_svg(technique, data)
    assert "<script>" not in text
    root = svg_tree(text)
    assert "<script>" in root.find("svg:title", NS).text
    assert not root.findall(".//svg:script", NS)


def test_anatomy_nerve_view_names_every_part(anatomy_svgs):
    root = svg_tree(anatomy_svgs["nerve"])
    labels = {" ".join(t.itertext()) for t in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)}
    assert {"Sciatic nerve", "Tibial nerve", "Common fibular nerve", "Piriformis"} <= labels, labels
    assert {"L4", "L5", "S1", "S2", "S3"} <= labels
    assert root.find(".//svg:polygon[@data-muscle='piriformis']", NS) is not None


def test_anatomy_geometry_tells_the_textbook_story(data):
    """Roots L4 to S3 join; the nerve leaves the pelvis below piriformis; it divides above the knee."""
    body = data.body
    nerves = {n.id: n for n in body.nerves}
    roots = [n for n in body.nerves if n.kind == "root"]
    assert sorted(n.name.split()[0] for n in roots) == ["L4", "L5", "S1", "S2", "S3"]
    trunk = nerves["sciatic-nerve"]
    assert all(tuple(r.points[-1]) == tuple(trunk.points[0]) for r in roots), "roots must meet the trunk"
    piriformis = {m.id: m for m in body.muscles}["piriformis"]
    exit_x, exit_y = trunk.points[0]
    edges = diagrams.crossings([(y, x) for x, y in piriformis.polygon], exit_x)  # vertical line at exit_x
    assert edges and exit_y > max(edges), "the sciatic nerve must leave below piriformis"
    knee = {d.id: d for d in body.details}["knee-crease-right"]
    knee_y = min(y for _, y in knee.points)
    for branch in ("tibial-nerve", "common-fibular-nerve"):
        assert tuple(nerves[branch].points[0]) == tuple(trunk.points[-1])
        assert nerves[branch].points[0][1] < knee_y, f"{branch} must start above the knee crease"
    outline = diagrams.mirror_outline(body.half_outline, body.width)
    for thing in [*body.nerves, *body.dermatomes, *body.muscles]:
        for at in getattr(thing, "points", None) or thing.polygon:
            assert diagrams.point_in_polygon(at, outline), (thing.id, at)


def test_dermatomes_are_labelled_and_described(anatomy_svgs, data):
    root = svg_tree(anatomy_svgs["dermatomes"])
    labels = {text_of(t) for t in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)}
    assert labels == {d.root for d in data.body.dermatomes}
    desc = root.find("svg:desc", NS).text
    for dermatome in data.body.dermatomes:
        assert f"{dermatome.root}: {dermatome.area}." in desc


def test_a_region_worked_twice_gets_two_badges(data):
    """A second step in the same region gets its own badge below the first, still on the body."""
    technique = data.techniques[0]
    twice = technique.model_copy(update={"steps": [technique.steps[0], technique.steps[0]]})
    spots = diagrams.badge_positions(twice, data.by_id("regions"))
    assert spots[0] != spots[1]
    root = svg_tree(diagrams.technique_svg(twice, data))
    assert [t.text for t in root.findall(".//svg:g[@class='sc-layer-badges']//svg:text", NS)] == ["1", "2"]


def test_standalone_file_declares_xml():
    assert diagrams.standalone("<svg/>").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg/>')


def test_bad_geometry_is_refused_with_a_clear_message():
    """The region's axis needs at least two points; the error names the entry and the field."""
    from tests.conftest import DATA_FILE  # noqa: PLC0415
    text = DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace("    axis: [[131, 190], [131, 222]]\n", "    axis: [[131, 190]]\n", 1)
    assert broken != text
    with pytest.raises(Exception) as error:
        parse(broken, "data/sciatica.yml")
    assert "regions[low-back].axis" in str(error.value)


def test_caption_names_only_the_marks_the_diagram_uses(data):
    points = data.by_id("points")
    for technique in data.techniques:
        text = diagrams.caption(technique, points)
        arrows = any(step.direction in ("toward-heart", "away-from-heart") for step in technique.steps)
        assert ("arrows show the direction" in text) == arrows, technique.id
        assert ("rings mark pressure points" in text) == any(
            points[p].kind == "acupressure" for step in technique.steps for p in step.points), technique.id


def test_downloaded_diagram_carries_its_credit_and_licence(data):
    svg = diagrams.technique_svg(data.techniques[0], data)
    text = diagrams.standalone(svg, "Kneading, from the site. Licence: CC BY-SA 4.0")
    assert text.startswith('<?xml version="1.0"')
    root = etree.fromstring(text.encode())
    credit = root.find("svg:text[@class='sc-credit']", NS)
    assert "".join(credit.itertext()) == "Kneading, from the site. Licence: CC BY-SA 4.0"
    assert root.find("svg:metadata", NS).text == "Kneading, from the site. Licence: CC BY-SA 4.0"
    # The credit line is drawn below the figure, inside a taller canvas.
    assert float(root.get("viewBox").split()[3]) > float(svg_tree(svg).get("viewBox").split()[3])


def test_a_credit_cannot_break_out_of_the_file(data):
    """Data text in the credit (a technique's name) stays text: no comment to close, no markup."""
    hostile = "Kneading ---> <script>alert(1)</script> ]]> <!-- x"
    text = diagrams.standalone(diagrams.technique_svg(data.techniques[0], data), hostile)
    root = etree.fromstring(text.encode())  # well-formed
    assert "<!--" not in text and "<script" not in text
    assert not root.findall(".//svg:script", NS)
    assert hostile in "".join(root.find("svg:text[@class='sc-credit']", NS).itertext()).replace("\n", "")
