"""Technique diagrams: the body seen from behind with the nerve, the regions worked in order,
a stroke for each step drawn beside the nerve (never on it), numbered badges placed clear of
everything else, and a key that lists only the marks the diagram uses. Drawn with the SVG
toolkit (sciatica/render/svg.py); each technique's figure is laid out once per build.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import weakref
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..model import BodyPoint, Region, SiteData, Step, Technique
from .memo import once_per_data
from .svg import (
    ARROW_HEAD,
    BADGE_RADIUS,
    BODY_DX,
    BODY_DY,
    DRAWING_WIDTH,
    LABEL_SIZE,
    LEGEND_ITEMS,
    Edge,
    Figure,
    Pt,
    Segments,
    arrow_head_points,
    centroid,
    combined_svg,
    densify,
    distance_to_outline,
    distinct_points,
    draw_badge,
    draw_body,
    draw_label,
    draw_nerves,
    draw_point,
    edge_crossings,
    edges_contain,
    label_box,
    nearest,
    nerve_samples,
    number,
    outline_for,
    place_side_labels,
    point_in_polygon,
    point_label,
    points_attr,
    polygon_edges,
    pt,
    ring,
    side_label_box,
    side_labels,
    smooth_path,
    spline_points,
    sub,
    unit_circle,
    zigzag_along,
)

NERVE_HALF_WIDTH = 3.5  # half the width the trunk is drawn (.sc-nerve-trunk: 7)


STROKE_HALF_WIDTH = 1.5  # half the width a stroke is drawn (.sc-arrow: 3)


# A gap you can see at a glance between a stroke and the nerve, in print too (where both are
# black): wider than the stroke itself. On a page a unit is about a pixel.
VISIBLE_GAP = 5.0


# Centre-line distance kept between a stroke (arrow, zig-zag, circle, dots, hand) and the nerve.
STROKE_CLEARANCE = NERVE_HALF_WIDTH + STROKE_HALF_WIDTH + VISIBLE_GAP


HEAD_CLEARANCE = NERVE_HALF_WIDTH + 3.0  # an arrowhead's corners: a narrower gap, never none


# Centre-line distance between two strokes of one diagram: neither runs over or into the other.
STROKE_SPACING = 2 * STROKE_HALF_WIDTH + 4.0


REGION_SLACK = 4.5  # how far a moved stroke may reach past its region's edge


# A stroke along a path is never shortened below this: an arrow shorter than its head, or three
# dots on top of each other, would say nothing.
MIN_STROKE_LENGTH = 18.0


# A stroke moved beside the nerve goes to the leg's outer side unless the inner side fits it
# much better (less shortened): on the outer side its number has room beside it.
OUTER_SIDE_BONUS = 4.0


# Between a step badge and the nerve, another badge, a stroke or a point mark (edge to edge).
BADGE_GAP = 2.0


# A badge stands beside its own stroke: at most this far from it (edge to centre line) ...
BADGE_REACH = 10.0


# ... and at least this much nearer to it than to any other step's stroke.
BADGE_CLEARLY_NEARER = 4.0


MIDLINE = 120.0  # body x of the midline (body.width / 2 in the data)


def stroke_path(region: Region, direction: str) -> list[tuple[float, float]]:
    """The stroke's path in drawing order: toward the heart runs from the far end to the head end."""
    path = [(float(x), float(y)) for x, y in region.axis]
    return list(reversed(path)) if direction == "toward-heart" else path


def stroke_line(region: Region, direction: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The stroke's start and end."""
    path = stroke_path(region, direction)
    return path[0], path[-1]


@dataclass(frozen=True)
class Stroke:
    """What one step draws, in body coordinates. `samples` are points along the stroke itself
    (the line, its zig-zag teeth, the ring of a circle, the dots, the hand's square) and `head`
    the corners of its arrowhead, for the clearance rules; `exempt` strokes (holds on named
    points) stand where the data puts the points and are not moved."""

    kind: str
    path: tuple[Pt, ...]
    centre: Pt | None = None
    samples: tuple[Pt, ...] = ()
    exempt: bool = False
    head: tuple[Pt, ...] = ()
    radius: float = 8.0  # of a circle

    @property
    def drawn(self) -> tuple[Pt, ...]:
        return self.samples + self.head

    @property
    def middle(self) -> Pt:
        """The centre of a circle or a hold (the kinds that have one)."""
        if self.centre is None:
            raise ValueError(f"a {self.kind} stroke has no centre")
        return self.centre

    def lines(self) -> list[list[Pt]]:
        """What the stroke covers, as lines for a Segments index: its samples (one point each for
        dots and holds, a line for the rest) and the outline of its arrowhead."""
        if self.kind in ("dots", "static", "hold-points"):
            found = [[p] for p in self.samples]
        else:
            found = [list(self.samples) + ([self.samples[0]] if self.kind == "circular" else [])]
        if self.head:
            found.append([*self.head, self.head[0]])
        return found


def path_stroke(kind: str, path: Sequence[Pt], amplitude: float = 5.0) -> Stroke:
    """A stroke along a path: an arrow, a zig-zag arrow, or a row of dots."""
    return course_stroke(kind, stroke_course(kind, path, amplitude))


def stroke_course(kind: str, path: Sequence[Pt], amplitude: float = 5.0) -> list[Pt]:
    """The line a stroke along the path is drawn on (its arrowhead sits on the last two points):
    the path's distinct points, zig-zagged for a zig-zag."""
    path = distinct_points(path)  # as drawn: a repeated end point would turn the arrowhead anywhere
    return zigzag_along(path, 7.0, amplitude) if kind == "zigzag" else path


def course_stroke(kind: str, course: Sequence[Pt]) -> Stroke:
    """The stroke drawn on its course (stroke_course)."""
    if kind == "straight":
        drawn = spline_points(course) if len(course) > 2 else densify(course)
        return Stroke("straight", tuple(course), samples=tuple(drawn), head=tuple(arrow_head_points(course)))
    if kind == "zigzag":
        return Stroke("zigzag", tuple(course), samples=tuple(densify(course)), head=tuple(arrow_head_points(course)))
    dense = densify(course, 0.5)
    length = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(dense))
    count = max(3, min(6, int(length / 9)))
    dots = [dense[min(len(dense) - 1, int((i + 0.5) / count * (len(dense) - 1)))] for i in range(count)]
    return Stroke("dots", tuple(dots), samples=tuple(dots + [q for d in dots for q in ring(d, 3, 8)]))


def spot_stroke(kind: str, centre: Pt, radius: float = 8.0) -> Stroke:
    """A stroke on one spot: small circles, or a hand held still."""
    if kind == "circular":  # drawn clockwise from the right of the circle round to its top, head pointing right
        top = (centre[0], centre[1] - radius)
        return Stroke(
            "circular",
            (),
            centre=centre,
            samples=tuple(ring(centre, radius)),
            radius=radius,
            head=tuple(arrow_head_points([(top[0] - 1.0, top[1]), top])),
        )
    cx, cy = centre
    return Stroke(
        "static",
        (),
        centre=centre,
        samples=((cx - 6, cy - 6), (cx + 6, cy - 6), (cx + 6, cy + 6), (cx - 6, cy + 6), (cx, cy)),
    )


def raw_stroke(region: Region, step: Step, at_points: Sequence[BodyPoint]) -> Stroke:
    """The stroke exactly as the data describes it, before it is moved clear of the nerve."""
    if step.direction in ("toward-heart", "away-from-heart", "zigzag", "dots"):
        kind = {"zigzag": "zigzag", "dots": "dots"}.get(step.direction, "straight")
        return path_stroke(kind, stroke_path(region, step.direction))
    if at_points:
        points = [pt(p.at) for p in at_points]
        return Stroke("hold-points", tuple(points), samples=tuple(points), exempt=True)
    return spot_stroke("circular" if step.direction == "circular" else "static", centroid(region.axis))


def clearance(samples: Sequence[Pt], nerves, cap: float = 60.0) -> float:
    """The least distance from the samples to the nerve lines (given as point lists or as a
    Segments index), up to `cap`."""
    index = nerves if isinstance(nerves, Segments) else Segments(nerves)
    best = cap
    for p in samples:
        best = min(best, index.distance(p, best))
    return best


LAYOUT_MARGIN = 0.3  # the layout measures the nerve as a coarser line: keep a little extra room


def clear_of_nerves(stroke: Stroke, nerves: Segments) -> bool:
    needed, head = STROKE_CLEARANCE + LAYOUT_MARGIN, HEAD_CLEARANCE + LAYOUT_MARGIN
    return not any(nerves.within(p, head) for p in stroke.head) and nerves.none_within(stroke.samples, needed)


def clear_of_strokes(stroke: Stroke, others: Segments | None) -> bool:
    """The stroke keeps STROKE_SPACING from the strokes already placed (its arrowhead too)."""
    needed = STROKE_SPACING + LAYOUT_MARGIN
    return others is None or others.none_within(stroke.drawn, needed)


def region_distance(p: Sequence[float], polygon: Sequence[Sequence[float]]) -> float:
    """0 inside the polygon, else the distance to its edge."""
    return 0.0 if point_in_polygon(p, polygon) else distance_to_outline(p, polygon)


class Outline(Segments):
    """A polygon (the body's outline, a region) and a segment index of its edges."""

    def __init__(self, polygon: Sequence[Pt]):
        super().__init__([polygon], closed=True)
        self.polygon = list(polygon)
        # The edges by height, in bands BAND high: a point is tested only against the edges that
        # reach its height (the body's outline has over a hundred).
        self.bands: dict[int, list[Edge]] = {}
        for edge in polygon_edges(self.polygon):
            _, y1, _, y2 = edge
            for band in range(math.floor(min(y1, y2) / BAND), math.floor(max(y1, y2) / BAND) + 1):
                self.bands.setdefault(band, []).append(edge)

    def contains(self, p: Sequence[float]) -> bool:
        """point_in_polygon(p, self.polygon), from the edges that reach p's height."""
        return edges_contain(p[0], p[1], self.bands.get(math.floor(p[1] / BAND), ()))

    def crossings(self, y: float) -> list[float]:
        """crossings(self.polygon, y), from the edges that reach the height y."""
        return edge_crossings(y, self.bands.get(math.floor(y / BAND), ()))

    def beyond(self, p: Sequence[float], slack: float) -> bool:
        """True if p lies outside the polygon by more than `slack`."""
        return not self.contains(p) and not self.within(p, slack)


BAND = 8.0  # the height of an Outline's bands of edges


@functools.lru_cache(maxsize=64)
def polygon_outline(polygon: tuple[tuple[float, float], ...]) -> Outline:
    return Outline(polygon)


@functools.lru_cache(maxsize=16)
def line_index(lines: tuple[tuple[Pt, ...], ...]) -> Segments:
    """One segment index for the same lines (the nerve, for every stroke of every diagram): the
    cells it gathers on first use are kept for all of them."""
    return Segments(lines)


def region_outline(region: Region) -> Outline:
    return polygon_outline(tuple((float(x), float(y)) for x, y in region.polygon))


def fits(
    stroke: Stroke, region: Region, outline: Outline, nerves: Segments, others: Segments | None = None
) -> float | None:
    """How much room (up to 8) the stroke leaves to the body's edge, or None if it breaks a rule:
    it must keep clear of the nerve and of the other strokes, stay on the body and not reach far
    past its region."""
    if not all(outline.contains(p) for p in stroke.head):  # the cheapest test first
        return None
    if not clear_of_nerves(stroke, nerves) or not clear_of_strokes(stroke, others):
        return None
    shape = region_outline(region)
    if any(shape.beyond(p, REGION_SLACK) for p in stroke.drawn):
        return None
    room = 8.0
    for p in stroke.samples:
        room = min(room, outline.distance(p, room))
        if room < 1.5:
            return None
    return room if all(outline.contains(p) for p in stroke.samples) else None


def nerve_xs(nerves: Sequence[Sequence[Pt]], y: float) -> list[float]:
    """Where the nerve lines cross the height y."""
    found = []
    for line in nerves:
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            if min(y1, y2) <= y <= max(y1, y2) and y1 != y2:
                found.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return found


def nerve_spans(dense: Sequence[Pt], nerves: Sequence[Sequence[Pt]]) -> list[tuple[float, float] | None]:
    """Where the nerve lines cross each point's height: the leftmost and rightmost, or None."""
    spans: list[tuple[float, float] | None] = []
    for _, y in dense:
        near = nerve_xs(nerves, y)
        spans.append((min(near), max(near)) if near else None)
    return spans


def beside_nerve(
    dense: Sequence[Pt], spans: Sequence[tuple[float, float] | None], side: int, offset: float
) -> list[Pt]:
    """The path (densified, with its nerve_spans) pushed sideways, where it must be, to run
    `offset` beside every nerve line on one side (side +1: to the viewer's right of them);
    elsewhere it stays where it was."""

    def pushed(x: float, span: tuple[float, float] | None) -> float:
        if span is None:
            return x
        return max(x, span[1] + offset) if side > 0 else min(x, span[0] - offset)

    xs = [pushed(x, span) for (x, _), span in zip(dense, spans)]
    # Smooth the kinks, then make sure smoothing did not pull any point back towards the nerve.
    smooth = [sum(xs[max(0, i - 3) : i + 4]) / len(xs[max(0, i - 3) : i + 4]) for i in range(len(xs))]
    return [(pushed(x, span), y) for (_, y), x, span in zip(dense, smooth, spans)]


def stroke_geometry(
    region: Region,
    step: Step,
    at_points: Sequence[BodyPoint],
    nerves: Sequence[Sequence[Pt]],
    outline: Sequence[Pt] | Outline,
    others: Segments | None = None,
) -> Stroke:
    """The step's stroke, kept STROKE_CLEARANCE clear of the nerve (strokes are worked beside the
    nerve, not on it) and STROKE_SPACING clear of the `others` (strokes already placed), on the
    body and on its region. A stroke along the leg runs beside the nerve on the side with more
    room, its zig-zag narrower if need be, and its ends shortened where the leg has no room
    beside the nerve; a stroke on one spot moves to the nearest clear spot, its circle smaller if
    need be. Holds on named points stay where the data puts them."""
    outline = outline if isinstance(outline, Outline) else Outline(outline)
    index = line_index(tuple(tuple(line) for line in nerves))
    stroke = raw_stroke(region, step, at_points)
    if stroke.exempt or fits(stroke, region, outline, index, others) is not None:
        return stroke
    if stroke.kind in ("straight", "zigzag", "dots"):
        # The path's nerve crossings, worked out once for every side, distance and zig-zag width.
        base = densify(stroke_path(region, step.direction), 2.0)
        spans = nerve_spans(base, nerves)
        best, best_score = None, -math.inf
        outer = 1 if centroid(region.polygon)[0] >= MIDLINE else -1
        for amplitude in (5.0, 4.0, 3.0, 2.5) if stroke.kind == "zigzag" else (0.0,):
            # How far the stroke reaches beside its path: teeth, a dot's radius, the arrowhead.
            head = HEAD_CLEARANCE + ARROW_HEAD - STROKE_CLEARANCE
            extra = {"zigzag": max(amplitude, head), "dots": 3.0}.get(stroke.kind, head)
            for side in (outer, -outer):
                for margin in (1.2, 1.1, 1.04):  # further from the nerve where there is room
                    found = shortest_fit(
                        stroke.kind,
                        beside_nerve(base, spans, side, (STROKE_CLEARANCE + extra) * margin),
                        amplitude or 5.0,
                        region,
                        outline,
                        index,
                        others,
                    )
                    if found is not None:
                        # A narrower zig-zag costs a little; so does the inner side.
                        score = found[1] + (OUTER_SIDE_BONUS if side == outer else 0.0) - (5.0 - (amplitude or 5.0))
                        if score > best_score:
                            best, best_score = found[0], score
        return best if best is not None else stroke
    centre = stroke.middle
    for radius in (8.0, 6.5, 5.0) if stroke.kind == "circular" else (8.0,):
        for cand in badge_candidates(centre, 24, 2):
            moved = spot_stroke(stroke.kind, cand, radius)
            if fits(moved, region, outline, index, others) is not None:
                return moved
    return stroke


def shortest_fit(
    kind: str,
    path: Sequence[Pt],
    amplitude: float,
    region: Region,
    outline: Outline,
    index: Segments,
    others: Segments | None,
) -> tuple[Stroke, float] | None:
    """The stroke along the path, its ends shortened as little as will make it fit, with its
    score (room to the body's edge, less the points cut off); None if nothing fits. It is looked
    for in the longest run of path points that are clear on their own, shrunk a little at a time
    (a zig-zag's teeth and an arrowhead reach beyond the path)."""
    nerve_gap, stroke_gap, edge_gap = STROKE_CLEARANCE, STROKE_SPACING, 1.5  # the path itself; fits() checks the rest
    shape = region_outline(region)

    def clear(p: Pt) -> bool:
        return (
            not index.within(p, nerve_gap)
            and (others is None or not others.within(p, stroke_gap))
            and outline.contains(p)
            and not outline.within(p, edge_gap)
            and not shape.beyond(p, REGION_SLACK)
        )

    flags = [clear(p) for p in path]
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    for lo, hi in sorted(runs, key=lambda run: (run[0] - run[1], run[0])):
        for shrink in range(min(hi - lo - 3, 20)):
            found = None
            for cut in range(shrink + 1):
                part = list(path[lo + cut : hi - (shrink - cut)])
                if len(part) < 4 or math.dist(part[0], part[-1]) < MIN_STROKE_LENGTH:
                    continue
                course = stroke_course(kind, part[::3] + [part[-1]] if kind == "straight" else part, amplitude)
                if kind != "dots" and not all(outline.contains(p) for p in arrow_head_points(course)):
                    continue  # fits() turns down an arrowhead off the body: the rest of the stroke need not be drawn
                candidate = course_stroke(kind, course)
                room = fits(candidate, region, outline, index, others)
                if room is not None and (found is None or room - (len(path) - len(part)) > found[1]):
                    found = (candidate, room - (len(path) - len(part)))
            if found is not None:
                return found
    return None


def badge_candidates(
    at: Sequence[float], reach: int = 40, step: int = 4, spacing: float = 6.0, towards: Sequence[float] | None = None
) -> Iterator[Pt]:
    """Positions tried for a badge (or a stroke on one spot): the preferred spot, then rings
    around it, nearest first, `step` apart, with candidates about `spacing` apart on each; on
    each ring, those nearest to `towards` first. Ring by ring, as asked: most searches stop early."""
    x, y = float(at[0]), float(at[1])
    yield (x, y)
    for radius in range(step, reach + 1, step):
        steps = max(8, int(2 * math.pi * radius / spacing))
        ring_ = [(x + radius * cos, y + radius * sin) for cos, sin in unit_circle(steps)]
        if towards is not None:
            ring_.sort(key=lambda c: math.dist(c, towards))
        yield from ring_


def belongs(c: Pt, index: int, own: Sequence[Segments]) -> bool:
    """A badge at c reads as its own stroke's: within BADGE_REACH of it (edge to centre line),
    and clearly nearer to it than to any other step's stroke."""
    mine = own[index].distance(c, BADGE_RADIUS + BADGE_REACH + 1)
    if mine > BADGE_RADIUS + BADGE_REACH:
        return False
    return all(
        other.distance(c, mine + BADGE_CLEARLY_NEARER) >= mine + BADGE_CLEARLY_NEARER
        for k, other in enumerate(own)
        if k != index
    )


def on_own_side(c: Pt, right: bool, outline: Outline) -> bool:
    """A badge at c stays off the other side of the body: clear of the midline, or below the
    crotch, clear of the other leg (it may reach into the gap between the legs)."""
    sign = 1.0 if right else -1.0
    if (c[0] - MIDLINE) * sign >= BADGE_RADIUS:
        return True  # clear of the midline: the other leg's edge lies beyond it, farther still
    limit = MIDLINE
    across = [x for x in outline.crossings(c[1]) if (x - MIDLINE) * sign < 0]
    if across:
        inner = max(across, key=lambda x: (x - MIDLINE) * sign)  # the other side's edge nearest the middle
        if abs(inner - MIDLINE) < 10:  # the other leg, not the other side of the trunk
            limit = inner
    return (c[0] - limit) * sign >= BADGE_RADIUS


def grouped(obstacles: Sequence[tuple[Sequence[Pt], float]]) -> list[tuple[Segments, float]]:
    """Obstacles of one half-width share one segment index."""
    by_half: dict[float, list[Sequence[Pt]]] = {}
    for points, half in obstacles:
        by_half.setdefault(half, []).append(points)
    return [(Segments(lines), half) for half, lines in by_half.items()]


def place_badges(
    wanted: Sequence[Sequence[float]],
    obstacles: Sequence[tuple[Sequence[Pt], float]],
    outline: Sequence[Pt],
    hard: Sequence[tuple[Sequence[Pt], float]] = (),
    near: Sequence[Sequence[Sequence[float]]] | None = None,
    own: Sequence[Sequence[Sequence[Pt]]] | None = None,
    towards: Sequence[Sequence[float]] | None = None,
) -> list[Pt]:
    """Badge centres, in step order, each at the first candidate position near its wanted spot
    (touching its region, on the region's side of the body, else on the body), clear (by
    BADGE_GAP) of the badges already placed and of the
    `hard` obstacles (the nerve), and if possible of the other obstacles (strokes, point marks):
    (points, half-width) pairs. With `near`, a badge stays within reach of its region; with
    `own` (each step's stroke as lines), it stands beside its own stroke, nearer to it than to
    any other, so the number is found at a glance."""
    placed: list[Pt] = []
    reach = BADGE_RADIUS + BADGE_GAP
    hard_index, soft_index = grouped(hard), grouped(obstacles)
    own_index = [Segments(lines) for lines in own] if own is not None else None
    edge = polygon_outline(tuple(pt(q) for q in outline))
    for index, at in enumerate(wanted):
        best, best_score = None, (-math.inf, False, -math.inf)
        region = near[index] if near is not None else None
        one_side = region is not None and (min(x for x, _ in region) >= MIDLINE or max(x for x, _ in region) <= MIDLINE)
        right = region is not None and centroid(region)[0] > MIDLINE
        for c in badge_candidates(at, 40, 2, 1.5, towards[index] if towards is not None else None):
            if region is None and not point_in_polygon(c, outline):
                continue
            if region is not None and region_distance(c, region) > BADGE_RADIUS + 4:
                continue  # a badge touches its region ...
            if one_side and region is not None and not on_own_side(c, right, edge):
                continue  # ... and never stands on, or reaches over, the other side
            firm = min(
                min(
                    [segs.distance(c, half + reach) - half - BADGE_RADIUS for segs, half in hard_index]
                    + [math.hypot(c[0] - b[0], c[1] - b[1]) - 2 * BADGE_RADIUS for b in placed],
                    default=math.inf,
                ),
                BADGE_GAP,
            )
            if firm < best_score[0]:
                continue  # cannot do better than the best so far
            found = own_index is None or belongs(c, index, own_index)
            if (firm, found) < best_score[:2]:
                continue
            soft = min(
                [segs.distance(c, half + reach) - half - BADGE_RADIUS for segs, half in soft_index], default=math.inf
            )
            score = (firm, found, min(soft, BADGE_GAP))
            if score == (BADGE_GAP, True, BADGE_GAP):
                best = c
                break
            if score > best_score:
                best, best_score = c, score
        placed.append(best if best is not None else (float(at[0]), float(at[1])))
    return placed


def badge_positions(technique: Technique, data: SiteData) -> list[Pt]:
    """Where each step's number stands (body coordinates): beside its own stroke, near its
    region's badge point, clear of the nerve, the strokes, the point marks, their labels and
    each other."""
    return technique_layout(technique, data).badges


@dataclass
class TechniqueLayout:
    strokes: list[Stroke]
    badges: list[Pt]
    shown: list[BodyPoint]  # the points marked, in order of use
    labels: list[tuple[tuple[float, float], list[str]]]  # their labels: position and lines


def box_points(box: tuple[float, float, float, float], step: float = 3.0) -> list[Pt]:
    x0, y0, x1, y1 = box
    return densify([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], step)


# Layouts already worked out, by all a layout is made of: the technique as written and the body it
# is drawn on (the outline and nerve, the regions, the points). A page, its download and its handout
# share one layout; in the live preview a saved data file redraws only the techniques whose entry,
# or whose body, changed.
_LAYOUTS: dict[tuple[str, str], TechniqueLayout] = {}
_KEPT_LAYOUTS = 256  # a long preview session's edits: beyond this, start again
# The body's key, per data object (held weakly: a reloaded data file is a new object).
_BODY_KEYS: dict[int, tuple[weakref.ref, str]] = {}


def body_key(data: SiteData) -> str:
    """A digest of everything of the data a technique layout reads besides the technique itself."""
    entry = _BODY_KEYS.get(id(data))
    if entry is None or entry[0]() is not data:
        for gone in [k for k, (ref, _) in _BODY_KEYS.items() if ref() is None]:
            del _BODY_KEYS[gone]
        parts = [data.body.model_dump_json(), *(r.model_dump_json() for r in data.regions)]
        parts += [p.model_dump_json() for p in data.points]
        entry = _BODY_KEYS[id(data)] = (weakref.ref(data), hashlib.sha256("\n".join(parts).encode()).hexdigest())
    return entry[1]


def technique_layout(technique: Technique, data: SiteData) -> TechniqueLayout:
    """Everything placed on a technique diagram (body coordinates), worked out once for each
    technique and body."""
    key = (technique.model_dump_json(), body_key(data))
    layout = _LAYOUTS.get(key)
    if layout is None:
        if len(_LAYOUTS) >= _KEPT_LAYOUTS:
            _LAYOUTS.clear()
        layout = _LAYOUTS[key] = work_out_layout(technique, data)
    return layout


def work_out_layout(technique: Technique, data: SiteData) -> TechniqueLayout:
    """Everything placed on a technique diagram (body coordinates): strokes clear of the nerve and
    of each other, point labels beside the body, and step badges beside their own strokes, clear
    of all of it and of each other."""
    regions, points, body = data.by_id("regions"), data.by_id("points"), data.body
    outline = outline_for(body)
    nerves = nerve_samples(body, per_segment=5)
    edge = polygon_outline(tuple(outline))
    strokes = place_strokes(technique.steps, regions, points, nerves, edge)
    shown: list[BodyPoint] = []
    for step in technique.steps:
        shown += [points[p] for p in step.points if points[p] not in shown]
    left, right = label_limits()
    labels = place_side_labels([(pt(p.at), point_label(p)) for p in shown], outline, right, left)
    marks = [pt(p.at) for p in shown]
    hard: list[tuple[Sequence[Pt], float]] = [(line, 3.5) for line in nerves]
    hard += [(box_points(side_label_box(text, at)), 1.0) for text, at in side_labels(body)]
    obstacles: list[tuple[Sequence[Pt], float]] = [
        (line, STROKE_HALF_WIDTH) for s in strokes if s.kind != "hold-points" for line in s.lines()
    ]
    obstacles += [([m], 8.0) for m in marks]
    obstacles += [(box_points(label_box(lines, at, "start", LABEL_SIZE)), 1.0) for at, lines in labels]
    own = [stroke_outline(stroke, [points[p] for p in step.points]) for step, stroke in zip(technique.steps, strokes)]
    wanted, spots = [], []
    used: dict[str, int] = {}
    for step, stroke, lines in zip(technique.steps, strokes, own):  # a region worked again: a spot below
        repeat = used.get(step.region, 0)
        used[step.region] = repeat + 1
        x, y = regions[step.region].badge_at
        spots.append((float(x), float(y) + repeat * (2 * BADGE_RADIUS + 3)))
        # Round the point of its stroke (not of its arrowhead) nearest the region's badge point,
        # on that side first.
        line = lines if step.points else [list(stroke.samples)]
        wanted.append(nearest([p for part in line for p in densify(part, 1.0)], spots[-1]))
    near = [regions[step.region].polygon for step in technique.steps]
    return TechniqueLayout(strokes, place_badges(wanted, obstacles, outline, hard, near, own, spots), shown, labels)


def place_strokes(
    steps: Sequence[Step],
    regions: Mapping[str, Region],
    points: Mapping[str, BodyPoint],
    nerves: Sequence[Sequence[Pt]],
    edge: Outline,
) -> list[Stroke]:
    """Every step's stroke, in step order, each clear of the strokes placed before it. Holds on
    named points go first (they cannot move), then the longest strokes (a stroke down the
    whole leg has the fewest places to go), then the rest."""
    raw = [raw_stroke(regions[s.region], s, [points[p] for p in s.points]) for s in steps]
    order = sorted(range(len(steps)), key=lambda i: (not raw[i].exempt, -stroke_length(raw[i]), i))
    placed: dict[int, Stroke] = {}
    for i in order:
        others = Segments([line for k in placed for line in placed[k].lines()]) if placed else None
        step = steps[i]
        placed[i] = stroke_geometry(regions[step.region], step, [points[p] for p in step.points], nerves, edge, others)
    return [placed[i] for i in range(len(steps))]


def stroke_length(stroke: Stroke) -> float:
    return sum(math.dist(a, b) for a, b in zip(stroke.path, stroke.path[1:])) if stroke.kind != "hold-points" else 0.0


def hold_half(point: BodyPoint) -> float:
    """Half the side of the square drawn round a point held still."""
    return 11.0 if point.kind == "cup-site" else 8.5


def stroke_outline(stroke: Stroke, at_points: Sequence[BodyPoint]) -> list[list[Pt]]:
    """The stroke as drawn, as lines: a hold on named points is the squares round them."""
    if stroke.kind != "hold-points":
        return stroke.lines()
    squares = []
    for point in at_points:
        (x, y), half = point.at, hold_half(point)
        squares.append(
            [
                (x - half, y - half),
                (x + half, y - half),
                (x + half, y + half),
                (x - half, y + half),
                (x - half, y - half),
            ]
        )
    return squares


def draw_stroke(
    parent: ET.Element, stroke: Stroke, step: Step, index: int, prefix: str, at_points: Sequence[BodyPoint] = ()
) -> None:
    """Every step draws exactly one group in the strokes layer, whatever its kind."""
    group = sub(parent, "g", class_=f"sc-stroke sc-stroke-{symbol_key(step)}", **{"data-step": str(index)})
    head = f"url(#{prefix}-head)"
    if stroke.kind == "straight":
        path = stroke.path
        d = f"M{points_attr([path[0]])}L{points_attr([path[-1]])}" if len(path) == 2 else smooth_path(path, False)
        sub(group, "path", d=d, class_="sc-arrow", marker_end=head)
    elif stroke.kind == "zigzag":
        sub(group, "polyline", points=points_attr(stroke.path), class_="sc-arrow", marker_end=head)
    elif stroke.kind == "circular":
        cx, cy = stroke.middle
        radius = stroke.radius
        sub(
            group,
            "path",
            d=(
                f"M{number(cx + radius)},{number(cy)}A{number(radius)},{number(radius)} 0 1 1 "
                f"{number(cx)},{number(cy - radius)}"
            ),
            class_="sc-arrow",
            marker_end=head,
        )
    elif stroke.kind == "dots":
        for x, y in stroke.path:
            sub(group, "circle", cx=number(x), cy=number(y), r="3", class_="sc-dot")
    elif stroke.kind == "hold-points":  # static at named points: a square frames each point
        for point in at_points:
            (px, py), half = point.at, hold_half(point)
            sub(
                group,
                "rect",
                x=number(px - half),
                y=number(py - half),
                width=number(2 * half),
                height=number(2 * half),
                class_="sc-hold sc-hold-frame",
            )
    else:  # static: the hand stays in place
        cx, cy = stroke.middle
        sub(group, "rect", x=number(cx - 6), y=number(cy - 6), width="12", height="12", class_="sc-hold")
        sub(group, "circle", cx=number(cx), cy=number(cy), r="2.4", class_="sc-dot")


def symbol_key(step: Step) -> str:
    return "straight" if step.direction in ("toward-heart", "away-from-heart") else step.direction


def legend_entries(technique: Technique, points: Mapping[str, BodyPoint]) -> list[str]:
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


def caption(technique: Technique, points: Mapping[str, BodyPoint]) -> str:
    """The figure caption: only the marks this diagram really uses."""
    used = [CAPTION_PARTS[key] for key in legend_entries(technique, points) if key in CAPTION_PARTS]
    return (
        f"{technique.name}: the numbered regions are worked in order; {'; '.join(used)}. "
        "The same steps are listed in words below. "
    )


def step_sentence(number_: int, step: Step, regions: Mapping[str, Region], points: Mapping[str, BodyPoint]) -> str:
    """One step in words; the text alternative and the SVG description share it."""
    where = regions[step.region].name
    direction = {
        "toward-heart": "towards the heart",
        "away-from-heart": "away from the heart",
        "circular": "in small circles",
        "zigzag": "in a zig-zag along the muscle",
        "static": "held still",
        "dots": "as rhythmic tapping",
    }[step.direction]
    named = ", ".join(f"{points[p].code or points[p].name} ({points[p].location})" for p in step.points)
    at_points = f" at {named}" if named else ""
    return (
        f"Step {number_}: {step.stroke} of the {where}{at_points}, {direction}, "
        f"{step.pressure} pressure, {step.duration}."
    )


def body_frame(parent: ET.Element) -> ET.Element:
    """Everything drawn in the data file's body coordinates goes in this group."""
    return sub(parent, "g", class_="sc-frame", transform=f"translate({number(BODY_DX)},{number(BODY_DY)})")


def label_limits() -> tuple[float, float]:
    """Body-coordinate x limits for labels: the canvas's left edge and the drawing's right edge."""
    return 2 - BODY_DX, DRAWING_WIDTH - 8 - BODY_DX


@once_per_data
def technique_figure(technique: Technique, data: SiteData) -> Figure:
    """The technique's diagram: the body with the nerve, the regions in order, the strokes and
    the step numbers; its key lists only the symbols it uses."""
    regions, points, body = data.by_id("regions"), data.by_id("points"), data.body
    prefix = f"dia-{technique.id}"
    group = ET.Element("g", {"class": "sc-drawing"})
    frame = body_frame(group)
    draw_body(frame, body)
    # The nerve lies deep: drawn under the regions and strokes, as a landmark to work around.
    draw_nerves(frame, body, roots=False)
    worked = sub(frame, "g", class_="sc-layer-regions")
    for region_id in dict.fromkeys(step.region for step in technique.steps):
        sub(
            worked,
            "polygon",
            points=points_attr(regions[region_id].polygon),
            class_="sc-region",
            **{"data-region": region_id},
        )
    strokes_layer = sub(frame, "g", class_="sc-layer-strokes")
    marks = sub(frame, "g", class_="sc-layer-points")
    labels = sub(frame, "g", class_="sc-layer-labels")
    badges = sub(frame, "g", class_="sc-layer-badges")
    layout = technique_layout(technique, data)
    for index, (step, stroke) in enumerate(zip(technique.steps, layout.strokes), 1):
        draw_stroke(strokes_layer, stroke, step, index, prefix, [points[p] for p in step.points])
    for point in layout.shown:
        draw_point(marks, point)
    for point, (at, lines) in zip(layout.shown, layout.labels):
        draw_label(labels, lines, at, point.at)
    for index, at in enumerate(layout.badges, 1):
        draw_badge(badges, at, str(index))
    height = body.height + BODY_DY + 12
    texts = {"nerve": NERVE_ON_LINE} if points_on_nerve(technique, data) else {}
    return Figure(
        prefix,
        f"{technique.name}: order of regions and stroke directions (back view)",
        " ".join(step_sentence(i, s, regions, points) for i, s in enumerate(technique.steps, 1)),
        DRAWING_WIDTH,
        height,
        group,
        legend_entries(technique, points),
        "Back view: the person's right side is on your right.",
        texts,
    )


# The key's words for the nerve where named points lie over it (the data asks for light pressure
# there; tests/unit/test_diagrams.py checks that it does).
NERVE_ON_LINE = (
    "Double line: sciatic nerve (deep, under the muscles); strokes run beside it; points over it are pressed lightly"
)


POINT_RING = 4.2  # radius of a point's ring (svg.draw_point)


def points_on_nerve(technique: Technique, data: SiteData) -> list[tuple[Step, BodyPoint]]:
    """The named points, with their steps, whose ring lies across the nerve as drawn (its centre
    within the nerve's width plus the ring's radius of the nerve's line)."""
    index = Segments(nerve_samples(data.body, per_segment=5))
    points = data.by_id("points")
    over = NERVE_HALF_WIDTH + POINT_RING
    return [
        (step, points[p]) for step in technique.steps for p in step.points if index.distance(points[p].at, over) < over
    ]


@once_per_data
def technique_svg(technique: Technique, data: SiteData) -> str:
    """The technique's diagram with its key beside it, as one SVG (the downloadable file)."""
    return combined_svg(technique_figure(technique, data))
