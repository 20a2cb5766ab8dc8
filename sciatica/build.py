"""make build: check the data, write the downloads, build the site with the chosen engine into a
temporary folder, finish and check it, and only then swap it into site/.

    python -m sciatica.build [--site-dir site] [--offline]     ENGINE=mkdocs|properdocs|zensical

A failed build (a broken data file, a macro error, a warning under --strict, a broken link, a
link from the data to an anchor that is not there) prints one line per problem and leaves the
previous site/ untouched. Builds take a lock, so two at once run one after the other and site/ is
always one whole build; a build stopped by Ctrl-C or SIGTERM removes its temporary folder.
PUBLISH=true refuses placeholder addresses (SITE_URL, REPO_URL), for the published site.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sciatica import engines, folders, siteconfig

if TYPE_CHECKING:
    from sciatica import pipeline

STAGING_PREFIX = ".site-build-"
# Characters a terminal acts on (colours, cursor moves, line breaks): shown as escapes, so a
# problem naming bad text in the data can neither hide itself nor fake "Built site/".
TERMINAL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LOCK_FILE = ".site-build.lock"
SWAP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def exclusive(lock_path: Path):
    """One build at a time in a project folder (the lock is released if the process dies)."""
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(project: Path) -> None:
    """Temporary folders of builds that were killed outright (the lock says none is running)."""
    for folder in project.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)


def swap(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with renames, signals held back so no stop falls in between.
    A target on another file system first gets a copy beside it, so the swap is still a rename."""
    if staging.stat().st_dev != final.parent.stat().st_dev:
        nearby = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=final.parent))
        shutil.copytree(staging, nearby, dirs_exist_ok=True)
        shutil.rmtree(staging)
        staging = nearby
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SWAP_SIGNALS)
    try:
        retired = final.with_name(f"{STAGING_PREFIX}old-{os.getpid()}")
        if final.exists():
            final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def printable(line: str) -> str:
    return TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def engine_errors(output: str) -> list[str]:
    """The one-line errors the macros and hooks printed, or else what the engine said was wrong."""
    ours = [line.removeprefix("error: ") for line in output.splitlines() if line.startswith("error: ")]
    if ours:
        return list(dict.fromkeys(ours))
    theirs = [
        line.strip() for line in output.splitlines() if any(word in line for word in ("ERROR", "WARNING", "Error"))
    ]
    return (
        theirs or [line for line in output.splitlines() if line.strip()][-15:] or ["the engine failed and said nothing"]
    )


def pages_with_downloads(project: Path, prepared: pipeline.Prepared) -> Path:
    """For an engine without hooks: a copy of docs/ with the generated files added (docs/ itself is
    never written to)."""
    from sciatica import downloads

    docs = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "docs-", dir=project))
    shutil.copytree(project / "docs", docs, dirs_exist_ok=True)
    for path, content in prepared.generated.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(downloads.as_bytes(content))
    return docs


def run_engine(engine: str, project: Path, staging: Path, environment: dict[str, str], offline: bool) -> list[str]:
    """Build into `staging` with the engine; MkDocs and ProperDocs run the steps around the build
    from the hooks, and for Zensical they run here. The data's model is imported only then: with
    hooks, this process only waits for the engine, which loads the data itself."""
    prepared = None
    docs = None
    if engine not in engines.RUNS_HOOKS:
        from sciatica import pipeline  # the data's model: a third of a second to import

        try:
            prepared = pipeline.prepare(project)
        except pipeline.BuildProblems as error:
            return error.problems
        docs = pages_with_downloads(project, prepared)
    try:
        result = subprocess.run(
            engines.build_command(engine, staging, project, docs),
            cwd=project,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
    finally:
        if docs is not None:
            shutil.rmtree(docs, ignore_errors=True)
    output = result.stderr + "\n" + result.stdout
    if result.returncode != 0:
        return engine_errors(output)
    warnings = [line.strip() for line in output.splitlines() if "WARNING" in line]
    if warnings:
        return warnings
    for line in output.splitlines():  # the steps' own notices, which do not stop a build
        if line.startswith("warning: "):
            print(printable(line), file=sys.stderr)
    if prepared is None:
        return []
    from sciatica import pipeline

    return pipeline.finish(staging, prepared, offline)


def build(
    project: Path,
    target: str = "site",
    engine: str | None = None,
    offline: bool = False,
    environment: dict[str, str] | None = None,
) -> list[str]:
    """Build `project` into `target` (relative to the project, or absolute); returns the problems
    (none means the target was replaced by a complete, checked site)."""
    engine = engine or os.environ.get("ENGINE", "mkdocs")
    try:
        engines.check_engine(engine)
    except engines.UnknownEngine as error:
        return [str(error)]
    environment = {
        **os.environ,
        **engines.ENGINE_ENVIRONMENT,
        **(environment or {}),
        **({"OFFLINE": "true"} if offline else {}),
    }
    try:
        config = siteconfig.read(project)
    except siteconfig.ConfigProblem as error:
        return [str(error)]
    if environment.get("PUBLISH") == "true" and config.placeholders():
        return [f"mkdocs.yml: a site for publishing needs its real address: {line}" for line in config.placeholders()]
    final = project / target
    refused = folders.site_folder_problem(project, final)
    if refused:
        return [refused]
    with exclusive(project / LOCK_FILE):
        remove_leftovers(project)
        final.parent.mkdir(parents=True, exist_ok=True)
        # Inside the project: Zensical refuses to write a site anywhere else.
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project))
        try:
            problems = run_engine(engine, project, staging, environment, offline)
            if problems:
                return problems
            folders.open_to_readers(staging)
            swap(staging, final)
            return []
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            for leftover in engines.build_leftovers(engine, staging, project):
                shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)


def stop_on(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds: the child is stopped and the temporary folder removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=".")
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--offline", action="store_true", help="a copy that opens from a folder")
    args = parser.parse_args()
    # SIGINT too: a build started in the background inherits SIGINT ignored, and Ctrl-C (or a
    # stop sent to it) must still unwind it.
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, stop_on)
    problems = build(Path(args.project).resolve(), args.site_dir, offline=args.offline)
    for line in problems:
        print(printable(line), file=sys.stderr)
    if problems:
        print(f"Build failed; {args.site_dir}/ was left as it was.", file=sys.stderr)
        return 1
    print(f"Built {args.site_dir}/ with {os.environ.get('ENGINE', 'mkdocs')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
