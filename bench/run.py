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
4. Before and after: a full build of this checkout against one of an earlier commit (--baseline,
   a git worktree), interleaved: CPU seconds of each and their ratio.
5. The live preview, this checkout's and the earlier commit's, one after the other in each round:
   the wall time from saving a page, and from saving the data file, to the served page showing
   the change (the figure a writer feels, so wall time here; median of the rounds).

    python bench/run.py [--rounds 5] [--baseline 591c003] [--only 4,5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from sciatica import engines
from sciatica.model import parse
from sciatica.render import tables

ROOT = Path(__file__).resolve().parent.parent
# What a build needs (engine_glue.py: the macros module of earlier commits, for the baseline).
PROJECT_PARTS = (
    "mkdocs.yml",
    "docs",
    "data",
    "macros",
    "sciatica",
    "overrides",
    "engine_glue.py",
    "published-links.txt",
)
PYTHON_PARTS = ("sciatica", "macros", "engine_glue.py")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) a command and its children used."""
    before = children_cpu()
    subprocess.run(
        command,
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **engines.ENGINE_ENVIRONMENT, **(env or {})},
    )
    return children_cpu() - before


def spread(values: list[float], digits: int = 2) -> str:
    return f"min {min(values):.{digits}f}  median {statistics.median(values):.{digits}f}  max {max(values):.{digits}f}"


def copy_project(target: Path, project: Path = ROOT) -> Path:
    """What a build needs, copied (from this checkout, or an earlier one with its own parts)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = project / part
        if source.is_dir():
            shutil.copytree(
                source,
                target / part,
                ignore=shutil.ignore_patterns("__pycache__", "data", "diagrams")
                if part == "docs"
                else shutil.ignore_patterns("__pycache__"),
            )
        elif source.exists():
            shutil.copy2(source, target / part)
    return compiled(target)


def compiled(project: Path) -> Path:
    """The project with its Python modules compiled, as make's install step leaves them: every
    side alike, so neither is timed compiling its sources where Python may not save them."""
    parts = [str(project / part) for part in PYTHON_PARTS if (project / part).exists()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *parts], check=True, stdout=subprocess.DEVNULL)
    return project


# --- 1. scaling --------------------------------------------------------------------------------


def grown(raw: dict, factor: int) -> dict:
    """The data with its contraindications and references repeated under new ids."""
    copy = dict(raw)
    for name in ("contraindications", "references"):
        copy[name] = [
            dict(
                entry,
                id=f"{entry['id']}-x{i}" if i else entry["id"],
                **({"refs": [f"{r}-x{i}" if i else r for r in entry["refs"]]} if "refs" in entry else {}),
            )
            for i in range(factor)
            for entry in raw[name]
        ]
    return copy


if TYPE_CHECKING:
    FastDumper = yaml.SafeDumper
else:  # the C dumper when PyYAML was built with it
    FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class PlainDumper(FastDumper):
    """Writes repeated values out in full: the data file refuses anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def scaling(rounds: int) -> None:
    raw = yaml.load((ROOT / "data" / "sciatica.yml").read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    texts = {factor: yaml.dump(grown(raw, factor), Dumper=PlainDumper) for factor in (1, 10, 100)}

    def cpu(text: str) -> float:
        start = time.process_time()
        data = parse(text, "bench")
        tables.contraindication_table(
            tables.contraindications_for(data), data, lambda *ids: tables.Markup(""), tables.Links()
        )
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


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def prerendered_copy(work: Path) -> tuple[Path, Path]:
    """Two copies of the project: as it is, and with every page replaced by what the macros made
    of it (and the macros plugin off)."""
    with_macros = copy_project(work / "with-macros")
    rendered = work / "rendered-pages"
    subprocess.run(
        [sys.executable, "-m", "sciatica.build", str(with_macros), "--site-dir", str(work / "first")],
        cwd=with_macros,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "ENGINE": "mkdocs", "SCIATICA_RENDERED_PAGES": str(rendered)},
    )
    plain = copy_project(work / "pre-rendered")
    for page in rendered.rglob("*.md"):
        target = plain / "docs" / page.relative_to(rendered)
        # The macros see the page below its front matter: the page keeps its own.
        front = FRONT_MATTER.match(target.read_text(encoding="utf-8"))
        target.write_text((front.group(0) if front else "") + page.read_text(encoding="utf-8"), encoding="utf-8")
    config = plain / "mkdocs.yml"
    config.write_text(re.sub(r"  - macros:\n(?:      .*\n)+", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    return with_macros, plain


def macro_cost(rounds: int, work: Path) -> None:
    with_macros, plain = prerendered_copy(work)
    ratios = []
    for round_ in range(rounds):
        pair = [(with_macros, "a"), (plain, "b")]
        cost = {}
        for project, key in pair if round_ % 2 == 0 else pair[::-1]:
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
        for engine in order[round_ % len(order) :] + order[: round_ % len(order)]:  # rotate who goes first
            seconds[engine].append(
                run_cpu(
                    [sys.executable, "-m", "sciatica.build", str(project), "--site-dir", str(work / f"site-{engine}")],
                    project,
                    {"ENGINE": engine},
                )
            )
    print("3. engines: full build (data, downloads, engine, post-build pass), CPU seconds and ratio to MkDocs")
    base = seconds["mkdocs"]
    for engine, values in seconds.items():
        ratio = [v / b for v, b in zip(values, base)]
        print(f"   {engine:<10} {spread(values)} s   ratio {spread(ratio)}")


# --- 4 and 5. before and after -------------------------------------------------------------------


def baseline_checkout(commit: str, work: Path) -> Path:
    """The project as it was at `commit`, in a worktree of its own (removed afterwards)."""
    target = work / f"baseline-{commit}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(target), commit],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return compiled(target)


def remove_checkout(target: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(target)],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # gone already is fine


def build_cpu(project: Path, site: Path) -> float:
    return run_cpu(
        [sys.executable, "-m", "sciatica.build", str(project), "--site-dir", str(site)],
        project,
        {"ENGINE": "mkdocs", "PYTHONPATH": str(project)},
    )


def before_and_after_build(rounds: int, work: Path, old: Path) -> None:
    new = copy_project(work / "after")
    seconds: dict[str, list[float]] = {"before": [], "after": []}
    for round_ in range(rounds):
        pair = [("before", old), ("after", new)]
        for name, project in pair if round_ % 2 == 0 else pair[::-1]:
            seconds[name].append(build_cpu(project, work / f"site-{name}"))
    ratio = [a / b for a, b in zip(seconds["after"], seconds["before"])]
    print(f"4. a full build (make build), CPU seconds, against {old.name.removeprefix('baseline-')}")
    for name, values in seconds.items():
        print(f"   {name:<7} {spread(values)} s")
    print(f"   after/before ratio {spread(ratio)}")


class Preview:
    """A running `make serve` of a project copy, and how long a change takes to show."""

    def __init__(self, project: Path, port: int) -> None:
        self.project, self.base = project, f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sciatica.serve", str(project), "--port", str(port)],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(project)},
        )
        self.wait_until(lambda: self.state().get("generation", 0) >= 1, 300)

    def state(self) -> dict:
        try:
            with urllib.request.urlopen(f"{self.base}/.preview/state", timeout=30) as answer:
                return json.loads(answer.read())
        except (OSError, ValueError):
            return {}

    def page_has(self, path: str, marker: str) -> bool:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as answer:
                return marker in answer.read().decode("utf-8", "replace")
        except OSError:
            return False

    @staticmethod
    def wait_until(check, limit: float) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.02)
        raise SystemExit("the preview did not show the change in time")

    def seconds_to_show(self, file: str, old: str, new: str, path: str, marker: str) -> float:
        target = self.project / file
        text = target.read_text(encoding="utf-8")
        started = time.monotonic()
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.wait_until(lambda: self.page_has(path, marker), 300)
        shown = time.monotonic() - started
        target.write_text(text, encoding="utf-8")
        self.wait_until(lambda: not self.page_has(path, marker), 300)
        return shown

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# (file, text to find, what replaces it, the page that shows it, the words to look for there)
PAGE_EDIT = (
    "docs/glossary.md",
    "\n# Glossary",
    "\nA word added while writing {n}.\n\n# Glossary",
    "/glossary/",
    "A word added while writing {n}.",
)
DATA_EDIT = (
    "data/sciatica.yml",
    "    term: Cauda equina syndrome",
    "    term: Cauda equina syndrome (edit {n})",
    "/glossary/",
    "Cauda equina syndrome (edit {n})",
)


def before_and_after_preview(rounds: int, work: Path, old: Path) -> None:
    previews = {
        "before": Preview(copy_project(work / "preview-before", old), free_port()),
        "after": Preview(copy_project(work / "preview-after"), free_port()),
    }
    seconds: dict[tuple[str, str], list[float]] = {}
    try:
        for round_ in range(rounds):
            order = list(previews) if round_ % 2 == 0 else list(previews)[::-1]
            for name in order:
                for kind, (file, find, replace, path, marker) in (("page", PAGE_EDIT), ("data", DATA_EDIT)):
                    n = f"{name}-{round_}"
                    shown = previews[name].seconds_to_show(file, find, replace.format(n=n), path, marker.format(n=n))
                    seconds.setdefault((name, kind), []).append(shown)
    finally:
        for preview in previews.values():
            preview.stop()
    print("5. the live preview (make serve): wall seconds from saving to the served page showing the change")
    for kind, label in (("page", "a saved page"), ("data", "a saved data file")):
        for name in previews:
            print(f"   {label:<18} {name:<7} {spread(seconds[(name, kind)])} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", default="591c003", help="the earlier commit to compare with")
    parser.add_argument("--only", default="1,2,3,4,5", help="which benchmarks, such as 4,5")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    print(f"{args.rounds} interleaved rounds each; CPU time = user + system\n")
    if "1" in chosen:
        scaling(args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "2" in chosen:
            macro_cost(args.rounds, work)
        if "3" in chosen:
            engines_side_by_side(max(3, args.rounds // 2), work)
        if chosen & {"4", "5"}:
            old = baseline_checkout(args.baseline, work)
            try:
                if "4" in chosen:
                    before_and_after_build(args.rounds, work, old)
                if "5" in chosen:
                    before_and_after_preview(max(3, args.rounds // 2), work, old)
            finally:
                remove_checkout(old)


if __name__ == "__main__":
    main()
