"""The live preview (make serve): one preview per file, on a copy of the project, through every
kind of failure. It builds a saved page on its own, keeps serving the last good pages with a
banner naming the problem whatever breaks (the data, a macro, a drawing, the configuration, the
code, a folder renamed away), recovers on the next good save, and never dies."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_project

SETTLE_SECONDS = 1.0  # no new build for this long: the save has been built


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(check, what: str, limit: float = 180.0):
    """Poll until check() gives a true value; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            value = check()
        except (urllib.error.URLError, ConnectionError):
            value = None
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}")


class Preview:
    def __init__(self, project: Path, base: str, server: subprocess.Popen) -> None:
        self.project, self.base, self.server = project, base, server

    def state(self) -> dict:
        return json.loads(get(f"{self.base}/.preview/state")[1])

    def page(self, path: str) -> tuple[int, str]:
        return get(self.base + path)

    def after(self, version: int) -> dict:
        """The state once the builds after `version` have finished: a save can arrive as two
        writes (the file emptied, then written) far enough apart on a loaded machine to make two
        builds, and the last one counts."""
        state = wait_for(lambda: (s := self.state())["version"] > version and s, "a build to finish")
        while True:
            time.sleep(SETTLE_SECONDS)
            now = self.state()
            if now["version"] == state["version"]:
                return now
            state = now


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sciatica.serve", str(project), "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    found = Preview(project, f"http://127.0.0.1:{port}", server)
    wait_for(lambda: found.state()["generation"] >= 1, "the first build")
    yield found
    server.terminate()
    assert server.wait(timeout=120) == 0
    assert not list(project.glob(".site-build-*")) and not (project / ".preview-site").exists()


def test_preview_serves_pages_with_live_reload(preview):
    status, page = preview.page("/massage/kneading/")
    assert status == 200 and "Kneading" in page
    assert '<script src="/.preview/reload.js">' in page
    assert preview.page("/no-such-page/")[0] == 404


def test_preview_builds_only_when_something_changes(preview):
    """Reading the files (every build does) is not a change: no rebuild loop."""
    builds = preview.state()["builds"]
    time.sleep(2)
    assert preview.state()["builds"] == builds


def test_a_saved_page_is_built_on_its_own_and_the_rest_stays_whole(preview):
    page = preview.project / "docs" / "glossary.md"
    good = page.read_text()
    version = preview.state()["version"]
    page.write_text(good.replace("\n# ", "\nA sentence added while previewing.\n\n# ", 1))
    try:
        state = preview.after(version)
        assert state["problems"] == [] and state["last"] == "pages"
        status, html = preview.page("/glossary/")
        assert status == 200 and "A sentence added while previewing." in html
        index = json.loads(preview.page("/search/search_index.json")[1])
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert {"glossary/", "massage/kneading/", ""} <= locations  # the other pages are still found
        assert "<abbr" in preview.page("/glossary/")[1]  # the post-build pass ran on the page
    finally:
        version = preview.state()["version"]
        page.write_text(good)
        preview.after(version)


def test_a_page_whose_title_changes_builds_everything(preview):
    """Other pages show its title (the editorial policy's review schedule lists every page by its
    title): they are built again too."""
    page = preview.project / "docs" / "glossary.md"
    good = page.read_text()
    version = preview.state()["version"]
    page.write_text(good.replace("title: ", "title: Renamed ", 1))
    try:
        state = preview.after(version)
        assert state["last"] == "all"
        assert "Renamed" in preview.page("/editorial/")[1]
    finally:
        version = preview.state()["version"]
        page.write_text(good)
        preview.after(version)


def break_data(project: Path, old: str, new: str):
    target = project / "data" / "sciatica.yml"
    good = target.read_text()
    assert old in good
    target.write_text(good.replace(old, new, 1))
    return lambda: target.write_text(good)


def break_page(project: Path):
    target = project / "docs" / "massage" / "kneading-in-depth.md"
    good = target.read_text()
    assert 'technique_diagram("kneading")' in good
    target.write_text(good.replace('technique_diagram("kneading")', 'technique_diagram("kneadin")', 1))
    return lambda: target.write_text(good)


def break_config(project: Path):
    target = project / "mkdocs.yml"
    good = target.read_text()
    target.write_text(good.replace("site_name: ", "site_name: [", 1))
    return lambda: target.write_text(good)


def rename_data_folder(project: Path):
    (project / "data").rename(project / "data-moved")
    return lambda: (project / "data-moved").rename(project / "data")


def break_code(project: Path):
    target = project / "macros" / "pages.py"
    good = target.read_text()
    target.write_text(good + "\ndef broken(:\n")
    return lambda: target.write_text(good)


FAILURES = {
    "data": (lambda p: break_data(p, "    severity: absolute\n", "    severity: fatal\n"), "data/sciatica.yml:"),
    "macro": (break_page, "docs/massage/kneading-in-depth.md: technique_diagram('kneadin'): no technique 'kneadin'"),
    "drawing": (
        lambda p: break_data(
            p,
            "    support: floor\n    near_arm: {shoulder: 4, elbow: 10}",
            "    support: floor\n    trunk: 20\n    near_arm: {shoulder: 4, elbow: 10}",
        ),
        "poses[standing]: pose 'standing': near-heel is",
    ),
    "huge number": (
        lambda p: break_data(p, "cycle_months: 12", "cycle_months: " + "9" * 5000),
        "a number of 5000 digits",
    ),
    "configuration": (break_config, "mkdocs.yml:"),
    "data folder renamed away": (rename_data_folder, "data/sciatica.yml: (file): not found"),
    "code": (break_code, "SyntaxError"),
}


@pytest.mark.parametrize("kind", FAILURES)
def test_preview_survives_every_kind_of_failure_and_recovers(preview, kind):
    breaking, expected = FAILURES[kind]
    version = preview.state()["version"]
    restore = breaking(preview.project)
    try:
        state = preview.after(version)
        problems = state["problems"]
        assert any(expected in line for line in problems), problems
        status, page = preview.page("/massage/kneading/")
        assert status == 200 and 'role="alert"' in page and "The last change did not build" in page
        assert "Kneading" in page  # the last good page, still served
        assert preview.server.poll() is None
    finally:
        version = preview.state()["version"]
        restore()
    state = preview.after(version)
    assert state["problems"] == []
    assert 'role="alert"' not in preview.page("/massage/kneading/")[1]


@pytest.mark.parametrize("path", ["/%00", "/" + "a" * 5000, "/../../etc/passwd", "/massage/%2e%2e/%2e%2e/mkdocs.yml"])
def test_odd_addresses_are_refused_and_the_server_carries_on(preview, path):
    status, _ = preview.page(path)
    assert status in (400, 403, 404)
    assert preview.page("/")[0] == 200


def test_an_open_page_hears_of_a_build_at_once(preview):
    """The reload script waits on /.preview/wait, which answers as soon as a build ends."""
    version = preview.state()["version"]
    started = time.monotonic()
    page = preview.project / "docs" / "glossary.md"
    page.write_text(page.read_text())  # a save without a change still builds
    answer = json.loads(get(f"{preview.base}/.preview/wait?after={version}")[1])
    assert answer["version"] > version
    assert time.monotonic() - started < 60
