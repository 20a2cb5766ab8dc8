"""The live preview (make serve) survives a broken data file and a macro error: it keeps serving
the last good pages with a banner naming the problem, and recovers when the file is fixed."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(check, what: str, limit: float = 120.0):
    """Poll until check() gives a true value (a build takes a few seconds); fail after `limit`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            value = check()
        except (urllib.error.URLError, ConnectionError):
            value = None
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture()
def preview(project_copy):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "sciatica.serve", str(project_copy), "--port", str(port)],
                              cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    state = lambda: json.loads(get(f"{base}/.preview/state")[1])  # noqa: E731
    wait_for(lambda: state()["generation"] >= 1, "the first build")
    yield project_copy, base, state, server
    server.terminate()
    assert server.wait(timeout=120) == 0
    assert not list(project_copy.glob(".site-build-*"))


def test_preview_serves_pages_with_live_reload(preview):
    _, base, _, _ = preview
    status, page = get(f"{base}/massage/kneading/")
    assert status == 200 and "Kneading" in page
    assert '<script src="/.preview/reload.js">' in page
    assert get(f"{base}/no-such-page/")[0] == 404


def test_preview_builds_only_when_something_changes(preview):
    """Reading the files (every build does) is not a change: no rebuild loop."""
    _, base, state, _ = preview
    builds = state()["builds"]
    time.sleep(3)
    assert state()["builds"] == builds


@pytest.mark.parametrize("broken", ["data", "macro"])
def test_preview_survives_a_broken_build_and_recovers(preview, broken):
    project, base, state, server = preview
    target = project / ("data/sciatica.yml" if broken == "data" else "docs/massage/kneading-in-depth.md")
    good = target.read_text()
    if broken == "data":
        target.write_text(good.replace("    severity: absolute\n", "    severity: fatal\n", 1))
        expected = "data/sciatica.yml:"
    else:
        target.write_text(good.replace('technique_diagram("kneading")', 'technique_diagram("kneadin")', 1))
        expected = "docs/massage/kneading-in-depth.md: technique_diagram('kneadin'): no technique 'kneadin'"
    problems = wait_for(lambda: state()["problems"], "the failed build")
    assert any(expected in line for line in problems), problems
    status, page = get(f"{base}/massage/kneading-in-depth/")
    assert status == 200 and 'role="alert"' in page and "The last change did not build" in page
    assert "Kneading" in page  # the last good page, still served
    assert server.poll() is None
    builds = state()["builds"]
    time.sleep(3)
    assert state()["builds"] == builds  # a failed build is not retried until something changes
    generation = state()["generation"]
    target.write_text(good)
    wait_for(lambda: not state()["problems"] and state()["generation"] > generation, "the fixed build")
    assert 'role="alert"' not in get(f"{base}/massage/kneading-in-depth/")[1]
