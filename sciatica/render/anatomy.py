"""Anatomy figures from the body geometry in the data file: the sciatic nerve with the landmarks
that show where it lies, the dermatome map (front and back, L2 to S4-5), and one figure per root
for the root explorer (skin area, key muscles and reflex together).

Everything is drawn in canvas coordinates: body coordinates go through a ``Frame`` (scale and
offset), so text, lines and patterns keep their size whatever the zoom.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Body, Dermatome, RootLevel, SiteData, short_name
from .html import el, join
from .memo import once_per_data
from .svg import (
    LEGEND_ITEMS,
    XLINK_NS,
    Figure,
    Frame,
    Pt,
    centroid,
    combined_svg,
    crossings,
    draw_body,
    draw_key_point,
    draw_label,
    draw_nerve_depths,
    draw_nerve_line,
    draw_reflex,
    draw_sides,
    figure_html,
    nearest,
    number,
    outline_for,
    point_in_polygon,
    points_attr,
    pt,
    root_class,
    root_label,
    smooth_path,
    spline_points,
    sub,
    wrap,
)

LABEL = 15.0  # label size in the anatomy figures (at least 10 px on a 320 px phone)
LINE = LABEL * 1.15
MIDWAY = ("greater-trochanter", "ischial-tuberosity")  # the nerve passes down between these; the tick marks the middle


def polygon_points(polygon: Sequence[Sequence[float]], step: float = 2.0) -> list[Pt]:
    """Points along a polygon's edges, for finding where a leader line should end."""
    pts = [pt(p) for p in polygon]
    out: list[Pt] = []
    for a, b in zip(pts, [*pts[1:], pts[0]]):
        n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / step))
        out += [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(n)]
    return out


@dataclass
class Callout:
    """A label in a column beside the drawing, joined by a leader to what it names."""

    text: str
    want_y: float  # canvas height of what it names
    targets: list[Pt]  # canvas points on what it names; the leader ends at the nearest
    x: float  # the column's edge next to the drawing
    align: str  # "end": the column is left of the drawing; "start": right of it
    room: float  # the column's width
    strong: bool = False
    y: float = 0.0

    @property
    def lines(self) -> list[str]:
        return wrap(self.text, LABEL, self.room)


def stack_column(callouts: list[Callout], top: float, bottom: float) -> None:
    """Heights for the labels of one column, in the order of what they name, pushed apart so that
    none overlap, and back up if the last would run off the bottom."""
    ordered = sorted(callouts, key=lambda c: c.want_y)
    last = top - 4
    for c in ordered:
        c.y = max(c.want_y, last + 4 + LINE / 2)
        last = c.y + LINE * (len(c.lines) - 0.5)
    overflow = last - bottom
    if overflow > 0:
        for c in ordered:
            c.y -= overflow


def draw_callouts(group: ET.Element, callouts: Sequence[Callout]) -> None:
    for c in callouts:
        end = nearest(c.targets, (c.x, c.y))
        draw_label(group, c.lines, (c.x, c.y), end, strong=c.strong, size=LABEL, align=c.align, small=True)


# --- the nerve and its landmarks -------------------------------------------------------------

NERVE_SCALE = 1.6
NERVE_CROP = (100.0, 194.0)  # body x and y at the drawing's left and top edges
NERVE_LEFT, NERVE_TOP = 148.0, 40.0
NERVE_WIDTH = 430.0


def nerve_frame() -> Frame:
    x0, y0 = NERVE_CROP
    return Frame(NERVE_SCALE, NERVE_LEFT - x0 * NERVE_SCALE, NERVE_TOP - y0 * NERVE_SCALE)


def midway_point(body: Body) -> tuple[Pt, Pt, Pt] | None:
    """The centres of the greater trochanter and the ischial tuberosity, and the point halfway."""
    found = {landmark.id: centroid(landmark.polygon) for landmark in body.landmarks}
    if not all(name in found for name in MIDWAY):
        return None
    a, b = found[MIDWAY[0]], found[MIDWAY[1]]
    return a, b, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def nerve_callouts(body: Body, frame: Frame, height: float) -> list[Callout]:
    """Labels for every named part: medial parts in the column on the left (where the left half
    of the body is cut away), lateral parts on the right, each at the height its data asks for."""
    right_edge = frame.pt((182, 0))[0] + 8
    left: list[Callout] = []
    right: list[Callout] = []

    def add(part, at, targets, strong=False, anchor=None):
        x, y = frame.pt(at)
        column = left if x < NERVE_LEFT else right
        callout = (
            Callout(
                short_name(part),
                y,
                [anchor] if anchor else frame.pts(targets),
                NERVE_LEFT - 8,
                "end",
                NERVE_LEFT - 14,
                strong,
            )
            if column is left
            else Callout(
                short_name(part),
                y,
                [anchor] if anchor else frame.pts(targets),
                right_edge,
                "start",
                NERVE_WIDTH - right_edge - 4,
                strong,
            )
        )
        column.append(callout)

    mid = midway_point(body)
    for nerve in body.nerves:
        if nerve.label_at is None:
            continue
        anchor = None
        if nerve.kind == "trunk" and mid is not None:  # the leader ends where the nerve crosses halfway
            anchor = nearest(frame.pts(spline_points(nerve.points)), frame.pt(mid[2]))
        add(nerve, nerve.label_at, spline_points(nerve.points), True, anchor)
    for muscle in body.muscles:
        if muscle.landmark:
            add(muscle, muscle.label_at, polygon_points(muscle.polygon))
    for landmark in body.landmarks:
        add(landmark, landmark.label_at, polygon_points(landmark.polygon))
    roots = sorted((n for n in body.nerves if n.kind == "root"), key=lambda n: n.points[0][1])
    for nerve in roots:
        left.append(
            Callout(
                nerve.name.split()[0],
                frame.pt(nerve.points[0])[1],
                [frame.pt(nerve.points[0])],
                NERVE_LEFT - 8,
                "end",
                NERVE_LEFT - 14,
            )
        )
    for column in (left, right):
        stack_column(column, NERVE_TOP, height - 8)
    return left + right


def covering_muscles(body: Body) -> list[tuple[str, list[Pt]]]:
    """The muscles the nerve figure draws over the nerve, as drawn (id, outline in body
    coordinates): every landmark muscle of the back view but piriformis, which the nerve passes
    below. A superficial muscle is drawn as a smooth outline, the others as polygons."""
    found = []
    for muscle in body.muscles:
        if muscle.landmark and muscle.view == "back" and muscle.id != "piriformis":
            shape = (
                spline_points(muscle.polygon, closed=True)
                if muscle.superficial
                else [(float(x), float(y)) for x, y in muscle.polygon]
            )
            found.append((muscle.id, shape))
    return found


def nerve_figure(data: SiteData) -> Figure:
    """The right buttock and leg from behind: the roots, the nerve's course and its branches,
    with the bones you can feel and the muscles around it."""
    body = data.body
    prefix = "anatomy-nerve"
    frame = nerve_frame()
    height = frame.pt((0, 522))[1] + 10
    group = ET.Element("g", {"class": "sc-drawing"})
    sub(group, "text", "Right buttock and leg, from behind", x=number(NERVE_WIDTH / 2), y="18", class_="sc-view-title")
    # The left half of the body is cut away below the pelvis: the labels stand there.
    cut = [(100, 198), (176, 198), (176, 300), (260, 300), (260, 530), (120.5, 530), (120.5, 293), (100, 293)]
    extra = [ET.Element("clipPath", {"id": f"{prefix}-clip"})]
    sub(extra[0], "polygon", points=points_attr(frame.pts(cut)))
    clipped = sub(group, "g", clip_path=f"url(#{prefix}-clip)")
    draw_body(clipped, body, sides=False, frame=frame)
    layer = sub(group, "g", class_="sc-frame")
    nerves = sub(layer, "g", class_="sc-layer-nerve")
    for nerve in body.nerves:
        if nerve.kind == "root":
            draw_nerve_line(nerves, frame.pts(nerve.points), nerve.kind, nerve.id)
    # Piriformis lies behind the roots in a back view, and the nerve leaves below it.
    for muscle in body.muscles:
        if muscle.id == "piriformis" and muscle.landmark:
            sub(
                layer,
                "polygon",
                points=points_attr(frame.pts(muscle.polygon)),
                class_="sc-muscle",
                **{"data-muscle": muscle.id},
            )
    # Below piriformis the nerve runs deep to gluteus maximus and the hamstrings: it is drawn
    # first, the muscles over it (their stripes let it show through), and dashed where one of
    # them covers it.
    over = covering_muscles(body)
    trunk_layer = sub(layer, "g", class_="sc-layer-nerve")
    for nerve in body.nerves:
        if nerve.kind != "root":
            draw_nerve_depths(
                trunk_layer,
                frame.pts(nerve.points),
                nerve.kind,
                nerve.id,
                [frame.pts(shape) for _, shape in over],
                frame.pts(nerve.beyond),
            )
    muscles = sub(layer, "g", class_="sc-layer-muscles")
    for muscle in body.muscles:
        if muscle.landmark and not muscle.superficial and muscle.id != "piriformis":
            sub(
                muscles,
                "polygon",
                points=points_attr(frame.pts(muscle.polygon)),
                class_="sc-muscle",
                **{"data-muscle": muscle.id},
            )
    bones = sub(layer, "g", class_="sc-layer-landmarks")
    for landmark in body.landmarks:
        if landmark.view == "back":
            sub(
                bones,
                "path",
                d=smooth_path(frame.pts(landmark.polygon), closed=True),
                class_="sc-bone" if landmark.kind == "bone" else "sc-hollow",
                **{"data-landmark": landmark.id},
            )
    for muscle in body.muscles:
        if muscle.landmark and muscle.superficial:
            sub(
                layer,
                "path",
                d=smooth_path(frame.pts(muscle.polygon), closed=True),
                class_="sc-muscle-outline",
                **{"data-muscle": muscle.id},
            )
    mid = midway_point(body)
    keys = ["nerve", "nerve-deep", "root", "beyond", "muscle", "muscle-outline", "bone", "hollow"]
    if mid is not None:
        a, b, m = (frame.pt(p) for p in mid)
        line = sub(layer, "g", class_="sc-midway-line", **{"data-midway": " ".join(MIDWAY)})
        sub(line, "path", d=f"M{points_attr([a])}L{points_attr([b])}", class_="sc-midway")
        ux, uy = (b[0] - a[0]), (b[1] - a[1])
        length = math.hypot(ux, uy) or 1
        nx, ny = -uy / length * 6, ux / length * 6
        sub(
            line,
            "path",
            d=f"M{points_attr([(m[0] - nx, m[1] - ny)])}L{points_attr([(m[0] + nx, m[1] + ny)])}",
            class_="sc-midway-tick",
        )
        keys.append("midway")
    draw_callouts(sub(group, "g", class_="sc-layer-labels"), nerve_callouts(body, frame, height))
    desc = (
        "The right buttock and leg seen from behind. "
        + ANATOMY_CAPTIONS["nerve"]
        + " Landmarks: "
        + "; ".join(landmark.name for landmark in body.landmarks)
        + ". Muscles: "
        + "; ".join(m.name for m in body.muscles if m.landmark)
        + "."
    )
    texts = {
        "nerve": "Double line: the sciatic nerve and its two branches",
        "nerve-deep": "Dashed double line: the nerve where it runs under a muscle (deep to it)",
        "beyond": "Dotted line: a branch out of sight",
        "muscle-outline": "Dashed outline: gluteus maximus, over the nerve",
        "bone": "Pale shape: bone you can feel",
        "hollow": "Dotted outline: the hollow behind the knee",
        "midway": "Dotted line: from the trochanter to the sitting bone; the tick marks its middle",
    }
    return Figure(
        prefix,
        "Course of the sciatic nerve and the landmarks that show where it lies",
        desc,
        NERVE_WIDTH,
        height,
        group,
        keys,
        "Back view of the right buttock and leg: the person's right "
        "side is on your right; the left half is cut away. Piriformis arises from the front of the "
        "sacrum, hidden in this view.",
        texts,
        extra,
    )


# --- dermatomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """One view of the lower body in a figure with two views side by side."""

    view: str
    frame: Frame
    crop: tuple[float, float, float, float]  # body x0, y0, x1, y1 shown
    title: str
    subtitle: str
    row: str = ""  # in a figure with rows: which one ("skin", "muscles")
    top_edge: tuple[Pt, ...] = ()  # body points the view's top follows instead of y0

    def clip_points(self) -> list[Pt]:
        x0, y0, x1, y1 = self.crop
        top = list(self.top_edge) or [(x0, y0), (x1, y0)]
        return self.frame.pts([*top, (x1, y1 + 8), (x0, y1 + 8)])

    @property
    def key(self) -> str:
        return f"{self.row}-{self.view}" if self.row else self.view

    def centre_x(self) -> float:
        return self.frame.pt(((self.crop[0] + self.crop[2]) / 2, 0))[0]

    def edges(self) -> tuple[float, float]:
        return self.frame.pt((self.crop[0], 0))[0], self.frame.pt((self.crop[2], 0))[0]


BOTH_LEGS = {"front": (62.0, 222.0, 178.0, 522.0), "back": (62.0, 222.0, 178.0, 522.0)}
# The right leg from the hip down, the arms left out (wider, a sliver of each showed at a corner).
RIGHT_LEG = {"front": (62.0, 226.0, 120.5, 522.0), "back": (119.5, 226.0, 178.0, 522.0)}


def panels(
    crops: dict[str, tuple[float, float, float, float]], scale: float, left: float, gap: float, top: float
) -> list[Panel]:
    """Front on the left, back on the right. With both legs drawn, the mapped right leg stands at
    the outer edge of each view (front: your left; back: your right)."""
    fx0, fy0, fx1, _ = crops["front"]
    bx0, by0, _, _ = crops["back"]
    front = Frame(scale, left - fx0 * scale, top - fy0 * scale)
    back = Frame(scale, left + (fx1 - fx0) * scale + gap - bx0 * scale, top - by0 * scale)
    return [
        Panel("front", front, crops["front"], "From the front", "right leg on your left"),
        Panel("back", back, crops["back"], "From behind", "right leg on your right"),
    ]


def draw_panel_body(
    group: ET.Element,
    body: Body,
    panel: Panel,
    prefix: str,
    extra: list[ET.Element],
    subtitle: bool = True,
    title_y: float = 16.0,
) -> str:
    """The outline and details of one view, clipped to the panel; returns the id of a clip path
    that keeps fills inside the body's outline."""
    clip_id = f"{prefix}-{panel.key}-panel"
    rect = ET.Element("clipPath", {"id": clip_id})
    sub(rect, "polygon", points=points_attr(panel.clip_points()))
    extra.append(rect)
    outline_id = f"{prefix}-{panel.key}-outline"
    shape = ET.Element("clipPath", {"id": outline_id})
    sub(shape, "path", d=smooth_path(panel.frame.pts(outline_for(body, panel.view)), closed=True))
    extra.append(shape)
    marks = {"data-view": panel.view, **({"data-panel": panel.key} if panel.row else {})}
    holder = sub(group, "g", id=f"{prefix}-{panel.key}-body", clip_path=f"url(#{clip_id})", **marks)
    draw_body(holder, body, sides=False, view=panel.view, frame=panel.frame)
    cx = panel.centre_x()
    if panel.title:
        sub(group, "text", panel.title, x=number(cx), y=number(title_y), class_="sc-view-title")
    if subtitle:
        sub(group, "text", panel.subtitle, x=number(cx), y="34", class_="sc-side")
    return outline_id


def draw_patch(group: ET.Element, dermatome: Dermatome, polygon: Sequence[Pt], faint: bool = False) -> None:
    name = root_class(dermatome.root)
    if faint:
        sub(
            group, "polygon", points=points_attr(polygon), class_="sc-dermatome-faint", **{"data-faint": dermatome.root}
        )
        return
    sub(group, "polygon", points=points_attr(polygon), class_=f"sc-dermatome-tint sc-tint-{name}")
    sub(
        group,
        "polygon",
        points=points_attr(polygon),
        class_=f"sc-dermatome sc-dermatome-{name}",
        **{"data-root": dermatome.root},
    )


def patch_label(labels: ET.Element, dermatome: Dermatome, polygon: Sequence[Pt], at: Pt) -> None:
    """Inside the patch the root's name stands on it; outside, a leader joins it to the patch."""
    text = root_label(dermatome.root)
    callout = sub(labels, "g", **{"data-label-root": dermatome.root})
    if point_in_polygon(at, polygon):
        draw_label(callout, [text], at, None, strong=True, size=LABEL, align="middle", small=True)
    else:
        end = nearest(polygon_points(polygon, 1.0), at)
        align = "end" if end[0] > at[0] + 4 else ("start" if end[0] < at[0] - 4 else "middle")
        draw_label(callout, [text], at, end, strong=True, size=LABEL, align=align, small=True)


DERMATOME_SCALE = 1.42


def dermatome_layout() -> tuple[list[Panel], float, float]:
    views = panels(BOTH_LEGS, DERMATOME_SCALE, 30.0, 12.0, 52.0)
    width = views[1].frame.pt((BOTH_LEGS["back"][2], 0))[0] + 40
    height = views[0].frame.pt((0, BOTH_LEGS["front"][3]))[1] + 30
    return views, width, height


def dermatome_figure(data: SiteData) -> Figure:
    """The dermatome map: bands of skin for each root from L2 to S4-5, front and back, with the
    ISNCSCI key sensory points. Each root has its own colour and its own pattern."""
    body = data.body
    prefix = "anatomy-dermatomes"
    views, width, height = dermatome_layout()
    group = ET.Element("g", {"class": "sc-drawing"})
    extra: list[ET.Element] = []
    layers = sub(group, "g", class_="sc-frame")
    labels = sub(group, "g", class_="sc-layer-labels")
    for panel in views:
        outline_id = draw_panel_body(layers, body, panel, prefix, extra)
        draw_sides(layers, body, panel.frame.pt, gap=18, view=panel.view)
        areas = sub(
            layers, "g", class_="sc-layer-dermatomes", clip_path=f"url(#{outline_id})", **{"data-view": panel.view}
        )
        for dermatome in body.dermatomes:
            for patch in dermatome.patches:
                if patch.view == panel.view:
                    draw_patch(areas, dermatome, panel.frame.pts(patch.polygon))
        points = sub(layers, "g", class_="sc-layer-points", **{"data-view": panel.view})
        for dermatome in body.dermatomes:
            if dermatome.key_point.view == panel.view:
                draw_key_point(points, panel.frame.pt(dermatome.key_point.at))
                points[-1].set("data-root", dermatome.root)
        for dermatome in body.dermatomes:
            for patch in dermatome.patches:
                if patch.view == panel.view and patch.label_at is not None:
                    patch_label(labels, dermatome, panel.frame.pts(patch.polygon), panel.frame.pt(patch.label_at))
    keys = [f"dermatome-{root_class(d.root)}" for d in body.dermatomes] + ["key-point"]
    texts = {
        f"dermatome-{root_class(d.root)}": f"{LEGEND_ITEMS['dermatome-' + root_class(d.root)]}: {d.area}"
        for d in body.dermatomes
    }
    desc = (
        ANATOMY_CAPTIONS["dermatomes"]
        + " "
        + " ".join(f"{root_label(d.root)}: {d.area}; key sensory point: {d.key_point.site}." for d in body.dermatomes)
    )
    return Figure(
        prefix,
        "Dermatomes of the leg, L2 to S4\u20135, front and back",
        desc,
        width,
        height,
        group,
        keys,
        "The right leg is mapped; the left is its mirror image. Unshaded skin is supplied by roots "
        "not shown here. Maps differ: a guide, not a boundary.",
        texts,
        extra,
    )


# --- one root at a time: the root explorer ----------------------------------------------------

ROOT_SCALE = 0.82
ROOT_COLUMN = 98.0  # the columns outside the two views
ROOT_MIDDLE = 100.0  # the column between them
ROOT_TITLE_Y = 18.0  # the root's name, on a line of its own above the two views' titles
ROOT_VIEW_TITLE_Y = 42.0
ROOT_ROW_TITLE_GAP = 12.0  # a row's heading stands this far above its drawing
ROOT_TOP = 80.0  # where the first row's drawing and its labels begin, below the titles
ROOT_ROW_GAP = 30.0  # between the two rows, for the second row's heading
# Two rows of the same two views: where the root's skin is felt, then the muscles it moves and
# its reflex. In one drawing the muscles would lie over the skin band and hide it.
ROOT_ROWS = (("skin", "Skin area"), ("muscles", "Key muscles and reflex"))


def groin_edge(body: Body, crop: tuple[float, float, float, float]) -> tuple[Pt, ...]:
    """The top of the front view of the right leg: along the groin crease, carried out to the
    view's outer edge and in to the crotch, so the view starts where the leg starts instead of
    cutting the body at the midline."""
    crease = next((d.points for d in body.details if d.id == "groin-crease-right" and d.view == "front"), None)
    if crease is None:
        return ()
    x0, y0, x1, _ = crop
    (ax, ay), (bx, by) = crease[0], crease[1]
    outer = (x0, max(y0, ay - (ax - x0) * (by - ay) / (bx - ax)))
    crotch = (body.front_half_outline or body.half_outline)[-1]  # a half outline runs from the crown to the crotch
    return (outer, *((float(x), float(y)) for x, y in crease), (x1, float(crotch[1]) + 1.0))


def root_layout(body: Body | None = None) -> tuple[list[Panel], float, float]:
    """The right leg alone, front and back, in two rows (skin; muscles and reflex), with a column
    for labels on each side and one between. The front view starts at the groin crease."""
    panels_out: list[Panel] = []
    span = (RIGHT_LEG["front"][3] - RIGHT_LEG["front"][1]) * ROOT_SCALE
    top = ROOT_TOP
    for row, _ in ROOT_ROWS:
        front, back = panels(RIGHT_LEG, ROOT_SCALE, ROOT_COLUMN, ROOT_MIDDLE, top)
        edge = groin_edge(body, RIGHT_LEG["front"]) if body is not None else ()
        panels_out += [
            Panel(front.view, front.frame, front.crop, front.title if row == "skin" else "", front.subtitle, row, edge),
            Panel(back.view, back.frame, back.crop, back.title if row == "skin" else "", back.subtitle, row),
        ]
        top += span + ROOT_ROW_GAP
    width = panels_out[1].edges()[1] + ROOT_COLUMN
    height = top - ROOT_ROW_GAP + 10
    return panels_out, width, height


def row_span(panel: Panel) -> tuple[float, float]:
    """The top and bottom of the panel's row, in canvas units."""
    x0, y0, _, y1 = panel.crop
    return panel.frame.pt((x0, y0))[1], panel.frame.pt((x0, y1))[1]


class RootColumns:
    """The label columns of one row of a root figure: left of the front view (its outer side),
    between the views (both inner sides), right of the back view (its outer side)."""

    def __init__(self, body: Body, front: Panel, back: Panel) -> None:
        self.body, self.front, self.back = body, front, back
        self.columns: dict[str, list[Callout]] = {"left": [], "middle": [], "right": []}

    def add(self, text: str, targets: list[Pt], panel: Panel) -> Callout:
        """A label into the column on the side of the leg the part lies nearer to."""
        cx, y = centroid(targets)
        body_y = (y - panel.frame.dy) / panel.frame.scale
        edges = [
            panel.frame.pt((x, 0))[0]
            for x in crossings(outline_for(self.body, panel.view), body_y)
            if panel.crop[0] <= x <= panel.crop[2]
        ]
        middle = (min(edges) + max(edges)) / 2 if len(edges) >= 2 else sum(panel.edges()) / 2
        inner = cx > middle + 4 if panel.view == "front" else cx < middle - 4
        front_right, back_left = self.front.edges()[1], self.back.edges()[0]
        if panel.view == "front" and not inner:
            column, made = "left", Callout(text, y, targets, ROOT_COLUMN - 6, "end", ROOT_COLUMN - 10)
        elif panel.view == "back" and not inner:
            column, made = "right", Callout(text, y, targets, self.back.edges()[1] + 6, "start", ROOT_COLUMN - 10)
        elif panel.view == "front":
            column, made = "middle", Callout(text, y, targets, front_right + 6, "start", back_left - front_right - 14)
        else:
            column, made = "middle", Callout(text, y, targets, back_left - 6, "end", back_left - front_right - 14)
        self.columns[column].append(made)
        return made


def reuse_panel_body(group: ET.Element, prefix: str, panel: Panel, drawn: Panel) -> None:
    """The same view drawn again lower down: a <use> of the body already drawn for `drawn`, moved
    down, not a second copy of its outline (each copy is about 5 KB)."""
    same_but_lower = (panel.frame.scale, panel.frame.dx, panel.crop, panel.top_edge) == (
        drawn.frame.scale,
        drawn.frame.dx,
        drawn.crop,
        drawn.top_edge,
    )
    assert same_but_lower, (panel.key, drawn.key)
    sub(
        group,
        "use",
        transform=f"translate(0 {number(panel.frame.dy - drawn.frame.dy)})",
        **{f"{{{XLINK_NS}}}href": f"#{prefix}-{drawn.key}-body", "data-view": panel.view, "data-panel": panel.key},
    )


def root_figure(level: RootLevel, data: SiteData) -> Figure:
    """One root in two rows of front and back views: first its skin area (the other roots' areas
    faint) and key sensory point, then the key muscles it supplies and the tendon tapped for its
    reflex, so that no muscle hides the skin band."""
    body = data.body
    muscles = {m.id: m for m in body.muscles}
    reflexes = {r.id: r for r in body.reflex_sites}
    dermatome = next(d for d in body.dermatomes if d.root == level.root)
    name = root_class(level.root)
    prefix = f"anatomy-root-{level.id}"
    views, width, height = root_layout(body)
    group = ET.Element("g", {"class": "sc-drawing", "data-root": level.root})
    sub(
        group,
        "text",
        f"{level.root} root",
        x=number(width / 2),
        y=number(ROOT_TITLE_Y),
        class_="sc-view-title sc-root-title",
    )
    extra: list[ET.Element] = []
    layers = sub(group, "g", class_="sc-frame")
    labels = sub(group, "g", class_="sc-layer-labels")
    keys = [f"dermatome-{name}", "key-point", "muscle"]
    for (row, heading), panel in zip(ROOT_ROWS, views[::2]):
        sub(
            group,
            "text",
            heading,
            x="6",
            y=number(row_span(panel)[0] - ROOT_ROW_TITLE_GAP),
            class_="sc-view-title sc-row-title",
            **{"data-row": row},
        )
    for row, _ in ROOT_ROWS:
        front, back = [p for p in views if p.row == row]
        top, bottom = row_span(front)
        columns = RootColumns(body, front, back)
        callout = columns.add
        for panel in (front, back):
            if row == "skin":
                outline_id = draw_panel_body(
                    layers, body, panel, prefix, extra, subtitle=False, title_y=ROOT_VIEW_TITLE_Y
                )
                areas = sub(
                    layers,
                    "g",
                    class_="sc-layer-dermatomes",
                    clip_path=f"url(#{outline_id})",
                    **{"data-view": panel.view, "data-panel": panel.key},
                )
                holder = sub(areas, "g", clip_path=f"url(#{prefix}-{panel.key}-panel)")
                for other in body.dermatomes:
                    for patch in other.patches:
                        if patch.view == panel.view and other.root != level.root:
                            draw_patch(holder, other, panel.frame.pts(patch.polygon), faint=True)
                for patch in dermatome.patches:
                    if patch.view == panel.view:
                        draw_patch(holder, dermatome, panel.frame.pts(patch.polygon))
                if dermatome.key_point.view == panel.view:
                    draw_key_point(
                        sub(layers, "g", class_="sc-layer-points", **{"data-panel": panel.key}),
                        panel.frame.pt(dermatome.key_point.at),
                    )
                for patch in dermatome.patches:  # the root's name, beside the view like the other labels
                    if patch.view == panel.view and patch.label_at is not None:
                        polygon = panel.frame.pts(patch.polygon)
                        added = callout(root_label(level.root), polygon_points(polygon, 1.0), panel)
                        added.strong, added.want_y = True, panel.frame.pt(patch.label_at)[1]
                continue
            reuse_panel_body(layers, prefix, panel, next(p for p in views if p.view == panel.view))
            shown = sub(layers, "g", class_="sc-layer-muscles", **{"data-view": panel.view, "data-panel": panel.key})
            for muscle_id in level.key_muscles:
                muscle = muscles[muscle_id]
                if muscle.view == panel.view:
                    polygon = panel.frame.pts(muscle.polygon)
                    sub(
                        shown,
                        "path",
                        d=smooth_path(polygon, closed=True),
                        class_="sc-muscle sc-muscle-key",
                        **{"data-muscle": muscle.id},
                    )
                    callout(short_name(muscle), polygon_points(polygon), panel)
            if level.reflex_site and reflexes[level.reflex_site].view == panel.view:
                reflex = reflexes[level.reflex_site]
                at = panel.frame.pt(reflex.at)
                draw_reflex(sub(layers, "g", **{"data-reflex": reflex.id, "data-panel": panel.key}), at)
                callout(short_name(reflex), [at], panel)
                keys.append("reflex")
            if not len(shown) and not (level.reflex_site and reflexes[level.reflex_site].view == panel.view):
                middle = panel.frame.pt(((panel.crop[0] + panel.crop[2]) / 2, (panel.crop[1] + panel.crop[3]) / 2))
                draw_label(
                    sub(labels, "g", **{"data-none": panel.key}),
                    ["none on", "this side"],
                    middle,
                    None,
                    size=LABEL,
                    align="middle",
                    small=True,
                )
        for column in columns.columns.values():
            stack_column(column, top - 6, bottom + 6)
            draw_callouts(labels, column)
    keys.append("faint")
    keys = list(dict.fromkeys(keys))
    muscle_names = "; ".join(muscles[m].name for m in level.key_muscles)
    texts = {
        f"dermatome-{name}": f"{LEGEND_ITEMS['dermatome-' + name]}: the {level.root} skin area",
        "muscle": f"Striped shapes: the key muscles ({plain_list(short_name(muscles[m]) for m in level.key_muscles)})",
    }
    if level.reflex_site:
        texts["reflex"] = f"Hammer: {reflexes[level.reflex_site].name}"
    desc = (
        f"The {level.root} root, right leg from the front and from behind: above, its skin area; below, its "
        f"key muscles and reflex. Skin area: {dermatome.area}. Key sensory point: {dermatome.key_point.site}. "
        f"Key muscles: {muscle_names}. Reflex: {level.reflex} Test: {level.test}"
    )
    return Figure(
        prefix,
        f"{level.root} root: skin area, key muscles and reflex",
        desc,
        width,
        height,
        group,
        keys,
        "Right leg: from the front on the left, from behind on the right; the skin area above, "
        "the muscles and reflex below.",
        texts,
        extra,
    )


def plain_list(names) -> str:
    """Names in a sentence, lower case after the first word of each (they are common nouns):
    'tibialis anterior, quadriceps and adductors'."""
    found = [n[:1].lower() + n[1:] for n in names]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


# --- views, captions, downloads ----------------------------------------------------------------

ANATOMY_CAPTIONS = {
    "nerve": "The sciatic nerve from behind: roots L4 to S3 join in the pelvis; the nerve leaves the pelvis "
    "below piriformis, then passes down between the greater trochanter and the ischial tuberosity, "
    "runs deep to gluteus maximus and the hamstrings, and divides at the top of the popliteal fossa. The common "
    "fibular nerve winds round the neck of the fibula; the tibial nerve passes behind the medial "
    "malleolus into the sole.",
    "dermatomes": "Dermatomes of the right leg, front and back, from L2 to S4\u20135 with the saddle area "
    "(S3 and S4\u20135). Dots mark the ISNCSCI key sensory points. Published maps differ: the "
    "bands are a guide, not a boundary.",
}


def anatomy_views(data: SiteData) -> dict[str, str]:
    """Every anatomy view the macros can show, with its caption: the nerve, the dermatome map,
    and one view per root in the root-level table (root-l4 ...)."""
    views = dict(ANATOMY_CAPTIONS)
    for level in data.root_levels:
        views[f"root-{level.id}"] = (
            f"The {level.root} root: its skin area, key sensory point, key muscles and reflex, front and back."
        )
    return views


@once_per_data
def anatomy_figure(view: str, data: SiteData) -> Figure:
    if view == "nerve":
        return nerve_figure(data)
    if view == "dermatomes":
        return dermatome_figure(data)
    level = {f"root-{lv.id}": lv for lv in data.root_levels}[view]
    return root_figure(level, data)


@once_per_data
def anatomy_svg(view: str, data: SiteData) -> str:
    """The view with its key beside it, as one SVG (the downloadable file)."""
    return combined_svg(anatomy_figure(view, data))


def anatomy_downloads(data: SiteData) -> dict[str, tuple[str, str]]:
    """Anatomy figures published as files: view -> (credit title, the page that explains it)."""
    found = {
        "nerve": ("Course of the sciatic nerve and its landmarks", "anatomy/"),
        "dermatomes": ("Dermatomes of the leg, L2 to S4-5, front and back", "anatomy/"),
    }
    for level in data.root_levels:
        found[f"root-{level.id}"] = (f"The {level.root} root: skin area, key muscles and reflex", "root-explorer/")
    return found


def anatomy_figure_html(view: str, data: SiteData, download: Markup | None = None) -> Markup:
    figure = anatomy_figure(view, data)
    return figure_html(figure, anatomy_views(data)[view] + " ", f"diagram-{view}", download)


def root_facts(level: RootLevel, data: SiteData, cite) -> Markup:
    """What lights up with the figure, in words: skin, key point, muscles, reflex and test."""
    dermatome = next(d for d in data.body.dermatomes if d.root == level.root)
    muscles = {m.id: m for m in data.body.muscles}
    rows = [
        ("Skin area", dermatome.area),
        ("Key sensory point", dermatome.key_point.site),
        ("Key muscles", "; ".join(muscles[m].name for m in level.key_muscles)),
        ("Reflex", level.reflex),
        ("Test", level.test),
    ]
    items = join(
        [
            join([el("dt", term), el("dd", text, cite(*level.refs) if index == len(rows) - 1 else None)])
            for index, (term, text) in enumerate(rows)
        ]
    )
    return el("dl", items, class_="sc-facts sc-root-facts")


def root_explorer(data: SiteData, cite, download_href) -> Markup:
    """One tab per root, each with the root's figure and its facts. The tabs are the markup that
    pymdownx.tabbed writes (radio buttons and labels styled by the theme), so they work without
    JavaScript; a script, where it runs, also outlines the matching row of the root-level table.
    Written as HTML rather than Markdown tabs: raw HTML indented under a Markdown tab would be
    wrapped in a paragraph."""
    inputs, labels, blocks = [], [], []
    for index, level in enumerate(data.root_levels):
        view = f"root-{level.id}"
        figure = anatomy_figure(view, data)
        download = el(
            "a",
            "Download this figure (SVG)",
            href=download_href(f"diagrams/anatomy-{view}.svg"),
            download=f"anatomy-{view}.svg",
        )
        tab = f"explore-{level.id}"
        inputs.append(
            el("input", type="radio", name="explore-root", id=tab, checked=index == 0, data_root_row=f"root-{level.id}")
        )
        labels.append(el("label", level.root, for_=tab))
        blocks.append(
            el(
                "div",
                figure_html(figure, anatomy_views(data)[view] + " ", f"diagram-{view}", download),
                root_facts(level, data, cite),
                class_="tabbed-block sc-root-panel",
                data_root_row=f"root-{level.id}",
            )
        )
    return el(
        "div",
        join(inputs),
        el("div", join(labels), class_="tabbed-labels"),
        el("div", join(blocks), class_="tabbed-content"),
        class_="tabbed-set tabbed-alternate sc-root-explorer",
        id="root-explorer",
    )
