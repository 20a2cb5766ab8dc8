"""Build the site into a temporary folder and swap it into site/ only when the build passed.

A failed build (a broken data file, a warning under --strict) leaves the previous site/
untouched, so a half-built site never replaces a good one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(project: Path, target: str = "site") -> int:
    final = project / target
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(staging)],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
        if result.returncode != 0:
            print(f"Build failed; {target}/ was left as it was.", file=sys.stderr)
            return result.returncode
        retired = None
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=".site-old-", dir=project))
            final.rename(retired / target)
        staging.rename(final)  # same filesystem: the swap is a rename, not a copy
        if retired:
            shutil.rmtree(retired)
        print(f"Built {target}/")
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging)


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
