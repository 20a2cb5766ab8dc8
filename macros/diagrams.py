"""Data to SVG: pure functions building diagrams with xml.etree.ElementTree.

The body is a back view: the viewer stands behind the person, so the person's right side is
on the viewer's right. The nerve and the regions worked are drawn on the right leg.
Meaning never rests on colour alone: steps carry numbers, strokes have arrow shapes, regions
are hatched, points are labelled. Colours come from CSS custom properties so the page's light
and dark schemes both apply; the same style block serves the standalone files.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from .model import Body, BodyPoint, Region, SiteData, Step, Technique

SVG_NS = "http://www.w3.org/2000/svg"
LEGEND_ROW = 17.0
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# name: (light scheme, dark scheme). Dark values are lighter so lines stay visible on slate.
PALETTE: dict[str, tuple[str, str]] = {
    "body-fill": ("#f4ede4", "#2f3140"),
    "body-line": ("#4e4439", "#c9c2b8"),
    "detail": ("#8b7d6e", "#8f8a9c"),
    "nerve": ("#8a5a00", "#f2c94c"),
    "region": ("#1565c0", "#82b1ff"),
    "arrow": ("#b3261e", "#ff8a80"),
    "badge": ("#1a237e", "#c5cae9"),
    "badge-text": ("#ffffff", "#1a1c2a"),
    "point": ("#6a1b9a", "#e1bee7"),
    "text": ("#1f1f1f", "#ececf1"),
    "dermatome-l4": ("#2e7d32", "#a5d6a7"),
    "dermatome-l5": ("#c2185b", "#f48fb1"),
    "dermatome-s1": ("#0277bd", "#81d4fa"),
}

RULES = """
.sc-diagram{font-family:%(font)s}
.sc-body{fill:var(--sc-body-fill);stroke:var(--sc-body-line);stroke-width:1.6}
.sc-detail{fill:none;stroke:var(--sc-detail);stroke-width:1;stroke-dasharray:3 2}
.sc-nerve{fill:none;stroke:var(--sc-nerve);stroke-linecap:round;stroke-linejoin:round}
.sc-nerve-root{stroke-width:2}.sc-nerve-trunk{stroke-width:4.5}.sc-nerve-branch{stroke-width:3}
.sc-region{fill:url(#%(prefix)s-hatch);stroke:var(--sc-region);stroke-width:1.4}
.sc-hatch-line{stroke:var(--sc-region);stroke-width:1.2;opacity:.55}
.sc-arrow{fill:none;stroke:var(--sc-arrow);stroke-width:2.6;stroke-linecap:round;stroke-linejoin:round}
.sc-arrow-head{fill:var(--sc-arrow)}
.sc-dot{fill:var(--sc-arrow)}
.sc-badge{fill:var(--sc-badge)}
.sc-badge-text{fill:var(--sc-badge-text);font-size:10px;font-weight:700;text-anchor:middle;dominant-baseline:central}
.sc-point{fill:var(--sc-body-fill);stroke:var(--sc-point);stroke-width:2}
.sc-point-text{fill:var(--sc-point);font-size:8px;font-weight:700}
.sc-label{fill:var(--sc-text);font-size:8.5px}
.sc-legend{fill:var(--sc-text);font-size:9.5px;dominant-baseline:central}
.sc-legend-title{fill:var(--sc-text);font-size:10px;font-weight:700}
.sc-dermatome{stroke-width:1.2;fill-opacity:.28}
.sc-dermatome-l4{fill:var(--sc-dermatome-l4);stroke:var(--sc-dermatome-l4)}
.sc-dermatome-l5{fill:var(--sc-dermatome-l5);stroke:var(--sc-dermatome-l5)}
.sc-dermatome-s1{fill:var(--sc-dermatome-s1);stroke:var(--sc-dermatome-s1)}
"""


def number(value: float) -> str:
    """Fixed precision keeps output byte-identical across runs and platforms."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def points_attr(points: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def style_block(prefix: str) -> str:
    """CSS for a diagram: light values by default, dark values under Material's slate
    scheme, and under the system's dark preference only when the SVG is opened on its own."""
    light = ";".join(f"--sc-{name}:{pair[0]}" for name, pair in PALETTE.items())
    dark = ";".join(f"--sc-{name}:{pair[1]}" for name, pair in PALETTE.items())
    return (
        f".sc-diagram{{{light}}}"
        f"[data-md-color-scheme=slate] .sc-diagram{{{dark}}}"
        f"@media (prefers-color-scheme:dark){{svg:root.sc-diagram{{{dark}}}}}"
        f"@media print{{.sc-diagram{{{light}}}}}"
        + "".join((RULES % {"font": FONT, "prefix": prefix}).split("\n"))
    )


# --- geometry helpers (pure) ---------------------------------------------------------------

def mirror_outline(half: Sequence[Sequence[float]], width: float) -> list[tuple[float, float]]:
    """Right half (midline to midline) plus its mirror image gives the whole outline."""
    right = [(float(x), float(y)) for x, y in half]
    left = [(width - x, y) for x, y in reversed(right[1:-1])]
    return right + left


def smooth_path(points: Sequence[Sequence[float]], closed: bool) -> str:
    """A Catmull-Rom spline through the points, as cubic Bézier segments."""
    pts = [tuple(map(float, p)) for p in points]
    count = len(pts)

    def at(i: int) -> tuple[float, float]:
        return pts[i % count] if closed else pts[max(0, min(count - 1, i))]

    parts = [f"M{number(pts[0][0])},{number(pts[0][1])}"]
    for i in range(count if closed else count - 1):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append("C" + points_attr([c1, c2, p2]))
    return "".join(parts) + ("Z" if closed else "")


def point_in_polygon(point: Sequence[float], polygon: Sequence[Sequence[float]]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def centroid(polygon: Sequence[Sequence[float]]) -> tuple[float, float]:
    return (sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon))


def stroke_line(region: Region, direction: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The stroke's start and end: toward the heart runs from the far end to the head end."""
    head_end, far_end = region.axis
    if direction == "toward-heart":
        return tuple(far_end), tuple(head_end)
    return tuple(head_end), tuple(far_end)


def zigzag(start: Sequence[float], end: Sequence[float], teeth: int = 6, amplitude: float = 5):
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    out = [(x1, y1)]
    for i in range(1, teeth):
        t, side = i / teeth, (1 if i % 2 else -1)
        out.append((x1 + (x2 - x1) * t + nx * amplitude * side, y1 + (y2 - y1) * t + ny * amplitude * side))
    out.append((x2, y2))
    return out


# --- element builders ----------------------------------------------------------------------

def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def defs(svg: ET.Element, prefix: str) -> None:
    block = sub(svg, "defs")
    marker = sub(block, "marker", id=f"{prefix}-head", viewBox="0 0 10 10", refX="7", refY="5",
                 markerWidth="4", markerHeight="4", orient="auto-start-reverse")
    sub(marker, "path", d="M0,0L10,5L0,10Z", class_="sc-arrow-head")
    pattern = sub(block, "pattern", id=f"{prefix}-hatch", width="6", height="6",
                  patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    sub(pattern, "line", x1="0", y1="0", x2="0", y2="6", class_="sc-hatch-line")


def draw_body(svg: ET.Element, body: Body) -> None:
    group = sub(svg, "g", class_="sc-layer-body")
    sub(group, "path", d=smooth_path(mirror_outline(body.half_outline, body.width), closed=True),
        class_="sc-body")
    for detail in body.details:
        sub(group, "path", d=smooth_path(detail.points, closed=False), class_="sc-detail")


def draw_nerves(svg: ET.Element, body: Body, labels: bool) -> None:
    group = sub(svg, "g", class_="sc-layer-nerve")
    for nerve in body.nerves:
        sub(group, "path", d=smooth_path(nerve.points, closed=False),
            class_=f"sc-nerve sc-nerve-{nerve.kind}")
        if labels and nerve.label_at:
            x, y = nerve.label_at
            sub(group, "text", nerve.name, x=number(x), y=number(y), class_="sc-label")


def draw_stroke(group: ET.Element, region: Region, direction: str, prefix: str) -> None:
    start, end = stroke_line(region, direction)
    head = f"url(#{prefix}-head)"
    if direction in ("toward-heart", "away-from-heart"):
        sub(group, "path", d=f"M{points_attr([start])}L{points_attr([end])}", class_="sc-arrow",
            marker_end=head)
    elif direction == "zigzag":
        sub(group, "polyline", points=points_attr(zigzag(start, end)), class_="sc-arrow", marker_end=head)
    elif direction == "circular":
        cx, cy = centroid(region.polygon)
        radius = 7.0
        sub(group, "path", d=(f"M{number(cx + radius)},{number(cy)}A{number(radius)},{number(radius)} 0 1 1 "
                              f"{number(cx)},{number(cy - radius)}"), class_="sc-arrow", marker_end=head)
    elif direction == "dots":
        for i in range(5):
            t = (i + 0.5) / 5
            sub(group, "circle", cx=number(start[0] + (end[0] - start[0]) * t),
                cy=number(start[1] + (end[1] - start[1]) * t), r="2.6", class_="sc-dot")
    # "static" pressure has no movement to draw; its points carry the meaning.


def draw_point(group: ET.Element, point: BodyPoint, width: float) -> None:
    x, y = point.at
    if point.kind == "cup-site":
        sub(group, "circle", cx=number(x), cy=number(y), r="6", class_="sc-point")
        sub(group, "circle", cx=number(x), cy=number(y), r="2.5", class_="sc-point")
    else:
        sub(group, "circle", cx=number(x), cy=number(y), r="3.5", class_="sc-point")
    if point.code:
        on_right = x >= width / 2
        sub(group, "text", point.code, x=number(x + (7 if on_right else -7)), y=number(y + 3),
            class_="sc-point-text", text_anchor="start" if on_right else "end")


def draw_badge(group: ET.Element, at: Sequence[float], label: str) -> None:
    x, y = at
    sub(group, "circle", cx=number(x), cy=number(y), r="7.5", class_="sc-badge")
    sub(group, "text", label, x=number(x), y=number(y), class_="sc-badge-text")


LEGEND_ITEMS = {
    "badge": "Numbered badge: order of the steps",
    "region": "Hatched area: region worked",
    "toward-heart": "Arrow: stroke direction",
    "zigzag": "Zig-zag arrow: kneading along the muscle",
    "circular": "Curled arrow: small circles (friction)",
    "dots": "Dots: percussion, rhythmic tapping",
    "acupressure": "Ring with code: pressure point",
    "cup-site": "Double ring: cup position",
    "nerve": "Thick gold line: sciatic nerve",
}


def legend_entries(technique: Technique, points: dict[str, BodyPoint]) -> list[str]:
    """Only the symbols this diagram uses, in a fixed order."""
    used = {"badge", "region", "nerve"} | {step.direction for step in technique.steps}
    used |= {points[p].kind for step in technique.steps for p in step.points}
    if "away-from-heart" in used:
        used.add("toward-heart")
    return [key for key in LEGEND_ITEMS if key in used]


def draw_legend_symbol(group: ET.Element, key: str, x: float, y: float, prefix: str) -> None:
    head = f"url(#{prefix}-head)"
    if key == "badge":
        draw_badge(group, (x + 9, y), "1")
    elif key == "region":
        sub(group, "rect", x=number(x), y=number(y - 6), width="18", height="12", class_="sc-region")
    elif key in ("toward-heart",):
        sub(group, "path", d=f"M{number(x)},{number(y)}L{number(x + 18)},{number(y)}", class_="sc-arrow",
            marker_end=head)
    elif key == "zigzag":
        sub(group, "polyline", points=points_attr(zigzag((x, y), (x + 18, y), teeth=4, amplitude=3)),
            class_="sc-arrow", marker_end=head)
    elif key == "circular":
        sub(group, "path", d=f"M{number(x + 15)},{number(y)}A6,6 0 1 1 {number(x + 9)},{number(y - 6)}",
            class_="sc-arrow", marker_end=head)
    elif key == "dots":
        for i in range(3):
            sub(group, "circle", cx=number(x + 3 + 6 * i), cy=number(y), r="2.2", class_="sc-dot")
    elif key == "acupressure":
        sub(group, "circle", cx=number(x + 9), cy=number(y), r="3.5", class_="sc-point")
    elif key == "cup-site":
        sub(group, "circle", cx=number(x + 9), cy=number(y), r="6", class_="sc-point")
        sub(group, "circle", cx=number(x + 9), cy=number(y), r="2.5", class_="sc-point")
    elif key == "nerve":
        sub(group, "path", d=f"M{number(x)},{number(y)}L{number(x + 18)},{number(y)}",
            class_="sc-nerve sc-nerve-trunk")


def draw_legend(svg: ET.Element, keys: list[str], top: float, prefix: str) -> None:
    group = sub(svg, "g", class_="sc-layer-legend")
    sub(group, "text", "Key", x="12", y=number(top + 4), class_="sc-legend-title")
    for row, key in enumerate(keys):
        y = top + 18 + row * LEGEND_ROW
        draw_legend_symbol(group, key, 12, y, prefix)
        sub(group, "text", LEGEND_ITEMS[key], x="38", y=number(y), class_="sc-legend")


# --- whole diagrams ------------------------------------------------------------------------

def step_sentence(number_: int, step: Step, regions: dict[str, Region], points: dict[str, BodyPoint]) -> str:
    """One step in words; the text alternative and the SVG description share it."""
    where = regions[step.region].name
    direction = {
        "toward-heart": "towards the heart", "away-from-heart": "away from the heart",
        "circular": "in small circles", "zigzag": "in a zig-zag along the muscle",
        "static": "held still", "dots": "as rhythmic tapping",
    }[step.direction]
    named = ", ".join(f"{points[p].code or points[p].name} ({points[p].location})" for p in step.points)
    at_points = f" at {named}" if named else ""
    return (f"Step {number_}: {step.stroke} of the {where}{at_points}, {direction}, "
            f"{step.pressure} pressure, {step.duration}.")


def technique_svg(technique: Technique, data: SiteData) -> str:
    """The technique's diagram as an SVG string (no XML declaration, ready to inline)."""
    regions, points, body = data.by_id("regions"), data.by_id("points"), data.body
    prefix = f"dia-{technique.id}"
    keys = legend_entries(technique, points)
    height = body.height + 28 + LEGEND_ROW * len(keys)
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {number(body.width)} {number(height)}",
        "class": "sc-diagram", "role": "img", "aria-labelledby": f"{prefix}-title {prefix}-desc",
        "id": prefix,
    })
    sub(svg, "title", f"{technique.name}: order of regions and stroke directions (back view)",
        id=f"{prefix}-title")
    sub(svg, "desc", " ".join(step_sentence(i, s, regions, points)
                              for i, s in enumerate(technique.steps, 1)), id=f"{prefix}-desc")
    sub(svg, "style", style_block(prefix))
    defs(svg, prefix)
    draw_body(svg, body)
    worked = sub(svg, "g", class_="sc-layer-regions")
    for region_id in dict.fromkeys(step.region for step in technique.steps):
        sub(worked, "polygon", points=points_attr(regions[region_id].polygon), class_="sc-region")
    draw_nerves(svg, body, labels=False)
    strokes = sub(svg, "g", class_="sc-layer-strokes")
    marks = sub(svg, "g", class_="sc-layer-points")
    badges = sub(svg, "g", class_="sc-layer-badges")
    for index, step in enumerate(technique.steps, 1):
        region = regions[step.region]
        draw_stroke(strokes, region, step.direction, prefix)
        for point_id in step.points:
            draw_point(marks, points[point_id], body.width)
        draw_badge(badges, region.badge_at, str(index))
    draw_legend(svg, keys, body.height + 4, prefix)
    return ET.tostring(svg, encoding="unicode")


def standalone(svg: str) -> str:
    """A downloadable file: the same SVG with an XML declaration."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


ANATOMY_VIEWS = {
    "nerve": "The sciatic nerve, back view: roots L4 to S3 join in the pelvis, the nerve leaves "
             "below the piriformis muscle, runs down the back of the thigh and divides above the "
             "knee into the tibial and common fibular nerves.",
    "dermatomes": "Skin areas supplied by the L4, L5 and S1 roots on the back of the right leg "
                  "(approximate: published maps differ).",
}


def anatomy_svg(view: str, data: SiteData) -> str:
    """Anatomy diagrams from the same geometry: the nerve's course, or the dermatomes."""
    body = data.body
    prefix = f"anatomy-{view}"
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {number(body.width)} {number(body.height)}",
        "class": "sc-diagram", "role": "img", "aria-labelledby": f"{prefix}-title {prefix}-desc",
        "id": prefix,
    })
    sub(svg, "title", {"nerve": "Course of the sciatic nerve",
                       "dermatomes": "Dermatomes of the L4, L5 and S1 roots"}[view], id=f"{prefix}-title")
    areas = " ".join(f"{d.root}: {d.area}." for d in body.dermatomes) if view == "dermatomes" else ""
    sub(svg, "desc", f"{ANATOMY_VIEWS[view]} {areas}".strip(), id=f"{prefix}-desc")
    sub(svg, "style", style_block(prefix))
    defs(svg, prefix)
    draw_body(svg, body)
    if view == "dermatomes":
        group = sub(svg, "g", class_="sc-layer-dermatomes")
        for dermatome in body.dermatomes:
            sub(group, "polygon", points=points_attr(dermatome.polygon),
                class_=f"sc-dermatome sc-dermatome-{dermatome.root.lower()}")
            (cx, cy), (lx, ly) = centroid(dermatome.polygon), dermatome.label_at
            sub(group, "path", d=f"M{points_attr([(cx, cy)])}L{points_attr([(lx, ly)])}", class_="sc-detail")
            sub(group, "text", dermatome.root, x=number(lx), y=number(ly + 3),
                class_="sc-label", text_anchor="end" if lx < cx else "start")
    draw_nerves(svg, body, labels=(view == "nerve"))
    return ET.tostring(svg, encoding="unicode")
