"""Benchmarks, printed as ratios measured side by side in one run (absolute times on a shared
machine are only indicative).

1. Scaling: the data file grown 10x and 100x synthetically (contraindications and references
   copied under new ids); cost of validating it and rendering the master table should grow
   about linearly, so the ratios should stay near 10 and 100.
2. Macro cost: a full strict build of the site against the same build with the macros plugin
   rendering nothing heavier than the page text (technique diagram and tables calls removed).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sciatica.render import tables  # noqa: E402
from sciatica.model import parse  # noqa: E402


def grown(raw: dict, factor: int) -> dict:
    """The data with its contraindications and references repeated under new ids."""
    copy = dict(raw)
    for name in ("contraindications", "references"):
        copy[name] = [dict(entry, id=f"{entry['id']}-x{i}" if i else entry["id"],
                           **({"refs": [f"{r}-x{i}" if i else r for r in entry["refs"]]} if "refs" in entry else {}))
                      for i in range(factor) for entry in raw[name]]
    return copy


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def scaling() -> None:
    raw = yaml.safe_load((ROOT / "data" / "sciatica.yml").read_text())
    texts = {factor: yaml.safe_dump(grown(raw, factor)) for factor in (1, 10, 100)}

    def work(text: str) -> None:
        data = parse(text, "bench")
        tables.contraindication_table(tables.contraindications_for(data), data,
                                      lambda *ids: tables.Markup(""), tables.Links())

    base = best_of(lambda: work(texts[1]))
    print("scaling: validate data + render master contraindication table")
    for factor in (10, 100):
        cost = best_of(lambda: work(texts[factor]), repeat=3)
        print(f"  data x{factor:<3} cost ratio {cost / base:6.1f}  (linear would be {factor})")


def build_seconds(project: Path) -> float:
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    elapsed = time.perf_counter() - start
    shutil.rmtree(out)
    return elapsed


def macro_cost() -> None:
    plain = Path(tempfile.mkdtemp())
    for part in ("mkdocs.yml", "docs", "data", "sciatica", "engine_glue.py", "hooks", "overrides", "snippets"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, plain / part)
    for page in (plain / "docs").rglob("*.md"):
        page.write_text(re.sub(r"\{\{[^}]*\}\}", "", page.read_text()))
    with_macros = statistics.median(build_seconds(ROOT) for _ in range(3))
    without = statistics.median(build_seconds(plain) for _ in range(3))
    print("build: full site against the same pages with every macro call removed")
    print(f"  cost ratio {with_macros / without:5.2f}  (1.0 would mean the macros cost nothing)")
    shutil.rmtree(plain)


if __name__ == "__main__":
    scaling()
    macro_cost()
