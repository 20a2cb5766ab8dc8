"""The SVG toolkit every figure is drawn with: pure functions over xml.etree.ElementTree.

The body is drawn in a back view (the viewer stands behind the person, so the person's right
side is on the viewer's right) or a front view (the person faces the viewer: their right side
is on the viewer's left). The nerve and the regions worked are drawn on the right leg.

Every figure is built once as a ``Figure``: a drawing (the body and what is on it) and a key
(legend). On a page the two are separate elements in a container that wraps, so on a phone the
key goes below the drawing and the drawing keeps the screen's full width; the downloadable
file puts the key beside the drawing in one SVG (``combined_svg``), readable on its own.

Meaning never rests on colour alone: steps carry numbers, strokes have arrow shapes, regions
and dermatomes are hatched with different patterns, the nerve is a double line, its roots are
dotted, points are rings with their code beside them. Colours come from CSS custom properties
so the page's light and dark schemes both apply; under ``@media print`` every colour becomes
black or white and the shapes carry the meaning. The same style block serves the standalone
files.

Here: the shared style block and palette, geometry (splines, polygons, distances, segments),
element builders, the body outline and the nerve, labels placed clear of each other, keys
(legends), and whole figures (a drawing and its key) as inline SVG, HTML or a standalone file.
The technique diagrams (sciatica/render/techniques.py), the anatomy figures and the figures of
people (poses.py) are built with it.
"""

from __future__ import annotations

import functools
import itertools
import math
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Body, BodyPoint
from .html import el, join

SVG_NS = "http://www.w3.org/2000/svg"
# A <use> names what it repeats by xlink:href, not href: Material's instant navigation rewrites every
# element's [href] as a property, and SVG's href property cannot be set (a script error).
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("xlink", XLINK_NS)


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


# The technique drawing: body coordinates from the data file are shifted by BODY_DX/BODY_DY;
# labels stay left of DRAWING_WIDTH. In the downloadable file the key starts at LEGEND_X.
VIEW_WIDTH = 480.0  # the downloadable technique file: drawing and key side by side


DRAWING_WIDTH = 268.0  # the technique drawing on its own (the key is a separate element)


BODY_DX, BODY_DY = -30.0, 4.0


LEGEND_X = 268.0


LEGEND_WIDTH = VIEW_WIDTH - LEGEND_X - 4


LABEL_SIZE = 17.0


LEGEND_SIZE = 18.0


LEGEND_LINE = 20.0


BADGE_RADIUS = 11.0


CHAR_WIDTH = 0.55  # average glyph width as a fraction of the font size (for wrapping)


# On a page a drawing is shown at most this many CSS pixels per unit (its width attribute), so
# it fits a laptop screen; on a phone it shrinks to the screen's width.
PAGE_SCALE = 1.0


# Roots whose skin areas (dermatomes) can be drawn: (class suffix, pattern name in the key).
# Printed in black only, the patterns must still tell every root from every other: each is a
# different kind of mark (lines, grid, zig-zag, dots, rings, crosses), and plain lines run
# one way each (upright, across, slanted) - never two slanted ones mirrored.
ROOTS: dict[str, tuple[str, str]] = {
    "L2": ("l2", "upright lines"),
    "L3": ("l3", "grid"),
    "L4": ("l4", "horizontal lines"),
    "L5": ("l5", "slanted lines"),
    "S1": ("s1", "dots"),
    "S2": ("s2", "zig-zag lines"),
    "S3": ("s3", "rings"),
    "S4-5": ("s4-5", "crosses"),
}


def root_class(root: str) -> str:
    return ROOTS[root][0]


def root_label(root: str) -> str:
    """S4-5 is printed with an en dash, as the standards write it."""
    return root.replace("-", "\u2013")


# name: (light scheme, dark scheme). Dark values are lighter so lines stay visible on slate.
PALETTE: dict[str, tuple[str, str]] = {
    "bg": ("var(--md-default-bg-color, #ffffff)", "var(--md-default-bg-color, #1e2029)"),
    "body-fill": ("#f4ede4", "#2f3140"),
    "body-line": ("#4e4439", "#c9c2b8"),
    "detail": ("#8b7d6e", "#8f8a9c"),
    "nerve": ("#8a5a00", "#f2c94c"),
    "muscle": ("#a0522d", "#ffab91"),
    "bone-fill": ("#fffaf2", "#3d3f50"),
    "bone-line": ("#5e4e3c", "#ddd2c4"),
    "region": ("#1565c0", "#82b1ff"),
    "arrow": ("#b3261e", "#ff8a80"),
    "badge": ("#1a237e", "#c5cae9"),
    "badge-text": ("#ffffff", "#1a1c2a"),
    "point": ("#6a1b9a", "#e1bee7"),
    "text": ("#1f1f1f", "#ececf1"),
    "faint": ("#9e9387", "#6f6b7d"),
    "dermatome-l2": ("#6a4c93", "#cdb5f0"),
    "dermatome-l3": ("#a34f00", "#ffb870"),
    "dermatome-l4": ("#2e7d32", "#a5d6a7"),
    "dermatome-l5": ("#c2185b", "#f48fb1"),
    "dermatome-s1": ("#0277bd", "#81d4fa"),
    "dermatome-s2": ("#00695c", "#80cbc4"),
    "dermatome-s3": ("#6d4c41", "#d7b8aa"),
    "dermatome-s4-5": ("#37474f", "#b0bec5"),
}


# Rules that point at a pattern are scoped to their own diagram (#prefix, and its key #prefix-key):
# an inline <style> applies to the whole page, and a pattern in a hidden diagram would not paint.
# In print every line, pattern and text is black on white: the shapes carry the meaning.
PRINT_WHITE = {"bg", "body-fill", "badge-text", "bone-fill"}


RULES = """
.sc-diagram{font-family:%(font)s}
.sc-bg{fill:var(--sc-bg)}
.sc-body{fill:var(--sc-body-fill);stroke:var(--sc-body-line);stroke-width:1.8}
.sc-detail{fill:none;stroke:var(--sc-detail);stroke-width:1.2;stroke-dasharray:4 3;stroke-linecap:round}
.sc-nerve{fill:none;stroke:var(--sc-nerve);stroke-linecap:round;stroke-linejoin:round}
.sc-nerve-core{fill:none;stroke:var(--sc-body-fill);stroke-linecap:round;stroke-linejoin:round}
.sc-nerve-root{stroke-width:3.2;stroke-dasharray:0.1 5}
.sc-nerve-beyond{stroke-width:3;stroke-dasharray:0.1 6}
.sc-nerve-trunk{stroke-width:7}.sc-nerve-trunk-core{stroke-width:2.4}
.sc-nerve-branch{stroke-width:5.4}.sc-nerve-branch-core{stroke-width:1.8}
.sc-nerve-deep{stroke-dasharray:6 4;stroke-linecap:butt}
%(scope_muscle)s{fill:url(#%(prefix)s-fibres);stroke:var(--sc-muscle);stroke-width:1.6}
.sc-muscle-outline{fill:none;stroke:var(--sc-muscle);stroke-width:2;stroke-dasharray:7 4}
.sc-muscle-key{fill-opacity:.55;stroke-width:2.2}
.sc-fibre-line{stroke:var(--sc-muscle);stroke-width:1.3}
.sc-bone{fill:var(--sc-bone-fill);stroke:var(--sc-bone-line);stroke-width:2}
.sc-hollow{fill:none;stroke:var(--sc-text);stroke-width:1.4;stroke-dasharray:2 3}
.sc-midway{fill:none;stroke:var(--sc-text);stroke-width:1.4;stroke-dasharray:1 3;stroke-linecap:round}
.sc-midway-tick{fill:none;stroke:var(--sc-text);stroke-width:2}
%(scope_region)s{fill:url(#%(prefix)s-hatch);stroke:var(--sc-region);stroke-width:1.6}
.sc-hatch-line{stroke:var(--sc-region);stroke-width:1.3;opacity:.6}
.sc-arrow{fill:none;stroke:var(--sc-arrow);stroke-width:%(arrow)s;stroke-linecap:round;stroke-linejoin:round}
.sc-arrow-head{fill:var(--sc-arrow)}
.sc-dot{fill:var(--sc-arrow)}
.sc-hold{fill:var(--sc-body-fill);stroke:var(--sc-arrow);stroke-width:2.6}.sc-hold-frame{fill:none;stroke-width:2.2}
.sc-badge{fill:var(--sc-badge);stroke:var(--sc-body-fill);stroke-width:1.5}
.sc-badge-text{fill:var(--sc-badge-text);font-size:15px;font-weight:700;text-anchor:middle;dominant-baseline:central}
.sc-point{fill:var(--sc-body-fill);stroke:var(--sc-point);stroke-width:2.4}
.sc-point-centre{fill:var(--sc-point)}
.sc-key-point{fill:var(--sc-bg);stroke:var(--sc-text);stroke-width:2}
.sc-key-point-centre{fill:var(--sc-text)}
.sc-reflex{fill:var(--sc-text)}
.sc-reflex-ring{fill:none;stroke:var(--sc-text);stroke-width:1.6}
.sc-leader{fill:none;stroke:var(--sc-text);stroke-width:1;opacity:.8}
.sc-leader-end{fill:var(--sc-text)}
.sc-label{fill:var(--sc-text);font-size:%(label)spx;dominant-baseline:central;paint-order:stroke;stroke:var(--sc-bg);stroke-width:4px;stroke-linejoin:round}
.sc-label-small{font-size:15px}
.sc-label-strong{font-weight:700}
.sc-view-title{fill:var(--sc-text);font-size:16px;font-weight:700;text-anchor:middle}
.sc-root-title{font-size:18px}
.sc-row-title{text-anchor:start;font-size:15px}
.sc-side{fill:var(--sc-text);font-size:15px;text-anchor:middle;font-style:italic}
.sc-legend{fill:var(--sc-text);font-size:%(legend)spx;dominant-baseline:central}
.sc-legend-title{fill:var(--sc-text);font-size:20px;font-weight:700}
.sc-legend-note{fill:var(--sc-text);font-size:16px;font-style:italic;dominant-baseline:central}
.sc-credit{fill:var(--sc-text);font-size:15px;dominant-baseline:central}
.sc-dermatome{stroke-width:1.6}
.sc-dermatome-faint{fill:none;stroke:var(--sc-faint);stroke-width:1;stroke-dasharray:3 3}
.sc-dermatome-tint{stroke:none;fill-opacity:.22}
"""


def root_rules(prefix: str) -> str:
    """Tint, pattern and outline for each root, in its own colour."""
    rules = []
    for name, _ in ROOTS.values():
        rules.append(
            f"{scoped(prefix, '.sc-dermatome-' + name)}{{fill:url(#{prefix}-{name});stroke:var(--sc-dermatome-{name})}}"
        )
        rules.append(f".sc-tint-{name}{{fill:var(--sc-dermatome-{name})}}")
        filled = name == "s1"
        rules.append(
            f".sc-pattern-{name}{{{'fill' if filled else 'stroke'}:var(--sc-dermatome-{name});"
            f"{'' if filled else 'fill:none;stroke-width:1.4'}}}"
        )
    return "".join(rules)


def scoped(prefix: str, selector: str) -> str:
    return f"#{prefix} {selector},#{prefix}-key {selector}"


def number(value: float) -> str:
    """Fixed precision keeps output byte-identical across runs and platforms."""
    text = f"{value:.1f}"
    if text == "-0.0":
        text = "0.0"
    return text.removesuffix(".0")


def points_attr(points: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def style_block(prefix: str) -> str:
    """CSS for a diagram: light values by default, dark values under Material's slate
    scheme, and under the system's dark preference only when the SVG is opened on its own.
    Print: black and white only, forced over either scheme."""
    light = ";".join(f"--sc-{name}:{pair[0]}" for name, pair in PALETTE.items())
    dark = ";".join(f"--sc-{name}:{pair[1]}" for name, pair in PALETTE.items())
    printed = ";".join(f"--sc-{name}:{'#ffffff' if name in PRINT_WHITE else '#000000'}!important" for name in PALETTE)
    rules = RULES % {
        "font": FONT,
        "prefix": prefix,
        "label": number(LABEL_SIZE),
        "legend": number(LEGEND_SIZE),
        "arrow": number(ARROW_WIDTH),
        "scope_muscle": scoped(prefix, ".sc-muscle"),
        "scope_region": scoped(prefix, ".sc-region"),
    }
    return (
        f".sc-diagram{{{light}}}"
        f"[data-md-color-scheme=slate] .sc-diagram{{{dark}}}"
        f"@media (prefers-color-scheme:dark){{svg:root.sc-diagram{{{dark}}}}}"
        + "".join(rules.split("\n"))
        + root_rules(prefix)
        + f"@media print{{.sc-diagram{{{printed}}}"
        ".sc-hatch-line,.sc-leader{opacity:1}.sc-dermatome-tint{fill-opacity:0}"
        # In black and white a region's edge is dotted, so no stroke (or body detail) is mistaken for it.
        f"{scoped(prefix, '.sc-region')}{{stroke-width:1.4;stroke-dasharray:0.1 3;stroke-linecap:round}}}}"
    )


Pt = tuple[float, float]


def pt(p: Sequence[float]) -> Pt:
    """A point as a pair of floats, whatever sequence it came in."""
    return (float(p[0]), float(p[1]))


def mirror_outline(half: Sequence[Sequence[float]], width: float) -> list[tuple[float, float]]:
    """Right half (midline to midline) plus its mirror image gives the whole outline."""
    right = [(float(x), float(y)) for x, y in half]
    left = [(width - x, y) for x, y in reversed(right[1:-1])]
    return right + left


def outline_for(body: Body, view: str = "back") -> list[tuple[float, float]]:
    half = body.front_half_outline if view == "front" and body.front_half_outline else body.half_outline
    return mirror_outline(half, body.width)


def distinct_points(points: Sequence[Sequence[float]], apart: float = 0.5) -> list[Pt]:
    """The points without near-repeats. A repeated last point makes a zero-length last segment,
    and an arrowhead then turns to whatever way its control point happens to lie (seen: strokes
    up the leg with heads pointing down)."""
    kept: list[Pt] = []
    for point in (pt(p) for p in points):
        if kept and math.dist(kept[-1], point) < apart:
            if len(kept) > 1:
                kept[-1] = point  # the last point is where the stroke ends: keep the latest
            continue
        kept.append(point)
    return kept


def bezier_segments(points: Sequence[Sequence[float]], closed: bool) -> list[tuple[Pt, Pt, Pt, Pt]]:
    """A Catmull-Rom spline through the points, as cubic Bézier segments (p1, c1, c2, p2)."""
    pts = distinct_points(points)
    count = len(pts)

    def at(i: int) -> Pt:
        return pts[i % count] if closed else pts[max(0, min(count - 1, i))]

    segments = []
    for i in range(count if closed else count - 1):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def smooth_path(points: Sequence[Sequence[float]], closed: bool) -> str:
    """The spline through the points as an SVG path."""
    points = distinct_points(points)
    parts = [f"M{number(points[0][0])},{number(points[0][1])}"]
    parts += ["C" + points_attr([c1, c2, p2]) for _, c1, c2, p2 in bezier_segments(points, closed)]
    return "".join(parts) + ("Z" if closed else "")


def spline_points(points: Sequence[Sequence[float]], closed: bool = False, per_segment: int = 12) -> list[Pt]:
    """Points along the drawn spline, for geometry checks (distances, containment)."""
    out: list[Pt] = [pt(points[0])]
    for p1, c1, c2, p2 in bezier_segments(points, closed):
        for k in range(1, per_segment + 1):
            t = k / per_segment
            u = 1 - t
            out.append(
                (
                    u**3 * p1[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * p2[0],
                    u**3 * p1[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * p2[1],
                )
            )
    return out


# A polygon's edge as (x1, y1, x2, y2), from one corner to the next.
Edge = tuple[float, float, float, float]


def polygon_edges(polygon: Sequence[Sequence[float]]) -> list[Edge]:
    return [(x1, y1, x2, y2) for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]])]


def edges_contain(x: float, y: float, edges: Iterable[Edge]) -> bool:
    """Even-odd ray casting over the edges (all of a polygon's, or all those that reach height y)."""
    inside = False
    for x1, y1, x2, y2 in edges:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def edge_crossings(y: float, edges: Iterable[Edge]) -> list[float]:
    """Where a horizontal line at height y crosses the edges, left to right."""
    return sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1) for x1, y1, x2, y2 in edges if (y1 > y) != (y2 > y))


def point_in_polygon(point: Sequence[float], polygon: Sequence[Sequence[float]]) -> bool:
    return edges_contain(point[0], point[1], polygon_edges(polygon))


def centroid(polygon: Sequence[Sequence[float]]) -> tuple[float, float]:
    return (sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon))


def crossings(polygon: Sequence[Sequence[float]], y: float) -> list[float]:
    """Where a horizontal line at height y crosses the polygon's edges."""
    return edge_crossings(y, polygon_edges(polygon))


def nearest(points: Sequence[Sequence[float]], target: Sequence[float]) -> tuple[float, float]:
    return pt(min(points, key=lambda p: (p[0] - target[0]) ** 2 + (p[1] - target[1]) ** 2))


def segment_distance(p: Sequence[float], a: Sequence[float], b: Sequence[float]) -> float:
    """Distance from point p to the segment ab."""
    return part_distance(p[0], p[1], segment_parts(a, b))


def distance_to_polyline(p: Sequence[float], line: Sequence[Sequence[float]]) -> float:
    return (
        min(segment_distance(p, a, b) for a, b in itertools.pairwise(line))
        if len(line) > 1
        else math.hypot(p[0] - line[0][0], p[1] - line[0][1])
    )


def distance_to_outline(p: Sequence[float], polygon: Sequence[Sequence[float]]) -> float:
    return min(segment_distance(p, a, b) for a, b in zip(polygon, [*polygon[1:], polygon[0]]))


class Segments:
    """Line segments in a coarse grid, for fast 'is anything within this distance' questions
    (the layout of a diagram asks hundreds of thousands of them)."""

    def __init__(self, lines: Iterable[Sequence[Sequence[float]]], closed: bool = False, cell: float = 12.0):
        self.cell = cell
        self.segments: list[tuple[Pt, Pt]] = []
        self.grid: dict[tuple[int, int], list[int]] = {}
        for line in lines:
            pts = [pt(q) for q in line]
            pairs = list(zip(pts, [*pts[1:], pts[0]] if closed else pts[1:])) or [(pts[0], pts[0])]
            for a, b in pairs:
                index = len(self.segments)
                self.segments.append((a, b))
                for gx in range(math.floor(min(a[0], b[0]) / cell), math.floor(max(a[0], b[0]) / cell) + 1):
                    for gy in range(math.floor(min(a[1], b[1]) / cell), math.floor(max(a[1], b[1]) / cell) + 1):
                        self.grid.setdefault((gx, gy), []).append(index)
        xs = [x for a, b in self.segments for x in (a[0], b[0])]
        ys = [y for a, b in self.segments for y in (a[1], b[1])]
        self.box = (min(xs, default=0.0), min(ys, default=0.0), max(xs, default=0.0), max(ys, default=0.0))
        # Each cell's segments as segment_distance's first steps, worked out once, not on every question.
        self.all_parts = [segment_parts(a, b) for a, b in self.segments]
        self.parts: dict[tuple[int, int], list[SegmentParts]] = {
            key: [self.all_parts[i] for i in found] for key, found in self.grid.items()
        }
        self.blocks: dict[tuple[int, int], list[SegmentParts]] = {}  # see around()

    def far_from(self, px: float, py: float, cap: float) -> bool:
        """True if every segment lies at least `cap` from the point: it is that far outside the box
        round them all (and a unit more, far beyond any rounding)."""
        x0, y0, x1, y1 = self.box
        reach = cap + 1.0
        return px < x0 - reach or px > x1 + reach or py < y0 - reach or py > y1 + reach

    def within(self, p: Sequence[float], cap: float) -> bool:
        """True if some segment is nearer to p than `cap` (stops at the first one found). Only
        the cells that come nearer to p than `cap` are searched."""
        px, py, size, parts = float(p[0]), float(p[1]), self.cell, self.parts
        if self.far_from(px, py, cap):
            return False
        cap2 = cap * cap
        for gx in range(math.floor((px - cap) / size), math.floor((px + cap) / size) + 1):
            dx = max(gx * size - px, 0.0, px - (gx + 1) * size)
            for gy in range(math.floor((py - cap) / size), math.floor((py + cap) / size) + 1):
                dy = max(gy * size - py, 0.0, py - (gy + 1) * size)
                if dx * dx + dy * dy < cap2:
                    for part in parts.get((gx, gy), ()):
                        if part_distance(px, py, part) < cap:
                            return True
        return False

    def none_within(self, points: Iterable[Sequence[float]], cap: float) -> bool:
        """not any(self.within(p, cap) for p in points), asking about fewer points: a point
        measured to be clear by a margin vouches for the points after it that lie nearer to it
        than that margin (less ROUNDING, so that no rounding can change the answer)."""
        anchor: Sequence[float] = (math.inf, math.inf)
        spare = -math.inf
        for p in points:
            if math.dist(anchor, p) < spare:
                continue  # a segment this near p would be nearer than measured to the anchor
            found = self.distance(p, cap + self.cell)  # a cell past cap: room to vouch for more points
            if found < cap + ROUNDING and self.within(p, cap):
                return False
            anchor, spare = p, found - cap - ROUNDING
        return True

    def distance(self, p: Sequence[float], cap: float) -> float:
        """The distance from p to the nearest segment, or `cap` if none is nearer than that.
        Cells are searched in rings outward from p's cell, stopping once no farther ring could
        hold anything nearer than what was found."""
        px, py, size, parts = float(p[0]), float(p[1]), self.cell, self.parts
        if self.far_from(px, py, cap):
            return cap
        cx, cy = math.floor(px / size), math.floor(py / size)
        # Rings 0 and 1 in one: ring 1 is always searched, unless ring 0 found a distance of 0,
        # which nothing beats.
        best = nearest_part(px, py, self.around(cx, cy), cap)
        for ring in range(2, math.ceil(cap / size) + 1):
            if (ring - 1) * size >= best:
                break  # every cell of this ring is at least (ring - 1) cells away from p
            for ox, oy in ring_offsets(ring):
                cell = parts.get((cx + ox, cy + oy))
                if cell:
                    best = nearest_part(px, py, cell, best)
        return best

    def around(self, cx: int, cy: int) -> list[SegmentParts]:
        """The segments in the cell (cx, cy) and the eight round it, each once; gathered on first use."""
        found = self.blocks.get((cx, cy))
        if found is None:
            near = (i for ox in (-1, 0, 1) for oy in (-1, 0, 1) for i in self.grid.get((cx + ox, cy + oy), ()))
            found = self.blocks[cx, cy] = [self.all_parts[i] for i in dict.fromkeys(near)]
        return found


# Far more than a distance worked out here can be off by (coordinates are below a thousand, and
# a float is good to about 16 digits); far less than anything drawn.
ROUNDING = 1e-6


# A segment as segment_distance first works it out: its start, its direction and its length squared.
SegmentParts = tuple[float, float, float, float, float]


def segment_parts(a: Sequence[float], b: Sequence[float]) -> SegmentParts:
    dx, dy = b[0] - a[0], b[1] - a[1]
    return (a[0], a[1], dx, dy, dx * dx + dy * dy)


def part_distance(px: float, py: float, part: SegmentParts) -> float:
    """The distance from (px, py) to the segment given by its parts (segment_parts)."""
    ax, ay, dx, dy, length2 = part
    along = ((px - ax) * dx + (py - ay) * dy) / length2 if length2 else 0.0
    t = along if 0.0 < along < 1.0 else (0.0 if along <= 0.0 else 1.0)  # clamped to the segment, as max/min would
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def nearest_part(px: float, py: float, parts: Iterable[SegmentParts], best: float) -> float:
    """The least of `best` and the distances from (px, py) to the segments: part_distance
    written out, as this is the layout's innermost loop."""
    for ax, ay, dx, dy, length2 in parts:
        along = ((px - ax) * dx + (py - ay) * dy) / length2 if length2 else 0.0
        t = along if 0.0 < along < 1.0 else (0.0 if along <= 0.0 else 1.0)
        found = math.hypot(px - (ax + t * dx), py - (ay + t * dy))
        if found < best:  # noqa: PLR1730 - calling min() here cost a sixth of the layout's time
            best = found
    return best


@functools.cache
def ring_offsets(ring: int) -> tuple[tuple[int, int], ...]:
    """The offsets of the cells exactly `ring` steps (in the larger of x and y) from a cell."""
    if ring == 0:
        return ((0, 0),)
    found = []
    for ox in range(-ring, ring + 1):
        found += [(ox, -ring), (ox, ring)]
    for oy in range(-ring + 1, ring):
        found += [(-ring, oy), (ring, oy)]
    return tuple(found)


def segments_cross(a: Sequence[float], b: Sequence[float], c: Sequence[float], d: Sequence[float]) -> bool:
    """True if segment ab properly crosses segment cd."""

    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2, d3, d4 = side(c, d, a), side(c, d, b), side(a, b, c), side(a, b, d)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and 0 not in (d1, d2, d3, d4)


def segment_crosses_polygon(a: Sequence[float], b: Sequence[float], polygon: Sequence[Sequence[float]]) -> bool:
    """True if the segment ab enters the polygon: crosses an edge or has a point inside."""
    if any(point_in_polygon(p, polygon) for p in (a, b, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))):
        return True
    return any(segments_cross(a, b, p, q) for p, q in zip(polygon, [*polygon[1:], polygon[0]]))


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


def wrap(text: str, size: float, width: float) -> list[str]:
    """Split text into lines that fit `width` units at font size `size` (estimated)."""
    return textwrap.wrap(
        text, max(4, int(width / (size * CHAR_WIDTH))), break_long_words=False, break_on_hyphens=False
    ) or [text]


def text_width(lines: Sequence[str], size: float) -> float:
    return max(len(line) for line in lines) * size * CHAR_WIDTH


@dataclass(frozen=True)
class Frame:
    """Body coordinates to canvas coordinates: canvas = body * scale + (dx, dy)."""

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def pt(self, p: Sequence[float]) -> Pt:
        return (float(p[0]) * self.scale + self.dx, float(p[1]) * self.scale + self.dy)

    def pts(self, ps: Iterable[Sequence[float]]) -> list[Pt]:
        return [self.pt(p) for p in ps]


def plain_text(text: str) -> str:
    """Line breaks become spaces: an inline SVG sits in Markdown source, where data text must
    never start a line (ElementTree escapes the rest)."""
    return " ".join(text.splitlines())


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): plain_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = plain_text(text)
    return element


def multiline(
    parent: ET.Element, lines: Sequence[str], x: float, y: float, line: float, class_: str, **attrs: str
) -> ET.Element:
    """A <text> whose first line is centred on y; later lines follow as <tspan>s."""
    element = sub(parent, "text", x=number(x), y=number(y), class_=class_, **attrs)
    if len(lines) == 1:
        element.text = lines[0]
        return element
    for index, text in enumerate(lines):
        sub(element, "tspan", text, x=number(x), dy="0" if index == 0 else number(line))
    return element


def pattern_defs(block: ET.Element, prefix: str) -> None:
    """Fill patterns: hatching for regions, fibres for muscles, and one per root."""
    pattern = sub(
        block,
        "pattern",
        id=f"{prefix}-hatch",
        width="6",
        height="6",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    sub(pattern, "line", x1="0", y1="0", x2="0", y2="6", class_="sc-hatch-line")
    fibres = sub(
        block,
        "pattern",
        id=f"{prefix}-fibres",
        width="4",
        height="4",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(25)",
    )
    sub(fibres, "line", x1="0", y1="1", x2="4", y2="1", class_="sc-fibre-line")
    # One pattern per root, so the areas differ in shape as well as colour.
    shapes = {
        "l2": ([("line", {"x1": "3", "y1": "0", "x2": "3", "y2": "6"})], None, 6),
        "l3": (
            [
                ("line", {"x1": "3", "y1": "0", "x2": "3", "y2": "7"}),
                ("line", {"x1": "0", "y1": "3", "x2": "7", "y2": "3"}),
            ],
            None,
            7,
        ),
        "l4": ([("line", {"x1": "0", "y1": "3", "x2": "6", "y2": "3"})], None, 6),
        "l5": ([("line", {"x1": "3", "y1": "0", "x2": "3", "y2": "6"})], "rotate(-45)", 6),
        "s1": ([("circle", {"cx": "3", "cy": "3", "r": "1.4"})], None, 6),
        "s2": ([("polyline", {"points": "3.5,0 5.5,2 1.5,6 3.5,8"})], None, (7, 8)),
        "s3": ([("circle", {"cx": "4", "cy": "4", "r": "2.4"})], None, 8),
        "s4-5": (
            [
                ("line", {"x1": "3.5", "y1": "1.5", "x2": "3.5", "y2": "5.5"}),
                ("line", {"x1": "1.5", "y1": "3.5", "x2": "5.5", "y2": "3.5"}),
            ],
            None,
            7,
        ),
    }
    for name, (parts, transform, size) in shapes.items():
        width, height = size if isinstance(size, tuple) else (size, size)
        attrs = {"id": f"{prefix}-{name}", "width": str(width), "height": str(height), "patternUnits": "userSpaceOnUse"}
        if transform:
            attrs["patternTransform"] = transform
        tile = sub(block, "pattern", **attrs)
        for tag, shape in parts:
            sub(tile, tag, class_=f"sc-pattern-{name}", **shape)


def defs(svg: ET.Element, prefix: str) -> ET.Element:
    block = sub(svg, "defs")
    marker = sub(
        block,
        "marker",
        id=f"{prefix}-head",
        viewBox="0 0 10 10",
        refX=number(MARKER_REF),
        refY="5",
        markerWidth=number(MARKER_SIZE),
        markerHeight=number(MARKER_SIZE),
        orient="auto-start-reverse",
    )
    sub(marker, "path", d="M0,0L10,5L0,10Z", class_="sc-arrow-head")
    pattern_defs(block, prefix)
    return block


@dataclass
class Figure:
    """A drawing and its key, built once; shown on a page as two elements and downloaded as one
    SVG. ``drawing`` is a <g> in canvas coordinates (0 0 width height)."""

    prefix: str
    title: str
    desc: str
    width: float
    height: float
    drawing: ET.Element
    keys: list[str]
    note: str
    texts: dict[str, str] = field(default_factory=dict)
    extra_defs: list[ET.Element] = field(default_factory=list)


def svg_root(
    prefix: str, width: float, height: float, title: str, desc: str, extra_defs: Sequence[ET.Element] = ()
) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {number(width)} {number(height)}",
            "class": "sc-diagram",
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "id": prefix,
        },
    )
    sub(svg, "title", title, id=f"{prefix}-title")
    sub(svg, "desc", desc, id=f"{prefix}-desc")
    sub(svg, "style", style_block(prefix))
    block = defs(svg, prefix)
    for element in extra_defs:
        block.append(element)
    sub(svg, "rect", x="0", y="0", width=number(width), height=number(height), class_="sc-bg")
    return svg


def canvas(prefix: str, height: float, title: str, desc: str) -> ET.Element:
    """A VIEW_WIDTH-wide SVG root with its style, patterns and background, for a diagram that
    draws its key inside itself (rather than as a Figure)."""
    return svg_root(prefix, VIEW_WIDTH, height, title, desc)


def canvas_height(body: Body, legend_bottom: float) -> float:
    return max(body.height + BODY_DY + 12, legend_bottom + 4)


def drawing_svg(figure: Figure, page: bool = True) -> str:
    """The drawing alone, as it stands on a page beside (or above) its key. On a page it carries
    a width, so a laptop shows it at a readable size without making it taller than the screen."""
    svg = svg_root(figure.prefix, figure.width, figure.height, figure.title, figure.desc, figure.extra_defs)
    if page:
        svg.set("width", number(round(figure.width * PAGE_SCALE)))
        svg.set("height", number(round(figure.height * PAGE_SCALE)))
    svg.append(figure.drawing)
    return ET.tostring(svg, encoding="unicode")


def combined_svg(figure: Figure) -> str:
    """The drawing with its key beside it, in one SVG: the downloadable file. A long key takes
    two columns, so the file stays about as tall as it is wide (a slide, a page)."""
    scratch = ET.Element("svg")
    columns = [list(figure.keys)]
    bottom = draw_legend(scratch, figure.keys, figure.prefix, figure.note, figure.texts, x0=figure.width)
    if bottom > 1.2 * (figure.width + LEGEND_WIDTH + 4) and len(figure.keys) > 1:
        best: tuple[float, int] = (math.inf, 1)
        for split in range(1, len(figure.keys)):
            first = draw_legend(
                ET.Element("svg"), figure.keys[:split], figure.prefix, figure.note, figure.texts, x0=figure.width
            )
            second = draw_legend(
                ET.Element("svg"), figure.keys[split:], figure.prefix, "", figure.texts, x0=figure.width
            )
            if max(first, second) < best[0]:
                best = (max(first, second), split)
        bottom, split = best
        columns = [list(figure.keys[:split]), list(figure.keys[split:])]
    width = figure.width + (LEGEND_WIDTH + 8) * len(columns)
    height = max(figure.height, bottom + 4)
    svg = svg_root(figure.prefix, width, height, figure.title, figure.desc, figure.extra_defs)
    svg.append(figure.drawing)
    for index, keys in enumerate(columns):
        draw_legend(
            svg,
            keys,
            figure.prefix,
            figure.note if index == 0 else "",
            figure.texts,
            x0=figure.width + index * (LEGEND_WIDTH + 8),
            title=index == 0,
        )
    return ET.tostring(svg, encoding="unicode")


def key_html(figure: Figure) -> Markup:
    """The key as HTML beside the drawing: each symbol is a small SVG drawn as in the figure,
    with its words as page text (they wrap, and follow the reader's text size)."""
    texts = {**LEGEND_ITEMS, **figure.texts}
    items = []
    for key in figure.keys:
        symbol = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "viewBox": "0 0 34 22",
                "class": "sc-key-symbol",
                "aria-hidden": "true",
                "focusable": "false",
            },
        )
        draw_legend_symbol(symbol, key, 5, 11, figure.prefix)
        items.append(el("li", Markup(ET.tostring(symbol, encoding="unicode")), el("span", texts[key]), data_key=key))
    return el(
        "div",
        el("p", "Key", class_="sc-key-title"),
        el("p", figure.note, class_="sc-key-note"),
        el("ul", join(items)),
        class_="sc-key sc-diagram",
        id=f"{figure.prefix}-key",
    )


def figure_html(figure: Figure, caption: Markup | str, figure_id: str, extra: Markup | None = None) -> Markup:
    """The figure on a page: the drawing and its key in a container that wraps, then the caption."""
    return el(
        "figure",
        el("div", on_page(drawing_svg(figure)), key_html(figure), class_="sc-figure-parts"),
        el("figcaption", caption, extra),
        class_="sc-figure",
        id=figure_id,
    )


def draw_body(
    parent: ET.Element, body: Body, sides: bool = True, view: str = "back", frame: Frame | None = None
) -> None:
    """The outline and the details of one view; in body coordinates, or mapped through `frame`."""
    frame = frame or Frame()
    group = sub(parent, "g", class_="sc-layer-body")
    sub(group, "path", d=smooth_path(frame.pts(outline_for(body, view)), closed=True), class_="sc-body")
    for detail in body.details:
        if detail.view == view:
            sub(group, "path", d=smooth_path(frame.pts(detail.points), closed=False), class_="sc-detail")
    if sides:
        draw_sides(group, body, frame.pt, view=view)


SIDE_SIZE = 15  # .sc-side font size


def side_labels(body: Body, view: str = "back") -> list[tuple[str, Pt]]:
    """Which side is which, under each foot (body coordinates): a back view puts the person's
    right on the viewer's right, a front view on the viewer's left."""
    feet = max(y for _, y in body.half_outline)
    foot_x = centroid([p for p in body.half_outline if p[1] > body.height * 0.9])[0]
    right = foot_x if view == "back" else body.width - foot_x
    return [("right", (right, feet)), ("left", (body.width - right, feet))]


def side_label_box(text: str, under: Pt, gap: float = 16) -> tuple[float, float, float, float]:
    """The box of a side label drawn `gap` below the foot (its baseline), centred."""
    width = text_width([text], SIDE_SIZE)
    x, y = under
    return (x - width / 2, y + gap - SIDE_SIZE, x + width / 2, y + gap + SIDE_SIZE * 0.25)


def draw_sides(parent: ET.Element, body: Body, to_view, gap: float = 16, view: str = "back") -> None:
    for text, at in side_labels(body, view):
        vx, vy = to_view(at)
        sub(parent, "text", text, x=number(vx), y=number(vy + gap), class_="sc-side")


def draw_nerve_line(
    group: ET.Element, points: Sequence[Sequence[float]], kind: str, id_: str, beyond: Sequence[Sequence[float]] = ()
) -> None:
    """Trunk and branches are double lines (a coloured tube with a pale core); roots are dotted,
    and so is a nerve's course out of sight."""
    d = smooth_path(points, closed=False)
    sub(group, "path", d=d, class_=f"sc-nerve sc-nerve-{kind}", **{"data-nerve": id_})
    if kind != "root":
        sub(group, "path", d=d, class_=f"sc-nerve-core sc-nerve-{kind}-core")
    if beyond:
        sub(
            group,
            "path",
            d=smooth_path([points[-1], *beyond], closed=False),
            class_="sc-nerve sc-nerve-beyond",
            **{"data-nerve": f"{id_}-beyond"},
        )


def depth_runs(
    points: Sequence[Pt], covers: Sequence[Sequence[Pt]], shortest: float = 4.0
) -> list[tuple[bool, list[Pt]]]:
    """The line through the points cut where it passes under the `covers` (polygons drawn over it):
    (under, part) pairs in order, each part sharing its end with the next. A part shorter than
    `shortest` joins the part before it, so an edge grazed for a moment does not flicker."""
    dense = densify(spline_points(points), 1.0)
    runs: list[tuple[bool, list[Pt]]] = []
    for point in dense:
        under = any(point_in_polygon(point, cover) for cover in covers)
        if runs and runs[-1][0] == under:
            runs[-1][1].append(point)
        else:
            runs.append((under, [runs[-1][1][-1], point] if runs else [point]))
    merged: list[tuple[bool, list[Pt]]] = []
    for under, part in runs:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(part))
        if merged and (length < shortest or merged[-1][0] == under):
            merged[-1] = (merged[-1][0], merged[-1][1] + part[1:])
        else:
            merged.append((under, part))
    return merged


def draw_nerve_depths(
    group: ET.Element,
    points: Sequence[Pt],
    kind: str,
    id_: str,
    covers: Sequence[Sequence[Pt]],
    beyond: Sequence[Pt] = (),
) -> None:
    """A nerve drawn as in draw_nerve_line, dashed where it runs under one of the `covers` (the
    muscles drawn over it), so a reader sees it lies deep to them."""
    for under, part in depth_runs(points, covers):
        d = "M" + points_attr(part[:1]) + "L" + points_attr(part[1:])
        deep = " sc-nerve-deep" if under else ""
        sub(
            group,
            "path",
            d=d,
            class_=f"sc-nerve sc-nerve-{kind}{deep}",
            **{"data-nerve": id_, "data-depth": "under" if under else "open"},
        )
        sub(group, "path", d=d, class_=f"sc-nerve-core sc-nerve-{kind}-core{deep}")
    if beyond:
        sub(
            group,
            "path",
            d=smooth_path([points[-1], *beyond], closed=False),
            class_="sc-nerve sc-nerve-beyond",
            **{"data-nerve": f"{id_}-beyond"},
        )


def draw_nerves(parent: ET.Element, body: Body, roots: bool, frame: Frame | None = None, beyond: bool = False) -> None:
    """The nerve: its roots if asked, trunk and branches, and where they go out of sight if asked
    (a technique diagram leaves that out: the hidden parts are not where hands work)."""
    frame = frame or Frame()
    group = sub(parent, "g", class_="sc-layer-nerve")
    for nerve in body.nerves:
        if nerve.kind != "root" or roots:
            draw_nerve_line(
                group, frame.pts(nerve.points), nerve.kind, nerve.id, frame.pts(nerve.beyond) if beyond else ()
            )


def nerve_samples(body: Body, roots: bool = False, beyond: bool = False, per_segment: int = 12) -> list[list[Pt]]:
    """The drawn nerve lines (trunk and branches; roots and dotted continuations if asked) as
    point lists."""
    lines = []
    for nerve in body.nerves:
        if nerve.kind == "root" and not roots:
            continue
        lines.append(spline_points(nerve.points, per_segment=per_segment))
        if nerve.beyond and beyond:
            lines.append(spline_points([nerve.points[-1], *nerve.beyond], per_segment=per_segment))
    return lines


def draw_label(
    group: ET.Element,
    lines: Sequence[str],
    at: Sequence[float],
    anchor_to: Sequence[float] | None,
    strong: bool = False,
    size: float = LABEL_SIZE,
    align: str | None = None,
    small: bool = False,
) -> None:
    """A label with a leader line from the side of its text to the thing it names (no leader
    when `anchor_to` is None: the label stands on what it names)."""
    x, y = at
    if align is None:
        align = "end" if anchor_to is not None and anchor_to[0] > x else "start"
    callout = sub(group, "g", class_="sc-callout")
    if anchor_to is not None:
        ax, ay = anchor_to
        if align == "middle":
            height = size * 1.15 * (len(lines) - 1)
            start = (x, y + height + size * 0.6) if ay > y else (x, y - size * 0.6)
        else:
            start = (x - (3.0 if align == "start" else -3.0), y)
        sub(callout, "path", d=f"M{points_attr([start])}L{points_attr([(ax, ay)])}", class_="sc-leader")
        sub(callout, "circle", cx=number(ax), cy=number(ay), r="1.8", class_="sc-leader-end")
    classes = "sc-label" + (" sc-label-small" if small else "") + (" sc-label-strong" if strong else "")
    multiline(callout, lines, x, y, size * 1.15, classes, text_anchor=align)


def label_box(lines: Sequence[str], at: Sequence[float], align: str, size: float) -> tuple[float, float, float, float]:
    """Estimated box (x0, y0, x1, y1) of a label drawn by draw_label."""
    width = text_width(lines, size)
    x, y = at
    x0 = {"start": x, "end": x - width, "middle": x - width / 2}[align]
    return (x0, y - size / 2, x0 + width, y - size / 2 + size * 1.15 * len(lines))


def place_side_labels(
    wanted: Sequence[tuple[tuple[float, float], str]], outline, right_limit: float, left_limit: float
) -> list[tuple[tuple[float, float], list[str]]]:
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


# The arrowhead marker: a triangle 10 by 10 in its own units, drawn MARKER_SIZE stroke widths
# wide, its point MARKER_REF units ahead of the line's end. Its size on the drawing:
ARROW_WIDTH = 3.0  # .sc-arrow stroke-width
MARKER_SIZE = 3.2
MARKER_REF = 6.0
_UNIT = MARKER_SIZE * ARROW_WIDTH / 10
ARROW_HEAD = 5 * _UNIT  # half the width of an arrowhead
ARROW_TIP = (10 - MARKER_REF) * _UNIT  # how far its point reaches past the line's end
ARROW_BACK = MARKER_REF * _UNIT  # how far its back lies before the line's end


def arrow_head_points(path: Sequence[Pt]) -> list[Pt]:
    """The corners of the arrowhead at the path's end (the marker is drawn beyond the end)."""
    (x1, y1), (x2, y2) = path[-2], path[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    tip = (x2 + ux * ARROW_TIP, y2 + uy * ARROW_TIP)
    back = (x2 - ux * ARROW_BACK, y2 - uy * ARROW_BACK)
    return [
        tip,
        (back[0] - uy * ARROW_HEAD, back[1] + ux * ARROW_HEAD),
        (back[0] + uy * ARROW_HEAD, back[1] - ux * ARROW_HEAD),
    ]


def densify(path: Sequence[Pt], step: float = 2.0) -> list[Pt]:
    out: list[Pt] = [path[0]]
    for a, b in itertools.pairwise(path):
        n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / step))
        out += [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1)]
    return out


def zigzag_along(path: Sequence[Pt], tooth: float = 7.0, amplitude: float = 5.0) -> list[Pt]:
    """A zig-zag that follows a (possibly curved) path: teeth to either side of it."""
    dense = densify(path, 0.5)
    lengths = [0.0]
    for a, b in itertools.pairwise(dense):
        lengths.append(lengths[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    total = lengths[-1] or 1.0
    teeth = max(4, int(total / tooth))
    out = [dense[0]]
    j = 0
    for i in range(1, teeth):
        target = total * i / teeth
        while j < len(lengths) - 2 and lengths[j + 1] < target:
            j += 1
        (x1, y1), (x2, y2) = dense[j], dense[j + 1]
        seg = math.hypot(x2 - x1, y2 - y1) or 1.0
        t = (target - lengths[j]) / seg
        side = 1 if i % 2 else -1
        out.append(
            (
                x1 + (x2 - x1) * t - (y2 - y1) / seg * amplitude * side,
                y1 + (y2 - y1) * t + (x2 - x1) / seg * amplitude * side,
            )
        )
    out.append(dense[-1])
    return out


def ring(centre: Pt, radius: float, count: int = 24) -> list[Pt]:
    return [(centre[0] + radius * cos, centre[1] + radius * sin) for cos, sin in unit_circle(count)]


@functools.cache
def unit_circle(count: int) -> tuple[tuple[float, float], ...]:
    """The cosine and sine of `count` angles evenly round the circle, from 0: worked out once for
    the thousands of rings the layout tries."""
    return tuple((math.cos(2 * math.pi * k / count), math.sin(2 * math.pi * k / count)) for k in range(count))


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
    "nerve": "Double line: sciatic nerve (deep, under the muscles); strokes run beside it, not on it",
    "nerve-deep": "Dashed double line: where the nerve runs under a muscle drawn over it",
    "root": "Dotted lines: roots L4 to S3, inside the pelvis",
    "beyond": "Dotted line: where a nerve goes on out of sight",
    "muscle": "Striped shape: muscle",
    "muscle-outline": "Dashed outline: gluteus maximus, the big buttock muscle over the nerve",
    "bone": "Pale shape with a firm line: bone you can feel",
    "hollow": "Dotted outline: the hollow behind the knee",
    "midway": "Dotted line: from the bony point of the hip to the sitting bone; the tick marks halfway",
    "key-point": "Dot in a ring: key sensory point, where an examiner tests that root's skin",
    "reflex": "Hammer: where the tendon is tapped for the reflex",
    "faint": "Thin dashed lines: the other roots' areas",
}


for _root, (_name, _pattern) in ROOTS.items():
    LEGEND_ITEMS[f"dermatome-{_name}"] = f"{root_label(_root)} ({_pattern})"


def draw_legend_symbol(group: ET.Element, key: str, x: float, y: float, prefix: str) -> None:
    head = f"url(#{prefix}-head)"
    if key == "badge":
        draw_badge(group, (x + 12, y), "1")
    elif key == "region":
        sub(group, "rect", x=number(x), y=number(y - 8), width="24", height="16", class_="sc-region")
    elif key == "straight":
        sub(
            group,
            "path",
            d=f"M{number(x)},{number(y)}L{number(x + 22)},{number(y)}",
            class_="sc-arrow",
            marker_end=head,
        )
    elif key == "zigzag":
        sub(
            group,
            "polyline",
            points=points_attr(zigzag((x, y), (x + 22, y), teeth=4, amplitude=4)),
            class_="sc-arrow",
            marker_end=head,
        )
    elif key == "circular":
        sub(
            group,
            "path",
            d=f"M{number(x + 20)},{number(y)}A8,8 0 1 1 {number(x + 12)},{number(y - 8)}",
            class_="sc-arrow",
            marker_end=head,
        )
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
    elif key in ("nerve", "nerve-deep"):
        d = f"M{number(x)},{number(y)}L{number(x + 24)},{number(y)}"
        deep = " sc-nerve-deep" if key == "nerve-deep" else ""
        sub(group, "path", d=d, class_="sc-nerve sc-nerve-trunk" + deep)
        sub(group, "path", d=d, class_="sc-nerve-core sc-nerve-trunk-core" + deep)
    elif key in ("root", "beyond"):
        sub(
            group, "path", d=f"M{number(x)},{number(y)}L{number(x + 24)},{number(y)}", class_=f"sc-nerve sc-nerve-{key}"
        )
    elif key in ("muscle", "muscle-outline"):
        sub(
            group,
            "path",
            d=f"M{number(x)},{number(y)}Q{number(x + 12)},{number(y - 10)} {number(x + 24)},"
            f"{number(y)}Q{number(x + 12)},{number(y + 8)} {number(x)},{number(y)}Z",
            class_="sc-muscle" if key == "muscle" else "sc-muscle-outline",
        )
    elif key == "bone":
        sub(
            group,
            "path",
            d=f"M{number(x + 2)},{number(y - 5)}L{number(x + 20)},{number(y - 7)}L{number(x + 23)},"
            f"{number(y + 3)}L{number(x + 12)},{number(y + 8)}L{number(x + 3)},{number(y + 4)}Z",
            class_="sc-bone",
        )
    elif key == "hollow":
        sub(
            group,
            "path",
            d=f"M{number(x + 12)},{number(y - 9)}L{number(x + 23)},{number(y)}L{number(x + 12)},"
            f"{number(y + 9)}L{number(x + 1)},{number(y)}Z",
            class_="sc-hollow",
        )
    elif key == "midway":
        sub(group, "path", d=f"M{number(x)},{number(y)}L{number(x + 24)},{number(y)}", class_="sc-midway")
        sub(
            group,
            "path",
            d=f"M{number(x + 12)},{number(y - 5)}L{number(x + 12)},{number(y + 5)}",
            class_="sc-midway-tick",
        )
    elif key == "key-point":
        draw_key_point(group, (x + 12, y))
    elif key == "reflex":
        draw_reflex(group, (x + 12, y))
    elif key == "faint":
        sub(group, "rect", x=number(x), y=number(y - 8), width="24", height="16", class_="sc-dermatome-faint")
    elif key.startswith("dermatome-"):
        name = key.removeprefix("dermatome-")
        for layer in (f"sc-dermatome-tint sc-tint-{name}", f"sc-dermatome sc-dermatome-{name}"):
            sub(group, "rect", x=number(x), y=number(y - 8), width="24", height="16", class_=layer)


def draw_key_point(group: ET.Element, at: Sequence[float]) -> None:
    x, y = at
    mark = sub(group, "g", class_="sc-mark sc-mark-key-point")
    sub(mark, "circle", cx=number(x), cy=number(y), r="5", class_="sc-key-point")
    sub(mark, "circle", cx=number(x), cy=number(y), r="1.8", class_="sc-key-point-centre")


def draw_reflex(group: ET.Element, at: Sequence[float]) -> None:
    """A small reflex hammer whose head touches the point."""
    x, y = at
    mark = sub(group, "g", class_="sc-mark sc-mark-reflex")
    sub(mark, "circle", cx=number(x), cy=number(y), r="6.5", class_="sc-reflex-ring")
    sub(
        mark,
        "path",
        d=(
            f"M{number(x + 1)},{number(y - 4)}L{number(x + 7)},{number(y - 10)}L{number(x + 10)},"
            f"{number(y - 7)}L{number(x + 4)},{number(y - 1)}Z"
        ),
        class_="sc-reflex",
    )
    sub(
        mark,
        "path",
        d=(
            f"M{number(x + 7.5)},{number(y - 7.5)}L{number(x + 13)},{number(y - 2)}L{number(x + 11.5)},"
            f"{number(y - 0.5)}L{number(x + 6)},{number(y - 6)}Z"
        ),
        class_="sc-reflex",
    )


def draw_legend(
    svg: ET.Element,
    keys: Sequence[str],
    prefix: str,
    note: str,
    texts: dict[str, str] | None = None,
    top: float = 22.0,
    x0: float = LEGEND_X,
    title: bool = True,
) -> float:
    """The key in the column starting at x0; returns the y where it ends."""
    texts = {**LEGEND_ITEMS, **(texts or {})}
    group = sub(svg, "g", class_="sc-layer-legend")
    x = x0 + (0 if x0 == LEGEND_X else 8)
    y = top + 16
    if title:
        sub(group, "text", "Key", x=number(x), y=number(top), class_="sc-legend-title")
    if note:
        note_lines = wrap(note, 16, LEGEND_WIDTH)
        multiline(group, note_lines, x, y, 18, "sc-legend-note")
        y += 18 * len(note_lines) + 12
    for key in keys:
        lines = wrap(texts[key], LEGEND_SIZE, LEGEND_WIDTH - 34)
        entry = sub(group, "g", class_="sc-legend-entry", **{"data-key": key})
        draw_legend_symbol(entry, key, x, y, prefix)
        multiline(entry, lines, x + 34, y, LEGEND_LINE, "sc-legend")
        y += LEGEND_LINE * len(lines) + 10
    return y


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
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    lines = wrap(credit, CREDIT_SIZE, width - 16)
    extra = CREDIT_SIZE * 1.3 * len(lines) + 8
    root.set("viewBox", f"{number(x)} {number(y)} {number(width)} {number(height + extra)}")
    background = root.find(f"{{{SVG_NS}}}rect")
    if background is not None and background.get("class") == "sc-bg":
        background.set("height", number(height + extra))
    metadata = ET.Element(f"{{{SVG_NS}}}metadata")
    metadata.text = plain_text(credit)
    root.insert(2, metadata)
    text = ET.SubElement(root, f"{{{SVG_NS}}}text", {"x": "8", "y": number(height + CREDIT_SIZE), "class": "sc-credit"})
    for index, line in enumerate(lines):
        ET.SubElement(
            text, f"{{{SVG_NS}}}tspan", {"x": "8", "dy": "0" if index == 0 else number(CREDIT_SIZE * 1.3)}
        ).text = line
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


CREDIT_SIZE = 15.0
