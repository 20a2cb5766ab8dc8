"""Data to SVG: pure functions building diagrams with xml.etree.ElementTree.

The body is a back view: the viewer stands behind the person, so the person's right side is
on the viewer's right. The nerve and the regions worked are drawn on the right leg.

Layout: the body stands on the left of a landscape-ish canvas and the key (legend) stands in
a column to its right, so the figure is about as tall as it is wide: it fits a laptop screen
and its text is still large enough when the figure is squeezed to a 320 px phone.

Meaning never rests on colour alone: steps carry numbers, strokes have arrow shapes, regions
and dermatomes are hatched with different patterns, the nerve is a double line, its roots are
dotted, points are rings with their code beside them. Colours come from CSS custom properties
so the page's light and dark schemes both apply; under ``@media print`` every colour becomes
black or white and the shapes carry the meaning. The same style block serves the standalone
files.
"""

from __future__ import annotations

import math
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..model import Body, BodyPoint, Region, SiteData, Step, Technique

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# The canvas. Body coordinates from the data file are shifted by BODY_DX/BODY_DY; the key
# starts at LEGEND_X. At 320 px the canvas is drawn about 288 px wide (scale 0.6), so the
# smallest text (15 units) is still about 9 px and the key's text (17 units) about 10 px.
VIEW_WIDTH = 480.0
BODY_DX, BODY_DY = -30.0, 4.0
LEGEND_X = 268.0
LEGEND_WIDTH = VIEW_WIDTH - LEGEND_X - 4
LABEL_SIZE = 17.0
LEGEND_SIZE = 18.0
LEGEND_LINE = 20.0
BADGE_RADIUS = 11.0
CHAR_WIDTH = 0.52  # average glyph width as a fraction of the font size (for wrapping)

# name: (light scheme, dark scheme). Dark values are lighter so lines stay visible on slate.
PALETTE: dict[str, tuple[str, str]] = {
    "bg": ("var(--md-default-bg-color, #ffffff)", "var(--md-default-bg-color, #1e2029)"),
    "body-fill": ("#f4ede4", "#2f3140"),
    "body-line": ("#4e4439", "#c9c2b8"),
    "detail": ("#8b7d6e", "#8f8a9c"),
    "nerve": ("#8a5a00", "#f2c94c"),
    "muscle": ("#a0522d", "#ffab91"),
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
# Rules that point at a pattern are scoped to their own diagram (#prefix): an inline <style>
# applies to the whole page, and a pattern in a hidden diagram would not paint.
# In print every line, pattern and text is black on white: the shapes carry the meaning.
PRINT_WHITE = {"bg", "body-fill", "badge-text"}

RULES = """
.sc-diagram{font-family:%(font)s}
.sc-bg{fill:var(--sc-bg)}
.sc-body{fill:var(--sc-body-fill);stroke:var(--sc-body-line);stroke-width:1.8}
.sc-detail{fill:none;stroke:var(--sc-detail);stroke-width:1.2;stroke-dasharray:4 3;stroke-linecap:round}
.sc-nerve{fill:none;stroke:var(--sc-nerve);stroke-linecap:round;stroke-linejoin:round}
.sc-nerve-core{fill:none;stroke:var(--sc-body-fill);stroke-linecap:round;stroke-linejoin:round}
.sc-nerve-root{stroke-width:3.2;stroke-dasharray:0.1 5}
.sc-nerve-trunk{stroke-width:7}.sc-nerve-trunk-core{stroke-width:2.4}
.sc-nerve-branch{stroke-width:5.4}.sc-nerve-branch-core{stroke-width:1.8}
#%(prefix)s .sc-muscle{fill:url(#%(prefix)s-fibres);stroke:var(--sc-muscle);stroke-width:1.6}
.sc-fibre-line{stroke:var(--sc-muscle);stroke-width:1.3}
#%(prefix)s .sc-region{fill:url(#%(prefix)s-hatch);stroke:var(--sc-region);stroke-width:1.6}
.sc-hatch-line{stroke:var(--sc-region);stroke-width:1.3;opacity:.6}
.sc-arrow{fill:none;stroke:var(--sc-arrow);stroke-width:3;stroke-linecap:round;stroke-linejoin:round}
.sc-arrow-head{fill:var(--sc-arrow)}
.sc-dot{fill:var(--sc-arrow)}
.sc-hold{fill:var(--sc-body-fill);stroke:var(--sc-arrow);stroke-width:2.6}.sc-hold-frame{fill:none;stroke-width:2.2}
.sc-badge{fill:var(--sc-badge);stroke:var(--sc-body-fill);stroke-width:1.5}
.sc-badge-text{fill:var(--sc-badge-text);font-size:15px;font-weight:700;text-anchor:middle;dominant-baseline:central}
.sc-point{fill:var(--sc-body-fill);stroke:var(--sc-point);stroke-width:2.4}
.sc-point-centre{fill:var(--sc-point)}
.sc-leader{fill:none;stroke:var(--sc-text);stroke-width:1;opacity:.8}
.sc-leader-end{fill:var(--sc-text)}
.sc-label{fill:var(--sc-text);font-size:%(label)spx;dominant-baseline:central;paint-order:stroke;stroke:var(--sc-bg);stroke-width:4px;stroke-linejoin:round}
.sc-label-strong{font-weight:700}
.sc-side{fill:var(--sc-text);font-size:15px;text-anchor:middle;font-style:italic}
.sc-legend{fill:var(--sc-text);font-size:%(legend)spx;dominant-baseline:central}
.sc-legend-title{fill:var(--sc-text);font-size:20px;font-weight:700}
.sc-legend-note{fill:var(--sc-text);font-size:16px;font-style:italic;dominant-baseline:central}
.sc-credit{fill:var(--sc-text);font-size:15px;dominant-baseline:central}
.sc-dermatome{stroke-width:1.8}
.sc-dermatome-tint{stroke:none;fill-opacity:.22}
#%(prefix)s .sc-dermatome-l4{fill:url(#%(prefix)s-l4);stroke:var(--sc-dermatome-l4)}
#%(prefix)s .sc-dermatome-l5{fill:url(#%(prefix)s-l5);stroke:var(--sc-dermatome-l5)}
#%(prefix)s .sc-dermatome-s1{fill:url(#%(prefix)s-s1);stroke:var(--sc-dermatome-s1)}
.sc-tint-l4{fill:var(--sc-dermatome-l4)}.sc-tint-l5{fill:var(--sc-dermatome-l5)}.sc-tint-s1{fill:var(--sc-dermatome-s1)}
.sc-pattern-l4{stroke:var(--sc-dermatome-l4);stroke-width:1.6}
.sc-pattern-l5{stroke:var(--sc-dermatome-l5);stroke-width:1.6}
.sc-pattern-s1{fill:var(--sc-dermatome-s1)}
"""


def number(value: float) -> str:
    """Fixed precision keeps output byte-identical across runs and platforms."""
    text = f"{value:.1f}"
    if text == "-0.0":
        text = "0.0"
    return text[:-2] if text.endswith(".0") else text


def points_attr(points: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def style_block(prefix: str) -> str:
    """CSS for a diagram: light values by default, dark values under Material's slate
    scheme, and under the system's dark preference only when the SVG is opened on its own.
    Print: black and white only, forced over either scheme."""
    light = ";".join(f"--sc-{name}:{pair[0]}" for name, pair in PALETTE.items())
    dark = ";".join(f"--sc-{name}:{pair[1]}" for name, pair in PALETTE.items())
    printed = ";".join(f"--sc-{name}:{'#ffffff' if name in PRINT_WHITE else '#000000'}!important"
                       for name in PALETTE)
    return (
        f".sc-diagram{{{light}}}"
        f"[data-md-color-scheme=slate] .sc-diagram{{{dark}}}"
        f"@media (prefers-color-scheme:dark){{svg:root.sc-diagram{{{dark}}}}}"
        + "".join((RULES % {"font": FONT, "prefix": prefix, "label": number(LABEL_SIZE),
                          "legend": number(LEGEND_SIZE)}).split("\n"))
        + f"@media print{{.sc-diagram{{{printed}}}"
        ".sc-hatch-line,.sc-leader{opacity:1}.sc-dermatome-tint{fill-opacity:0}}"
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


def crossings(polygon: Sequence[Sequence[float]], y: float) -> list[float]:
    """Where a horizontal line at height y crosses the polygon's edges."""
    found = []
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]]):
        if (y1 > y) != (y2 > y):
            found.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return sorted(found)


def nearest(points: Sequence[Sequence[float]], target: Sequence[float]) -> tuple[float, float]:
    return tuple(min(points, key=lambda p: (p[0] - target[0]) ** 2 + (p[1] - target[1]) ** 2))


def stroke_path(region: Region, direction: str) -> list[tuple[float, float]]:
    """The stroke's path in drawing order: toward the heart runs from the far end to the head end."""
    path = [(float(x), float(y)) for x, y in region.axis]
    return list(reversed(path)) if direction == "toward-heart" else path


def stroke_line(region: Region, direction: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The stroke's start and end."""
    path = stroke_path(region, direction)
    return path[0], path[-1]


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


def badge_positions(technique: Technique, regions: dict[str, Region]) -> list[tuple[float, float]]:
    """Where each step's number stands: the region's badge point; a region worked again later
    gets its next badge just below the previous one so numbers never sit on top of each other."""
    used: dict[str, int] = {}
    out = []
    for step in technique.steps:
        repeat = used.get(step.region, 0)
        used[step.region] = repeat + 1
        x, y = regions[step.region].badge_at
        out.append((float(x), float(y) + repeat * (2 * BADGE_RADIUS + 3)))
    return out


def wrap(text: str, size: float, width: float) -> list[str]:
    """Split text into lines that fit `width` units at font size `size` (estimated)."""
    return textwrap.wrap(text, max(4, int(width / (size * CHAR_WIDTH)))) or [text]


def text_width(lines: Sequence[str], size: float) -> float:
    return max(len(line) for line in lines) * size * CHAR_WIDTH


# --- element builders ----------------------------------------------------------------------

def plain_text(text: str) -> str:
    """Line breaks become spaces: an inline SVG sits in Markdown source, where data text must
    never start a line (ElementTree escapes the rest)."""
    return " ".join(text.splitlines())


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): plain_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = plain_text(text)
    return element


def multiline(parent: ET.Element, lines: Sequence[str], x: float, y: float, line: float,
              class_: str, **attrs: str) -> ET.Element:
    """A <text> whose first line is centred on y; later lines follow as <tspan>s."""
    element = sub(parent, "text", x=number(x), y=number(y), class_=class_, **attrs)
    if len(lines) == 1:
        element.text = lines[0]
        return element
    for index, text in enumerate(lines):
        sub(element, "tspan", text, x=number(x), dy="0" if index == 0 else number(line))
    return element


def defs(svg: ET.Element, prefix: str) -> None:
    block = sub(svg, "defs")
    marker = sub(block, "marker", id=f"{prefix}-head", viewBox="0 0 10 10", refX="6", refY="5",
                 markerWidth="3.6", markerHeight="3.6", orient="auto-start-reverse")
    sub(marker, "path", d="M0,0L10,5L0,10Z", class_="sc-arrow-head")
    pattern = sub(block, "pattern", id=f"{prefix}-hatch", width="6", height="6",
                  patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    sub(pattern, "line", x1="0", y1="0", x2="0", y2="6", class_="sc-hatch-line")
    fibres = sub(block, "pattern", id=f"{prefix}-fibres", width="4", height="4",
                 patternUnits="userSpaceOnUse", patternTransform="rotate(25)")
    sub(fibres, "line", x1="0", y1="1", x2="4", y2="1", class_="sc-fibre-line")
    # One pattern per dermatome, so the areas differ in shape as well as colour.
    l4 = sub(block, "pattern", id=f"{prefix}-l4", width="5", height="5", patternUnits="userSpaceOnUse")
    sub(l4, "line", x1="0", y1="2.5", x2="5", y2="2.5", class_="sc-pattern-l4")
    l5 = sub(block, "pattern", id=f"{prefix}-l5", width="5", height="5", patternUnits="userSpaceOnUse",
             patternTransform="rotate(-45)")
    sub(l5, "line", x1="2.5", y1="0", x2="2.5", y2="5", class_="sc-pattern-l5")
    s1 = sub(block, "pattern", id=f"{prefix}-s1", width="5", height="5", patternUnits="userSpaceOnUse")
    sub(s1, "circle", cx="2.5", cy="2.5", r="1.3", class_="sc-pattern-s1")


def canvas(prefix: str, height: float, title: str, desc: str) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {number(VIEW_WIDTH)} {number(height)}",
        "class": "sc-diagram", "role": "img", "aria-labelledby": f"{prefix}-title {prefix}-desc",
        "id": prefix,
    })
    sub(svg, "title", title, id=f"{prefix}-title")
    sub(svg, "desc", desc, id=f"{prefix}-desc")
    sub(svg, "style", style_block(prefix))
    defs(svg, prefix)
    sub(svg, "rect", x="0", y="0", width=number(VIEW_WIDTH), height=number(height), class_="sc-bg")
    return svg


def draw_body(parent: ET.Element, body: Body, sides: bool = True) -> None:
    group = sub(parent, "g", class_="sc-layer-body")
    sub(group, "path", d=smooth_path(mirror_outline(body.half_outline, body.width), closed=True),
        class_="sc-body")
    for detail in body.details:
        sub(group, "path", d=smooth_path(detail.points, closed=False), class_="sc-detail")
    if sides:
        draw_sides(group, body, lambda p: p)


def draw_sides(parent: ET.Element, body: Body, to_view, gap: float = 16) -> None:
    """Which side is which: a back view puts the person's right on the viewer's right."""
    feet = max(y for _, y in body.half_outline)
    foot_x = centroid([p for p in body.half_outline if p[1] > body.height * 0.9])[0]
    for text, x in (("right", foot_x), ("left", body.width - foot_x)):
        vx, vy = to_view((x, feet))
        sub(parent, "text", text, x=number(vx), y=number(vy + gap), class_="sc-side")


def draw_nerve_line(group: ET.Element, points: Sequence[Sequence[float]], kind: str, id_: str) -> None:
    """Trunk and branches are double lines (a coloured tube with a pale core); roots are dotted."""
    d = smooth_path(points, closed=False)
    sub(group, "path", d=d, class_=f"sc-nerve sc-nerve-{kind}", **{"data-nerve": id_})
    if kind != "root":
        sub(group, "path", d=d, class_=f"sc-nerve-core sc-nerve-{kind}-core")


def draw_nerves(parent: ET.Element, body: Body, roots: bool) -> None:
    group = sub(parent, "g", class_="sc-layer-nerve")
    for nerve in body.nerves:
        if nerve.kind != "root" or roots:
            draw_nerve_line(group, nerve.points, nerve.kind, nerve.id)


def draw_label(group: ET.Element, lines: Sequence[str], at: Sequence[float], anchor_to: Sequence[float],
               strong: bool = False, size: float = LABEL_SIZE) -> None:
    """A label with a leader line from the side of its text to the thing it names."""
    x, y = at
    ax, ay = anchor_to
    end = "end" if ax > x else "start"
    gap = 3.0 if end == "start" else -3.0
    group_ = sub(group, "g", class_="sc-callout")
    sub(group_, "path", d=f"M{points_attr([(x - gap, y)])}L{points_attr([(ax, ay)])}", class_="sc-leader")
    sub(group_, "circle", cx=number(ax), cy=number(ay), r="1.8", class_="sc-leader-end")
    multiline(group_, lines, x, y, size * 1.15, "sc-label sc-label-strong" if strong else "sc-label",
              text_anchor=end)


def place_side_labels(wanted: Sequence[tuple[tuple[float, float], str]], outline, right_limit: float,
                      left_limit: float) -> list[tuple[tuple[float, float], list[str]]]:
    """Positions and lines of labels for marks on the body: beside the body on the mark's side
    (clear of the arm), at the mark's height where possible, wrapped to the room there is, and
    pushed down so that no two labels overlap. Returns (position, lines) per mark."""
    line = LABEL_SIZE * 1.15
    placed: list = [None] * len(wanted)
    for side in ("right", "left"):
        on_side = [i for i, ((x, _), _) in enumerate(wanted) if (x >= 120) == (side == "right")]
        on_side.sort(key=lambda i: (wanted[i][0][1], wanted[i][0][0]))
        bottom = -math.inf
        for i in on_side:
            (x, y), text = wanted[i]
            top = max(y - line / 2, bottom + 3)
            lines = [text]
            for _ in range(3):  # the room depends on the height the label takes, and back
                height = line * len(lines)
                spans = [c for k in range(5) for c in crossings(outline, top + height * k / 4)]
                if side == "right":
                    lx = max(spans, default=x) + 8
                    lines = wrap(text, LABEL_SIZE, right_limit - lx)
                else:
                    lx = min(spans, default=x) - 8
                    lines = wrap(text, LABEL_SIZE, lx - left_limit)
            placed[i] = ((lx, top + line / 2), lines)
            bottom = top + line * len(lines)
    return placed


def draw_stroke(parent: ET.Element, region: Region, step: Step, index: int, prefix: str,
                at_points: Sequence[BodyPoint] = ()) -> None:
    """Every step draws exactly one group in the strokes layer, whatever its kind."""
    group = sub(parent, "g", class_=f"sc-stroke sc-stroke-{symbol_key(step)}",
                **{"data-step": str(index)})
    path = stroke_path(region, step.direction)
    start, end = path[0], path[-1]
    head = f"url(#{prefix}-head)"
    direction = step.direction
    if direction in ("toward-heart", "away-from-heart"):
        d = (f"M{points_attr([start])}L{points_attr([end])}" if len(path) == 2
             else smooth_path(path, closed=False))
        sub(group, "path", d=d, class_="sc-arrow", marker_end=head)
    elif direction == "zigzag":
        teeth = max(4, int(math.hypot(end[0] - start[0], end[1] - start[1]) / 7))
        sub(group, "polyline", points=points_attr(zigzag(start, end, teeth=teeth, amplitude=5)),
            class_="sc-arrow", marker_end=head)
    elif direction == "circular":
        cx, cy = centroid(region.axis)
        radius = 8.0
        sub(group, "path", d=(f"M{number(cx + radius)},{number(cy)}A{number(radius)},{number(radius)} 0 1 1 "
                              f"{number(cx)},{number(cy - radius)}"), class_="sc-arrow", marker_end=head)
    elif direction == "dots":
        length = math.hypot(end[0] - start[0], end[1] - start[1])
        count = max(3, min(6, int(length / 9)))
        for i in range(count):
            t = (i + 0.5) / count
            sub(group, "circle", cx=number(start[0] + (end[0] - start[0]) * t),
                cy=number(start[1] + (end[1] - start[1]) * t), r="3", class_="sc-dot")
    elif at_points:  # static at named points: a square frames each point
        for point in at_points:
            (px, py), half = point.at, (11.0 if point.kind == "cup-site" else 8.5)
            sub(group, "rect", x=number(px - half), y=number(py - half), width=number(2 * half),
                height=number(2 * half), class_="sc-hold sc-hold-frame")
    else:  # static: the hand stays in place
        cx, cy = centroid(region.axis)
        sub(group, "rect", x=number(cx - 6), y=number(cy - 6), width="12", height="12", class_="sc-hold")
        sub(group, "circle", cx=number(cx), cy=number(cy), r="2.4", class_="sc-dot")


def draw_point(group: ET.Element, point: BodyPoint) -> None:
    x, y = point.at
    mark = sub(group, "g", class_=f"sc-mark sc-mark-{point.kind}", **{"data-point": point.id})
    if point.kind == "cup-site":
        sub(mark, "circle", cx=number(x), cy=number(y), r="7", class_="sc-point")
        sub(mark, "circle", cx=number(x), cy=number(y), r="3", class_="sc-point")
    else:
        sub(mark, "circle", cx=number(x), cy=number(y), r="4.2", class_="sc-point")
        sub(mark, "circle", cx=number(x), cy=number(y), r="1.4", class_="sc-point-centre")


def point_label(point: BodyPoint) -> str:
    return point.code or point.name


def draw_badge(group: ET.Element, at: Sequence[float], label: str) -> None:
    x, y = at
    badge = sub(group, "g", class_="sc-badge-group", **{"data-step": label})
    sub(badge, "circle", cx=number(x), cy=number(y), r=number(BADGE_RADIUS), class_="sc-badge")
    sub(badge, "text", label, x=number(x), y=number(y), class_="sc-badge-text")


# --- the key --------------------------------------------------------------------------------

LEGEND_ITEMS = {
    "badge": "Numbered circle: order of the steps",
    "region": "Hatched area: region worked",
    "straight": "Straight arrow: direction of the stroke",
    "zigzag": "Zig-zag arrow: kneading along the muscle",
    "circular": "Curled arrow: small circles on the spot",
    "dots": "Row of dots: percussion (rhythmic tapping)",
    "static": "Square: hand or cup stays in place (pressure, vibration)",
    "acupressure": "Ring with a code: pressure point",
    "cup-site": "Double ring: cup position",
    "nerve": "Double line: sciatic nerve (deep, under the muscles)",
    "root": "Dotted lines: roots L4 to S3, inside the pelvis",
    "piriformis": "Striped shape: piriformis muscle",
    "dermatome-l4": "horizontal lines",
    "dermatome-l5": "slanted lines",
    "dermatome-s1": "dots",
}


def symbol_key(step: Step) -> str:
    return "straight" if step.direction in ("toward-heart", "away-from-heart") else step.direction


def legend_entries(technique: Technique, points: dict[str, BodyPoint]) -> list[str]:
    """Only the symbols this diagram uses, in a fixed order."""
    used = {"badge", "region", "nerve"} | {symbol_key(step) for step in technique.steps}
    used |= {points[p].kind for step in technique.steps for p in step.points}
    return [key for key in LEGEND_ITEMS if key in used]


CAPTION_PARTS = {  # what the caption says for each kind of mark the diagram uses
    "straight": "arrows show the direction of each stroke",
    "zigzag": "zig-zag arrows show kneading along the muscle",
    "circular": "curled arrows show small circles",
    "dots": "rows of dots show percussion",
    "static": "squares show where the hand or cup stays still",
    "acupressure": "rings mark pressure points",
    "cup-site": "double rings mark cup positions",
}


def caption(technique: Technique, points: dict[str, BodyPoint]) -> str:
    """The figure caption: only the marks this diagram really uses."""
    used = [CAPTION_PARTS[key] for key in legend_entries(technique, points) if key in CAPTION_PARTS]
    return (f"{technique.name}: the numbered regions are worked in order; {'; '.join(used)}. "
            "The same steps are listed in words below. ")


def draw_legend_symbol(group: ET.Element, key: str, x: float, y: float, prefix: str) -> None:
    head = f"url(#{prefix}-head)"
    if key == "badge":
        draw_badge(group, (x + 12, y), "1")
    elif key == "region":
        sub(group, "rect", x=number(x), y=number(y - 8), width="24", height="16", class_="sc-region")
    elif key == "straight":
        sub(group, "path", d=f"M{number(x)},{number(y)}L{number(x + 22)},{number(y)}", class_="sc-arrow",
            marker_end=head)
    elif key == "zigzag":
        sub(group, "polyline", points=points_attr(zigzag((x, y), (x + 22, y), teeth=4, amplitude=4)),
            class_="sc-arrow", marker_end=head)
    elif key == "circular":
        sub(group, "path", d=f"M{number(x + 20)},{number(y)}A8,8 0 1 1 {number(x + 12)},{number(y - 8)}",
            class_="sc-arrow", marker_end=head)
    elif key == "dots":
        for i in range(3):
            sub(group, "circle", cx=number(x + 4 + 8 * i), cy=number(y), r="3", class_="sc-dot")
    elif key == "static":
        sub(group, "rect", x=number(x + 6), y=number(y - 6), width="12", height="12", class_="sc-hold")
        sub(group, "circle", cx=number(x + 12), cy=number(y), r="2.4", class_="sc-dot")
    elif key == "acupressure":
        sub(group, "circle", cx=number(x + 12), cy=number(y), r="4.2", class_="sc-point")
        sub(group, "circle", cx=number(x + 12), cy=number(y), r="1.4", class_="sc-point-centre")
    elif key == "cup-site":
        sub(group, "circle", cx=number(x + 12), cy=number(y), r="7", class_="sc-point")
        sub(group, "circle", cx=number(x + 12), cy=number(y), r="3", class_="sc-point")
    elif key == "nerve":
        d = f"M{number(x)},{number(y)}L{number(x + 24)},{number(y)}"
        sub(group, "path", d=d, class_="sc-nerve sc-nerve-trunk")
        sub(group, "path", d=d, class_="sc-nerve-core sc-nerve-trunk-core")
    elif key == "root":
        sub(group, "path", d=f"M{number(x)},{number(y)}L{number(x + 24)},{number(y)}",
            class_="sc-nerve sc-nerve-root")
    elif key == "piriformis":
        sub(group, "path", d=f"M{number(x)},{number(y)}Q{number(x + 12)},{number(y - 10)} {number(x + 24)},"
                             f"{number(y)}Q{number(x + 12)},{number(y + 8)} {number(x)},{number(y)}Z",
            class_="sc-muscle")
    elif key.startswith("dermatome-"):
        root = key.rsplit("-", 1)[1]
        for layer in (f"sc-dermatome-tint sc-tint-{root}", f"sc-dermatome sc-dermatome-{root}"):
            sub(group, "rect", x=number(x), y=number(y - 8), width="24", height="16", class_=layer)


def draw_legend(svg: ET.Element, keys: Sequence[str], prefix: str, note: str,
                texts: dict[str, str] | None = None, top: float = 22.0) -> float:
    """The key in the right-hand column; returns the y where it ends."""
    texts = {**LEGEND_ITEMS, **(texts or {})}
    group = sub(svg, "g", class_="sc-layer-legend")
    sub(group, "text", "Key", x=number(LEGEND_X), y=number(top), class_="sc-legend-title")
    y = top + 16
    note_lines = wrap(note, 16, LEGEND_WIDTH)
    multiline(group, note_lines, LEGEND_X, y, 18, "sc-legend-note")
    y += 18 * len(note_lines) + 12
    for key in keys:
        lines = wrap(texts[key], LEGEND_SIZE, LEGEND_WIDTH - 34)
        entry = sub(group, "g", class_="sc-legend-entry", **{"data-key": key})
        draw_legend_symbol(entry, key, LEGEND_X, y, prefix)
        multiline(entry, lines, LEGEND_X + 34, y, LEGEND_LINE, "sc-legend")
        y += LEGEND_LINE * len(lines) + 10
    return y


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


def canvas_height(body: Body, legend_bottom: float) -> float:
    return max(body.height + BODY_DY + 12, legend_bottom + 4)


def body_frame(svg: ET.Element) -> ET.Element:
    """Everything drawn in the data file's body coordinates goes in this group."""
    return sub(svg, "g", class_="sc-frame", transform=f"translate({number(BODY_DX)},{number(BODY_DY)})")


def label_limits() -> tuple[float, float]:
    """Body-coordinate x limits for labels: the canvas's left edge and the key's left edge."""
    return 2 - BODY_DX, LEGEND_X - 8 - BODY_DX


def technique_svg(technique: Technique, data: SiteData) -> str:
    """The technique's diagram as an SVG string (no XML declaration, ready to inline)."""
    regions, points, body = data.by_id("regions"), data.by_id("points"), data.body
    prefix = f"dia-{technique.id}"
    keys = legend_entries(technique, points)
    # Draw the legend into a scratch element first to learn its height.
    scratch = ET.Element("svg")
    note = "Back view: the person's right side is on your right."
    legend_bottom = draw_legend(scratch, keys, prefix, note)
    svg = canvas(prefix, canvas_height(body, legend_bottom),
                 f"{technique.name}: order of regions and stroke directions (back view)",
                 " ".join(step_sentence(i, s, regions, points) for i, s in enumerate(technique.steps, 1)))
    frame = body_frame(svg)
    draw_body(frame, body)
    # The nerve lies deep: drawn under the regions and strokes, as a landmark to work around.
    draw_nerves(frame, body, roots=False)
    worked = sub(frame, "g", class_="sc-layer-regions")
    for region_id in dict.fromkeys(step.region for step in technique.steps):
        sub(worked, "polygon", points=points_attr(regions[region_id].polygon), class_="sc-region",
            **{"data-region": region_id})
    strokes = sub(frame, "g", class_="sc-layer-strokes")
    marks = sub(frame, "g", class_="sc-layer-points")
    labels = sub(frame, "g", class_="sc-layer-labels")
    badges = sub(frame, "g", class_="sc-layer-badges")
    shown: list[BodyPoint] = []
    for index, step in enumerate(technique.steps, 1):
        draw_stroke(strokes, regions[step.region], step, index, prefix, [points[p] for p in step.points])
        shown += [points[p] for p in step.points if points[p] not in shown]
    for point in shown:
        draw_point(marks, point)
    outline = mirror_outline(body.half_outline, body.width)
    left, right = label_limits()
    wanted = [(tuple(map(float, p.at)), point_label(p)) for p in shown]
    for point, (at, lines) in zip(shown, place_side_labels(wanted, outline, right, left)):
        draw_label(labels, lines, at, point.at)
    for index, at in enumerate(badge_positions(technique, regions), 1):
        draw_badge(badges, at, str(index))
    draw_legend(svg, keys, prefix, note)
    return ET.tostring(svg, encoding="unicode")


def on_page(svg: str) -> Markup:
    """An SVG to place in a page. Left out of the search index: its labels would run together
    there as one word salad ("rightleftPiriformisSciatic..."); the caption and the text beside
    the figure say the same in sentences."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    root.set("data-search-exclude", "")
    return Markup(ET.tostring(root, encoding="unicode"))


def standalone(svg: str, credit: str | None = None) -> str:
    """A downloadable file: the same SVG with an XML declaration and, for reuse, its credit as a
    visible line under the drawing (a slide keeps it) and as metadata. The credit is data text, so
    it goes through ElementTree like every other text, never into a comment it could close."""
    if credit is None:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    lines = wrap(credit, CREDIT_SIZE, width - 16)
    extra = CREDIT_SIZE * 1.3 * len(lines) + 8
    root.set("viewBox", f"{number(x)} {number(y)} {number(width)} {number(height + extra)}")
    background = root.find(f"{{{SVG_NS}}}rect")
    if background is not None and background.get("class") == "sc-bg":
        background.set("height", number(height + extra))
    metadata = ET.Element(f"{{{SVG_NS}}}metadata")
    metadata.text = plain_text(credit)
    root.insert(2, metadata)
    text = ET.SubElement(root, f"{{{SVG_NS}}}text", {"x": "8", "y": number(height + CREDIT_SIZE),
                                                      "class": "sc-credit"})
    for index, line in enumerate(lines):
        ET.SubElement(text, f"{{{SVG_NS}}}tspan", {"x": "8", "dy": "0" if index == 0 else number(CREDIT_SIZE * 1.3)}
                      ).text = line
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


CREDIT_SIZE = 15.0


# Dermatome view: scale, and the body coordinates of the top-left corner shown.
DERMATOME_ZOOM = (2.0, 60.0, 266.0)

# Anatomy diagrams published as files too: view -> (credit title, the page that explains it).
ANATOMY_DOWNLOADS = {
    "nerve": ("Course of the sciatic nerve", "anatomy/"),
    "dermatomes": ("Dermatomes of the L4, L5 and S1 roots", "anatomy/"),
}

ANATOMY_VIEWS = {
    "nerve": "The sciatic nerve, back view: roots L4 to S3 join in the pelvis, the nerve leaves "
             "below the piriformis muscle, runs down the back of the thigh and divides above the "
             "knee into the tibial and common fibular nerves.",
    "dermatomes": "Skin areas supplied by the L4, L5 and S1 roots on the back of the right leg "
                  "(approximate: published maps differ).",
}


def root_labels(body: Body) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """Short root names ("L4") stacked to the left of the spine, each joined to where its root
    leaves the spine: (text, label position, root's first point)."""
    roots = sorted((n for n in body.nerves if n.kind == "root"), key=lambda n: n.points[0][1])
    if not roots:
        return []
    spacing = LABEL_SIZE * 1.1
    first = roots[0].points[0][1] - spacing * (len(roots) - 1) / 2 + (
        roots[-1].points[0][1] - roots[0].points[0][1]) / 2
    return [(n.name.split()[0], (body.width / 2 - 10, first + i * spacing), tuple(map(float, n.points[0])))
            for i, n in enumerate(roots)]


def draw_dermatomes(group: ET.Element, labels: ET.Element, body: Body, to_view) -> None:
    """Each area twice: a tint (colour, dropped in print) and a pattern (shape, always shown)."""
    for dermatome in body.dermatomes:
        root = dermatome.root.lower()
        sub(group, "polygon", points=points_attr(dermatome.polygon), class_=f"sc-dermatome-tint sc-tint-{root}")
        sub(group, "polygon", points=points_attr(dermatome.polygon),
            class_=f"sc-dermatome sc-dermatome-{root}", **{"data-root": dermatome.root})
        draw_label(labels, [dermatome.root], to_view(dermatome.label_at),
                   to_view(nearest(dermatome.polygon, dermatome.label_at)), strong=True)


def draw_nerve_course(frame: ET.Element, body: Body) -> None:
    """Roots, trunk and branches with piriformis over the roots (it lies behind them in a back
    view), each named by a label with a leader line."""
    draw_nerves(frame, body, roots=True)
    muscles = sub(frame, "g", class_="sc-layer-muscles")
    labels = sub(frame, "g", class_="sc-layer-labels")
    room = label_limits()[1]
    for muscle in body.muscles:
        sub(muscles, "polygon", points=points_attr(muscle.polygon), class_="sc-muscle",
            **{"data-muscle": muscle.id})
        draw_label(labels, wrap(muscle.name, LABEL_SIZE, room - muscle.label_at[0]), muscle.label_at,
                   nearest(muscle.polygon, muscle.label_at), strong=True)
    for nerve in body.nerves:
        if nerve.label_at:
            draw_label(labels, wrap(nerve.name, LABEL_SIZE, room - nerve.label_at[0]), nerve.label_at,
                       nearest(nerve.points, nerve.label_at), strong=True)
    for text, at, anchor in root_labels(body):
        draw_label(labels, [text], at, anchor)


def anatomy_svg(view: str, data: SiteData) -> str:
    """Anatomy diagrams from the same geometry: the nerve's course, or the dermatomes."""
    body = data.body
    prefix = f"anatomy-{view}"
    title = {"nerve": "Course of the sciatic nerve",
             "dermatomes": "Dermatomes of the L4, L5 and S1 roots"}[view]
    areas = " ".join(f"{d.root}: {d.area}." for d in body.dermatomes) if view == "dermatomes" else ""
    if view == "nerve":
        keys = ["nerve", "root"] + (["piriformis"] if body.muscles else [])
        texts = {"piriformis": "Striped shape: muscle"}
    else:
        keys = [f"dermatome-{d.root.lower()}" for d in body.dermatomes]
        texts = {f"dermatome-{d.root.lower()}": f"{d.root} ({LEGEND_ITEMS['dermatome-' + d.root.lower()]}): {d.area}"
                 for d in body.dermatomes}
    note = "Back view of the right leg: the person's right side is on your right."
    legend_bottom = draw_legend(ET.Element("svg"), keys, prefix, note, texts)
    svg = canvas(prefix, canvas_height(body, legend_bottom), title, f"{ANATOMY_VIEWS[view]} {areas}".strip())
    if view == "nerve":
        frame = body_frame(svg)
        draw_body(frame, body)
        draw_nerve_course(frame, body)
    else:
        # The dermatomes are narrow strips on the lower leg: show the body from the buttocks
        # down, enlarged, so the strips and their patterns can be told apart on a phone.
        scale, left, top = DERMATOME_ZOOM
        dx, dy = BODY_DY - left * scale, BODY_DY - top * scale

        def to_view(p: Sequence[float]) -> tuple[float, float]:
            return p[0] * scale + dx, p[1] * scale + dy

        # Clip before the right hand, which would otherwise reach into the key's column.
        clip = sub(svg.find("defs"), "clipPath", id=f"{prefix}-clip")
        hand = max(x for x, _ in body.half_outline)
        clip_right = min(LEGEND_X - 8, to_view((hand - 22, 0))[0])
        sub(clip, "rect", x="0", y="0", width=number(clip_right), height=number(body.height))
        frame = sub(sub(svg, "g", clip_path=f"url(#{prefix}-clip)"), "g", class_="sc-frame",
                    transform=f"translate({number(dx)},{number(dy)}) scale({number(scale)})")
        draw_body(frame, body, sides=False)
        # Labels stand outside the enlarged frame so their text keeps its size.
        draw_sides(sub(svg, "g", class_="sc-layer-sides"), body, to_view)
        draw_dermatomes(sub(frame, "g", class_="sc-layer-dermatomes"), sub(svg, "g", class_="sc-layer-labels"),
                        body, to_view)
    draw_legend(svg, keys, prefix, note, texts)
    return ET.tostring(svg, encoding="unicode")
