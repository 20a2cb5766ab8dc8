"""Technique and anatomy diagrams: well-formed, accessible, complete, legible, printable and
deterministic; and the geometry rules read back from the drawn SVG: badges never overlap,
strokes keep clear of the nerve, dermatome bands tile the leg, leaders never cross the other
leg, the nerve follows its landmarks."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from lxml import etree
from lxml import html as lxml_html

from sciatica.model import parse
from sciatica.render import anatomy, svg, techniques
from sciatica.render.tables import technique_steps

NS = {"svg": svg.SVG_NS}
PHONE_WIDTH_PX = 288  # the width a figure can take on a 320 px screen (Material's side margins)
OUTLINE_TOLERANCE = 4.0  # how far a dermatome patch may reach past the outline (drawn clipped to it)


def svg_tree(text: str):
    return etree.fromstring(text.encode("utf-8"))


def text_of(element) -> str:
    return "".join(element.itertext())


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


@pytest.fixture(scope="module")
def technique_figures(data):
    return {t.id: techniques.technique_figure(t, data) for t in data.techniques}


@pytest.fixture(scope="module")
def anatomy_figures(data):
    return {view: anatomy.anatomy_figure(view, data) for view in anatomy.anatomy_views(data)}


@pytest.fixture(scope="module")
def figures(technique_figures, anatomy_figures):
    return {**technique_figures, **{f"anatomy-{v}": f for v, f in anatomy_figures.items()}}


@pytest.fixture(scope="module")
def technique_svgs(data):
    return {t.id: techniques.technique_svg(t, data) for t in data.techniques}


@pytest.fixture(scope="module")
def anatomy_svgs(data):
    return {view: anatomy.anatomy_svg(view, data) for view in anatomy.anatomy_views(data)}


@pytest.fixture(scope="module")
def all_svgs(technique_svgs, anatomy_svgs):
    """The downloadable files: drawing and key in one SVG."""
    return {**technique_svgs, **{f"anatomy-{v}": s for v, s in anatomy_svgs.items()}}


@pytest.fixture(scope="module")
def drawings(figures):
    """The drawings as they stand on a page (the key is a separate element)."""
    return {name: svg.drawing_svg(figure) for name, figure in figures.items()}


@pytest.fixture(scope="module")
def outline(data):
    return svg.mirror_outline(data.body.half_outline, data.body.width)


def test_data_has_techniques_to_draw(data):
    assert data.techniques, "no techniques: the diagram tests would pass vacuously"
    assert data.root_levels and data.body.dermatomes and data.body.landmarks


def test_each_diagram_is_well_formed_and_labelled(all_svgs, drawings):
    for name, text in [*all_svgs.items(), *((f"{n} (page)", t) for n, t in drawings.items())]:
        root = svg_tree(text)
        assert root.tag == f"{{{svg.SVG_NS}}}svg"
        assert root.get("role") == "img", name
        title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
        assert title is not None and title.text.strip(), name
        assert desc is not None and desc.text.strip(), name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", name
        # Labels are real text, not paths or images of text.
        assert root.findall(".//svg:text", NS), name
        assert not root.findall(".//svg:image", NS) and not root.findall(".//svg:foreignObject", NS)


def test_ids_are_unique_within_and_across_diagrams(all_svgs, figures):
    """Several diagrams are inlined in one page: their ids (and pattern references) must not
    clash, and every url(#...) points at an id of its own diagram."""
    seen: dict[str, str] = {}
    for name, text in all_svgs.items():
        root = svg_tree(text)
        own = set()
        for element in root.iter():
            if element.get("id"):
                assert element.get("id") not in seen, (name, element.get("id"), seen.get(element.get("id")))
                seen[element.get("id")] = name
                own.add(element.get("id"))
        used = set(re.findall(r"url\(#([a-z0-9-]+)\)", text))
        assert used <= own, (name, used - own)
    for name, figure in figures.items():
        key = lxml_html.fromstring(str(svg.key_html(figure)))
        assert key.get("id") == f"{figure.prefix}-key" and key.get("id") not in seen, name


def test_every_step_has_a_badge_and_a_stroke(data, technique_svgs):
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        badges = root.findall(".//svg:g[@class='sc-layer-badges']//svg:text", NS)
        assert [b.text for b in badges] == [str(i) for i in range(1, len(technique.steps) + 1)], technique.id
        strokes = root.findall(".//svg:g[@class='sc-layer-strokes']/svg:g", NS)
        assert [s.get("data-step") for s in strokes] == [str(i) for i in range(1, len(technique.steps) + 1)]
        for step, stroke in zip(technique.steps, strokes):
            assert f"sc-stroke-{techniques.symbol_key(step)}" in stroke.get("class"), (technique.id, step.region)
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
        drawn = {
            g.get("data-point")
            for g in root.iterfind(".//svg:g[@class]", NS)
            if "sc-mark" in g.get("class") and g.get("data-point")
        }
        assert drawn == used, technique.id
        labels = {
            text_of(t).replace(" ", "") for t in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)
        }
        for point_id in used:
            assert svg.point_label(points[point_id]).replace(" ", "") in labels, (technique.id, point_id)


def test_arrows_toward_the_heart_point_up_the_body(data, technique_svgs):
    """Back view, head at the top: a stroke towards the heart ends higher than it starts, in the
    data and in the drawing (a stroke moved clear of the nerve keeps its direction)."""
    regions = data.by_id("regions")
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        drawn = {g.get("data-step"): g for g in root.findall(".//svg:g[@class='sc-layer-strokes']/svg:g", NS)}
        for index, step in enumerate(technique.steps, 1):
            start, end = techniques.stroke_line(regions[step.region], step.direction)
            if step.direction in ("toward-heart", "away-from-heart"):
                line = path_points(drawn[str(index)].find("svg:path", NS).get("d"))
                up = line[-1][1] < line[0][1]
                assert (end[1] < start[1]) == up == (step.direction == "toward-heart"), (technique.id, step.region)


def test_same_data_gives_byte_identical_svg(data, all_svgs, figures):
    again = {t.id: techniques.technique_svg(t, data) for t in data.techniques}
    again |= {f"anatomy-{v}": anatomy.anatomy_svg(v, data) for v in anatomy.anatomy_views(data)}
    assert again == all_svgs
    for view in anatomy.anatomy_views(data):
        first, second = anatomy.anatomy_figure(view, data), anatomy.anatomy_figure(view, data)
        assert svg.drawing_svg(first) == svg.drawing_svg(second)
        assert str(svg.key_html(first)) == str(svg.key_html(second))


def test_points_regions_and_axes_lie_inside_the_outline(data, outline):
    for point in data.points:
        assert svg.point_in_polygon(point.at, outline), f"point {point.id} at {point.at} is off the body"
    for region in data.regions:
        for x, y in region.polygon:
            assert 0 <= x <= data.body.width and 0 <= y <= data.body.height, region.id
        assert svg.point_in_polygon(svg.centroid(region.polygon), outline), region.id
        for at in region.axis:
            assert svg.point_in_polygon(at, outline), f"stroke of region {region.id} leaves the body at {at}"


# --- geometry read back from the drawn technique diagrams ------------------------------------


def path_points(d: str) -> list[tuple[float, float]]:
    """Points along an SVG path made of M, L, C and A commands (as the renderers write them):
    straight parts and sampled curves; an arc (of a small circle that starts on its right-hand
    side, as curled arrows do) sampled from its start to its end."""
    tokens = re.findall(r"[MLCAZ]|-?\d+(?:\.\d+)?", d)
    out: list[tuple[float, float]] = []
    i, command = 0, None
    while i < len(tokens):
        if tokens[i] in "MLCAZ":
            command = tokens[i]
            i += 1
            continue
        if command in ("M", "L"):
            out.append((float(tokens[i]), float(tokens[i + 1])))
            i += 2
        elif command == "C":
            p0 = out[-1]
            c1, c2, p3 = [(float(tokens[i + k]), float(tokens[i + k + 1])) for k in (0, 2, 4)]
            for step in range(1, 13):
                t = step / 12
                u = 1 - t
                out.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * p3[1],
                    )
                )
            i += 6
        elif command == "A":
            radius, large, sweep = float(tokens[i]), tokens[i + 3] == "1", tokens[i + 4] == "1"
            start, end = out[-1], (float(tokens[i + 5]), float(tokens[i + 6]))
            centre = (start[0] - radius, start[1])  # arcs start on the circle's right-hand side
            turn = math.atan2(end[1] - centre[1], end[0] - centre[0]) % (2 * math.pi)  # y down: clockwise +
            turn = turn if sweep else turn - 2 * math.pi
            if (abs(turn) > math.pi) != large:
                turn = turn - 2 * math.pi if sweep else turn + 2 * math.pi
            out += [
                (centre[0] + radius * math.cos(turn * k / 24), centre[1] + radius * math.sin(turn * k / 24))
                for k in range(1, 25)
            ]
            i += 7
        else:
            i += 1
    return out


def stroke_widths(root) -> dict[str, float]:
    """The stroke-width of each class, read from the diagram's style block."""
    style = root.find("svg:style", NS).text
    return {cls: float(width) for cls, width in re.findall(r"\.(sc-[a-z0-9-]+)\{[^}]*stroke-width:([\d.]+)", style)}


def arrowhead(root, line, width: float) -> list[tuple[float, float]]:
    """The corners of the arrowhead the diagram's marker draws at the line's end (tip, then the
    two back corners), from the marker's size, viewBox and reference point in the SVG and the
    width of the line it sits on."""
    marker = root.find(".//svg:marker", NS)
    _, _, box_w, box_h = map(float, marker.get("viewBox").split())
    unit = float(marker.get("markerWidth")) * width / box_w
    ref = float(marker.get("refX"))
    (x1, y1), (x2, y2) = line[-2], line[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    tip = (x2 + ux * (box_w - ref) * unit, y2 + uy * (box_w - ref) * unit)
    back, half = (x2 - ux * ref * unit, y2 - uy * ref * unit), box_h / 2 * unit
    return [tip, (back[0] - uy * half, back[1] + ux * half), (back[0] + uy * half, back[1] - ux * half)]


class Drawn:
    """One step's stroke as drawn: its lines (centre lines of paths; each dot or corner a line of
    one point; the edges of squares) and the corners of its arrowhead, if it has one."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[float, float]]] = []
        self.head: list[tuple[float, float]] = []

    @property
    def points(self) -> list[tuple[float, float]]:
        return [p for line in self.lines for p in line] + self.head

    def index(self) -> svg.Segments:
        return svg.Segments([*self.lines, *([[*self.head, self.head[0]]] if self.head else [])])


def drawn_strokes(root, holds: bool = False) -> dict[str, Drawn]:
    """Every stroke as drawn, in body coordinates, by step; the squares of holds on named points
    only if asked."""
    found = {}
    width = stroke_widths(root)["sc-arrow"]
    for group in root.findall(".//svg:g[@class='sc-layer-strokes']/svg:g", NS):
        drawn = Drawn()
        for shape in group:
            tag = etree.QName(shape).localname
            if "sc-hold-frame" in classes(shape) and not holds:
                continue
            if tag == "path":
                line = path_points(shape.get("d"))
                drawn.lines.append(line)
                if shape.get("marker-end"):
                    drawn.head = arrowhead(root, line, width)
            elif tag == "polyline":
                pairs = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
                drawn.lines.append(svg.densify(pairs, 1.0))
                if shape.get("marker-end"):
                    drawn.head = arrowhead(root, pairs, width)
            elif tag == "circle":
                centre = (float(shape.get("cx")), float(shape.get("cy")))
                drawn.lines += [[centre], *([p] for p in svg.ring(centre, float(shape.get("r")), 8))]
            elif tag == "rect":
                x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
                drawn.lines.append(svg.densify([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], 1.0))
        if drawn.lines:
            found[group.get("data-step")] = drawn
    return found


def drawn_badges(root) -> list[tuple[float, float, float]]:
    return [
        (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
        for c in root.findall(".//svg:g[@class='sc-layer-badges']//svg:circle", NS)
    ]


def nerve_lines(data) -> list[list[tuple[float, float]]]:
    """The nerve as a technique diagram draws it: trunk and branches, along their splines."""
    return [svg.spline_points(n.points) for n in data.body.nerves if n.kind != "root"]


def drawn_nerve(root) -> list[list[tuple[float, float]]]:
    """The nerve's trunk and branches as the diagram draws them, read back from its paths."""
    return [
        path_points(p.get("d"))
        for p in root.iterfind(".//svg:path[@data-nerve]", NS)
        if {"sc-nerve-trunk", "sc-nerve-branch"} & set(classes(p))
    ]


def min_distance(points, lines) -> float:
    return min(svg.distance_to_polyline(p, line) for p in points for line in lines)


def repeated_steps(technique):
    """The same technique with its first step done again: a region worked twice."""
    return technique.model_copy(update={"steps": [*technique.steps, technique.steps[0]]})


def technique_variants(data):
    return [*data.techniques, *(repeated_steps(t) for t in data.techniques)]


def test_no_step_badges_overlap(data):
    """Circles do not intersect, read back from the drawn SVG (regions worked twice included)."""
    for technique in technique_variants(data):
        badges = drawn_badges(svg_tree(techniques.technique_svg(technique, data)))
        assert len(badges) == len(technique.steps)
        for i, (x1, y1, r1) in enumerate(badges):
            for x2, y2, r2 in badges[i + 1 :]:
                assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2 + 1, (technique.id, (x1, y1), (x2, y2))


def test_strokes_keep_a_visible_gap_from_the_nerve(data, technique_svgs):
    """Arrows, zig-zags, circles, dots and held hands run beside the nerve, never on it, as the
    key says: in every technique, between each drawn stroke and the drawn nerve there is a gap
    you can see (edge to edge, with the widths the style block gives them), and an arrowhead
    never reaches the nerve. Holds on named points stand where the data puts them (next test)."""
    assert techniques.VISIBLE_GAP >= 2 * techniques.STROKE_HALF_WIDTH, "a gap narrower than a stroke is no gap"
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        widths = stroke_widths(root)
        nerve_half, stroke_half = widths["sc-nerve-trunk"] / 2, widths["sc-arrow"] / 2
        nerve = svg.Segments(drawn_nerve(root))
        assert nerve.segments, technique.id
        for step, drawn in drawn_strokes(root).items():
            gap = min(nerve.distance(p, 60) for line in drawn.lines for p in line) - nerve_half - stroke_half
            assert gap >= techniques.VISIBLE_GAP - 0.15, (technique.id, step, round(gap, 1))
            if drawn.head:
                gap = min(nerve.distance(p, 60) for p in svg.densify([*drawn.head, drawn.head[0]], 0.5))
                assert gap - nerve_half >= 2.5, (technique.id, step, "arrowhead on the nerve", round(gap, 1))


def test_points_on_the_nerve_are_pressed_lightly_and_the_key_says_so(data, technique_figures):
    """A hold on a named point stands where the point is, and some traditional points lie over the
    nerve (their ring crosses it): those steps ask for light pressure, and that technique's key
    says so instead of 'not on it'; every other technique's key says strokes run beside the
    nerve, not on it."""
    lines = nerve_lines(data)
    points = data.by_id("points")
    over = techniques.NERVE_HALF_WIDTH + techniques.POINT_RING
    seen = 0
    for technique in data.techniques:
        on_line = [
            (step, points[p])
            for step in technique.steps
            for p in step.points
            if min_distance([points[p].at], lines) < over
        ]
        assert on_line == techniques.points_on_nerve(technique, data), technique.id
        words = {**svg.LEGEND_ITEMS, **technique_figures[technique.id].texts}["nerve"]
        if on_line:
            seen += 1
            assert all(step.pressure == "light" for step, _ in on_line), technique.id
            assert "points over it are pressed lightly" in words and "not on it" not in words, technique.id
        else:
            assert "beside it, not on it" in words, technique.id
    assert seen, "no point lies on the nerve: this test no longer tests the wording"


def test_no_two_strokes_overlap(data, technique_svgs):
    """In every technique each stroke (its line, dots, squares and arrowhead) keeps a visible gap
    from every other step's stroke, so no arrow runs into or over another, in print too."""
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        strokes = drawn_strokes(root, holds=True)
        width = stroke_widths(root)["sc-arrow"]
        for a, first in strokes.items():
            for b, second in strokes.items():
                if int(a) < int(b):
                    index = second.index()
                    gap = min(index.distance(p, 40) for p in first.points) - width
                    assert gap >= techniques.STROKE_SPACING - 2 * techniques.STROKE_HALF_WIDTH - 0.15, (
                        technique.id,
                        a,
                        b,
                        round(gap, 1),
                    )


def test_the_overlap_rule_can_fail(data):
    """The layout's own rule sees two strokes laid on one line (the data's axis for the thigh,
    worked up and then down) as overlapping, so it has to move one of them."""
    regions = data.by_id("regions")
    step = data.techniques[0].steps[0]
    thigh = techniques.raw_stroke(regions["thigh"], step.model_copy(update={"direction": "toward-heart"}), [])
    twice = techniques.raw_stroke(regions["thigh"], step.model_copy(update={"direction": "away-from-heart"}), [])
    assert not techniques.clear_of_strokes(twice, svg.Segments(thigh.lines()))


def test_every_badge_stands_beside_its_own_stroke(data, technique_svgs):
    """A number is found at a glance: each badge stands within reach of its own step's stroke
    (arrow, dots, circle or the squares of its points) and clearly nearer to it than to any
    other step's stroke."""
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        strokes = drawn_strokes(root, holds=True)
        indexes = {step: drawn.index() for step, drawn in strokes.items()}
        for number, (x, y, r) in enumerate(drawn_badges(root), 1):
            own = indexes[str(number)].distance((x, y), 80)
            assert own - r <= techniques.BADGE_REACH + 0.15, (technique.id, number, round(own - r, 1))
            for step, index in indexes.items():
                if step != str(number):
                    other = index.distance((x, y), 80)
                    assert other >= own + techniques.BADGE_CLEARLY_NEARER - 0.15, (technique.id, number, step)


def test_the_clearance_rule_can_fail(data):
    """The same check finds a stroke laid along the nerve (the data's own axis for the thigh)."""
    thigh = data.by_id("regions")["thigh"]
    stroke = techniques.raw_stroke(
        thigh, data.techniques[0].steps[0].model_copy(update={"region": "thigh", "direction": "zigzag"}), []
    )
    assert min_distance(stroke.samples, nerve_lines(data)) < techniques.STROKE_CLEARANCE


def test_badges_keep_off_the_nerve_and_the_strokes(data):
    lines = nerve_lines(data)
    for technique in technique_variants(data):
        root = svg_tree(techniques.technique_svg(technique, data))
        strokes = drawn_strokes(root)
        for x, y, r in drawn_badges(root):
            assert min_distance([(x, y)], lines) >= r + 3.5, (technique.id, (x, y))
            for step, drawn in strokes.items():
                assert drawn.index().distance((x, y), 40) >= r + 1.5, (technique.id, (x, y), step)


def test_badges_touch_their_region_on_its_side_of_the_body(data, technique_svgs, outline):
    regions = data.by_id("regions")
    for technique in data.techniques:
        root = svg_tree(technique_svgs[technique.id])
        for step, (x, y, r) in zip(technique.steps, drawn_badges(root)):
            polygon = regions[step.region].polygon
            assert techniques.region_distance((x, y), polygon) <= r + 4, (technique.id, step.region)
            middle = data.body.width / 2
            if min(p[0] for p in polygon) >= middle:
                assert x > middle, (technique.id, step.region, "badge on the other leg")
        for circle in root.findall(".//svg:g[@class='sc-layer-points']//svg:circle", NS):
            at = (float(circle.get("cx")), float(circle.get("cy")))
            assert svg.point_in_polygon(at, outline), (technique.id, at)


def test_point_in_polygon_tells_inside_from_outside():
    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert svg.point_in_polygon((5, 5), square)
    assert not svg.point_in_polygon((15, 5), square)
    assert svg.segments_cross((-1, 5), (11, 5), (5, 0), (5, 10))
    assert not svg.segments_cross((-1, 5), (4, 5), (5, 0), (5, 10))


def test_text_alternative_lists_the_same_steps(data, technique_svgs):
    for technique in data.techniques:
        listing = str(technique_steps(technique, data.by_id("regions"), data.by_id("points")))
        items = re.findall(r"<li id=\"[^\"]+\"><strong>(.*?)</strong>", listing)
        desc = svg_tree(technique_svgs[technique.id]).find("svg:desc", NS).text
        assert len(items) == len(technique.steps)
        assert desc.count("Step ") == len(technique.steps)
        for number, item in enumerate(items, 1):
            assert f"Step {number}: {item[0].lower()}{item[1:]}" in desc


# --- the key -------------------------------------------------------------------------------------


def symbols_used(root) -> set[str]:
    """Every kind of mark drawn in a diagram, named as the key names it."""
    used = set()
    for element in root.iter():
        names = classes(element)
        used |= {c.removeprefix("sc-stroke-") for c in names if c.startswith("sc-stroke-")}
        used |= {c.removeprefix("sc-mark-") for c in names if c.startswith("sc-mark-") and c != "sc-mark"}
        if element.get("data-region"):
            used.add("region")
        if "sc-badge-group" in names:
            used.add("badge")
        if "sc-nerve-trunk" in names or "sc-nerve-branch" in names:
            used.add("nerve")
        if "sc-nerve-root" in names:
            used.add("root")
        if "sc-nerve-beyond" in names:
            used.add("beyond")
        if "sc-muscle" in names:
            used.add("muscle")
        if "sc-muscle-outline" in names:
            used.add("muscle-outline")
        if "sc-bone" in names:
            used.add("bone")
        if "sc-hollow" in names:
            used.add("hollow")
        if "sc-midway" in names:
            used.add("midway")
        if "sc-dermatome-faint" in names:
            used.add("faint")
        if element.get("data-root") and "sc-dermatome" in names:
            used.add(f"dermatome-{svg.root_class(element.get('data-root'))}")
    return used


def test_legend_explains_every_symbol_used(all_svgs, figures, drawings):
    """In the downloadable file and in the key beside the drawing on a page."""
    for name, text in all_svgs.items():
        root = svg_tree(text)
        legends = root.findall(".//svg:g[@class='sc-layer-legend']", NS)
        assert legends, name
        entries = [entry for legend in legends for entry in legend.iterfind("svg:g", NS)]
        explained = {entry.get("data-key") for entry in entries}
        drawing = root.find(".//svg:g[@class='sc-drawing']", NS)
        assert symbols_used(drawing) <= explained, (name, symbols_used(drawing) - explained)
        for entry in entries:
            assert text_of(entry.find("svg:text", NS)).strip(), (name, entry.get("data-key"))
        note = text_of(legends[0]).lower()
        assert "view" in note or "leg" in note, name
    for name, figure in figures.items():
        key = lxml_html.fromstring(str(svg.key_html(figure)))
        items = key.findall(".//li")
        listed = {li.get("data-key") for li in items}
        assert symbols_used(svg_tree(drawings[name])) <= listed, (name, symbols_used(svg_tree(drawings[name])) - listed)
        for li in items:
            symbol = li.find("svg")
            assert symbol is not None and symbol.get("aria-hidden") == "true", (name, li.get("data-key"))
            assert li.text_content().strip(), (name, li.get("data-key"))


def shape_signature(entry) -> tuple:
    """What a legend symbol looks like with colour taken away: its elements, their classes'
    shape-giving parts, path commands, dash patterns and fill patterns."""
    signature = []
    for element in entry.iter():
        if element.tag == f"{{{svg.SVG_NS}}}text" or element.getparent().tag == f"{{{svg.SVG_NS}}}text":
            continue
        d = re.sub(r"[^A-Za-z]", "", element.get("d") or "")
        signature.append((etree.QName(element).localname, element.get("class"), d, element.get("r")))
    return tuple(signature)


def test_legend_symbols_differ_in_shape_not_just_colour(all_svgs):
    for name, text in all_svgs.items():
        entries = svg_tree(text).findall(".//svg:g[@class='sc-layer-legend']/svg:g", NS)
        signatures = [shape_signature(e) for e in entries]
        assert len(set(signatures)) == len(signatures), name


def pattern_marks(pattern, style: str) -> tuple:
    """What a root's pattern looks like printed in black, read from its tile: the kinds of mark
    in it (lines that run right across the tile, short bars, zig-zags, dots, rings) and which
    way lines run: across, upright or slanted. A slant either way counts as one: mirrored
    slants (/// and \\\\\\) look alike in a small patch of grey."""
    turn = re.fullmatch(r"rotate\((-?[\d.]+)\)", pattern.get("patternTransform") or "rotate(0)")
    size = max(float(pattern.get("width")), float(pattern.get("height")))
    marks = []
    for child in pattern:
        tag = etree.QName(child).localname
        if tag == "line":
            x1, y1, x2, y2 = (float(child.get(k)) for k in ("x1", "y1", "x2", "y2"))
            angle = (math.degrees(math.atan2(y2 - y1, x2 - x1)) + float(turn.group(1))) % 180
            way = "across" if min(angle, 180 - angle) < 10 else ("upright" if abs(angle - 90) < 10 else "slanted")
            marks.append(("line" if math.hypot(x2 - x1, y2 - y1) >= size - 0.01 else "bar", way))
        elif tag == "polyline":
            marks.append(("zig-zag", ""))
        elif tag == "circle":
            rule = re.search(rf"\.{re.escape(child.get('class'))}\{{([^}}]*)\}}", style).group(1)
            if rule.startswith("fill:"):
                marks.append(("dot", ""))
            else:  # a ring shows its hole: the hole is wider than the ring's line
                width = float(re.search(r"stroke-width:([\d.]+)", rule).group(1))
                assert float(child.get("r")) - width / 2 >= width, (pattern.get("id"), "a ring that prints as a dot")
                marks.append(("ring", ""))
    return tuple(sorted(marks))


def test_every_pair_of_root_patterns_differs_in_black_and_white(anatomy_svgs, data):
    """Meaning never by colour alone, and print is black on white: every two roots' patterns
    differ in the kind of mark or, for plain lines, in the way they run (upright, across,
    slanted), not merely in a mirrored slant or in colour. Every root has its own colour too, in
    both schemes."""
    root = svg_tree(anatomy_svgs["dermatomes"])
    style = root.find("svg:style", NS).text
    marks = {}
    for name, _ in svg.ROOTS.values():
        pattern = root.find(f".//svg:pattern[@id='anatomy-dermatomes-{name}']", NS)
        assert pattern is not None, name
        marks[name] = pattern_marks(pattern, style)
        assert marks[name], name
    for first, second in itertools.combinations(marks, 2):
        assert marks[first] != marks[second], (first, second, marks[first])
    for scheme in (0, 1):
        colours = [svg.PALETTE[f"dermatome-{name}"][scheme] for name, _ in svg.ROOTS.values()]
        assert len(set(colours)) == len(colours)
    drawn = {p.get("data-root") for p in root.iterfind(".//svg:polygon[@data-root]", NS)}
    assert drawn == {d.root for d in data.body.dermatomes} == set(svg.ROOTS)


def test_mirrored_slants_count_as_one_pattern():
    """The check above would have caught L5 and S2 hatched with slants either way."""
    style = ".sc-pattern-a{stroke:#000;fill:none;stroke-width:1.4}"
    tiles = [
        etree.fromstring(
            f'<pattern xmlns="{svg.SVG_NS}" width="6" height="6" patternTransform="rotate({a})">'
            '<line x1="3" y1="0" x2="3" y2="6" class="sc-pattern-a"/></pattern>'
        )
        for a in (-45, 45)
    ]
    assert pattern_marks(tiles[0], style) == pattern_marks(tiles[1], style) == (("line", "slanted"),)


def test_print_style_is_black_and_white(all_svgs):
    for name, text in all_svgs.items():
        style = svg_tree(text).find("svg:style", NS).text
        block = re.search(r"@media print\{(.*)\}$", style)
        assert block, f"{name}: no print style"
        assigned = dict(re.findall(r"--sc-([a-z0-9-]+):([^;}]+)", block.group(1)))
        assert set(assigned) == set(svg.PALETTE), name
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


def font_sizes(style: str) -> dict[str, float]:
    return {cls: float(size) for cls, size in re.findall(r"\.(sc-[a-z-]+)\{[^}]*font-size:([\d.]+)px", style)}


def used_size(element, sizes: dict[str, float]) -> float:
    """The font size a <text> gets from its classes (the last class with a size wins)."""
    found = [sizes[c] for c in classes(element) if c in sizes]
    return found[-1] if found else 16.0


def test_text_is_big_enough_on_a_phone(drawings):
    """On a 320 px screen a drawing takes the full width (its key wraps below it): every text in
    it is still 10 px or more (badge numbers and side names 9 px or more)."""
    for name, text in drawings.items():
        root = svg_tree(text)
        width = float(root.get("viewBox").split()[2])
        shown = min(float(root.get("width")), PHONE_WIDTH_PX)
        scale = shown / width
        sizes = font_sizes(root.find("svg:style", NS).text)
        for element in root.iterfind(".//svg:text", NS):
            size = used_size(element, sizes) * scale
            minimum = 9 if {"sc-badge-text", "sc-side"} & set(classes(element)) else 10
            assert size >= minimum, (name, classes(element), text_of(element), round(size, 1))


def test_diagrams_fit_a_laptop_screen(drawings, all_svgs):
    """On a page a drawing is at most 620 px tall; a downloaded file stays about as tall as wide."""
    for name, text in drawings.items():
        assert float(svg_tree(text).get("height")) <= 620, name
    for name, text in all_svgs.items():
        _, _, width, height = map(float, svg_tree(text).get("viewBox").split())
        assert height <= 1.2 * width, (name, width, height)


# --- labels ----------------------------------------------------------------------------------------


def label_boxes(root, sizes: dict[str, float], offset: float = 0.0):
    """Estimated boxes of the labels: (x0, y0, x1, y1, text), shifted by `offset` along x."""
    boxes = []
    for text in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text[@class]", NS):
        if "sc-label" not in classes(text):
            continue
        lines = [t.text for t in text.iterfind("svg:tspan", NS)] or [text.text]
        size = used_size(text, sizes)
        x0, y0, x1, y1 = svg.label_box(
            lines, (float(text.get("x")), float(text.get("y"))), text.get("text-anchor") or "start", size
        )
        boxes.append((x0 + offset, y0, x1 + offset, y1, " ".join(lines)))
    return boxes


def view_offset(root) -> float:
    """Labels drawn inside the technique body's frame are in body coordinates; others in the canvas's."""
    return (
        svg.BODY_DX if root.find(".//svg:g[@class='sc-frame']/svg:g[@class='sc-layer-labels']", NS) is not None else 0.0
    )


def test_labels_do_not_collide(drawings):
    for name, text in drawings.items():
        root = svg_tree(text)
        width = float(root.get("viewBox").split()[2])
        boxes = label_boxes(root, font_sizes(root.find("svg:style", NS).text), view_offset(root))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] - 2 and b[1] < a[3] - 2
                assert not overlap, (name, a[4], b[4])
            # Inside the drawing.
            assert a[0] >= 0 and a[2] <= width + 2, (name, a[4], a[0], a[2])


def test_point_and_nerve_labels_stand_off_the_body(technique_svgs, outline):
    """Labels that name marks on the technique body stand beside it, joined by a leader line."""
    for name, text in technique_svgs.items():
        root = svg_tree(text)
        sizes = font_sizes(root.find("svg:style", NS).text)
        for x0, y0, x1, y1, label in label_boxes(root, sizes):
            corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)]
            assert not any(svg.point_in_polygon(c, outline) for c in corners), (name, label)
        for callout in root.iterfind(".//svg:g[@class='sc-callout']", NS):
            assert callout.find("svg:path[@class='sc-leader']", NS) is not None, name


def leaders(root) -> list[tuple[tuple[float, float], tuple[float, float], str]]:
    """Every leader line (start, end) with its label's text."""
    found = []
    for callout in root.iterfind(".//svg:g[@class='sc-callout']", NS):
        leader = callout.find("svg:path[@class='sc-leader']", NS)
        if leader is not None:
            start, end = path_points(leader.get("d"))[:2]
            found.append((start, end, text_of(callout.find("svg:text", NS))))
    return found


def other_leg(data, frame, view: str, crop=None) -> list[tuple[float, float]]:
    """The leg that is not mapped, as a canvas polygon: the half of the outline below the crotch on
    the far side of the midline (front view: your right; back view: your left); empty if the
    figure does not draw it (its view is cropped to the right leg)."""
    outline = svg.outline_for(data.body, view)
    middle = data.body.width / 2
    far = [p for p in outline if p[1] > 293 and ((p[0] > middle + 0.5) if view == "front" else (p[0] < middle - 0.5))]
    if crop is not None:
        far = [p for p in far if crop[0] <= p[0] <= crop[2]]
    return frame.pts(far) if len(far) >= 3 else []


def test_leader_lines_do_not_cross_the_other_leg(data, anatomy_svgs):
    """In the dermatome map and the root figures a label stands outside the mapped leg, on its
    own side: its leader never crosses the other leg."""
    views = {"dermatomes": anatomy.dermatome_layout()[0]}
    views |= {f"root-{level.id}": anatomy.root_layout()[0] for level in data.root_levels}
    checked = 0
    for view, panels in views.items():
        root = svg_tree(anatomy_svgs[view])
        legs = [leg for leg in (other_leg(data, panel.frame, panel.view, panel.crop) for panel in panels) if leg]
        assert legs or view != "dermatomes"
        for start, end, label in leaders(root):
            for leg in legs:
                assert not svg.segment_crosses_polygon(start, end, leg), (view, label)
            checked += 1
    assert checked >= 5


def test_a_leader_across_the_other_leg_would_be_caught(data):
    panels = anatomy.dermatome_layout()[0]
    front = panels[0]
    leg = other_leg(data, front.frame, "front")
    across = (front.frame.pt((100, 430)), front.frame.pt((170, 430)))  # from the right shin to beyond the left
    assert svg.segment_crosses_polygon(*across, leg)


# --- dermatomes -------------------------------------------------------------------------------------


def patches(data, view: str):
    return [(d.root, p) for d in data.body.dermatomes for p in d.patches if p.view == view]


def test_every_dermatome_patch_lies_on_the_outline(data):
    """Patches may reach a little past the outline (they are drawn clipped to it), never further."""
    for view in ("front", "back"):
        outline = svg.outline_for(data.body, view)
        for root, patch in patches(data, view):
            for p in patch.polygon:
                if not svg.point_in_polygon(p, outline):
                    gap = svg.distance_to_outline(p, outline)
                    assert gap <= OUTLINE_TOLERANCE, (view, root, p, round(gap, 1))


def test_dermatome_bands_tile_the_leg(data):
    """Contiguous bands, not loose patches: no two patches of a view overlap, and from the top of
    the mapped area down to the sole every point of the mapped leg belongs to one of them."""
    for view in ("front", "back"):
        outline = svg.outline_for(data.body, view)
        shapes = [(root, patch.polygon) for root, patch in patches(data, view)]
        middle = data.body.width / 2
        mapped_side = (
            (lambda x, middle=middle: x < middle - 1) if view == "front" else (lambda x, middle=middle: x > middle + 1)
        )
        columns: dict[float, float] = {}
        grid = [(x / 2, y / 2) for x in range(120, 362, 3) for y in range(440, 1044, 3)]
        for p in grid:
            if not svg.point_in_polygon(p, outline) or not mapped_side(p[0]) or p[1] < 294:
                continue
            if min(svg.distance_to_outline(p, poly) for _, poly in shapes) < 1.5:
                continue  # on an edge between two bands
            inside = [root for root, poly in shapes if svg.point_in_polygon(p, poly)]
            assert len(inside) <= 1, (view, p, inside)
            if inside:
                columns[p[0]] = min(columns.get(p[0], math.inf), p[1])
        for p in grid:
            if (
                not svg.point_in_polygon(p, outline)
                or not mapped_side(p[0])
                or p[1] < 294
                or p[0] not in columns
                or p[1] < columns[p[0]]
                or svg.distance_to_outline(p, outline) < 2.5
                or min(svg.distance_to_outline(p, poly) for _, poly in shapes) < 1.5
            ):
                continue
            assert any(svg.point_in_polygon(p, poly) for _, poly in shapes), (view, p, "gap between bands")


def test_the_tiling_check_finds_a_gap(data):
    """Take a band away and the same rule must fail: the check can see gaps."""
    front = [(root, patch.polygon) for root, patch in patches(data, "front") if root != "L4"]
    outline = svg.outline_for(data.body, "front")
    probe = next(d for d in data.body.dermatomes if d.root == "L4").key_point.at
    assert svg.point_in_polygon(probe, outline)
    assert not any(svg.point_in_polygon(probe, poly) for _, poly in front)


def test_key_sensory_points_lie_in_their_own_root(data):
    for dermatome in data.body.dermatomes:
        own = [p.polygon for p in dermatome.patches if p.view == dermatome.key_point.view]
        assert any(svg.point_in_polygon(dermatome.key_point.at, poly) for poly in own), dermatome.root
        inside = next(poly for poly in own if svg.point_in_polygon(dermatome.key_point.at, poly))
        assert svg.distance_to_outline(dermatome.key_point.at, inside) >= 2.5, dermatome.root


def test_the_map_teaches_what_the_pages_ask(data, anatomy_svgs):
    """L5 reaches the front of the shin and the top of the foot, S1 the heel, sole and outer foot,
    and the saddle area (S3, S4-5) is drawn round the midline; every root is named in the map."""
    roots = {d.root: d for d in data.body.dermatomes}
    assert {p.view for p in roots["L5"].patches} == {"front", "back"}
    assert roots["L5"].key_point.view == "front"
    assert {p.view for p in roots["S1"].patches} == {"front", "back"}
    middle = data.body.width / 2
    for saddle in ("S3", "S4-5"):
        xs = [x for p in roots[saddle].patches for x, _ in p.polygon]
        assert min(xs) < middle < max(xs), saddle
    ischium = {lm.id: lm for lm in data.body.landmarks}["ischial-tuberosity"]
    assert svg.point_in_polygon(roots["S3"].key_point.at, ischium.polygon)
    labels = {
        text_of(t)
        for t in svg_tree(anatomy_svgs["dermatomes"]).iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)
    }
    assert labels >= {svg.root_label(r) for r in roots}
    desc = svg_tree(anatomy_svgs["dermatomes"]).find("svg:desc", NS).text
    for dermatome in data.body.dermatomes:
        assert dermatome.area in desc and dermatome.key_point.site in desc


def test_labels_inside_a_band_stand_in_their_own_band(data, anatomy_svgs):
    root = svg_tree(anatomy_svgs["dermatomes"])
    panels = {p.view: p for p in anatomy.dermatome_layout()[0]}
    for group in root.iterfind(".//svg:g[@data-label-root]", NS):
        name = group.get("data-label-root")
        text = group.find(".//svg:text", NS)
        at = (float(text.get("x")), float(text.get("y")))
        dermatome = next(d for d in data.body.dermatomes if d.root == name)
        in_own = [
            panels[p.view] for p in dermatome.patches if svg.point_in_polygon(at, panels[p.view].frame.pts(p.polygon))
        ]
        has_leader = group.find(".//svg:path[@class='sc-leader']", NS) is not None
        assert in_own or has_leader, name
        if has_leader:  # a leader crosses no other root's band
            start, end, _ = leaders(group)[0]
            for other in data.body.dermatomes:
                if other.root == name:
                    continue
                for patch in other.patches:
                    poly = panels[patch.view].frame.pts(patch.polygon)
                    inner = [
                        (start[0] + (end[0] - start[0]) * t / 20, start[1] + (end[1] - start[1]) * t / 20)
                        for t in range(1, 19)
                    ]
                    assert not any(svg.point_in_polygon(q, poly) for q in inner), (name, other.root)


# --- the nerve and its landmarks -------------------------------------------------------------------


def test_anatomy_nerve_view_names_every_part(anatomy_svgs, data):
    from sciatica.model import short_name

    root = svg_tree(anatomy_svgs["nerve"])
    labels = {" ".join(t.itertext()) for t in root.iterfind(".//svg:g[@class='sc-layer-labels']//svg:text", NS)}
    named = (
        [n for n in data.body.nerves if n.label_at]
        + [m for m in data.body.muscles if m.landmark]
        + list(data.body.landmarks)
    )
    for part in named:
        assert short_name(part) in labels, short_name(part)
    assert {"L4", "L5", "S1", "S2", "S3"} <= labels
    for landmark in ("piriformis", "gluteus-maximus", "biceps-femoris", "hamstrings-inner"):
        assert root.find(f".//svg:*[@data-muscle='{landmark}']", NS) is not None, landmark
    for landmark in (
        "sacrum",
        "greater-trochanter",
        "ischial-tuberosity",
        "popliteal-fossa",
        "fibular-head",
        "medial-malleolus",
    ):
        assert root.find(f".//svg:*[@data-landmark='{landmark}']", NS) is not None, landmark
    assert root.find(".//svg:*[@data-midway]", NS) is not None


def drawn_outline(element) -> list[tuple[float, float]]:
    """A polygon or closed path as drawn, as points (canvas coordinates)."""
    if etree.QName(element).localname == "polygon":
        return [tuple(map(float, p.split(","))) for p in element.get("points").split()]
    return path_points(element.get("d"))


def test_the_nerve_is_drawn_under_the_muscles_that_cover_it(anatomy_svgs, anatomy_figures):
    """The caption says the nerve runs deep to gluteus maximus and the hamstrings; the drawing
    shows it. Read back from the SVG: the nerve is drawn before the muscles over it (their
    stripes and outlines lie on top), it is dashed exactly where it runs under a muscle drawn
    in the figure (piriformis aside: the nerve leaves below it), solid where it does not, and
    the key explains the dashes."""
    assert "deep to gluteus maximus and the hamstrings" in anatomy.ANATOMY_CAPTIONS["nerve"]
    root = svg_tree(anatomy_svgs["nerve"])
    drawing = root.find(".//svg:g[@class='sc-drawing']", NS)
    order = list(drawing.iter())
    covers = {
        m.get("data-muscle"): drawn_outline(m)
        for m in drawing.iterfind(".//*[@data-muscle]")
        if m.get("data-muscle") != "piriformis"
    }
    assert {"gluteus-maximus", "biceps-femoris"} <= set(covers)
    parts = [p for p in drawing.iterfind(".//svg:path[@data-depth]", NS)]
    assert parts and {p.get("data-nerve") for p in parts} == {"sciatic-nerve", "tibial-nerve", "common-fibular-nerve"}
    under_what = set()
    for part in parts:
        line = path_points(part.get("d"))
        inner = line[2:-2]  # a part's ends sit on a muscle's edge
        if part.get("data-depth") == "under":
            assert "sc-nerve-deep" in classes(part), part.get("data-nerve")
            for q in inner:
                hit = [name for name, shape in covers.items() if svg.point_in_polygon(q, shape)]
                assert hit or min(svg.distance_to_outline(q, s) for s in covers.values()) < 1.5, (
                    part.get("data-nerve"),
                    q,
                )
                under_what |= set(hit)
        else:
            assert "sc-nerve-deep" not in classes(part)
            for q in inner:
                inside = [
                    name
                    for name, shape in covers.items()
                    if svg.point_in_polygon(q, shape) and svg.distance_to_outline(q, shape) > 1.5
                ]
                assert not inside, (part.get("data-nerve"), q, inside, "drawn solid under a muscle")
        for name in covers:  # the muscles over the nerve come after it
            muscle = drawing.find(f".//*[@data-muscle='{name}']")
            assert order.index(muscle) > order.index(part), name
    assert {"gluteus-maximus", "biceps-femoris"} <= under_what
    figure = anatomy_figures["nerve"]
    assert "nerve-deep" in figure.keys and "under a muscle" in {**svg.LEGEND_ITEMS, **figure.texts}["nerve-deep"]


def test_a_nerve_under_a_muscle_is_cut_into_runs():
    """The cut itself: a line through a square is under it inside, open outside."""
    square = [(10, -5), (20, -5), (20, 5), (10, 5)]
    runs = svg.depth_runs([(0, 0), (15, 0), (30, 0)], [square])
    assert [under for under, _ in runs] == [False, True, False]
    assert 9 <= runs[1][1][0][0] <= 11 and 19 <= runs[1][1][-1][0] <= 21


def test_anatomy_geometry_tells_the_textbook_story(data):
    """Roots L4 to S3 join; the nerve leaves below piriformis, which runs from the sacrum to the
    greater trochanter; it passes halfway between the trochanter and the ischial tuberosity,
    divides at the top of the popliteal fossa; the common fibular nerve winds round the neck of
    the fibula out of sight; the tibial nerve passes behind the medial malleolus into the sole."""
    body = data.body
    nerves = {n.id: n for n in body.nerves}
    landmarks = {lm.id: lm for lm in body.landmarks}
    muscles = {m.id: m for m in body.muscles}
    roots = [n for n in body.nerves if n.kind == "root"]
    assert sorted(n.name.split()[0] for n in roots) == ["L4", "L5", "S1", "S2", "S3"]
    trunk = nerves["sciatic-nerve"]
    assert all(tuple(r.points[-1]) == tuple(trunk.points[0]) for r in roots), "roots must meet the trunk"
    piriformis = muscles["piriformis"]
    exit_x, exit_y = trunk.points[0]
    edges = svg.crossings([(y, x) for x, y in piriformis.polygon], exit_x)  # vertical line at exit_x
    assert edges and exit_y > max(edges), "the sciatic nerve must leave below piriformis"
    for bone in ("sacrum", "greater-trochanter"):
        gap = min(svg.distance_to_outline(p, landmarks[bone].polygon) for p in piriformis.polygon)
        assert gap <= 3, f"piriformis must reach the {bone}"
    _, _, midway = anatomy.midway_point(body)
    assert svg.distance_to_polyline(midway, svg.spline_points(trunk.points)) <= 3
    fossa = landmarks["popliteal-fossa"].polygon
    apex = min(fossa, key=lambda p: p[1])
    knee = {d.id: d for d in body.details}["knee-crease-right"]
    knee_y = min(y for _, y in knee.points)
    for branch in ("tibial-nerve", "common-fibular-nerve"):
        assert tuple(nerves[branch].points[0]) == tuple(trunk.points[-1])
        assert nerves[branch].points[0][1] < knee_y, f"{branch} must start above the knee crease"
    assert abs(trunk.points[-1][1] - apex[1]) <= 8, "the division is at the top of the popliteal fossa"
    outline = svg.outline_for(body)
    fibular = nerves["common-fibular-nerve"]
    head = landmarks["fibular-head"].polygon
    end = fibular.points[-1]
    assert svg.distance_to_outline(end, outline) <= 3, "round the fibula: the nerve reaches the leg's edge"
    assert end[1] > max(y for _, y in head), "below the fibular head: the neck"
    assert fibular.beyond, "it goes on out of sight, to the front of the leg"
    tibial = nerves["tibial-nerve"]
    malleolus = landmarks["medial-malleolus"].polygon
    assert min(svg.distance_to_polyline(p, svg.spline_points(tibial.points)) for p in malleolus) <= 4
    assert max(x for x, _ in malleolus) < max(x for x, _ in tibial.points[-3:]), "behind, not over, the malleolus"
    assert tibial.beyond and max(y for _, y in tibial.beyond) > max(y for _, y in malleolus) + 15, "into the sole"
    for thing in [*body.nerves, *body.muscles, *body.landmarks]:
        if getattr(thing, "view", "back") != "back":
            continue
        for at in getattr(thing, "points", None) or thing.polygon:
            assert svg.point_in_polygon(at, outline), (thing.id, at)


# --- the root explorer ---------------------------------------------------------------------------------


def test_each_root_figure_lights_up_its_own_parts(data, anatomy_svgs):
    muscles = {m.id for m in data.body.muscles}
    for level in data.root_levels:
        root = svg_tree(anatomy_svgs[f"root-{level.id}"])
        lit = {p.get("data-root") for p in root.iterfind(".//svg:polygon[@data-root]", NS)}
        assert lit == {level.root}, level.id
        faint = {p.get("data-faint") for p in root.iterfind(".//svg:polygon[@data-faint]", NS)}
        assert level.root not in faint and faint, level.id
        drawn = {m.get("data-muscle") for m in root.iterfind(".//svg:*[@data-muscle]", NS)}
        assert drawn == set(level.key_muscles) and drawn <= muscles, level.id
        reflexes = {r.get("data-reflex") for r in root.iterfind(".//svg:*[@data-reflex]", NS)}
        assert reflexes == ({level.reflex_site} if level.reflex_site else set()), level.id
        assert root.findall(".//svg:g[@class='sc-mark sc-mark-key-point']", NS), level.id
        assert level.test in root.find("svg:desc", NS).text


def test_the_root_explorer_works_without_javascript(data):
    cites = []
    markup = str(anatomy.root_explorer(data, lambda *ids: cites.append(ids) or "", lambda path: path))
    tree = lxml_html.fromstring(markup)
    inputs = tree.findall(".//input")
    assert [i.get("type") for i in inputs] == ["radio"] * len(data.root_levels)
    assert [i.get("checked") is not None for i in inputs] == [True] + [False] * (len(inputs) - 1)
    labels = tree.findall(".//div[@class='tabbed-labels']/label")
    assert [(lb.get("for"), lb.text) for lb in labels] == [
        (i.get("id"), lv.root) for i, lv in zip(inputs, data.root_levels)
    ]
    blocks = tree.findall(".//div[@class='tabbed-content']/div")
    assert len(blocks) == len(data.root_levels)
    for block, level, tab in zip(blocks, data.root_levels, inputs):
        assert block.get("data-root-row") == tab.get("data-root-row") == f"root-{level.id}"
        assert block.find(f".//figure[@id='diagram-root-{level.id}']") is not None
        terms = [dt.text_content() for dt in block.findall(".//dt")]
        assert terms == ["Skin area", "Key sensory point", "Key muscles", "Reflex", "Test"]
        assert level.test in block.text_content()
        assert block.find(f".//a[@href='diagrams/anatomy-root-{level.id}.svg']") is not None
    assert cites and all(ids for ids in cites)


def test_text_from_the_data_is_escaped(data):
    """A name with markup in it must arrive in the SVG as text, not as elements."""
    technique = data.techniques[0].model_copy(update={"name": 'Evil <script>alert(1)</script> & "co"'})
    text = techniques.technique_svg(technique, data)
    assert "<script>" not in text
    root = svg_tree(text)
    assert "<script>" in root.find("svg:title", NS).text
    assert not root.findall(".//svg:script", NS)
    figure = techniques.technique_figure(technique, data)
    assert "<script>" not in svg.drawing_svg(figure)


def test_a_region_worked_twice_gets_two_badges(data):
    """A second step in the same region gets its own badge, still by its region."""
    technique = data.techniques[0]
    twice = technique.model_copy(update={"steps": [technique.steps[0], technique.steps[0]]})
    spots = techniques.badge_positions(twice, data)
    assert spots[0] != spots[1]
    root = svg_tree(techniques.technique_svg(twice, data))
    assert [t.text for t in root.findall(".//svg:g[@class='sc-layer-badges']//svg:text", NS)] == ["1", "2"]


def test_standalone_file_declares_xml():
    assert svg.standalone("<svg/>").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg/>')


def test_bad_geometry_is_refused_with_a_clear_message():
    """The region's axis needs at least two points; the error names the entry and the field."""
    from tests.conftest import DATA_FILE

    text = DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace("    axis: [[131, 190], [131, 222]]\n", "    axis: [[131, 190]]\n", 1)
    assert broken != text
    with pytest.raises(Exception) as error:
        parse(broken, "data/sciatica.yml")
    assert "regions[low-back].axis" in str(error.value)


def test_caption_names_only_the_marks_the_diagram_uses(data):
    points = data.by_id("points")
    for technique in data.techniques:
        text = techniques.caption(technique, points)
        arrows = any(step.direction in ("toward-heart", "away-from-heart") for step in technique.steps)
        assert ("arrows show the direction" in text) == arrows, technique.id
        assert ("rings mark pressure points" in text) == any(
            points[p].kind == "acupressure" for step in technique.steps for p in step.points
        ), technique.id


def test_the_figure_on_a_page_is_a_drawing_and_a_key_that_wrap(data, figures):
    for name, figure in figures.items():
        markup = str(svg.figure_html(figure, "Caption. ", f"diagram-{name}"))
        tree = lxml_html.fromstring(markup)
        parts = tree.find(".//div[@class='sc-figure-parts']")
        assert [etree.QName(child).localname for child in parts] == ["svg", "div"], name
        assert parts[1].get("class") == "sc-key sc-diagram", name
        assert tree.find(".//figcaption").text_content().startswith("Caption."), name


def test_downloaded_diagram_carries_its_credit_and_licence(data):
    drawing = techniques.technique_svg(data.techniques[0], data)
    text = svg.standalone(drawing, "Kneading, from the site. Licence: CC BY-SA 4.0")
    assert text.startswith('<?xml version="1.0"')
    root = etree.fromstring(text.encode())
    credit = root.find("svg:text[@class='sc-credit']", NS)
    assert "".join(credit.itertext()) == "Kneading, from the site. Licence: CC BY-SA 4.0"
    assert root.find("svg:metadata", NS).text == "Kneading, from the site. Licence: CC BY-SA 4.0"
    # The credit line is drawn below the figure, inside a taller canvas.
    assert float(root.get("viewBox").split()[3]) > float(svg_tree(drawing).get("viewBox").split()[3])


def test_every_anatomy_view_is_downloadable_with_credit(data):
    from sciatica.downloads import files

    written = files(data, "Sciatica and massage", "https://site.test/")
    for view in anatomy.anatomy_views(data):
        text = written[f"diagrams/anatomy-{view}.svg"]
        root = etree.fromstring(text.encode())
        credit = "".join(root.find("svg:text[@class='sc-credit']", NS).itertext())
        page = anatomy.anatomy_downloads(data)[view][1]  # the anatomy page, or the root explorer for a root
        assert page == ("root-explorer/" if view.startswith("root-") else "anatomy/"), view
        assert "Licence: CC BY-SA 4.0" in credit and f"https://site.test/{page}" in credit, view
        assert root.find(".//svg:g[@class='sc-layer-legend']", NS) is not None, view


def test_a_credit_cannot_break_out_of_the_file(data):
    """Data text in the credit (a technique's name) stays text: no comment to close, no markup."""
    hostile = "Kneading ---> <script>alert(1)</script> ]]> <!-- x"
    text = svg.standalone(techniques.technique_svg(data.techniques[0], data), hostile)
    root = etree.fromstring(text.encode())  # well-formed
    assert "<!--" not in text and "<script" not in text
    assert not root.findall(".//svg:script", NS)
    assert hostile in "".join(root.find("svg:text[@class='sc-credit']", NS).itertext()).replace("\n", "")


def shapes_overlap(first, second) -> bool:
    """True if two outlines (point lists) overlap: a point of one inside the other, or edges
    that cross."""
    if any(svg.point_in_polygon(p, second) for p in first) or any(svg.point_in_polygon(p, first) for p in second):
        return True
    return any(
        svg.segments_cross(a, b, c, d)
        for a, b in zip(first, [*first[1:], first[0]])
        for c, d in zip(second, [*second[1:], second[0]])
    )


def test_no_key_muscle_lies_over_its_roots_skin_band(data, anatomy_svgs):
    """Read back from each root figure: the muscles never overlap the root's skin band (they once
    lay over the L5 band and hid it), and each muscle and band is drawn in its own row."""
    checked = 0
    for level in data.root_levels:
        root = svg_tree(anatomy_svgs[f"root-{level.id}"])
        bands = [drawn_outline(p) for p in root.iterfind(".//svg:polygon[@data-root]", NS)]
        muscles = {m.get("data-muscle"): drawn_outline(m) for m in root.iterfind(".//svg:path[@data-muscle]", NS)}
        assert bands and muscles, level.id
        for name, muscle in muscles.items():
            for band in bands:
                assert not shapes_overlap(muscle, band), (level.id, name)
                checked += 1
        rows = {g.get("data-panel") for g in root.iterfind(".//svg:g[@class='sc-layer-muscles']", NS)}
        assert rows == {"muscles-front", "muscles-back"}, level.id
        skin = {g.get("data-panel") for g in root.iterfind(".//svg:g[@class='sc-layer-dermatomes']", NS)}
        assert skin == {"skin-front", "skin-back"}, level.id
    assert checked
    assert shapes_overlap([(0, 0), (10, 0), (10, 10), (0, 10)], [(5, 5), (15, 5), (15, 15), (5, 15)])


def test_the_front_view_starts_at_the_groin_without_a_straight_cut(data, anatomy_svgs):
    """The front view of the right leg used to end at the midline: a straight edge cut the inner
    thigh. Read back from each root figure: no upright edge of a front view's clip runs inside
    the body, and the view's top follows the groin crease."""
    # The skin row's front view; the muscles row shows it again with a <use> (the test above).
    panels = [p for p in anatomy.root_layout(data.body)[0] if p.view == "front" and p.row == "skin"]
    outline = svg.outline_for(data.body, "front")
    crease = next(d.points for d in data.body.details if d.id == "groin-crease-right")
    for level in data.root_levels:
        root = svg_tree(anatomy_svgs[f"root-{level.id}"])
        for panel in panels:
            clip = root.find(f".//svg:clipPath[@id='anatomy-root-{level.id}-{panel.key}-panel']/svg:polygon", NS)
            corners = [tuple(map(float, p.split(","))) for p in clip.get("points").split()]
            body = [
                ((x - panel.frame.dx) / panel.frame.scale, (y - panel.frame.dy) / panel.frame.scale) for x, y in corners
            ]
            for a, b in zip(body, [*body[1:], body[0]]):
                if abs(a[0] - b[0]) < 0.5:  # an upright edge
                    for q in svg.densify([a, b], 1.0):
                        inside = svg.point_in_polygon(q, outline) and svg.distance_to_outline(q, outline) > 1.0
                        assert not inside, (level.id, panel.key, q, "a straight edge cuts the leg")
            for point in crease:
                assert any(math.dist(point, q) < 0.6 for q in body), (level.id, panel.key, point)


def bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_no_key_nests_brackets(figures):
    """'(Tibialis anterior (it lifts...))' is hard to read: no key entry nests brackets, in the
    downloadable file or beside the drawing on a page."""
    for name, figure in figures.items():
        for key in figure.keys:
            words = {**svg.LEGEND_ITEMS, **figure.texts}[key]
            assert bracket_depth(words) <= 1, (name, key, words)
        page = lxml_html.fromstring(str(svg.key_html(figure))).text_content()
        assert bracket_depth(page) <= 1, name
    assert bracket_depth("(Tibialis anterior (it lifts the foot))") == 2


def test_root_figure_titles_stand_on_separate_lines(data, anatomy_svgs):
    """The root's name has a line of its own: it never runs into "From the front"."""
    for level in data.root_levels:
        root = svg_tree(anatomy_svgs[f"root-{level.id}"])
        titles = [t for t in root.iterfind(".//svg:text", NS) if "sc-view-title" in classes(t)]
        named = [t for t in titles if text_of(t) == f"{level.root} root"]
        views = [t for t in titles if text_of(t) in ("From the front", "From behind")]
        assert len(named) == 1 and len(views) == 2, level.id
        for view in views:
            assert float(view.get("y")) - float(named[0].get("y")) >= 18, level.id


def test_key_muscles_follow_the_isncsci_key_muscles(data):
    """L4 is tested with ankle dorsiflexion (tibialis anterior), L5 with the long toe extensors,
    S1 with the ankle plantar flexors; each root cites the standard."""
    levels = {level.root: level for level in data.root_levels}
    assert levels["L4"].key_muscles[0] == "tibialis-anterior"
    assert levels["L5"].key_muscles[0] == "long-toe-extensors"
    assert "tibialis-anterior" not in levels["L5"].key_muscles
    assert levels["S1"].key_muscles[0] == "calf-muscles"
    for level in levels.values():
        assert "kirshblum-2011-isncsci" in level.refs, level.root


def test_s1_takes_in_the_little_toe_and_says_the_sole_is_out_of_sight(data):
    """S1 includes the little toe (the front view's S1 patch covers it, L5 does not), and its
    area says the sole, listed under S1, cannot be seen in either view."""
    roots = {d.root: d for d in data.body.dermatomes}
    little_toe = (91.0, 514.0)
    outline = svg.outline_for(data.body, "front")
    assert svg.point_in_polygon(little_toe, outline)
    front = {root: [p.polygon for p in d.patches if p.view == "front"] for root, d in roots.items()}
    assert any(svg.point_in_polygon(little_toe, poly) for poly in front["S1"])
    assert not any(svg.point_in_polygon(little_toe, poly) for poly in front["L5"])
    assert "little toe" in roots["S1"].area and "sole (not visible" in roots["S1"].area
    assert "knee" not in roots["L4"].area.split("below the knee")[0], "L4 starts below the knee, as drawn"


def test_arrowheads_point_the_way_their_stroke_ends(all_svgs):
    """An arrowhead turns with the path's last segment: that segment must have a length, and
    its end tangent must run the way the segment goes (a zero-length or doubled-back end once
    drew strokes up the leg with heads pointing down)."""
    checked = 0
    for name, drawing in all_svgs.items():
        for path in svg_tree(drawing).iterfind(".//svg:path[@marker-end]", NS):
            d = path.get("d")
            if "C" not in d:
                continue  # straight lines: the head follows the line itself
            last = d.rsplit("C", 1)
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", last[1])]
            before = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", last[0])][-2:]
            (c2x, c2y), (ex, ey) = numbers[2:4], numbers[4:6]
            chord = (ex - before[0], ey - before[1])
            tangent = (ex - c2x, ey - c2y)
            assert math.hypot(*chord) >= 0.5, (name, d[-60:])
            assert chord[0] * tangent[0] + chord[1] * tangent[1] > 0, (name, d[-60:])
            checked += 1
    assert checked >= 5


def test_step_badges_keep_off_the_side_labels(data):
    """A badge under the foot once covered the 'r' of 'right'."""
    boxes = [svg.side_label_box(text, at) for text, at in svg.side_labels(data.body)]
    for technique in data.techniques:
        for number, (x, y) in enumerate(techniques.technique_layout(technique, data).badges, start=1):
            for x0, y0, x1, y1 in boxes:
                gap = math.hypot(max(x0 - x, 0, x - x1), max(y0 - y, 0, y - y1))
                assert gap >= svg.BADGE_RADIUS, (technique.id, number)


def test_the_segment_index_finds_what_a_full_search_finds():
    """The layout asks the index 'how near is the nearest line?' hundreds of thousands of times;
    its ring search must give exactly the brute-force answer (capped)."""
    import random

    generator = random.Random(7)
    lines = [[(generator.uniform(0, 300), generator.uniform(0, 600)) for _ in range(30)] for _ in range(3)]
    index = svg.Segments(lines)
    for _ in range(2000):
        point = (generator.uniform(-20, 320), generator.uniform(-20, 620))
        cap = generator.choice([7.0, 20.0, 60.0])
        exact = min(min(svg.distance_to_polyline(point, line) for line in lines), cap)
        assert abs(index.distance(point, cap) - exact) < 1e-9, (point, cap)


def test_a_layout_is_worked_out_again_only_when_what_it_is_made_of_changes(data, monkeypatch):
    """The data file read again (a new object, as after a save in the preview) reuses the layouts;
    a region moved, or a technique's step changed, gives a new one."""
    from tests.conftest import DATA_FILE

    text = DATA_FILE.read_text(encoding="utf-8")
    technique = data.techniques[0]
    worked_out = []
    real = techniques.work_out_layout
    monkeypatch.setattr(techniques, "work_out_layout", lambda t, d: worked_out.append(t.id) or real(t, d))
    monkeypatch.setattr(techniques, "_LAYOUTS", {})

    first = techniques.technique_layout(technique, parse(text, "first"))
    again = parse(text, "again")
    assert techniques.technique_layout(again.techniques[0], again) is first
    assert worked_out == [technique.id]

    region = again.by_id("regions")[technique.steps[0].region]
    shifted = region.model_copy(update={"badge_at": (region.badge_at[0] + 5, region.badge_at[1])})
    moved = again.model_copy(update={"regions": [shifted if r is region else r for r in again.regions]})
    assert techniques.body_key(moved) != techniques.body_key(again)
    assert techniques.technique_layout(moved.techniques[0], moved) is not first

    changed = technique.model_copy(update={"steps": technique.steps[1:]})
    techniques.technique_layout(changed, again)
    assert worked_out == [technique.id] * 3


def test_a_root_figure_draws_each_view_of_the_leg_once(data, anatomy_svgs):
    """The muscles row shows the same two views as the skin row, lower down: a <use> of each view
    drawn above, moved straight down, not a second copy of its outline."""
    for level in data.root_levels:
        root = svg_tree(anatomy_svgs[f"root-{level.id}"])
        assert len(root.findall(".//svg:g[@class='sc-layer-body']", NS)) == 2, level.id
        reused = root.findall(".//svg:use[@data-panel]", NS)
        assert sorted(use.get("data-panel") for use in reused) == ["muscles-back", "muscles-front"], level.id
        ids = {element.get("id") for element in root.iter() if element.get("id")}
        for use in reused:
            assert use.get("href") is None  # Material's instant navigation would fail to set it
            target = use.get(f"{{{svg.XLINK_NS}}}href", "").removeprefix("#")
            assert target in ids and target.endswith(f"skin-{use.get('data-view')}-body"), (level.id, target)
            assert re.fullmatch(r"translate\(0 [0-9.]+\)", use.get("transform")), (level.id, use.get("transform"))
