"""Technique diagrams: the body seen from behind with the nerve, the regions worked in order,
a stroke for each step drawn beside the nerve (never on it), numbered badges placed clear of
everything else, and a key that lists only the marks the diagram uses. Drawn with the SVG
toolkit (sciatica/render/svg.py); each technique's figure is laid out once per build.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import BodyPoint, Region, SiteData, Step, Technique
from .memo import once_per_data
from .svg import (
    BADGE_RADIUS,
    BODY_DX,
    BODY_DY,
    DRAWING_WIDTH,
    LABEL_SIZE,
    LEGEND_ITEMS,
    Figure,
    Pt,
    Segments,
    arrow_head_points,
    centroid,
    combined_svg,
    densify,
    distance_to_outline,
    draw_badge,
    draw_body,
    draw_label,
    draw_nerves,
    draw_point,
    label_box,
    nerve_samples,
    number,
    outline_for,
    place_side_labels,
    point_in_polygon,
    point_label,
    points_attr,
    ring,
    side_label_box,
    side_labels,
    smooth_path,
    spline_points,
    sub,
    zigzag_along,
)

# Centre-line distance kept between a stroke (arrow, zig-zag, circle, dots, hand) and the nerve:
# half the nerve's width (3.5), half a stroke's (1.5) and a visible gap.
STROKE_CLEARANCE = 7.0


HEAD_CLEARANCE = 4.0  # an arrowhead's corners may come nearer, but never onto the nerve's line


REGION_SLACK = 4.5  # how far a moved stroke may reach past its region's edge


# Between a step badge and the nerve, another badge, a stroke or a point mark (edge to edge).
BADGE_GAP = 2.0


MIDLINE = 120.0   # body x of the midline (body.width / 2 in the data)


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
    radius: float = 8.0   # of a circle

    @property
    def drawn(self) -> tuple[Pt, ...]:
        return self.samples + self.head


def path_stroke(kind: str, path: Sequence[Pt], amplitude: float = 5.0) -> Stroke:
    """A stroke along a path: an arrow, a zig-zag arrow, or a row of dots."""
    path = [tuple(map(float, p)) for p in path]
    if kind == "straight":
        drawn = spline_points(path) if len(path) > 2 else densify(path)
        return Stroke("straight", tuple(path), samples=tuple(drawn), head=tuple(arrow_head_points(path)))
    if kind == "zigzag":
        points = zigzag_along(path, 7.0, amplitude)
        return Stroke("zigzag", tuple(points), samples=tuple(densify(points)), head=tuple(arrow_head_points(points)))
    dense = densify(path, 0.5)
    length = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(dense, dense[1:]))
    count = max(3, min(6, int(length / 9)))
    dots = [dense[min(len(dense) - 1, int((i + 0.5) / count * (len(dense) - 1)))] for i in range(count)]
    return Stroke("dots", tuple(dots), samples=tuple(dots + [q for d in dots for q in ring(d, 3, 8)]))


def spot_stroke(kind: str, centre: Pt, radius: float = 8.0) -> Stroke:
    """A stroke on one spot: small circles, or a hand held still."""
    if kind == "circular":
        return Stroke("circular", (), centre=centre, samples=tuple(ring(centre, radius)), radius=radius)
    cx, cy = centre
    return Stroke("static", (), centre=centre,
                  samples=((cx - 6, cy - 6), (cx + 6, cy - 6), (cx + 6, cy + 6), (cx - 6, cy + 6), (cx, cy)))


def raw_stroke(region: Region, step: Step, at_points: Sequence[BodyPoint]) -> Stroke:
    """The stroke exactly as the data describes it, before it is moved clear of the nerve."""
    if step.direction in ("toward-heart", "away-from-heart", "zigzag", "dots"):
        kind = {"zigzag": "zigzag", "dots": "dots"}.get(step.direction, "straight")
        return path_stroke(kind, stroke_path(region, step.direction))
    if at_points:
        points = [tuple(map(float, p.at)) for p in at_points]
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


def clear_of_nerves(stroke: Stroke, nerves) -> bool:
    needed, head = STROKE_CLEARANCE + LAYOUT_MARGIN, HEAD_CLEARANCE + LAYOUT_MARGIN
    return clearance(stroke.samples, nerves, needed) >= needed and clearance(stroke.head, nerves, head) >= head


def region_distance(p: Sequence[float], polygon: Sequence[Sequence[float]]) -> float:
    """0 inside the polygon, else the distance to its edge."""
    return 0.0 if point_in_polygon(p, polygon) else distance_to_outline(p, polygon)


class Outline(Segments):
    """The body's outline as a polygon and as a segment index."""

    def __init__(self, polygon: Sequence[Pt]):
        super().__init__([polygon], closed=True)
        self.polygon = list(polygon)


def fits(stroke: Stroke, region: Region, outline: Outline, nerves: Segments) -> float | None:
    """How much room (up to 8) the stroke leaves to the body's edge, or None if it breaks a rule:
    it must keep clear of the nerve, stay on the body and not reach far past its region."""
    if max(region_distance(p, region.polygon) for p in stroke.drawn) > REGION_SLACK:
        return None
    if not all(point_in_polygon(p, outline.polygon) for p in stroke.head) or not clear_of_nerves(stroke, nerves):
        return None
    room = 8.0
    for p in stroke.samples:
        room = min(room, outline.distance(p, room))
        if room < 1.5:
            return None
    return room if all(point_in_polygon(p, outline.polygon) for p in stroke.samples) else None


def nerve_xs(nerves: Sequence[Sequence[Pt]], y: float) -> list[float]:
    """Where the nerve lines cross the height y."""
    found = []
    for line in nerves:
        for (x1, y1), (x2, y2) in zip(line, line[1:]):
            if min(y1, y2) <= y <= max(y1, y2) and y1 != y2:
                found.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return found


def beside_nerve(path: Sequence[Pt], nerves: Sequence[Sequence[Pt]], side: int, offset: float) -> list[Pt]:
    """The path pushed sideways, where it must be, to run `offset` beside every nerve line on one
    side (side +1: to the viewer's right of them); elsewhere it stays where it was."""
    dense = densify(path, 2.0)
    xs = []
    for x, y in dense:
        near = nerve_xs(nerves, y)
        if near:
            x = max(x, max(near) + offset) if side > 0 else min(x, min(near) - offset)
        xs.append(x)
    # Smooth the kinks, then make sure smoothing did not pull any point back towards the nerve.
    smooth = [sum(xs[max(0, i - 3):i + 4]) / len(xs[max(0, i - 3):i + 4]) for i in range(len(xs))]
    out = []
    for (x0, y), x in zip(dense, smooth):
        near = nerve_xs(nerves, y)
        if near:
            x = max(x, max(near) + offset) if side > 0 else min(x, min(near) - offset)
        out.append((x, y))
    return out


def stroke_geometry(region: Region, step: Step, at_points: Sequence[BodyPoint], nerves: Sequence[Sequence[Pt]],
                    outline: Sequence[Pt] | Outline) -> Stroke:
    """The step's stroke, kept STROKE_CLEARANCE clear of the nerve (strokes are worked beside the
    nerve, not on it), on the body and on its region. A stroke along the leg runs beside the
    nerve on the side with more room, its zig-zag narrower if need be, and its ends shortened
    where the leg has no room beside the nerve; a stroke on one spot moves to the nearest clear
    spot, its circle smaller if need be. Holds on named points stay where the data puts them."""
    outline = outline if isinstance(outline, Outline) else Outline(outline)
    index = Segments(nerves)
    stroke = raw_stroke(region, step, at_points)
    if stroke.exempt or fits(stroke, region, outline, index) is not None:
        return stroke
    if stroke.kind in ("straight", "zigzag", "dots"):
        base = stroke_path(region, step.direction)
        best, best_room = None, -math.inf
        for amplitude in ((5.0, 4.0, 3.0) if stroke.kind == "zigzag" else (0.0,)):
            extra = amplitude if stroke.kind == "zigzag" else (3.0 if stroke.kind == "dots" else 0.0)
            for side in (1, -1):
                path = beside_nerve(base, nerves, side, (STROKE_CLEARANCE + extra) * 1.2)
                for trim in range(0, len(path) // 2, 2):  # shorten the ends that have no room
                    for lo, hi in ((trim, 0), (0, trim), (trim // 2, trim - trim // 2)):
                        part = path[lo:len(path) - hi]
                        if len(part) < 4:
                            continue
                        candidate = path_stroke(stroke.kind, part[::3] + [part[-1]] if stroke.kind == "straight"
                                                else part, amplitude or 5.0)
                        room = fits(candidate, region, outline, index)
                        if room is not None and (room - trim) > best_room:
                            best, best_room = candidate, room - trim
                    if best is not None:
                        break
            if best is not None:
                return best
        return stroke
    centre = stroke.centre
    for radius in ((8.0, 6.5, 5.0) if stroke.kind == "circular" else (8.0,)):
        for cand in badge_candidates(centre, 24, 2):
            moved = spot_stroke(stroke.kind, cand, radius)
            if fits(moved, region, outline, index) is not None:
                return moved
    return stroke


def badge_candidates(at: Sequence[float], reach: int = 40, step: int = 4) -> list[Pt]:
    """Positions tried for a badge (or a stroke on one spot): the preferred spot, then rings
    around it, nearest first."""
    x, y = float(at[0]), float(at[1])
    out = [(x, y)]
    for radius in range(step, reach + 1, step):
        steps = max(8, int(2 * math.pi * radius / 6))
        out += [(x + radius * math.cos(2 * math.pi * k / steps), y + radius * math.sin(2 * math.pi * k / steps))
                for k in range(steps)]
    return out


def place_badges(wanted: Sequence[Sequence[float]], obstacles: Sequence[tuple[Sequence[Pt], float]],
                 outline: Sequence[Pt], hard: Sequence[tuple[Sequence[Pt], float]] = (),
                 near: Sequence[Sequence[Sequence[float]]] | None = None) -> list[Pt]:
    """Badge centres, in step order, each at the first candidate position near its wanted spot
    (touching its region, on the region's side of the body, else on the body), clear (by
    BADGE_GAP) of the badges already placed and of the
    `hard` obstacles (the nerve), and if possible of the other obstacles (strokes, point marks):
    (points, half-width) pairs. With `near`, a badge stays within reach of its region."""
    placed: list[Pt] = []
    reach = BADGE_RADIUS + BADGE_GAP
    hard_index = [(Segments([points]), half) for points, half in hard]
    soft_index = [(Segments([points]), half) for points, half in obstacles]
    for index, at in enumerate(wanted):
        best, best_score = None, (-math.inf, -math.inf)
        region = near[index] if near is not None else None
        one_side = region is not None and (min(x for x, _ in region) >= MIDLINE or max(x for x, _ in region) <= MIDLINE)
        for c in badge_candidates(at):
            if region is None and not point_in_polygon(c, outline):
                continue
            if region is not None and region_distance(c, region) > BADGE_RADIUS + 4:
                continue  # a badge touches its region ...
            if one_side and (c[0] - MIDLINE) * (centroid(region)[0] - MIDLINE) <= 0:
                continue  # ... and never stands on the other leg
            firm = min([segs.distance(c, half + reach) - half - BADGE_RADIUS for segs, half in hard_index] +
                       [math.hypot(c[0] - b[0], c[1] - b[1]) - 2 * BADGE_RADIUS for b in placed],
                       default=math.inf)
            soft = min([segs.distance(c, half + reach) - half - BADGE_RADIUS for segs, half in soft_index],
                       default=math.inf)
            score = (min(firm, BADGE_GAP), min(soft, BADGE_GAP))
            if score == (BADGE_GAP, BADGE_GAP):
                best = c
                break
            if score > best_score:
                best, best_score = c, score
        placed.append(best if best is not None else (float(at[0]), float(at[1])))
    return placed


def badge_positions(technique: Technique, data: SiteData) -> list[Pt]:
    """Where each step's number stands (body coordinates): near its region's badge point, clear
    of the nerve, the strokes, the point marks, their labels and each other."""
    return technique_layout(technique, data).badges


@dataclass
class TechniqueLayout:
    strokes: list[Stroke]
    badges: list[Pt]
    shown: list[BodyPoint]                                # the points marked, in order of use
    labels: list[tuple[tuple[float, float], list[str]]]   # their labels: position and lines


def box_points(box: tuple[float, float, float, float], step: float = 3.0) -> list[Pt]:
    x0, y0, x1, y1 = box
    return densify([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], step)


@once_per_data
def technique_layout(technique: Technique, data: SiteData) -> TechniqueLayout:
    """Everything placed on a technique diagram (body coordinates): strokes clear of the nerve,
    point labels beside the body, and step badges clear of all of it and of each other."""
    regions, points, body = data.by_id("regions"), data.by_id("points"), data.body
    outline = outline_for(body)
    nerves = nerve_samples(body, per_segment=5)
    edge = Outline(outline)
    strokes = [stroke_geometry(regions[s.region], s, [points[p] for p in s.points], nerves, edge)
               for s in technique.steps]
    shown: list[BodyPoint] = []
    for step in technique.steps:
        shown += [points[p] for p in step.points if points[p] not in shown]
    left, right = label_limits()
    labels = place_side_labels([(tuple(map(float, p.at)), point_label(p)) for p in shown], outline, right, left)
    marks = [tuple(map(float, p.at)) for p in shown]
    hard: list[tuple[Sequence[Pt], float]] = [(line, 3.5) for line in nerves]
    hard += [(box_points(side_label_box(text, at)), 1.0) for text, at in side_labels(body)]
    obstacles: list[tuple[Sequence[Pt], float]] = [(list(s.drawn), 1.5) for s in strokes if s.kind != "hold-points"]
    obstacles += [([m], 8.0) for m in marks]
    obstacles += [(box_points(label_box(lines, at, "start", LABEL_SIZE)), 1.0) for at, lines in labels]
    wanted = []
    used: dict[str, int] = {}
    for step in technique.steps:  # a region worked again later asks for a spot below its first
        repeat = used.get(step.region, 0)
        used[step.region] = repeat + 1
        x, y = regions[step.region].badge_at
        wanted.append((float(x), float(y) + repeat * (2 * BADGE_RADIUS + 3)))
    near = [regions[step.region].polygon for step in technique.steps]
    return TechniqueLayout(strokes, place_badges(wanted, obstacles, outline, hard, near), shown, labels)


def draw_stroke(parent: ET.Element, stroke: Stroke, step: Step, index: int, prefix: str,
                at_points: Sequence[BodyPoint] = ()) -> None:
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
        cx, cy = stroke.centre
        radius = stroke.radius
        sub(group, "path", d=(f"M{number(cx + radius)},{number(cy)}A{number(radius)},{number(radius)} 0 1 1 "
                              f"{number(cx)},{number(cy - radius)}"), class_="sc-arrow", marker_end=head)
    elif stroke.kind == "dots":
        for x, y in stroke.path:
            sub(group, "circle", cx=number(x), cy=number(y), r="3", class_="sc-dot")
    elif stroke.kind == "hold-points":  # static at named points: a square frames each point
        for point in at_points:
            (px, py), half = point.at, (11.0 if point.kind == "cup-site" else 8.5)
            sub(group, "rect", x=number(px - half), y=number(py - half), width=number(2 * half),
                height=number(2 * half), class_="sc-hold sc-hold-frame")
    else:  # static: the hand stays in place
        cx, cy = stroke.centre
        sub(group, "rect", x=number(cx - 6), y=number(cy - 6), width="12", height="12", class_="sc-hold")
        sub(group, "circle", cx=number(cx), cy=number(cy), r="2.4", class_="sc-dot")


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
        sub(worked, "polygon", points=points_attr(regions[region_id].polygon), class_="sc-region",
            **{"data-region": region_id})
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
    return Figure(prefix, f"{technique.name}: order of regions and stroke directions (back view)",
                  " ".join(step_sentence(i, s, regions, points) for i, s in enumerate(technique.steps, 1)),
                  DRAWING_WIDTH, height, group, legend_entries(technique, points),
                  "Back view: the person's right side is on your right.")


@once_per_data
def technique_svg(technique: Technique, data: SiteData) -> str:
    """The technique's diagram with its key beside it, as one SVG (the downloadable file)."""
    return combined_svg(technique_figure(technique, data))
