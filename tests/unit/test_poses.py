"""The pose engine: joint limits refused on loading, bodies that rest on their support and touch it
where the data says, conventions that match the drawings, determinism, accessibility, legibility
on a 320 px phone, and downloads that are well-formed files with their credit."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from sciatica import downloads
from sciatica.model import Frame, Prop
from sciatica.render import poses, programme
from tests.unit.test_model import GOOD, NAME, mutate, problems_for  # one copy of the data-file fixtures

NS = {"svg": poses.SVG_NS}
PHONE_PX = 288  # what a 320 px screen leaves for a figure (Material's side margins)
PICTURE_MAX_PX = 288  # .sc-pose-panels svg { max-width: 18rem }: a picture is never wider


def pose_block(pose_id: str) -> str:
    start = GOOD.index(f"  - id: {pose_id}\n")
    return GOOD[start : GOOD.index("\n\n", start)]


def all_frames(data) -> list[tuple[str, Frame]]:
    return [(f"exercise {e.id}", f) for e in data.exercises for f in e.frames] + [
        (f"test {t.id}", f) for t in data.exam_tests for f in t.frames
    ]


def tree(text: str) -> ET.Element:
    return ET.fromstring(text.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n'))


@pytest.fixture(scope="module")
def figures(data) -> dict[str, str]:
    """Every figure the site shows: the whole figures (the files) and each picture on a page."""
    by_id = data.by_id("poses")
    found = {f"exercise-{e.id}": poses.exercise_svg(e, data) for e in data.exercises}
    found |= {f"exam-{t.id}": poses.exam_test_svg(t, data) for t in data.exam_tests}
    for e in data.exercises:
        for i, svg in enumerate(
            poses.frame_svgs(f"exercise-{e.id}-figure", poses.exercise_title(e), e.frames, by_id), 1
        ):
            found[f"exercise-{e.id}/{i}"] = svg
    for t in data.exam_tests:
        for i, svg in enumerate(poses.frame_svgs(f"exam-{t.id}-figure", poses.exam_title(t), t.frames, by_id), 1):
            found[f"exam-{t.id}/{i}"] = svg
    return found


# --- the data: limits and rules, one line each -------------------------------------------------


def test_data_has_figures_to_draw(data):
    assert len(data.exercises) >= 6 and len(data.exercises) <= 8
    assert {t.id for t in data.exam_tests} >= {"slr", "crossed-slr", "slump", "femoral-stretch"}
    assert {m.id for m in data.outcome_measures} >= {"odi", "rmdq", "sbi"}
    assert {p.posture for p in data.poses} == {
        "standing",
        "sitting",
        "lying-on-back",
        "lying-on-front",
        "kneeling",
        "hands-and-knees",
    }


def test_a_joint_beyond_its_limit_is_refused_in_one_line():
    block = pose_block("slr-raised")
    [message] = problems_for(mutate(block, block.replace("near_leg: {hip: 70,", "near_leg: {hip: 170,")))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: poses\[slr-raised\]\.near_leg\.hip: "
        r"Input should be less than or equal to 125; got 170(\.0)?",
        message,
    ), message


@pytest.mark.parametrize(
    ("field", "value", "limit"), [("knee", -5, "greater than or equal to 0"), ("ankle", 40, "less than or equal to 25")]
)
def test_each_joint_has_its_own_limit(field, value, limit):
    block = pose_block("kneeling")
    changed = re.sub(rf"(near_leg: \{{[^}}]*){field}: -?\d+", rf"\g<1>{field}: {value}", block)
    if changed == block:
        changed = block.replace("near_leg: {", f"near_leg: {{{field}: {value}, ")
    [message] = problems_for(mutate(block, changed))
    assert f"poses[kneeling].near_leg.{field}: Input should be {limit}" in message


def test_a_posture_that_does_not_fit_its_angles_is_refused_in_one_line():
    block = pose_block("standing")
    [message] = problems_for(
        mutate(block, block.replace("    posture: standing\n", "    posture: standing\n    trunk: 80\n"))
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: poses\[standing\]: standing needs trunk between -30 and 30 "
        r"degrees \(got 80\)",
        message,
    ), message


def test_a_posture_on_the_wrong_support_is_refused():
    block = pose_block("kneeling")
    [message] = problems_for(mutate(block, block.replace("support: floor", "support: couch")))
    assert "poses[kneeling]: kneeling is done on floor, not on a couch" in message


def test_an_angle_range_beyond_the_joint_is_refused():
    [message] = problems_for(
        mutate("band: {joint: near-hip, low: 30, high: 70,", "band: {joint: near-hip, low: 30, high: 170,")
    )
    assert "exam_tests[slr].frames[1].band: near-hip moves between -30 and 125 degrees" in message


def test_a_frame_naming_a_missing_pose_is_refused():
    [message] = problems_for(mutate("      - pose: slump-seated\n", "      - pose: slump-sat\n"))
    assert re.search(r"exam_tests\[slump\]\.frames\[1\]\.pose: 'slump-sat' is not an id in poses", message)


def test_a_ghost_seen_from_elsewhere_is_refused():
    block = pose_block("standing")
    [message] = problems_for(mutate(block, block.replace("support: floor", "support: floor\n    view: front")))
    assert "the dashed outline" not in message and "must match" in message


def test_arrows_need_a_ghost():
    with pytest.raises(ValueError, match="movement arrows run from a ghost pose"):
        Frame(pose="standing", label="Look up", arrows=[{"part": "head", "shows": "Look up"}])


def test_props_go_where_they_fit():
    with pytest.raises(ValueError, match="a wall goes at back, not head"):
        Prop(kind="wall", at="head")


# --- resting on the support ------------------------------------------------------------------------


def test_every_pose_rests_on_its_support_without_sinking_into_it(data):
    for pose in data.poses:
        placed = poses.place(pose)
        support = poses.support_for([placed])
        assert poses.penetration(placed, support) < 1e-4, pose.id
        resting = (
            [s for s in placed.shapes if s.name in poses.SEAT_PARTS] if pose.posture == "sitting" else placed.shapes
        )
        lowest = poses.bottom(resting)
        assert abs(lowest - support.top) < 1e-9, (pose.id, lowest, support.top)
        assert poses.bottom(placed.shapes) >= -1e-4, f"{pose.id}: below the floor"


def test_every_contact_touches_and_every_pose_names_one(data):
    for pose in data.poses:
        assert pose.contacts, f"{pose.id} names no contact, so nothing checks that it rests where it should"
        assert poses.contact_problems(poses.place(pose)) == [], pose.id


def test_every_frame_and_its_ghost_rest_on_one_support(data):
    by_id = data.by_id("poses")
    for where, frame in all_frames(data):
        worked = poses.work_out(frame, by_id)
        for placed in [worked.main, *([worked.ghost] if worked.ghost else [])]:
            assert poses.penetration(placed, worked.support) < 1e-4, (where, placed.pose.id)


def test_a_floating_contact_is_refused_in_one_line(data):
    pose = data.by_id("poses")["crook-lying"]
    lifted = pose.model_copy(update={"near_leg": pose.near_leg.model_copy(update={"hip": 60})})
    with pytest.raises(ValueError) as caught:
        poses.work_out(Frame(pose="x", label="x"), {"x": lifted})
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(r"pose 'crook-lying': near-heel is \d+ units above its support; adjust the joint angles", message)


def test_a_couch_sitter_dangles_and_a_chair_sitter_sits_on_the_seat(data):
    slump = poses.place(data.by_id("poses")["slump-seated"])
    assert poses.bottom(slump.shapes) > 0.03, "feet should hang clear of the floor from a couch"
    chair = poses.place(data.by_id("poses")["sitting-chair"])
    assert abs(poses.contact_gap(chair, "near-heel")) < poses.CONTACT_TOLERANCE


# --- conventions match the drawing -----------------------------------------------------------------


def angle_of(a, b) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def test_standing_side_view_faces_right_head_up(data):
    placed = poses.place(data.by_id("poses")["standing"])
    j = placed.joints
    assert j["head"][1] > j["near-shoulder"][1] > j["pelvis"][1] > j["near-knee"][1] > j["near-ankle"][1]
    assert placed.face[0] > 0.9
    assert j["near-toe"][0] > j["near-heel"][0], "feet point the way the person faces"


def test_hip_flexion_lifts_the_straight_leg_by_that_angle(data):
    placed = poses.place(data.by_id("poses")["slr-raised"])
    elevation = angle_of(placed.joints["near-hip"], placed.joints["near-ankle"])
    assert abs(elevation - 70) < 0.5
    assert placed.joints["near-knee"][1] > placed.joints["near-hip"][1]


def test_lying_on_the_back_faces_up_and_on_the_front_faces_down(data):
    assert poses.place(data.by_id("poses")["supine-couch"]).face[1] > 0.9
    assert poses.place(data.by_id("poses")["prone-couch"]).face[1] < -0.8


def test_front_and_back_views_mirror_each_other(data):
    standing = data.by_id("poses")["standing"]
    front = poses.place(standing.model_copy(update={"view": "front"}))
    back = poses.place(standing.model_copy(update={"view": "back"}))
    # Facing the viewer, the person's near (right) side is on the viewer's left; from behind, on the right.
    assert front.joints["near-hip"][0] < front.joints["far-hip"][0]
    assert back.joints["near-hip"][0] > back.joints["far-hip"][0]
    assert math.isclose(front.joints["near-hip"][0], -back.joints["near-hip"][0])


@pytest.mark.parametrize("view", ["front", "back"])
def test_every_pose_rests_on_its_support_from_the_front_and_back_too(data, view):
    for pose in data.poses:
        placed = poses.place(pose.model_copy(update={"view": view}))
        # Seen from the front, legs hanging in front of a couch overlap it in the picture but
        # not in depth: here the check is that the body rests on the support's top.
        resting = (
            [s for s in placed.shapes if s.name in poses.SEAT_PARTS] if pose.posture == "sitting" else placed.shapes
        )
        assert abs(poses.bottom(resting) - poses.support_top(pose)) < 1e-9, (pose.id, view)
        assert poses.bottom(placed.shapes) >= -1e-4, (pose.id, view)
        svg = poses.figure_svg(
            "v",
            pose.name,
            [Frame(pose="v", label=pose.name)],
            {"v": pose.model_copy(update={"view": view, "id": "v", "contacts": []})},
            columns=1,
        )
        assert tree(svg).get("role") == "img"


def test_far_limbs_are_drawn_first_and_lighter_in_a_side_view(figures):
    root = tree(figures["exam-slr/1"])
    layers = [g.get("data-layer") for g in root.iter(f"{{{poses.SVG_NS}}}g") if g.get("data-layer")]
    pose_layers = layers[-5:]
    assert pose_layers == ["far-arm", "far-leg", "core", "near-leg", "near-arm"]
    far = [g for g in root.iter(f"{{{poses.SVG_NS}}}g") if g.get("data-layer", "").startswith("far")]
    assert far and all("sc-fig-far" in g.get("class") for g in far[-2:])


def test_a_body_is_shapes_not_sticks(figures):
    root = tree(figures["exercise-walking/1"])
    shapes = {p.get("data-shape") for p in root.iter(f"{{{poses.SVG_NS}}}path") if p.get("data-shape")}
    assert {
        "head",
        "torso",
        "pelvis",
        "near-thigh",
        "near-shin",
        "near-foot",
        "near-upper-arm",
        "near-forearm",
        "neck",
    } <= shapes


def test_the_angle_band_spans_its_range_from_the_limb_at_rest(data):
    frame = data.by_id("exam_tests")["slr"].frames[0]
    worked = poses.work_out(frame, data.by_id("poses"))
    low, high = poses.band_directions(worked.main, "near-hip", frame.band.low, frame.band.high)
    (rest,) = poses.band_directions(worked.main, "near-hip", 0, 0)[:1]
    between = math.degrees(math.acos(low[0] * high[0] + low[1] * high[1]))
    from_rest = math.degrees(math.acos(rest[0] * low[0] + rest[1] * low[1]))
    assert abs(between - (frame.band.high - frame.band.low)) < 0.5
    assert abs(from_rest - frame.band.low) < 0.5


def test_arrows_follow_the_movement(data):
    frame = data.by_id("exam_tests")["slr"].frames[0]
    worked = poses.work_out(frame, data.by_id("poses"))
    [arrow] = poses.arrow_shapes(worked)
    start, end = arrow.points[0], arrow.points[-1]
    assert end[1] > start[1] + 0.1, "lifting the leg: the arrow ends higher than it starts"
    hip = worked.main.joints["near-hip"]
    radii = [math.dist(p, hip) for p in arrow.points]
    assert max(radii) - min(radii) < 0.05, "the ankle swings round the hip: the arrow is an arc"


def test_an_arrow_for_a_part_that_does_not_move_is_refused(data):
    frame = Frame(pose="standing", ghost="standing", label="Nothing moves", arrows=[{"part": "head", "shows": "moves"}])
    with pytest.raises(ValueError, match="hardly moves"):
        poses.figure_svg("x", "x", [frame], data.by_id("poses"))


def test_props_fill_the_gap_they_sit_in(data):
    placed = poses.place(data.by_id("poses")["crook-lying"])
    head = next(s for s in placed.shapes if s.name == "head")
    gap = (head.p0[1] - head.r0) - 0.0
    assert 0 <= gap < 0.1
    svg = poses.figure_svg("t", "t", [Frame(pose="crook-lying", label="t")], data.by_id("poses"))
    towel = next(r for r in tree(svg).iter(f"{{{poses.SVG_NS}}}rect") if r.get("data-prop") == "towel-head")
    assert abs(float(towel.get("height")) - gap * poses.HEIGHT) < 1.0


def test_a_wall_stands_against_the_back(data):
    standing = data.by_id("poses")["standing"]
    leaning = standing.model_copy(update={"id": "w", "props": [Prop(kind="wall", at="back")]})
    svg = poses.figure_svg("w", "w", [Frame(pose="w", label="w")], {"w": leaning})
    root = tree(svg)
    wall = next(r for r in root.iter(f"{{{poses.SVG_NS}}}rect") if r.get("data-prop") == "wall")
    torso = next(p for p in root.iter(f"{{{poses.SVG_NS}}}path") if p.get("data-shape") == "pelvis")
    xs = [float(v) for v in re.findall(r"[ML](-?[\d.]+),", torso.get("d"))]
    wall_face = float(wall.get("x")) + float(wall.get("width"))
    assert wall_face <= min(xs) + 2


# --- the SVG: accessible, deterministic, legible, printable ---------------------------------------


def test_each_figure_is_labelled_for_assistive_technology(figures):
    for name, text in figures.items():
        root = tree(text)
        assert root.get("role") == "img", name
        title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
        assert title is not None and title.text.strip(), name
        assert desc is not None and desc.text.strip(), name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", name
        assert not root.findall(".//svg:image", NS) and not root.findall(".//svg:foreignObject", NS)


def test_ids_are_unique_across_all_figures(figures):
    seen: dict[str, str] = {}
    for name, text in figures.items():
        if "/" not in name:
            continue  # a whole figure is a file of its own; pages show the pictures
        for element in tree(text).iter():
            if element.get("id"):
                assert element.get("id") not in seen, (name, element.get("id"), seen.get(element.get("id")))
                seen[element.get("id")] = name


def test_same_data_gives_byte_identical_figures(data, figures):
    by_id = data.by_id("poses")
    again = {f"exercise-{e.id}": poses.exercise_svg(e, data) for e in data.exercises}
    again |= {f"exam-{t.id}": poses.exam_test_svg(t, data) for t in data.exam_tests}
    for e in data.exercises:
        for i, svg in enumerate(
            poses.frame_svgs(f"exercise-{e.id}-figure", poses.exercise_title(e), e.frames, by_id), 1
        ):
            again[f"exercise-{e.id}/{i}"] = svg
    for t in data.exam_tests:
        for i, svg in enumerate(poses.frame_svgs(f"exam-{t.id}-figure", poses.exam_title(t), t.frames, by_id), 1):
            again[f"exam-{t.id}/{i}"] = svg
    assert again == figures


def style_number(style: str, rule: str, prop: str) -> float:
    body = re.search(re.escape(rule) + r"\{([^}]*)\}", style).group(1)
    return float(re.search(rf"{prop}:([\d.]+)", body).group(1))


def test_pictures_stay_readable_on_a_320px_phone(data, figures):
    """A picture is drawn at most 288 px wide on a 320 px screen. Work out from the viewBox what
    that makes of the body's height, the thinnest limb, the outline and the text."""
    by_id = data.by_id("poses")
    for where, frames in [
        *((f"exercise-{e.id}", e.frames) for e in data.exercises),
        *((f"exam-{t.id}", t.frames) for t in data.exam_tests),
    ]:
        layout = poses.layout_for([poses.work_out(f, by_id) for f in frames])
        for index in range(1, len(frames) + 1):
            root = tree(figures[f"{where}/{index}"])
            width = float(root.get("viewBox").split()[2])
            px = min(PHONE_PX, PICTURE_MAX_PX) / width
            style = root.find("svg:style", NS).text
            body_px = layout.scale * px
            thinnest_px = 2 * min(min(r) for r in poses.RADIUS.values()) * layout.scale * px
            outline_px = style_number(style, ".sc-fig-out", "stroke-width") / 2 * px
            text_px = style_number(style, ".sc-fig-text", "font-size") * px
            assert body_px >= 120, (where, index, body_px)
            assert thinnest_px >= 3, (where, index, thinnest_px)
            assert outline_px >= 1.2, (where, index, outline_px)
            assert text_px >= 12, (where, index, text_px)


def test_print_style_is_black_white_and_grey(figures):
    style = tree(next(iter(figures.values()))).find("svg:style", NS).text
    block = re.search(r"@media print\{(.*)\}$", style).group(1)
    assigned = dict(re.findall(r"--sc-fig-([a-z-]+):([^;}]+)", block))
    assert set(assigned) == set(poses.PALETTE)
    for name, value in assigned.items():
        colour = value.removesuffix("!important")
        assert re.fullmatch(r"#([0-9a-f]{2})\1\1", colour), (name, colour)  # a grey: equal red, green, blue
    # Lines and text print black, the body white: the shapes carry the meaning, not the colour.
    for name in ("line", "ghost-line", "arrow", "text", "symptom", "band-line", "support-line"):
        assert assigned[name] == "#000000!important", name
    assert assigned["fill"] == "#ffffff!important"


def test_colours_come_from_custom_properties(figures):
    for text in figures.values():
        for element in tree(text).iter():
            for attribute in ("fill", "stroke", "style"):
                assert element.get(attribute) is None, (element.tag, attribute)


def test_meaning_is_not_colour_alone(figures):
    """Ghosts are dashed, symptoms a zig-zag, arrows have heads, frames have numbers."""
    style = tree(figures["exam-slr"]).find("svg:style", NS).text
    assert "stroke-dasharray" in re.search(r"\.sc-fig-ghost \.sc-fig-out\{([^}]*)\}", style).group(1)
    root = tree(figures["exam-slr"])
    arrows = [p for p in root.iter(f"{{{poses.SVG_NS}}}path") if "sc-fig-arrow" == p.get("class")]
    assert arrows and all(a.get("marker-end") for a in arrows)
    assert [t.text for t in root.iter(f"{{{poses.SVG_NS}}}text") if t.get("class") == "sc-fig-badge-text"] == ["1", "2"]
    assert [p for p in root.iter(f"{{{poses.SVG_NS}}}polyline") if p.get("class") == "sc-fig-symptom"]


# --- arrows and movements, read back from the drawn pictures ---------------------------------------


def path_samples(d: str) -> list[tuple[float, float]]:
    """Points along an SVG path of M, L, C and A (circular arc) commands, as the figures write them."""
    tokens = re.findall(r"[MLCA]|-?\d+(?:\.\d+)?", d)
    out: list[tuple[float, float]] = []
    i, command = 0, None
    while i < len(tokens):
        if tokens[i] in "MLCA":
            command, i = tokens[i], i + 1
            continue
        if command in ("M", "L"):
            out.append((float(tokens[i]), float(tokens[i + 1])))
            i += 2
        elif command == "C":
            p0 = out[-1]
            c1, c2, p3 = [(float(tokens[i + k]), float(tokens[i + k + 1])) for k in (0, 2, 4)]
            for step in range(1, 17):
                t = step / 16
                u = 1 - t
                x, y = (
                    u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * e for a, b, c, e in zip(p0, c1, c2, p3)
                )
                out.append((x, y))
            i += 6
        else:  # A r,r 0 large sweep x,y: a circular arc from the last point
            r, large, sweep = float(tokens[i]), tokens[i + 3] == "1", tokens[i + 4] == "1"
            (x0, y0), (x1, y1) = out[-1], (float(tokens[i + 5]), float(tokens[i + 6]))
            mx, my, half = (x0 + x1) / 2, (y0 + y1) / 2, math.dist((x0, y0), (x1, y1)) / 2
            away = math.sqrt(max(r * r - half * half, 0.0)) * (1 if large != sweep else -1)
            ux, uy = (x1 - x0) / (2 * half), (y1 - y0) / (2 * half)
            cx, cy = mx - uy * away, my + ux * away
            a0, a1 = math.atan2(y0 - cy, x0 - cx), math.atan2(y1 - cy, x1 - cx)
            turn = (a1 - a0) % (2 * math.pi) if sweep else -((a0 - a1) % (2 * math.pi))
            out += [
                (cx + r * math.cos(a0 + turn * k / 32), cy + r * math.sin(a0 + turn * k / 32)) for k in range(1, 33)
            ]
            i += 7
    return out


def drawn_arrows(root) -> list[tuple[list[tuple[float, float]], list[tuple[float, float]]]]:
    """Every movement arrow of a picture: its line, and the corners of the arrowhead its marker
    draws (from the marker's size and reference point and the arrow's stroke width)."""
    style = root.find("svg:style", NS).text
    width = style_number(style, ".sc-fig-arrow", "stroke-width")
    marker = root.find(".//svg:marker", NS)
    unit = float(marker.get("markerWidth")) * width / 10
    ahead, behind = (10 - float(marker.get("refX"))) * unit, float(marker.get("refX")) * unit
    half = 5 * unit
    found = []
    for path in root.iter(f"{{{poses.SVG_NS}}}path"):
        if path.get("class") != "sc-fig-arrow":
            continue
        line = path_samples(path.get("d"))
        (x1, y1), (x2, y2) = line[-2], line[-1]
        length = math.hypot(x2 - x1, y2 - y1)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        tip, back = (x2 + ux * ahead, y2 + uy * ahead), (x2 - ux * behind, y2 - uy * behind)
        head = [tip, (back[0] - uy * half, back[1] + ux * half), (back[0] + uy * half, back[1] - ux * half)]
        found.append((line, head))
    return found


def drawn_heads(root) -> list[tuple[tuple[float, float], float]]:
    """Every head drawn in a picture, the pose's and the ghost's: centre and radius with its
    outline (half the outline's stroke width)."""
    style = root.find("svg:style", NS).text
    outline = style_number(style, ".sc-fig-out", "stroke-width") / 2
    found = []
    for path in root.iter(f"{{{poses.SVG_NS}}}path"):
        if path.get("data-shape") == "head":
            x0, y0, r = (float(v) for v in re.match(r"M(-?[\d.]+),(-?[\d.]+)A(-?[\d.]+)", path.get("d")).groups())
            found.append(((x0 + r, y0), r + outline))
    return found


def edge_points(corners):
    """Points along the edges of a polygon."""
    return [
        (a[0] + (b[0] - a[0]) * k / 20, a[1] + (b[1] - a[1]) * k / 20)
        for a, b in zip(corners, [*corners[1:], corners[0]])
        for k in range(20)
    ]


def test_no_arrow_crosses_a_head(figures):
    """In every picture, no movement arrow (its line or its arrowhead) runs over a head, the
    pose's or the ghost's: an arrow over the face hid which way the person looks (press-ups
    frame 2, slump frame 3). A gap of at least a unit is left."""
    checked = 0
    for name, text in figures.items():
        root = tree(text)
        heads = drawn_heads(root)
        width = style_number(root.find("svg:style", NS).text, ".sc-fig-arrow", "stroke-width")
        for line, head in drawn_arrows(root):
            for centre, radius in heads:
                near = min(math.dist(p, centre) for p in line) - radius - width / 2
                assert near >= 1.0, (name, round(near, 1), "an arrow runs over a head")
                near = min(math.dist(p, centre) for p in edge_points(head)) - radius
                assert near >= 1.0, (name, round(near, 1), "an arrowhead lies on a head")
                checked += 1
    assert checked >= 20


def test_the_head_check_can_fail(data):
    """The check above sees an arrow drawn through the head: the head's own path, as the old
    figures drew it for a lifted head."""
    frame = data.by_id("exam_tests")["slump"].frames[2]
    worked = poses.work_out(frame, data.by_id("poses"))
    head = next(s for s in worked.main.shapes if s.name == "head")
    through = [(head.p0[0] - 0.1, head.p0[1]), head.p0, (head.p0[0] + 0.1, head.p0[1])]
    assert poses.head_room(through, poses.heads(worked)) < 0


def test_two_arrows_of_a_frame_keep_apart(figures):
    """Where a frame shows two movements, their arrows do not run into each other."""
    seen = 0
    for name, text in figures.items():
        root = tree(text)
        width = style_number(root.find("svg:style", NS).text, ".sc-fig-arrow", "stroke-width")
        for group in root.iter(f"{{{poses.SVG_NS}}}g"):
            if group.get("class") != "sc-fig-frame":
                continue
            arrows = drawn_arrows(group_tree(root, group))
            for (a, ha), (b, hb) in itertools.combinations(arrows, 2):
                gap = min(math.dist(p, q) for p in a + edge_points(ha) for q in b + edge_points(hb)) - width
                assert gap >= 2.0, (name, group.get("data-frame"), round(gap, 1))
                seen += 1
    assert seen, "no frame has two arrows: this test no longer tests anything"


def group_tree(root, group):
    """A frame's group with the picture's style and marker, so drawn_arrows can read them."""
    holder = ET.Element(root.tag)
    holder.append(root.find("svg:style", NS))
    holder.append(root.find("svg:defs", NS))
    holder.append(group)
    return holder


MOVEMENT = re.compile(
    r"\b(walk\w*|press\w*|pull\w*|push\w*|prop\w*|bend|bent|lift\w*|lower\w*|rais\w*|"
    r"straighten\w*|look\w*|tilt\w*|turn\w*|hug\w*|roll\w*|swing\w*)\b",
    re.IGNORECASE,
)


def test_every_named_movement_has_its_own_arrow(data):
    """In a frame that shows a movement (it has a ghost), each movement its label names ('foot
    pulled up', 'look up') is shown by an arrow of its own: every movement word lies within the
    words one arrow shows, and no two arrows show the same words."""
    checked = 0
    for where, frame in all_frames(data):
        if frame.ghost is None:
            continue
        label = frame.label.lower()
        spans = []
        for arrow in frame.arrows:
            start = label.index(arrow.shows.lower())
            spans.append((start, start + len(arrow.shows)))
            assert MOVEMENT.search(arrow.shows), (where, arrow.shows, "the arrow shows no movement")
        for a, b in itertools.combinations(sorted(spans), 2):
            assert a[1] <= b[0], (where, frame.label, "two arrows show the same words")
        for found in MOVEMENT.finditer(label):
            owners = [s for s in spans if s[0] <= found.start() and found.end() <= s[1]]
            assert len(owners) == 1, (where, frame.label, found.group(0), "has no arrow of its own")
            checked += 1
    assert checked >= 10
    assert not [1 for _ in MOVEMENT.finditer("knee kept straight; pain is felt")], "words that are not movements"


def test_an_arrow_must_show_words_of_its_label():
    with pytest.raises(ValueError, match="does not say"):
        Frame(pose="standing", ghost="standing", label="Look up", arrows=[{"part": "head", "shows": "Look down"}])


MIN_FRAME_CHANGE = 0.025  # in heights: about 5 px at the smallest scale a figure is drawn


def test_consecutive_frames_differ_in_the_figure_itself(data):
    """Each frame of an exercise or test shows the body somewhere else than the frame before: some
    joint moves by at least MIN_FRAME_CHANGE of the body's height, so the movement is seen in the
    figure and not only in its arrow (pelvic tilt frame 2 once differed from frame 1 by 1 unit)."""
    by_id = data.by_id("poses")
    for where, frames in [
        *((f"exercise {e.id}", e.frames) for e in data.exercises),
        *((f"test {t.id}", t.frames) for t in data.exam_tests),
    ]:
        for before, after in itertools.pairwise(frames):
            first, second = poses.place(by_id[before.pose]), poses.place(by_id[after.pose])
            moved = max(math.dist(first.joints[j], second.joints[j]) for j in first.joints)
            assert moved >= MIN_FRAME_CHANGE, (where, after.label, round(moved, 3))


# --- the words beside the figures -------------------------------------------------------------------


def test_text_alternative_lists_the_same_frames_as_the_pictures(data):
    from bs4 import BeautifulSoup

    links = programme.Links()
    by_id = data.by_id("poses")
    for e in data.exercises:
        html = BeautifulSoup(str(programme.exercise_figure(e, data, links)), "lxml")
        items = [li.get_text() for li in html.select("ol.sc-figure-text li")]
        descs = [d.get_text() for d in html.select("svg desc")]
        assert len(items) == len(descs) == len(e.frames), e.id
        for number, (item, desc, frame) in enumerate(zip(items, descs, e.frames), 1):
            assert item == poses.frame_text(frame, by_id)
            assert desc == f"{number}. {item}"
            assert frame.label in item


def test_figure_description_names_every_mark_it_uses(data):
    slr = data.by_id("exam_tests")["slr"]
    text = poses.frame_text(slr.frames[0], data.by_id("poses"))
    for words in ("dashed outline", "arrow", "shaded wedge marks 30 to 70 degrees", "zig-zag"):
        assert words in text


# --- downloads ----------------------------------------------------------------------------------------


def test_every_figure_is_a_well_formed_download_with_its_credit(data):
    files = downloads.files(data, "Sciatica and massage", "https://site.test/")
    expected = {programme.exercise_file(e) for e in data.exercises} | {programme.exam_file(t) for t in data.exam_tests}
    expected.add(programme.POSITIONS_FILE)
    assert expected <= set(files)
    for path in expected:
        root = tree(files[path])
        assert root.get("role") == "img", path
        metadata = root.find("svg:metadata", NS)
        assert metadata is not None and "CC BY-SA 4.0" in metadata.text, path
        assert "https://site.test/" in metadata.text
        credit = [t for t in root.iter(f"{{{poses.SVG_NS}}}text") if t.get("class") == "sc-credit"]
        assert credit, path
        # The background grows to take the credit line.
        height = float(root.get("viewBox").split()[3])
        assert float(root.find("svg:rect", NS).get("height")) == height
