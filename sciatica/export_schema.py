"""Write data/sciatica.schema.json from the pydantic models (``make schema``)."""

import json
from pathlib import Path

from .model import json_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "sciatica.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
