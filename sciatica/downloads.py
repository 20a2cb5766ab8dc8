"""Downloads written before the engine runs: the data as JSON with its JSON Schema, and every
diagram as a standalone SVG with its credit. They are written into docs/ (folders git ignores),
so every engine publishes them as ordinary files and checks links to them like any other."""

from __future__ import annotations

import json
from pathlib import Path

from .model import SiteData, json_schema
from .render import diagrams, poses, programme

GENERATED_FOLDERS = ("data", "diagrams")  # under docs/; listed in .gitignore
LICENCE = "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); credit the site when reusing."


def credit(name: str, page: str, site_name: str, site_url: str) -> str:
    return f"{name}, from {site_name}, {site_url}{page} . {LICENCE}"


def files(data: SiteData, site_name: str, site_url: str) -> dict[str, str]:
    """Pure: the path (under docs/) and text of every downloadable file."""
    found = {
        "data/sciatica.json": json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
        "data/sciatica.schema.json": json.dumps(json_schema(), indent=2) + "\n",
    }
    for technique in data.techniques:
        found[f"diagrams/{technique.id}.svg"] = diagrams.standalone(
            diagrams.technique_svg(technique, data),
            credit(technique.name, f"massage/{technique.id}/", site_name, site_url))
    for view, (title, page) in diagrams.ANATOMY_DOWNLOADS.items():
        found[f"diagrams/anatomy-{view}.svg"] = diagrams.standalone(
            diagrams.anatomy_svg(view, data), credit(title, page, site_name, site_url))
    # Figures of people: each exercise, each examination test, and the positions they use.
    for exercise in data.exercises:
        found[programme.exercise_file(exercise)] = diagrams.standalone(
            poses.exercise_svg(exercise, data),
            credit(f"{exercise.name} (exercise)", "treatment/exercise-programme/", site_name, site_url))
    for test in data.exam_tests:
        found[programme.exam_file(test)] = diagrams.standalone(
            poses.exam_test_svg(test, data), credit(f"{test.name} (examination test)", "diagnosis/", site_name, site_url))
    frames = programme.positions_frames(data)
    if frames:
        found[programme.POSITIONS_FILE] = diagrams.standalone(
            poses.figure_svg("positions-figure", "Positions the figures use", frames, data.by_id("poses")),
            credit("Positions the figures use", "trainers/", site_name, site_url))
    return found


def write(docs: Path, generated: dict[str, str]) -> None:
    """Write the files, leaving unchanged ones untouched (a live preview then sees no change),
    and remove generated files that are no longer produced."""
    for path, text in generated.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for folder in GENERATED_FOLDERS:
        for stale in (docs / folder).glob("*"):
            if stale.is_file() and stale.relative_to(docs).as_posix() not in generated:
                stale.unlink()
