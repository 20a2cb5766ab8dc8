"""make build: check the data, build the site with the chosen engine into a temporary folder,
check the result, and only then swap it into site/.

    python -m sciatica.build [--site-dir site]        ENGINE=mkdocs|properdocs chooses the engine

A failed build (a broken data file, a macro error, a warning under --strict, a link from the
data to an anchor that is not there) prints one line per problem and leaves the previous
site/ untouched. Builds take a lock, so two at once run one after the other and site/ is always
one whole build; a build stopped by Ctrl-C or SIGTERM removes its temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import engine_glue  # noqa: E402
from sciatica import checks  # noqa: E402
from sciatica.model import DataError, load, locate  # noqa: E402

STAGING_PREFIX = ".site-build-"
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
    """Replace `final` by `staging` with renames, signals held back so no stop falls in between."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SWAP_SIGNALS)
    try:
        retired = final.with_name(f"{STAGING_PREFIX}old-{os.getpid()}")
        if final.exists():
            final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def engine_errors(output: str) -> list[str]:
    """The one-line errors the glue printed, or else what the engine said was wrong."""
    ours = [line.removeprefix("error: ") for line in output.splitlines() if line.startswith("error: ")]
    if ours:
        return list(dict.fromkeys(ours))
    theirs = [line.strip() for line in output.splitlines() if any(word in line for word in ("ERROR", "WARNING", "Error"))]
    return theirs or [line for line in output.splitlines() if line.strip()][-15:] or ["the engine failed and said nothing"]


def build(project: Path = ROOT, target: str = "site", engine: str | None = None,
          environment: dict[str, str] | None = None) -> list[str]:
    """Build `project` into `project/target`; returns the problems (none means site/ was replaced)."""
    engine = engine or os.environ.get("ENGINE", "mkdocs")
    data_file = project / engine_glue.DATA_FILE
    try:
        data = load(data_file, shown_as=engine_glue.DATA_FILE, docs_dir=project / "docs")
    except DataError as error:
        return [str(problem) for problem in error.problems]
    with exclusive(project / LOCK_FILE):
        remove_leftovers(project)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project))
        try:
            result = subprocess.run(engine_glue.build_command(engine, staging), cwd=project, capture_output=True,
                                    text=True, env={**os.environ, **engine_glue.ENGINE_ENVIRONMENT, **(environment or {})})
            if result.returncode != 0:
                return engine_errors(result.stderr + "\n" + result.stdout)
            located = checks.data_link_problems(data, staging)
            if located:
                return [str(problem) for problem in locate(data_file, engine_glue.DATA_FILE, located)]
            swap(staging, project / target)
            return []
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def stop_on(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds: the child is stopped and the temporary folder removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=str(ROOT))
    parser.add_argument("--site-dir", default="site")
    args = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on)
    problems = build(Path(args.project).resolve(), args.site_dir)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"Build failed; {args.site_dir}/ was left as it was.", file=sys.stderr)
        return 1
    print(f"Built {args.site_dir}/ with {os.environ.get('ENGINE', 'mkdocs')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
