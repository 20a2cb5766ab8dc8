"""Benchmarks (make bench): CPU-time ratios from interleaved runs, with min, median and max.

A shared machine is noisy, so nothing here is a wall-clock threshold. Each measurement is the CPU
time (user + system) of the work itself, taken in rounds that alternate the things compared, and
reported as ratios per round: min / median / max over the rounds.

1. Scaling: the data file grown 10x and 100x (contraindications and references copied under new
   ids); validating it and rendering the master table should grow about linearly.
2. Macros: building the site against building the same pages already rendered (the macros'
   output saved as plain Markdown, the macros plugin switched off); goal 1.2 or less.
3. Engines: a full build (data, downloads, engine, post-build pass) with MkDocs, ProperDocs and
   Zensical, side by side.

    python bench/run.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from sciatica import engines
from sciatica.model import parse
from sciatica.render import tables

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "sciatica", "overrides")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) a command and its children used."""
    before = children_cpu()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **engines.ENGINE_ENVIRONMENT, **(env or {})})
    return children_cpu() - before


def spread(values: list[float], digits: int = 2) -> str:
    return (f"min {min(values):.{digits}f}  median {statistics.median(values):.{digits}f}  "
            f"max {max(values):.{digits}f}")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "data", "diagrams")
                            if part == "docs" else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


# --- 1. scaling --------------------------------------------------------------------------------

def grown(raw: dict, factor: int) -> dict:
    """The data with its contraindications and references repeated under new ids."""
    copy = dict(raw)
    for name in ("contraindications", "references"):
        copy[name] = [dict(entry, id=f"{entry['id']}-x{i}" if i else entry["id"],
                           **({"refs": [f"{r}-x{i}" if i else r for r in entry["refs"]]} if "refs" in entry else {}))
                      for i in range(factor) for entry in raw[name]]
    return copy


class PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes repeated values out in full: the data file refuses anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def scaling(rounds: int) -> None:
    raw = yaml.load((ROOT / "data" / "sciatica.yml").read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    texts = {factor: yaml.dump(grown(raw, factor), Dumper=PlainDumper) for factor in (1, 10, 100)}

    def cpu(text: str) -> float:
        start = time.process_time()
        data = parse(text, "bench")
        tables.contraindication_table(tables.contraindications_for(data), data,
                                      lambda *ids: tables.Markup(""), tables.Links())
        return time.process_time() - start

    ratios: dict[int, list[float]] = {10: [], 100: []}
    for round_ in range(rounds):
        order = [1, 10, 100] if round_ % 2 == 0 else [100, 10, 1]  # interleaved, alternating order
        cost = {factor: cpu(texts[factor]) for factor in order}
        for factor in (10, 100):
            ratios[factor].append(cost[factor] / cost[1])
    print("1. scaling: validate the data and render the master contraindication table (CPU ratio to x1)")
    for factor in (10, 100):
        print(f"   data x{factor:<3}  {spread(ratios[factor], 1)}   (linear would be {factor})")


# --- 2. macros against pre-rendered pages -------------------------------------------------------

def prerendered_copy(work: Path) -> tuple[Path, Path]:
    """Two copies of the project: as it is, and with every page replaced by what the macros made
    of it (and the macros plugin off)."""
    with_macros = copy_project(work / "with-macros")
    rendered = work / "rendered-pages"
    subprocess.run([sys.executable, "-m", "sciatica.build", str(with_macros), "--site-dir", str(work / "first")],
                   cwd=with_macros, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "ENGINE": "mkdocs", "SCIATICA_RENDERED_PAGES": str(rendered)})
    plain = copy_project(work / "pre-rendered")
    for page in rendered.rglob("*.md"):
        target = plain / "docs" / page.relative_to(rendered)
        target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    config = plain / "mkdocs.yml"
    config.write_text(re.sub(r"  - macros:\n(?:      .*\n)+", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    return with_macros, plain


def macro_cost(rounds: int, work: Path) -> None:
    with_macros, plain = prerendered_copy(work)
    ratios = []
    for round_ in range(rounds):
        pair = [(with_macros, "a"), (plain, "b")]
        cost = {}
        for project, key in (pair if round_ % 2 == 0 else pair[::-1]):
            site = project / f"out-{round_}"
            cost[key] = run_cpu(engines.build_command("mkdocs", site, project), project)
            shutil.rmtree(site, ignore_errors=True)
        ratios.append(cost["a"] / cost["b"])
    print("2. macros: MkDocs build of the pages with their macros against the same pages pre-rendered")
    print(f"   CPU ratio  {spread(ratios)}   (1.0 would mean the macros cost nothing; goal 1.2 or less)")


# --- 3. the engines side by side ----------------------------------------------------------------

def engines_side_by_side(rounds: int, work: Path) -> None:
    project = copy_project(work / "engines")
    seconds: dict[str, list[float]] = {engine: [] for engine in engines.ENGINES}
    order = list(engines.ENGINES)
    for round_ in range(rounds):
        for engine in order[round_ % len(order):] + order[:round_ % len(order)]:  # rotate who goes first
            seconds[engine].append(run_cpu([sys.executable, "-m", "sciatica.build", str(project), "--site-dir",
                                            str(work / f"site-{engine}")], project, {"ENGINE": engine}))
    print("3. engines: full build (data, downloads, engine, post-build pass), CPU seconds and ratio to MkDocs")
    base = seconds["mkdocs"]
    for engine, values in seconds.items():
        ratio = [v / b for v, b in zip(values, base)]
        print(f"   {engine:<10} {spread(values)} s   ratio {spread(ratio)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.rounds} interleaved rounds each; CPU time = user + system\n")
    scaling(args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        macro_cost(args.rounds, Path(folder))
        engines_side_by_side(max(3, args.rounds // 2), Path(folder))


if __name__ == "__main__":
    main()
