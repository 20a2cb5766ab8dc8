"""MkDocs hook: publish the data as JSON with its schema, and each technique diagram as an SVG
file, as generated site files (so links to them are checked like any other page link)."""

from __future__ import annotations

import json

from mkdocs.structure.files import File, Files


def generated_downloads(data, schema: dict, svg_for) -> dict[str, str]:
    """Pure: the path and text of every downloadable file."""
    files = {
        "data/sciatica.json": json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
        "data/sciatica.schema.json": json.dumps(schema, indent=2) + "\n",
    }
    files |= {f"diagrams/{t.id}.svg": svg_for(t) for t in data.techniques}
    return files


def on_files(files: Files, config) -> Files:
    # The macros plugin has already loaded and checked the data file in on_config;
    # reuse it rather than reading the file twice.
    from sciatica import model
    from sciatica.render import diagrams
    data = config.plugins["macros"].variables["site_data"]
    def svg_file(technique) -> str:
        credit = (f"{technique.name}, from {config.site_name}, {config.site_url or ''}massage/{technique.id}/ . "
                  "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); credit the site when reusing.")
        return diagrams.standalone(diagrams.technique_svg(technique, data), credit)

    for path, text in generated_downloads(data, model.json_schema(), svg_file).items():
        files.append(File.generated(config, path, content=text))
    return files
