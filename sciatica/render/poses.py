"""Human figures from joint angles: pure functions from the data's poses to SVG.

The body is a chain of segments whose lengths are fixed fractions of the body's height (the
usual anthropometric proportions: hip joint at 0.53, shoulder at 0.82 of standing height).
Forward kinematics starts at the pelvis and turns each segment by the joint angles in the data
(conventions in sciatica/model.py, above ``class Pose``). The model is three-dimensional only
as far as the drawing needs: joints bend in the body's front-to-back plane, hips and shoulders
also move out to the side, and the two sides sit apart, so one pose can be projected for a side,
front or back view. In a side view the person faces right and the side nearer the viewer is the
"near" side; the far limbs are drawn behind, in a lighter tone.

A body is drawn as rounded limb shapes (capsules that narrow towards the hands and feet), a
trunk in two parts (so the low back can bend), a neck and a head with a face that shows which
way the person looks. Each layer (far arm, far leg, trunk and head, near leg, near arm) is drawn
twice, outline then fill, so that overlapping shapes merge into one outlined silhouette.

The figure is placed on its support (floor, couch or chair): lying and standing figures rest
their lowest point on it; a sitting figure rests its buttocks and thighs on the seat. Nothing is
ever below the support it rests on (tests/unit/test_poses.py). Body parts named as `contacts`
in the data must touch their support, or the figure is refused with one line saying how far off
the part is, so a pose that floats or sinks never reaches a page.

A figure has one to four frames, numbered; a frame may show the previous position as a dashed
ghost, curved arrows tracing how parts move from the ghost to the pose (the path is worked out
by moving every joint angle evenly, so it curves as a real limb would; an arrow runs beside the
part, clear of every head and of the frame's other arrows, and each movement the frame's label
names has an arrow of its own), a shaded angle range with its end values, and a zig-zag where
the person's symptoms are felt. Output is
deterministic, accessible (role, title, description) and coloured through CSS custom
properties, with light, dark and black-and-white print palettes.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import AngleBand, Arm, Frame, Leg, Pose, SiteData
from .memo import once_per_data, once_per_object
from .svg import FONT, SVG_NS, number, points_attr, smooth_path, sub, wrap, zigzag

# --- proportions (fractions of standing height) -----------------------------------------

HEIGHT = 250.0  # body height in SVG units: about 112 px on a 320 px phone (checked by the tests)

LENGTH = {
    "pelvis": 0.06,  # hip joint to the bend of the low back
    "torso": 0.23,  # low back to the base of the neck
    "shoulder": 0.035,  # shoulder joint below the base of the neck ...
    "shoulder-back": 0.035,  # ... and behind the middle of the chest
    "neck": 0.06,
    "thigh": 0.245,
    "shin": 0.246,
    "ankle": 0.039,
    "heel": 0.04,
    "toe": 0.105,
    "upper-arm": 0.186,
    "forearm": 0.146,
    "hand": 0.07,
}
HALF_WIDTH = {"hip": 0.085, "shoulder": 0.13}  # joints out from the midline
HEAD_RADIUS = 0.062
# Radius at the near and the far end of each shape, side view; the trunk is wider from the front.
RADIUS = {
    "pelvis": (0.078, 0.066),
    "torso": (0.068, 0.068),
    "neck": (0.03, 0.03),
    "thigh": (0.062, 0.042),
    "shin": (0.042, 0.027),
    "foot": (0.022, 0.02),
    "upper-arm": (0.032, 0.027),
    "forearm": (0.026, 0.021),
    "hand": (0.022, 0.02),
}
FRONT_RADIUS = {"pelvis": (0.10, 0.085), "torso": (0.09, 0.11)}

COUCH_TOP = 0.38  # a treatment couch, as a fraction of the person's height
CHAIR_SEAT = 0.21  # a chair seat: feet flat when the knees are at a right angle
CONTACT_TOLERANCE = 0.012  # how far a contact may sit from its support (3 units at 250)

# Joint limits, read from the model so the drawing and the data agree (for angle ranges).
Vec = tuple[float, float, float]


def limits(model, field: str) -> tuple[float, float]:
    found = {type(m).__name__: m for m in model.model_fields[field].metadata}
    return found["Ge"].ge, found["Le"].le


# --- small vector helpers (pure) ------------------------------------------------------------


def add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return (a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2])


def direction(angle: float, abduction: float = 0.0, side: float = 0.0) -> Vec:
    """A unit vector in the body's front-to-back plane at `angle` degrees from straight up
    (+ towards the front), tilted out to the side by `abduction` degrees (side: +1 near, -1 far)."""
    a, b = math.radians(angle), math.radians(abduction)
    return (math.sin(a) * math.cos(b), math.cos(a) * math.cos(b), side * math.sin(b))


# --- forward kinematics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """One rounded segment: from p0 (radius r0) to p1 (radius r1), in a drawing layer."""

    name: str
    layer: str
    p0: Vec
    p1: Vec
    r0: float
    r1: float


@dataclass(frozen=True)
class Body:
    joints: dict[str, Vec]
    shapes: tuple[Shape, ...]
    head: Vec
    face: Vec  # unit vector the face points to
    crown: Vec  # unit vector from the neck towards the top of the head


def leg_chain(hip: Vec, trunk_angle: float, leg: Leg, side: float, prefix: str) -> tuple[dict, list]:
    thigh_angle = trunk_angle + 180 - leg.hip
    shin_angle = thigh_angle + leg.knee
    foot_angle = shin_angle - 90 - leg.ankle
    knee = add(hip, direction(thigh_angle, leg.abduction, side), LENGTH["thigh"])
    ankle = add(knee, direction(shin_angle, leg.abduction, side), LENGTH["shin"])
    forward = direction(foot_angle, leg.abduction, side)
    sole = direction(shin_angle - leg.ankle, leg.abduction, side)  # from the ankle towards the sole
    r = RADIUS["foot"][0]
    base = add(ankle, sole, LENGTH["ankle"] - r)
    heel, toe = add(base, forward, -LENGTH["heel"]), add(base, forward, LENGTH["toe"])
    joints = {
        f"{prefix}-hip": hip,
        f"{prefix}-knee": knee,
        f"{prefix}-ankle": ankle,
        f"{prefix}-heel": add(heel, sole, r),
        f"{prefix}-toe": add(toe, sole, r),
    }
    layer = f"{prefix}-leg"
    shapes = [
        Shape(f"{prefix}-thigh", layer, hip, knee, *RADIUS["thigh"]),
        Shape(f"{prefix}-shin", layer, knee, ankle, *RADIUS["shin"]),
        Shape(f"{prefix}-foot", layer, heel, toe, *RADIUS["foot"]),
    ]
    return joints, shapes


def arm_chain(shoulder: Vec, torso_angle: float, arm: Arm, side: float, prefix: str) -> tuple[dict, list]:
    upper_angle = torso_angle + 180 - arm.shoulder
    fore_angle = upper_angle - arm.elbow
    elbow = add(shoulder, direction(upper_angle, arm.abduction, side), LENGTH["upper-arm"])
    wrist = add(elbow, direction(fore_angle, arm.abduction, side), LENGTH["forearm"])
    hand = add(wrist, direction(fore_angle - arm.wrist, arm.abduction, side), LENGTH["hand"])
    layer = f"{prefix}-arm"
    joints = {f"{prefix}-shoulder": shoulder, f"{prefix}-elbow": elbow, f"{prefix}-hand": hand}
    shapes = [
        Shape(f"{prefix}-upper-arm", layer, shoulder, elbow, *RADIUS["upper-arm"]),
        Shape(f"{prefix}-forearm", layer, elbow, wrist, *RADIUS["forearm"]),
        Shape(f"{prefix}-hand", layer, wrist, hand, *RADIUS["hand"]),
    ]
    return joints, shapes


def body(pose: Pose) -> Body:
    """Every joint and shape of the pose, in body-height units, pelvis at the origin, y upwards,
    the person facing +x, the near side at +z."""
    pelvis: Vec = (0.0, 0.0, 0.0)
    torso_angle = pose.trunk + pose.spine
    neck_angle = torso_angle + pose.neck
    waist = add(pelvis, direction(pose.trunk), LENGTH["pelvis"])
    neck_base = add(waist, direction(torso_angle), LENGTH["torso"])
    torso_end = add(neck_base, direction(torso_angle), -RADIUS["torso"][1])
    neck_top = add(neck_base, direction(neck_angle), LENGTH["neck"])
    crown = direction(neck_angle)
    face = direction(neck_angle + 90)
    head = add(add(neck_top, crown, HEAD_RADIUS * 0.55), face, HEAD_RADIUS * 0.25)
    # The shoulder joints sit a little behind the middle of the chest (towards the back).
    shoulder_point = add(
        add(neck_base, direction(torso_angle), -LENGTH["shoulder"]),
        direction(torso_angle - 90),
        LENGTH["shoulder-back"],
    )
    joints: dict[str, Vec] = {
        "pelvis": pelvis,
        "waist": waist,
        "chest": add(waist, direction(torso_angle), 0.1),
        "neck": neck_base,
        "head": head,
    }
    shapes: list[Shape] = [
        Shape("pelvis", "core", pelvis, waist, *RADIUS["pelvis"]),
        Shape("torso", "core", waist, torso_end, *RADIUS["torso"]),
        Shape("neck", "core", add(neck_base, direction(torso_angle), -0.03), neck_top, *RADIUS["neck"]),
    ]
    for side, prefix, leg, arm in (
        (1.0, "near", pose.near_leg, pose.near_arm),
        (-1.0, "far", pose.far_leg, pose.far_arm),
    ):
        hip = (0.0, 0.0, side * HALF_WIDTH["hip"])
        more, parts = leg_chain(hip, pose.trunk, leg, side, prefix)
        joints |= more
        shapes += parts
        shoulder = add(shoulder_point, (0.0, 0.0, side * HALF_WIDTH["shoulder"]))
        more, parts = arm_chain(shoulder, torso_angle, arm, side, prefix)
        joints |= more
        shapes += parts
    return Body(joints, tuple(shapes), head, face, crown)


# --- views --------------------------------------------------------------------------------------


def project(point: Vec, view: str) -> tuple[float, float, float]:
    """(x across the picture, y upwards, depth towards the viewer). Side: seen from the near
    side, facing right. Front: the person faces the viewer, so their near side is on the
    viewer's left. Back: seen from behind, their near side on the viewer's right."""
    x, y, z = point
    if view == "side":
        return x, y, z
    if view == "front":
        return -z, y, x
    return z, y, -x


def shape_radii(shape: Shape, view: str) -> tuple[float, float]:
    if view != "side" and shape.name in FRONT_RADIUS:
        return FRONT_RADIUS[shape.name]
    return shape.r0, shape.r1


@dataclass(frozen=True)
class Flat:
    """A shape projected for a view: ends, radii (in body heights), layer and mean depth."""

    name: str
    layer: str
    p0: tuple[float, float]
    p1: tuple[float, float]
    r0: float
    r1: float
    depth: float


def flat_shapes(figure: Body, view: str) -> list[Flat]:
    out = []
    for shape in figure.shapes:
        x0, y0, z0 = project(shape.p0, view)
        x1, y1, z1 = project(shape.p1, view)
        r0, r1 = shape_radii(shape, view)
        out.append(Flat(shape.name, shape.layer, (x0, y0), (x1, y1), r0, r1, (z0 + z1) / 2))
    hx, hy, hz = project(figure.head, view)
    out.append(Flat("head", "core", (hx, hy), (hx, hy), HEAD_RADIUS, HEAD_RADIUS, hz))
    return out


def bottom(shapes: Sequence[Flat]) -> float:
    return min(min(s.p0[1] - s.r0, s.p1[1] - s.r1) for s in shapes)


def top(shapes: Sequence[Flat]) -> float:
    return max(max(s.p0[1] + s.r0, s.p1[1] + s.r1) for s in shapes)


def extent(shapes: Sequence[Flat]) -> tuple[float, float]:
    return (
        min(min(s.p0[0] - s.r0, s.p1[0] - s.r1) for s in shapes),
        max(max(s.p0[0] + s.r0, s.p1[0] + s.r1) for s in shapes),
    )


SEAT_PARTS = ("pelvis", "near-thigh", "far-thigh")


def support_top(pose: Pose) -> float:
    return {"floor": 0.0, "couch": COUCH_TOP, "chair": CHAIR_SEAT}[pose.support]


def lift(pose: Pose, shapes: Sequence[Flat]) -> float:
    """How far to raise the body (pelvis at the origin) so that it rests on its support: a sitting
    figure on its buttocks and thighs, any other on its lowest point."""
    resting = [s for s in shapes if s.name in SEAT_PARTS] if pose.posture == "sitting" else shapes
    return support_top(pose) - bottom(resting)


@dataclass(frozen=True)
class Placed:
    """A pose drawn in a view and placed on its support: shapes in body heights, floor at y 0."""

    pose: Pose
    view: str
    shapes: tuple[Flat, ...]
    joints: dict[str, tuple[float, float]]
    face: tuple[float, float, float]
    crown: tuple[float, float, float]


def moved(shape: Flat, dx: float, dy: float) -> Flat:
    return Flat(
        shape.name,
        shape.layer,
        (shape.p0[0] + dx, shape.p0[1] + dy),
        (shape.p1[0] + dx, shape.p1[1] + dy),
        shape.r0,
        shape.r1,
        shape.depth,
    )


def place(pose: Pose, dy: float | None = None) -> Placed:
    """The pose resting on its support, pelvis at x 0 (or raised by `dy`, for the in-between
    poses of a movement, which are raised in step between where the two ends rest)."""
    figure = body(pose)
    shapes = flat_shapes(figure, pose.view)
    dy = lift(pose, shapes) if dy is None else dy
    placed = tuple(moved(s, 0.0, dy) for s in shapes)
    joints = {}
    for name, point in figure.joints.items():
        x, y, _ = project(point, pose.view)
        joints[name] = (x, y + dy)
    return Placed(pose, pose.view, placed, joints, project(figure.face, pose.view), project(figure.crown, pose.view))


# --- the support and contact checks ------------------------------------------------------------


@dataclass(frozen=True)
class Support:
    kind: str
    top: float
    left: float
    right: float


def support_for(placed: Sequence[Placed]) -> Support:
    """The floor, couch or chair under a frame's poses, sized to what rests on it."""
    pose = placed[0].pose
    level = support_top(pose)
    shapes = [s for p in placed for s in p.shapes]
    if pose.support == "floor":
        left, right = extent(shapes)
        return Support("floor", 0.0, left - 0.1, right + 0.1)
    if pose.view != "side" and (pose.support == "chair" or pose.posture == "sitting"):
        # From the front or back the seat is as wide as the hips and thighs on it.
        left, right = extent([s for s in shapes if s.name in SEAT_PARTS])
        return Support(pose.support, level, left - 0.04, right + 0.04)
    if pose.support == "chair" or pose.posture == "sitting":
        main = placed[0]
        hip_x = main.joints["near-hip"][0]
        knee_x = main.joints["near-knee"][0]
        forward = 1.0 if knee_x >= hip_x else -1.0
        seat_end = knee_x - forward * 0.035
        behind = hip_x - forward * (0.16 if pose.support == "chair" else 0.45)
        return Support(pose.support, level, min(seat_end, behind), max(seat_end, behind))
    near = [s for s in shapes if min(s.p0[1] - s.r0, s.p1[1] - s.r1) <= level + 0.12]
    left, right = extent(near)
    return Support(pose.support, level, left - 0.04, right + 0.04)


SLAB = 0.045  # thickness of a couch top or chair seat, in heights


def samples(shape: Flat, count: int = 16):
    """Points along a shape's middle line with the radius there: (x, y, r)."""
    for t in (i / count for i in range(count + 1)):
        yield (
            shape.p0[0] + (shape.p1[0] - shape.p0[0]) * t,
            shape.p0[1] + (shape.p1[1] - shape.p0[1]) * t,
            shape.r0 + (shape.r1 - shape.r0) * t,
        )


def penetration(placed: Placed, support: Support) -> float:
    """How far the body reaches into what holds it (0 when it rests on top): below the floor
    anywhere, or into the couch top or chair seat within its length. Parts below the slab
    (feet under a chair) are not in it."""
    depth = max(0.0, -bottom(placed.shapes))
    if support.kind != "floor":
        for shape in placed.shapes:
            for x, y, r in samples(shape):
                inside = support.left <= x <= support.right and y + r > support.top - SLAB
                if inside:
                    depth = max(depth, support.top - (y - r))
    return depth


PART_SHAPES = {
    "head": "head",
    "neck": "neck",
    "chest": "torso",
    "waist": "pelvis",
    "pelvis": "pelvis",
    **{
        f"{side}-{part}": f"{side}-{shape}"
        for side in ("near", "far")
        for part, shape in (
            ("shoulder", "upper-arm"),
            ("elbow", "forearm"),
            ("hand", "hand"),
            ("hip", "thigh"),
            ("knee", "shin"),
            ("ankle", "shin"),
            ("heel", "foot"),
            ("toe", "foot"),
        )
    },
}


def contact_gap(placed: Placed, part: str) -> float:
    """Height of a body part's underside above the surface it should rest on (the floor for feet,
    hands and knees of a sitting or kneeling person; otherwise the pose's support)."""
    x, y = placed.joints.get(part, (0.0, 0.0)) if part != "head" else (0.0, 0.0)
    names = {s.name: s for s in placed.shapes}
    shape = names[PART_SHAPES[part]]
    if part == "head":
        underside = shape.p0[1] - shape.r0
    else:
        # The underside of the part's shape near the joint.
        ends = [(shape.p0, shape.r0), (shape.p1, shape.r1)]
        (_px, py), r = min(ends, key=lambda e: (e[0][0] - x) ** 2 + (e[0][1] - y) ** 2)
        underside = py - r
    floor_parts = ("heel", "toe", "knee", "ankle")
    on_floor = placed.pose.support == "floor" or (placed.pose.posture == "sitting" and part.endswith(floor_parts))
    return underside - (0.0 if on_floor else support_top(placed.pose))


def contact_problems(placed: Placed) -> list[str]:
    problems = []
    for part in placed.pose.contacts:
        gap = contact_gap(placed, part)
        if abs(gap) > CONTACT_TOLERANCE:
            where = "above" if gap > 0 else "below"
            problems.append(
                f"pose {placed.pose.id!r}: {part} is {abs(gap) * HEIGHT:.0f} units {where} "
                f"its support; adjust the joint angles"
            )
    return problems


# --- in-between poses (for arrows) -------------------------------------------------------------


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """Every angle moved evenly from pose a (t = 0) to pose b (t = 1)."""

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    def limb(x, y):
        return type(x).model_construct(**{f: mix(getattr(x, f), getattr(y, f)) for f in type(x).model_fields})

    return b.model_copy(
        update={
            "trunk": mix(a.trunk, b.trunk),
            "spine": mix(a.spine, b.spine),
            "neck": mix(a.neck, b.neck),
            "near_leg": limb(a.near_leg, b.near_leg),
            "far_leg": limb(a.far_leg, b.far_leg),
            "near_arm": limb(a.near_arm, b.near_arm),
            "far_arm": limb(a.far_arm, b.far_arm),
        }
    )


def resting_lift(pose: Pose) -> float:
    return lift(pose, flat_shapes(body(pose), pose.view))


def part_path(start: Pose, end: Pose, part: str, steps: int = 12) -> list[tuple[float, float]]:
    """Where a part goes as every angle moves evenly from start to end, the body raised in step
    from where the start rests to where the end rests."""
    low, high = resting_lift(start), resting_lift(end)
    return [place(blend(start, end, i / steps), low + (high - low) * i / steps).joints[part] for i in range(steps + 1)]


MIN_MOVE = 0.03  # an arrow for a part that moves less than this (in heights) would mislead


def path_length(points: Sequence[Sequence[float]]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


# --- drawing --------------------------------------------------------------------------------------

LABEL_SIZE = 20.0  # every text in a figure: 18 px or more on a 320 px phone (one picture per frame)
LINE = LABEL_SIZE * 1.2
BADGE_RADIUS = 16.0
PANEL_WIDTH = 320.0
PAD = 14.0
OUTLINE = 3.0  # outline width in units (each side of a shape)

PALETTE: dict[str, tuple[str, str, str]] = {
    # name: (light, dark, print). Print is black on white; greys only where a tone tells near from far.
    "bg": ("var(--md-default-bg-color, #ffffff)", "var(--md-default-bg-color, #1e2029)", "#ffffff"),
    "fill": ("#f1dcc8", "#6b6f80", "#ffffff"),
    "line": ("#3b2f27", "#f1ece4", "#000000"),
    "far-fill": ("#d9cabb", "#43475a", "#d9d9d9"),
    "far-line": ("#7d6d60", "#b7b2c2", "#555555"),
    "ghost-fill": ("#f6f6f8", "#262833", "#ffffff"),
    "ghost-line": ("#5f6270", "#aab0c0", "#000000"),
    "face": ("#3b2f27", "#1e2029", "#000000"),
    "support-fill": ("#dfe7ef", "#323c4c", "#ffffff"),
    "support-line": ("#39485a", "#b9c8d8", "#000000"),
    "prop-fill": ("#c8e6c9", "#2f4a36", "#ffffff"),
    "prop-line": ("#2e6b32", "#a5d6a7", "#000000"),
    "arrow": ("#b3261e", "#ff8a80", "#000000"),
    "band-fill": ("#bbdefb", "#1f3d5c", "#e6e6e6"),
    "band-line": ("#0d47a1", "#90caf9", "#000000"),
    "symptom": ("#6a1b9a", "#f3c4ff", "#000000"),
    "badge": ("#1a237e", "#c5cae9", "#000000"),
    "badge-text": ("#ffffff", "#1a1c2a", "#ffffff"),
    "text": ("#1f1f1f", "#ececf1", "#000000"),
}

RULES = """
.sc-pose{font-family:%(font)s}
.sc-pose .sc-bg{fill:var(--sc-fig-bg)}
.sc-fig-out{fill:var(--sc-fig-line);stroke:var(--sc-fig-line);stroke-width:%(outline)s;stroke-linejoin:round}
.sc-fig-in{fill:var(--sc-fig-fill)}
.sc-fig-far .sc-fig-out{fill:var(--sc-fig-far-line);stroke:var(--sc-fig-far-line)}
.sc-fig-far .sc-fig-in{fill:var(--sc-fig-far-fill)}
.sc-fig-ghost .sc-fig-out{fill:none;stroke:var(--sc-fig-ghost-line);stroke-dasharray:7 5}
.sc-fig-ghost .sc-fig-in{fill:var(--sc-fig-ghost-fill)}
.sc-fig-face{fill:var(--sc-fig-face)}
.sc-fig-support{fill:var(--sc-fig-support-fill);stroke:var(--sc-fig-support-line);stroke-width:2.5;stroke-linejoin:round}
.sc-fig-floor{fill:none;stroke:var(--sc-fig-support-line);stroke-width:2.5}
.sc-fig-hatch{fill:none;stroke:var(--sc-fig-support-line);stroke-width:1.5}
.sc-fig-prop{fill:var(--sc-fig-prop-fill);stroke:var(--sc-fig-prop-line);stroke-width:2.5}
.sc-fig-arrow{fill:none;stroke:var(--sc-fig-arrow);stroke-width:4;stroke-linecap:round}
.sc-fig-arrow-head{fill:var(--sc-fig-arrow)}
.sc-fig-band{fill:var(--sc-fig-band-fill);stroke:var(--sc-fig-band-line);stroke-width:2.5;stroke-linejoin:round}
.sc-fig-band-edge{fill:none;stroke:var(--sc-fig-band-line);stroke-width:2.5;stroke-dasharray:2 4}
.sc-fig-symptom{fill:none;stroke:var(--sc-fig-symptom);stroke-width:3.5;stroke-linecap:round;stroke-linejoin:round}
.sc-fig-badge{fill:var(--sc-fig-badge)}
.sc-fig-badge-text{fill:var(--sc-fig-badge-text);font-size:%(size)spx;font-weight:700;text-anchor:middle;dominant-baseline:central}
.sc-fig-text{fill:var(--sc-fig-text);font-size:%(size)spx;dominant-baseline:central}
.sc-fig-value{fill:var(--sc-fig-text);font-size:%(size)spx;font-weight:700;text-anchor:middle;dominant-baseline:central;paint-order:stroke;stroke:var(--sc-fig-bg);stroke-width:5px;stroke-linejoin:round}
.sc-credit{fill:var(--sc-fig-text);font-size:15px;dominant-baseline:central}
"""


def style_block() -> str:
    def scheme(index: int, important: str = "") -> str:
        return ";".join(f"--sc-fig-{name}:{values[index]}{important}" for name, values in PALETTE.items())

    rules = RULES % {"font": FONT, "outline": number(2 * OUTLINE), "size": number(LABEL_SIZE)}
    return (
        f".sc-pose{{{scheme(0)}}}"
        f"[data-md-color-scheme=slate] .sc-pose{{{scheme(1)}}}"
        f"@media (prefers-color-scheme:dark){{svg:root.sc-pose{{{scheme(1)}}}}}"
        + "".join(rules.split("\n"))
        + f"@media print{{.sc-pose{{{scheme(2, '!important')}}}}}"
    )


@dataclass(frozen=True)
class Frame2:
    """A frame worked out: its poses placed, its support, and the scale's origin."""

    frame: Frame
    main: Placed
    ghost: Placed | None
    support: Support


def capsule_d(p0: tuple[float, float], p1: tuple[float, float], r0: float, r1: float) -> str:
    """A rounded, tapering segment as an SVG path (screen coordinates, y down)."""
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1e-6:
        r = max(r0, r1)
        return (
            f"M{number(x0 - r)},{number(y0)}A{number(r)},{number(r)} 0 1 0 {number(x0 + r)},{number(y0)}"
            f"A{number(r)},{number(r)} 0 1 0 {number(x0 - r)},{number(y0)}Z"
        )
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    a, b = (x0 + nx * r0, y0 + ny * r0), (x1 + nx * r1, y1 + ny * r1)
    c, d = (x1 - nx * r1, y1 - ny * r1), (x0 - nx * r0, y0 - ny * r0)
    return (
        f"M{points_attr([a])}L{points_attr([b])}A{number(r1)},{number(r1)} 0 0 0 {points_attr([c])}"
        f"L{points_attr([d])}A{number(r0)},{number(r0)} 0 0 0 {points_attr([a])}Z"
    )


class Canvas:
    """Body-height coordinates (y up, floor at 0) to screen units for one panel."""

    def __init__(self, scale: float, origin_x: float, floor_y: float) -> None:
        self.scale, self.origin_x, self.floor_y = scale, origin_x, floor_y

    def xy(self, point: Sequence[float]) -> tuple[float, float]:
        return self.origin_x + point[0] * self.scale, self.floor_y - point[1] * self.scale

    def length(self, value: float) -> float:
        return value * self.scale


LAYER_ORDER = ("far-arm", "far-leg", "core", "near-leg", "near-arm")


def layers(placed: Placed) -> list[tuple[str, list[Flat]]]:
    """Drawing order: in a side view far limbs first; from the front or back, by depth."""
    grouped: dict[str, list[Flat]] = {name: [] for name in LAYER_ORDER}
    for shape in placed.shapes:
        grouped[shape.layer].append(shape)
    if placed.view == "side":
        return [(name, grouped[name]) for name in LAYER_ORDER]
    depth = {name: sum(s.depth for s in group) / len(group) for name, group in grouped.items()}
    return sorted(grouped.items(), key=lambda item: (depth[item[0]], LAYER_ORDER.index(item[0])))


def draw_figure(parent: ET.Element, placed: Placed, canvas: Canvas, ghost: bool = False) -> None:
    kind = "ghost" if ghost else "pose"
    figure = sub(
        parent, "g", class_=f"sc-fig-{kind}" + (" sc-fig-ghost" if ghost else ""), **{"data-pose": placed.pose.id}
    )
    ordered = [("all", [s for _, group in layers(placed) for s in group])] if ghost else layers(placed)
    for name, shapes in ordered:
        far = placed.view == "side" and name.startswith("far") and not ghost
        group = sub(figure, "g", class_="sc-fig-layer" + (" sc-fig-far" if far else ""), **{"data-layer": name})
        for css in ("sc-fig-out", "sc-fig-in"):
            for shape in shapes:
                sub(
                    group,
                    "path",
                    d=capsule_d(
                        canvas.xy(shape.p0), canvas.xy(shape.p1), canvas.length(shape.r0), canvas.length(shape.r1)
                    ),
                    class_=css,
                    **({"data-shape": shape.name} if css == "sc-fig-in" else {}),
                )
        if name == "core" and not ghost:
            draw_face(group, placed, canvas)


def draw_face(group: ET.Element, placed: Placed, canvas: Canvas) -> None:
    """A nose and an eye in a side view, two eyes from the front: which way the person looks."""
    head = next(s for s in placed.shapes if s.name == "head")
    cx, cy = canvas.xy(head.p0)
    r = canvas.length(HEAD_RADIUS)
    fx, fy, fz = placed.face
    ux, uy, _ = placed.crown
    if placed.view == "side":
        nose = canvas.xy((head.p0[0] + fx * HEAD_RADIUS * 0.98, head.p0[1] + fy * HEAD_RADIUS * 0.98))
        sub(group, "circle", cx=number(nose[0]), cy=number(nose[1]), r=number(r * 0.24), class_="sc-fig-out")
        sub(group, "circle", cx=number(nose[0]), cy=number(nose[1]), r=number(r * 0.24), class_="sc-fig-in")
        eye = (head.p0[0] + (fx * 0.5 + ux * 0.25) * HEAD_RADIUS, head.p0[1] + (fy * 0.5 + uy * 0.25) * HEAD_RADIUS)
        ex, ey = canvas.xy(eye)
        sub(group, "circle", cx=number(ex), cy=number(ey), r=number(r * 0.12), class_="sc-fig-face")
    elif fz > 0.5:  # the face is towards the viewer
        for side in (-1, 1):
            ex, ey = cx + side * r * 0.38, cy - r * 0.2
            sub(group, "circle", cx=number(ex), cy=number(ey), r=number(r * 0.11), class_="sc-fig-face")
        sub(
            group,
            "path",
            d=f"M{number(cx - r * 0.3)},{number(cy + r * 0.35)}Q{number(cx)},{number(cy + r * 0.55)} "
            f"{number(cx + r * 0.3)},{number(cy + r * 0.35)}",
            class_="sc-fig-hatch",
        )
    else:  # seen from behind: the hair line
        sub(
            group,
            "path",
            d=f"M{number(cx - r * 0.8)},{number(cy + r * 0.1)}Q{number(cx)},{number(cy + r * 0.45)} "
            f"{number(cx + r * 0.8)},{number(cy + r * 0.1)}",
            class_="sc-fig-hatch",
        )


def draw_support(parent: ET.Element, support: Support, canvas: Canvas, panel_left: float, panel_right: float) -> None:
    group = sub(parent, "g", class_="sc-fig-supports", **{"data-support": support.kind})
    fy = canvas.floor_y
    sub(
        group, "path", d=f"M{number(panel_left)},{number(fy)}L{number(panel_right)},{number(fy)}", class_="sc-fig-floor"
    )
    step = 12.0
    x = panel_left + 4
    hatch = []
    while x < panel_right - 4:
        hatch.append(f"M{number(x)},{number(fy + 10)}L{number(x + 8)},{number(fy + 2)}")
        x += step
    sub(group, "path", d="".join(hatch), class_="sc-fig-hatch")
    if support.kind == "floor":
        return
    (left, top_y), (right, _) = canvas.xy((support.left, support.top)), canvas.xy((support.right, support.top))
    thick = canvas.length(0.045)
    if support.kind == "couch":
        sub(
            group,
            "rect",
            x=number(left),
            y=number(top_y),
            width=number(right - left),
            height=number(thick),
            rx="4",
            class_="sc-fig-support",
            **{"data-top": number(top_y)},
        )
        for x_leg in (left + 10, right - 18):
            sub(
                group,
                "rect",
                x=number(x_leg),
                y=number(top_y + thick),
                width="8",
                height=number(fy - top_y - thick),
                class_="sc-fig-support",
            )
        return
    # A chair: seat, back rest behind the person, legs.
    facing = 1.0
    sub(
        group,
        "rect",
        x=number(left),
        y=number(top_y),
        width=number(right - left),
        height=number(thick * 0.8),
        rx="3",
        class_="sc-fig-support",
        **{"data-top": number(top_y)},
    )
    back_x = left if facing > 0 else right - 8
    sub(
        group,
        "rect",
        x=number(back_x),
        y=number(top_y - canvas.length(0.3)),
        width="8",
        height=number(canvas.length(0.3)),
        rx="3",
        class_="sc-fig-support",
    )
    for x_leg in (left + 2, right - 10):
        sub(
            group,
            "rect",
            x=number(x_leg),
            y=number(top_y + thick * 0.8),
            width="8",
            height=number(fy - top_y - thick * 0.8),
            class_="sc-fig-support",
        )


def draw_props(parent: ET.Element, placed: Placed, support: Support, canvas: Canvas) -> None:
    group = sub(parent, "g", class_="sc-fig-props")
    shapes = {s.name: s for s in placed.shapes}
    for prop in placed.pose.props:
        if prop.kind == "towel":
            target = shapes["head"] if prop.at == "head" else shapes["near-shin"]
            point = target.p0
            height = (point[1] - target.r0) - support.top
            x0, y0 = canvas.xy((point[0] - 0.08, support.top + max(height, 0.0)))
            sub(
                group,
                "rect",
                x=number(x0),
                y=number(y0),
                width=number(canvas.length(0.16)),
                height=number(canvas.length(max(height, 0.0))),
                rx="5",
                class_="sc-fig-prop",
                **{"data-prop": f"towel-{prop.at}"},
            )
        elif prop.kind == "ball":
            knee = placed.joints["near-knee"]
            cx, cy = canvas.xy(knee)
            sub(
                group,
                "circle",
                cx=number(cx),
                cy=number(cy),
                r=number(canvas.length(0.05)),
                class_="sc-fig-prop",
                **{"data-prop": "ball"},
            )
        else:  # a wall behind the back
            back = min(min(s.p0[0] - s.r0, s.p1[0] - s.r1) for s in placed.shapes if s.layer == "core")
            x, _ = canvas.xy((back, 0.0))
            sub(
                group,
                "rect",
                x=number(x - 14),
                y=number(canvas.floor_y - canvas.length(1.12)),
                width="14",
                height=number(canvas.length(1.12)),
                class_="sc-fig-support",
                **{"data-prop": "wall"},
            )


ARROW_OFFSET = 0.07  # a path arrow runs at least this far (in heights) beside the part it follows
ARROW_OFFSETS = (
    ARROW_OFFSET,
    0.08,
    0.09,
    0.1,
    0.11,
    0.12,
    0.14,
    0.16,
    0.2,
)  # ... further out where a head is in the way
TURN_RADIUS = 0.09
ARROW_HEAD = 0.033  # half the size of an arrowhead, in heights (the marker at the smallest scale drawn)
MIN_ARROW = 0.1  # the shortest arrow line drawn, in heights
ARROW_GAP = 0.04  # between the centre lines of two arrows of one frame, in heights
# How far an arrow's centre line keeps from the edge of a head (main figure or ghost), in heights:
# the head's outline, half the arrow's width and a gap, at the smallest scale a figure is drawn.
HEAD_CLEARANCE = 0.035


def arrow_path(points: Sequence[tuple[float, float]], offset: float, shorter: int = 0) -> list[tuple[float, float]]:
    """The middle of a movement's path, moved sideways by `offset` (left of the direction of
    travel when positive, y up) so the arrow runs beside the limb rather than over it. A short
    movement keeps its whole path, and one shorter than MIN_ARROW is drawn longer at its start,
    so the arrow is still seen. `shorter` ends it that many steps earlier (short of a head)."""
    n = len(points)
    cut = max(1, n // 8) if path_length(points) > 2.5 * MIN_ARROW else 0
    trimmed = list(points[cut : n - cut - shorter])
    short = MIN_ARROW - path_length(trimmed)
    if short > 0:
        (x0, y0), (x1, y1) = trimmed[0], trimmed[1]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        trimmed.insert(0, (x0 - (x1 - x0) / length * short, y0 - (y1 - y0) / length * short))
    out = []
    for i, (x, y) in enumerate(trimmed):
        ax, ay = trimmed[max(0, i - 1)]
        bx, by = trimmed[min(len(trimmed) - 1, i + 1)]
        length = math.hypot(bx - ax, by - ay) or 1.0
        out.append((x - (by - ay) / length * offset, y + (bx - ax) / length * offset))
    return out


def arrowhead(line: Sequence[tuple[float, float]], size: float = ARROW_HEAD) -> list[tuple[float, float]]:
    """The corners of the arrowhead at the line's end (tip, then the two back corners), in heights."""
    (x1, y1), (x2, y2) = line[-2], line[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    return [
        (x2 + ux * size, y2 + uy * size),
        (x2 - ux * size - uy * size, y2 - uy * size + ux * size),
        (x2 - ux * size + uy * size, y2 - uy * size - ux * size),
    ]


def heads(frame2: Frame2) -> list[tuple[tuple[float, float], float]]:
    """Every head drawn in the frame (the pose's and the ghost's): centre and radius, in heights."""
    placed = [frame2.main, *([frame2.ghost] if frame2.ghost else [])]
    return [(s.p0, s.r0) for p in placed for s in p.shapes if s.name == "head"]


def head_room(points: Sequence[tuple[float, float]], found: Sequence[tuple[tuple[float, float], float]]) -> float:
    """The least distance from the points to the edge of any head (negative inside one)."""
    return min((math.dist(p, c) - r for p in points for c, r in found), default=math.inf)


def arc_points(shape: ArrowShape, count: int = 24) -> list[tuple[float, float]]:
    """Points along a curled arrow (in heights, y up), in the order it is drawn."""
    a0 = math.radians(-150.0)
    a1 = a0 + math.radians(240.0 if shape.clockwise else -240.0)
    (cx, cy), r = shape.centre, TURN_RADIUS
    # Screen angles run clockwise (y down); in heights y is up, so the sine changes sign.
    return [
        (cx + r * math.cos(a0 + (a1 - a0) * k / count), cy - r * math.sin(a0 + (a1 - a0) * k / count))
        for k in range(count + 1)
    ]


@dataclass(frozen=True)
class ArrowShape:
    part: str
    kind: str
    points: tuple[tuple[float, float], ...]  # a path arrow's line, in heights (y up)
    centre: tuple[float, float] = (0.0, 0.0)  # a curled arrow's centre ...
    clockwise: bool = False  # ... and its direction on the page

    def drawn(self) -> list[tuple[float, float]]:
        """The arrow's line and arrowhead, in heights."""
        line = list(self.points) if self.kind == "path" else arc_points(self)
        return line + arrowhead(line)


@once_per_object
def arrow_shapes(frame2: Frame2) -> list[ArrowShape]:
    """Every arrow of a frame, worked out from the ghost and the pose; refuses an arrow for a
    part that hardly moves (it would point at nothing). A path arrow runs beside the part, on
    the outer side of the bend, as near as it can without touching a head (a face under an
    arrow was hard to read) or the support."""
    out: list[ArrowShape] = []
    if frame2.ghost is None:
        return out  # no position before, nothing moves
    found = heads(frame2)
    for arrow in frame2.frame.arrows:
        start, end = frame2.ghost.pose, frame2.main.pose
        curl = arrow.kind == "turn" and arrow.part not in LIMB_JOINTS
        if arrow_motion(start, end, arrow.part, arrow.kind) < (MIN_TURN if curl else MIN_MOVE):
            raise ValueError(
                f"frame {frame2.frame.label!r}: {arrow.part} hardly moves between {start.id!r} and "
                f"{end.id!r}, so an arrow for it would mislead"
            )
        path = part_path(start, end, arrow.part)
        centre = frame2.main.joints["pelvis"]
        if arrow.kind == "turn" and arrow.part in LIMB_JOINTS:
            # The joint's own turn: the end of the segment beyond it swings round it while the
            # rest of the body stays where it ends, and the arrow runs outside that arc.
            path = part_path(joint_as_before(end, start, arrow.part), end, TURNING[arrow.part])
            centre = frame2.main.joints[arrow.part]
        elif arrow.kind == "turn":
            out.append(ArrowShape(arrow.part, "turn", (), path[-1], turn_angle(start, end, arrow.part) < 0))
            continue
        # Beside the limb, on the outer side of the bend (away from the middle of the body, or
        # from the joint that turns), unless that side would run into the support.
        mid = path[len(path) // 2]
        tangent = (path[-1][0] - path[0][0], path[-1][1] - path[0][1])
        left = (-tangent[1], tangent[0])
        outward = (mid[0] - centre[0]) * left[0] + (mid[1] - centre[1]) * left[1]
        floor = frame2.support.top if frame2.support.kind == "floor" else 0.0
        best, best_room = None, -math.inf
        others = [p for shape in out for p in densified(shape.drawn())]
        for offset in ARROW_OFFSETS:
            sides = [(arrow_path(path, offset, shorter), arrow_path(path, -offset, shorter)) for shorter in (0, 2)]
            if outward < 0:
                sides = [pair[::-1] for pair in sides]
            for line in (line for pair in zip(*sides) for line in pair):  # outer side first, whole first
                if min(y for _, y in line) <= floor + 0.02:
                    continue
                drawn = densified(line + arrowhead(line))
                room = min(
                    head_room(drawn, found) - HEAD_CLEARANCE,
                    min((math.dist(p, q) for p in drawn for q in others), default=math.inf) - ARROW_GAP,
                )
                if room > best_room:
                    best, best_room = line, room
                if room >= 0:
                    break
            if best_room >= 0:
                break
        out.append(ArrowShape(arrow.part, "path", tuple(best if best is not None else arrow_path(path, ARROW_OFFSET))))
    return out


def densified(points: Sequence[tuple[float, float]], step: float = 0.01) -> list[tuple[float, float]]:
    """Points along the line through the points, about `step` apart."""
    out = [points[0]]
    for a, b in itertools.pairwise(points):
        n = max(1, int(math.dist(a, b) / step))
        out += [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1)]
    return out


# Limb joints whose turn is drawn as an arc beyond the segment they move (a foot pulled up at
# the ankle); a turn of the trunk or head is drawn as a curl round it.
LIMB_JOINTS = {
    f"{side}-{joint}": (f"{side}_{limb}", joint)
    for side in ("near", "far")
    for limb, joint in (("leg", "hip"), ("leg", "knee"), ("leg", "ankle"), ("arm", "shoulder"), ("arm", "elbow"))
}


def joint_as_before(pose: Pose, before: Pose, part: str) -> Pose:
    """The pose with one joint's angle set back to what it was in `before`."""
    limb, joint = LIMB_JOINTS[part]
    old = getattr(before, limb)
    return pose.model_copy(update={limb: getattr(pose, limb).model_copy(update={joint: getattr(old, joint)})})


def arrow_extent(shape: ArrowShape) -> list[tuple[float, float]]:
    if shape.kind == "turn":
        (x, y), r = shape.centre, TURN_RADIUS + 0.03
        return [(x - r, y - r), (x + r, y + r)]
    return list(shape.points)


def draw_arrows(parent: ET.Element, frame2: Frame2, canvas: Canvas, prefix: str) -> None:
    group = sub(parent, "g", class_="sc-fig-arrows")
    for shape in arrow_shapes(frame2):
        if shape.kind == "path":
            d = smooth_path([canvas.xy(p) for p in shape.points], closed=False)
        else:
            cx, cy = canvas.xy(shape.centre)
            r = canvas.length(TURN_RADIUS)
            a0 = -150.0
            a1 = a0 + (240.0 if shape.clockwise else -240.0)
            x0, y0 = cx + r * math.cos(math.radians(a0)), cy + r * math.sin(math.radians(a0))
            x1, y1 = cx + r * math.cos(math.radians(a1)), cy + r * math.sin(math.radians(a1))
            d = (
                f"M{number(x0)},{number(y0)}A{number(r)},{number(r)} 0 1 {1 if shape.clockwise else 0} "
                f"{number(x1)},{number(y1)}"
            )
        sub(
            group,
            "path",
            d=d,
            class_="sc-fig-arrow",
            marker_end=f"url(#{prefix}-head)",
            **{"data-part": shape.part, "data-kind": shape.kind},
        )


# The segment a curled arrow round a part shows turning: from the part to the next joint out.
TURNING = {
    "pelvis": "waist",
    "waist": "chest",
    "chest": "neck",
    "neck": "head",
    "head": "neck",
    **{
        f"{s}-{a}": f"{s}-{b}"
        for s in ("near", "far")
        for a, b in (
            ("shoulder", "elbow"),
            ("elbow", "hand"),
            ("hip", "knee"),
            ("knee", "ankle"),
            ("ankle", "toe"),
            ("heel", "toe"),
            ("toe", "heel"),
            ("hand", "elbow"),
        )
    },
}
MIN_TURN = 4.0  # degrees


def turn_angle(start: Pose, end: Pose, part: str) -> float:
    """How far the segment at `part` turns from `start` to `end`, in degrees, anticlockwise + (y up)."""
    angles = []
    for pose in (start, end):
        joints = place(pose).joints
        (x0, y0), (x1, y1) = joints[part], joints[TURNING[part]]
        angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return (angles[1] - angles[0] + 180) % 360 - 180


def arrow_motion(start: Pose, end: Pose, part: str, kind: str) -> float:
    """How much an arrow has to show: degrees turned (curled arrow) or heights travelled (path)."""
    if kind == "turn" and part in LIMB_JOINTS:
        return path_length(part_path(joint_as_before(end, start, part), end, TURNING[part]))
    if kind == "turn":
        return abs(turn_angle(start, end, part))
    return path_length(part_path(start, end, part))


def band_directions(placed: Placed, joint: str, low: float, high: float) -> tuple[tuple[float, float], ...]:
    """Where the limb below `joint` would point with the joint at `low` and at `high` degrees."""
    side, kind = joint.split("-")
    field = {"hip": "leg", "knee": "leg", "shoulder": "arm"}[kind]
    limb = getattr(placed.pose, f"{side}_{field}")
    out = []
    for angle in (low, high):
        pose = placed.pose.model_copy(update={f"{side}_{field}": limb.model_copy(update={kind: angle})})
        moved_to = place(pose)
        end = {"hip": "knee", "knee": "ankle", "shoulder": "elbow"}[kind]
        (x0, y0), (x1, y1) = moved_to.joints[joint], moved_to.joints[f"{side}-{end}"]
        length = math.hypot(x1 - x0, y1 - y0)
        out.append(((x1 - x0) / length, (y1 - y0) / length))
    return tuple(out)


def draw_band(parent: ET.Element, frame2: Frame2, band: AngleBand, canvas: Canvas) -> None:
    group = sub(parent, "g", class_="sc-fig-band-group", **{"data-joint": band.joint})
    vertex = canvas.xy(frame2.main.joints[band.joint])
    d_low, d_high = band_directions(frame2.main, band.joint, band.low, band.high)
    radius = canvas.length(0.5)
    ends = [(vertex[0] + d[0] * radius, vertex[1] - d[1] * radius) for d in (d_low, d_high)]
    cross = d_low[0] * d_high[1] - d_low[1] * d_high[0]  # y up: + means anticlockwise on screen
    sweep = 0 if cross > 0 else 1
    sub(
        group,
        "path",
        d=(
            f"M{points_attr([vertex])}L{points_attr([ends[0]])}A{number(radius)},{number(radius)} "
            f"0 0 {sweep} {points_attr([ends[1]])}Z"
        ),
        class_="sc-fig-band",
    )
    # The reference line the angles are measured from: the limb at 0 degrees.
    (zero,) = band_directions(frame2.main, band.joint, 0, 0)[:1]
    zend = (vertex[0] + zero[0] * radius * 1.08, vertex[1] - zero[1] * radius * 1.08)
    sub(group, "path", d=f"M{points_attr([vertex])}L{points_attr([zend])}", class_="sc-fig-band-edge")


def draw_band_values(parent: ET.Element, frame2: Frame2, band: AngleBand, canvas: Canvas) -> None:
    """The band's two angles, drawn over the figure (each has a halo in the background colour):
    just outside its own edge, turned away from the band and nearer the joint than the arc, so
    neither the limb drawn at that angle nor the movement arrow runs over it."""
    group = sub(parent, "g", class_="sc-fig-band-values", **{"data-joint": band.joint})
    vertex = canvas.xy(frame2.main.joints[band.joint])
    d_low, d_high = band_directions(frame2.main, band.joint, band.low, band.high)
    radius = canvas.length(0.5)
    for value, (edge, other) in ((band.low, (d_low, d_high)), (band.high, (d_high, d_low))):
        turn = math.radians(13) * (1 if edge[0] * other[1] - edge[1] * other[0] < 0 else -1)
        x = edge[0] * math.cos(turn) - edge[1] * math.sin(turn)
        y = edge[0] * math.sin(turn) + edge[1] * math.cos(turn)
        at = (vertex[0] + x * radius * 0.66, vertex[1] - y * radius * 0.66)
        sub(group, "text", f"{value:g}°", x=number(at[0]), y=number(at[1]), class_="sc-fig-value")


def draw_symptoms(parent: ET.Element, placed: Placed, segments: Sequence[str], canvas: Canvas) -> None:
    group = sub(parent, "g", class_="sc-fig-symptoms")
    names = {s.name: s for s in placed.shapes}
    for segment in segments:
        shape = names["pelvis" if segment == "low-back" else segment]
        a, b = canvas.xy(shape.p0), canvas.xy(shape.p1)
        start = (a[0] + (b[0] - a[0]) * 0.15, a[1] + (b[1] - a[1]) * 0.15)
        end = (a[0] + (b[0] - a[0]) * 0.85, a[1] + (b[1] - a[1]) * 0.85)
        teeth = max(3, int(math.dist(start, end) / 9))
        amplitude = canvas.length(min(shape.r0, shape.r1)) * 0.5
        sub(
            group,
            "polyline",
            points=points_attr(zigzag(start, end, teeth=teeth, amplitude=amplitude)),
            class_="sc-fig-symptom",
            **{"data-segment": segment},
        )


# --- frames and whole figures -------------------------------------------------------------


@once_per_object
def work_out(frame: Frame, poses: Mapping[str, Pose]) -> Frame2:
    """Place a frame's poses and find its support; refuse a pose whose contacts do not touch."""
    pose = poses[frame.pose]
    main = place(pose)
    ghost = place(poses[frame.ghost]) if frame.ghost else None
    problems = contact_problems(main) + (contact_problems(ghost) if ghost else [])
    if problems:
        raise ValueError("; ".join(problems))
    support = support_for([main, *([ghost] if ghost else [])])
    return Frame2(frame, main, ghost, support)


def scene_box(frame2: Frame2) -> tuple[float, float, float, float]:
    """Left, right, bottom, top of everything drawn in a frame, in body heights."""
    shapes = [*frame2.main.shapes, *(frame2.ghost.shapes if frame2.ghost else [])]
    left, right = extent(shapes)
    left, right = min(left, frame2.support.left), max(right, frame2.support.right)
    high = max(top(shapes), frame2.support.top + 0.05)
    band = frame2.frame.band
    if band:
        vertex = frame2.main.joints[band.joint]
        for d in band_directions(frame2.main, band.joint, band.low, band.high):
            tip = (vertex[0] + d[0] * 0.62, vertex[1] + d[1] * 0.62)
            left, right, high = min(left, tip[0]), max(right, tip[0]), max(high, tip[1])
    for arrow in arrow_shapes(frame2) if frame2.ghost else []:
        for x, y in arrow_extent(arrow):
            left, right, high = min(left, x - 0.03), max(right, x + 0.03), max(high, y + 0.03)
    if any(p.kind == "wall" for p in frame2.main.pose.props):
        left -= 0.08
        high = max(high, 1.12)
    return left - 0.04, right + 0.04, 0.0, high + 0.04


def frame_text(frame: Frame, poses: Mapping[str, Pose]) -> str:
    """One frame in words; the figure's description and the list beside it share this."""
    pose = poses[frame.pose]
    parts = [f"{frame.label}: {pose.name[:1].lower() + pose.name[1:]}"]
    if frame.ghost:
        parts.append(
            f"the dashed outline shows the position before ({poses[frame.ghost].name[:1].lower()}"
            f"{poses[frame.ghost].name[1:].rstrip('.')})"
        )
    if len(frame.arrows) == 1:
        parts.append("the arrow shows the movement")
    elif frame.arrows:
        parts.append(
            "an arrow shows each movement (" + "; ".join(a.shows[:1].lower() + a.shows[1:] for a in frame.arrows) + ")"
        )
    if frame.band:
        parts.append(f"the shaded wedge marks {frame.band.low:g} to {frame.band.high:g} degrees: {frame.band.label}")
    if frame.symptoms:
        parts.append(
            "the zig-zag line marks where the symptoms are felt ("
            + ", ".join(SEGMENT_WORDS[s] for s in frame.symptoms)
            + ")"
        )
    text = "; ".join(parts)
    return text if text.endswith((".", "?")) else text + "."


SEGMENT_WORDS = {
    "low-back": "low back",
    "near-thigh": "thigh of the nearer leg",
    "near-shin": "lower leg of the nearer leg",
    "near-foot": "foot of the nearer leg",
    "far-thigh": "thigh of the other leg",
    "far-shin": "lower leg of the other leg",
    "far-foot": "foot of the other leg",
}


def frame_sentence(number_: int, frame: Frame, poses: Mapping[str, Pose]) -> str:
    return f"{number_}. {frame_text(frame, poses)}"


@dataclass(frozen=True)
class Layout:
    """One scale and one caption height for every frame of a figure, so that frames drawn side by
    side (or as separate pictures, bottom-aligned) show the body at the same size, floors level.
    The scene height is the tallest frame's (frames in one picture) or each frame's own."""

    scale: float
    scene_height: float
    caption_height: float

    def for_frame(self, frame2: Frame2) -> Layout:
        return Layout(self.scale, scene_box(frame2)[3] * self.scale + PAD, self.caption_height)


def caption_lines(frame: Frame) -> list[str]:
    return wrap(frame.label, LABEL_SIZE, PANEL_WIDTH - 2 * PAD - 2 * BADGE_RADIUS - 10)


def layout_for(worked: Sequence[Frame2]) -> Layout:
    inner = PANEL_WIDTH - 2 * PAD
    boxes = [scene_box(w) for w in worked]
    scale = min([HEIGHT] + [inner / (right - left) for left, right, _, _ in boxes])
    scene_height = max(box[3] for box in boxes) * scale + PAD
    caption_height = max(len(caption_lines(w.frame)) for w in worked) * LINE + 18
    return Layout(scale, scene_height, caption_height)


def svg_root(prefix: str, title: str, desc: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "sc-diagram sc-pose",
            "role": "img",
            "id": prefix,
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
        },
    )
    sub(svg, "title", title, id=f"{prefix}-title")
    sub(svg, "desc", desc, id=f"{prefix}-desc")
    sub(svg, "style", style_block())
    block = sub(svg, "defs")
    marker = sub(
        block,
        "marker",
        id=f"{prefix}-head",
        viewBox="0 0 10 10",
        refX="5",
        refY="5",
        markerWidth="3.2",
        markerHeight="3.2",
        orient="auto-start-reverse",
    )
    sub(marker, "path", d="M0,0L10,5L0,10Z", class_="sc-fig-arrow-head")
    sub(svg, "rect", x="0", y="0", width="0", height="0", class_="sc-bg")
    return svg


def draw_panel(
    svg: ET.Element, frame2: Frame2, layout: Layout, left_edge: float, top_edge: float, index: int, prefix: str
) -> None:
    """One numbered frame in a panel whose top left corner is (left_edge, top_edge)."""
    panel = sub(svg, "g", class_="sc-fig-frame", **{"data-frame": str(index)})
    left, right, _, _ = scene_box(frame2)
    origin_x = left_edge + PANEL_WIDTH / 2 - (left + right) / 2 * layout.scale
    canvas = Canvas(layout.scale, origin_x, top_edge + layout.scene_height)
    draw_support(panel, frame2.support, canvas, left_edge + 6, left_edge + PANEL_WIDTH - 6)
    band = frame2.frame.band
    if band:
        draw_band(panel, frame2, band, canvas)
    draw_props(panel, frame2.main, frame2.support, canvas)
    if frame2.ghost:
        draw_figure(panel, frame2.ghost, canvas, ghost=True)
    draw_figure(panel, frame2.main, canvas)
    if frame2.frame.symptoms:
        draw_symptoms(panel, frame2.main, frame2.frame.symptoms, canvas)
    if frame2.frame.arrows:
        draw_arrows(panel, frame2, canvas, prefix)
    if band:
        draw_band_values(panel, frame2, band, canvas)
    badge_y = top_edge + layout.scene_height + 14 + BADGE_RADIUS
    bx = left_edge + PAD + BADGE_RADIUS
    sub(panel, "circle", cx=number(bx), cy=number(badge_y), r=number(BADGE_RADIUS), class_="sc-fig-badge")
    sub(panel, "text", str(index), x=number(bx), y=number(badge_y), class_="sc-fig-badge-text")
    text = sub(panel, "text", x=number(bx + BADGE_RADIUS + 10), y=number(badge_y), class_="sc-fig-text")
    for n, line in enumerate(caption_lines(frame2.frame)):
        sub(text, "tspan", line, x=number(bx + BADGE_RADIUS + 10), dy="0" if n == 0 else number(LINE))


def finish(svg: ET.Element, width: float, height: float) -> str:
    svg.set("viewBox", f"0 0 {number(width)} {number(height)}")
    background = svg.find("rect")
    if background is None:
        raise ValueError("the figure has no background rectangle")
    background.set("width", number(width))
    background.set("height", number(height))
    return ET.tostring(svg, encoding="unicode")


def figure_svg(prefix: str, title: str, frames: Sequence[Frame], poses: Mapping[str, Pose], columns: int = 2) -> str:
    """A numbered figure of one or more frames in one picture (the downloadable file), as an SVG
    string ready to inline."""
    worked = [work_out(frame, poses) for frame in frames]
    columns = max(1, min(columns, len(worked)))
    layout = layout_for(worked)
    svg = svg_root(prefix, title, " ".join(frame_sentence(i, f, poses) for i, f in enumerate(frames, 1)))
    top = 0.0
    for start in range(0, len(worked), columns):
        row = worked[start : start + columns]
        row_layout = Layout(layout.scale, max(layout.for_frame(w).scene_height for w in row), layout.caption_height)
        for column, frame2 in enumerate(row):
            draw_panel(svg, frame2, row_layout, column * PANEL_WIDTH, top, start + column + 1, prefix)
        top += row_layout.scene_height + row_layout.caption_height
    return finish(svg, PANEL_WIDTH * columns, top + 4)


def frame_svgs(prefix: str, title: str, frames: Sequence[Frame], poses: Mapping[str, Pose]) -> list[str]:
    """The same figure as one picture per frame, all at one scale and height, for a page that lets
    them sit side by side on a wide screen and one above the other on a phone."""
    worked = [work_out(frame, poses) for frame in frames]
    layout = layout_for(worked)
    out = []
    for index, (frame, frame2) in enumerate(zip(frames, worked), 1):
        name = f"{prefix}-{index}"
        own = layout.for_frame(frame2)
        svg = svg_root(name, f"{title}, picture {index} of {len(frames)}", frame_sentence(index, frame, poses))
        draw_panel(svg, frame2, own, 0.0, 0.0, index, name)
        out.append(finish(svg, PANEL_WIDTH, own.scene_height + own.caption_height + 4))
    return out


# --- what the site draws ------------------------------------------------------------------


def exercise_title(exercise) -> str:
    return f"{exercise.name}: start and end positions"


def exam_title(test) -> str:
    return f"{test.name}: how the test is done"


@once_per_data
def exercise_svg(exercise, data: SiteData) -> str:
    return figure_svg(f"exercise-{exercise.id}-figure", exercise_title(exercise), exercise.frames, data.by_id("poses"))


@once_per_data
def exam_test_svg(test, data: SiteData) -> str:
    return figure_svg(f"exam-{test.id}-figure", exam_title(test), test.frames, data.by_id("poses"))


def pose_svg(pose: Pose, data: SiteData) -> str:
    return figure_svg(
        f"pose-{pose.id}-figure", pose.name, [Frame(pose=pose.id, label=pose.name)], data.by_id("poses"), columns=1
    )
