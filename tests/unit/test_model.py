"""The data file's schema: the real file loads, and each kind of broken file fails with one
line that names the file, the entry and the field."""

from __future__ import annotations

import json
import re

import pytest

from sciatica.export_schema import schema_text, SCHEMA_FILE
from sciatica.model import DataError, load, parse
from tests.conftest import DATA_FILE

GOOD = DATA_FILE.read_text(encoding="utf-8")
NAME = "data/sciatica.yml"
DVT = "  - id: dvt\n    name: Known or suspected"


def problems_for(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse(text, NAME)
    return str(caught.value).splitlines()


def mutate(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, f"test fixture text not unique in the data file: {old!r}"
    return GOOD.replace(old, new)


def test_real_data_file_loads(data):
    assert len(data.references) >= 20
    assert len(data.contraindications) >= 20
    assert data.by_id("techniques")["effleurage"].steps


def test_every_collection_has_unique_ids(data):
    for name in ("references", "glossary", "red_flags", "contraindications", "techniques", "regions"):
        ids = [entry.id for entry in getattr(data, name)]
        assert len(ids) == len(set(ids)), name


def test_yaml_syntax_error_names_its_line():
    broken = mutate("  - id: dvt\n    name: Known", "  - id: dvt\n    name: [Known")
    line = broken[:broken.index("name: [Known")].count("\n") + 1
    [message] = problems_for(broken)
    assert message.startswith(f"{NAME}:")
    assert "YAML syntax (in entry 'dvt')" in message
    found = int(re.match(rf"{re.escape(NAME)}:(\d+):", message).group(1))
    assert abs(found - line) <= 3  # the parser reports where it noticed, near the slip


def test_duplicate_id():
    [message] = problems_for(mutate("  - id: anticoagulants\n", "  - id: dvt\n"))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.id: duplicate id 'dvt'", message)


def test_unknown_field():
    [message] = problems_for(mutate(DVT, DVT.replace("    name:", "    colour: red\n    name:")))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.colour: unknown field.*", message)


def test_wrong_type():
    [message] = problems_for(mutate("    severity: absolute\n    applies_to: [all]\n    why: >-\n      A swollen",
                                    "    severity: 3\n    applies_to: [all]\n    why: >-\n      A swollen"))
    assert message.startswith(f"{NAME}:")
    assert "contraindications[dvt].severity:" in message
    assert "got 3" in message


def test_wrong_type_in_a_nested_field():
    thigh = "        pressure: moderate\n        duration: about 2 to 3 minutes\n        detail: >-\n          Both hands glide"
    [message] = problems_for(mutate(thigh, thigh.replace("pressure: moderate", "pressure: [moderate]")))
    assert "techniques[effleurage].steps[4].pressure:" in message


def test_reference_to_missing_id():
    [message] = problems_for(mutate("refs: [lim-2009-pe-massage,", "refs: [no-such-paper, lim-2009-pe-massage,"))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.refs\[1\]: "
                        r"'no-such-paper' is not an id in references", message)


def test_step_region_must_exist():
    sacrum = "      - region: sacrum\n        stroke: stroking\n        direction: toward-heart\n        pressure: light\n        duration: about 1 minute\n        detail: >-\n          The palm strokes"
    [message] = problems_for(mutate(sacrum, sacrum.replace("sacrum\n", "sacrumm\n", 1)))
    assert "techniques[effleurage].steps[2].region: 'sacrumm' is not an id in regions" in message


def test_several_problems_give_one_line_each():
    text = mutate(DVT, DVT.replace("    name:", "    colour: red\n    name:")).replace(
        "    severity: local\n    applies_to: [all]\n    why: Pressure or movement",
        "    severity: minor\n    applies_to: [all]\n    why: Pressure or movement")
    lines = problems_for(text)
    assert len(lines) == 2
    assert all(line.startswith(f"{NAME}:") for line in lines)


def test_exported_schema_is_current():
    """The editor schema must match the models: run `make schema` after changing them."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text())["title"] == "Sciatica and massage: site data"


def test_data_file_points_editors_at_the_schema():
    assert GOOD.splitlines()[0] == "# yaml-language-server: $schema=sciatica.schema.json"


def test_load_reads_a_path(tmp_path):
    copy = tmp_path / "copy.yml"
    copy.write_text(GOOD.replace(DVT, DVT.replace("    name:", "    colour: red\n    name:")))
    with pytest.raises(DataError) as caught:
        load(copy)
    assert str(caught.value).startswith(str(copy))


def test_no_editorial_notes_reach_readers(data):
    """Working notes such as 'UNVERIFIED' or 'not shown in excerpt' must never be published."""
    import json
    import re
    text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False)
    notes = re.findall(r".{0,40}\b(?:UNVERIFIED|TODO|FIXME|not shown in (?:the )?(?:excerpt|record)|verify\))", text)
    assert not notes, notes


def test_a_reference_without_authors_starts_with_its_title(data):
    from sciatica.render.tables import reference_text
    anonymous = [r for r in data.references if r.authors is None]
    assert anonymous
    assert str(reference_text(anonymous[0])).startswith("<cite>")
