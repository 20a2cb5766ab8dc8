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


def test_a_costly_fixtures_tests_share_one_worker(tmp_path):
    """make test keeps each costly fixture's tests on one worker (tests/conftest.py, pytest-xdist's
    --dist loadgroup). If a new pytest or pytest-xdist drops the groups, every worker builds the
    costly fixtures again, silently; here a group of tests must all land on one worker."""
    (tmp_path / "conftest.py").write_text(
        "import pytest\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_collection_modifyitems(items):\n"
        "    for item in items:\n"
        "        if 'together' in item.name:\n"
        "            item.add_marker(pytest.mark.xdist_group('costly'))\n"
    )
    (tmp_path / "test_groups.py").write_text(
        "".join(f"def test_together_{n}():\n    pass\n\ndef test_apart_{n}():\n    pass\n\n" for n in range(6))
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    together = [line for line in result.stdout.splitlines() if "PASSED" in line and "together" in line]
    # pytest-xdist names a grouped test with its group, and sends the group to one worker.
    assert len(together) == 6 and all("@costly" in line for line in together), result.stdout[-2000:]
    assert len({line.split("]")[0] for line in together}) == 1, result.stdout[-2000:]
