"""Downloads written before the engine runs: the data as JSON with its JSON Schema, and every
diagram as a standalone SVG with its credit. They are written into docs/ (folders git ignores),
so every engine publishes them as ordinary files and checks links to them like any other."""

from __future__ import annotations

import json
from pathlib import Path

from .model import SiteData, json_schema
from .render import anatomy, diagrams

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
    for view, (title, page) in anatomy.anatomy_downloads(data).items():
        found[f"diagrams/anatomy-{view}.svg"] = diagrams.standalone(
            anatomy.anatomy_svg(view, data), credit(title, page, site_name, site_url))
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
