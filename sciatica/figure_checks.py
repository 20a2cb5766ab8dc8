"""Figures checked before anything is drawn: every pose rests on its support and every frame's
arrows follow a real movement. A problem names the data entry (and so its line) instead of
stopping a drawing halfway with a traceback."""

from __future__ import annotations

from sciatica.model import SiteData
from sciatica.render import poses

Located = list[tuple[tuple, str]]


def pose_problems(data: SiteData) -> Located:
    found: Located = []
    for index, pose in enumerate(data.poses):
        try:
            problems = poses.contact_problems(poses.place(pose))
        except (ValueError, ArithmeticError) as error:
            problems = [f"cannot be drawn: {error}"]
        found += [(("poses", index), message) for message in problems]
    return found


def frame_problems(data: SiteData) -> Located:
    """Each frame of an exercise or an examination test, worked out as the drawing would."""
    by_id = data.by_id("poses")
    found: Located = []
    for collection in ("exercises", "exam_tests"):
        for index, entry in enumerate(getattr(data, collection)):
            for number, frame in enumerate(entry.frames):
                try:
                    placed = poses.work_out(frame, by_id)
                    if frame.ghost:
                        poses.arrow_shapes(placed)
                except (ValueError, ArithmeticError) as error:
                    found.append(((collection, index, "frames", number), str(error)))
    return found


def figure_problems(data: SiteData) -> Located:
    poses_at_fault = pose_problems(data)
    # A frame fails with its pose; name the pose once rather than every frame that uses it.
    return poses_at_fault or frame_problems(data)
