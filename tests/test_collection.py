"""Every test file is collected by the README's test command: a test that never runs is a check
that cannot fail (pytest once skipped the whole tests/build folder because of its name)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def collected_files() -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line.split("::", 1)[0] for line in result.stdout.splitlines() if "::" in line}


def test_every_test_file_is_collected():
    on_disk = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")}
    collected = collected_files()
    assert "tests/build/test_build.py" in on_disk
    assert on_disk - collected == set(), f"never collected: {sorted(on_disk - collected)}"
