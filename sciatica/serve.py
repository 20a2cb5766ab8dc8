"""make serve: a live preview that is quick and survives mistakes.

    python -m sciatica.serve [--port 8000]        ENGINE=mkdocs|properdocs|zensical chooses the engine

A builder process keeps the engine and the checked data loaded. A saved page is built again on
its own (the engine's dirty build, then the post-build pass on that page); a change to the data,
the theme, the configuration or the navigation builds everything, reusing each page whose
Markdown did not change (sciatica/warm.py); a change to the code starts a
new builder, so the code it runs is always the code on disk. Each build goes into a new folder
under .preview-site/, and the server switches to it only when it is complete, so a reader never
sees half a build. Open pages reload as soon as a build ends.

When a build fails, for whatever reason (the data, a macro, a drawing, the configuration, a
crash of the builder itself), the last good pages stay up with a banner listing the problems,
which the terminal prints too; the next good build clears it.
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import multiprocessing
import os
import re
import shutil
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from sciatica import build, editorial, engines, pipeline, siteconfig
from sciatica.model import DataError

PREVIEW = ".preview-site"
WATCHED = {"docs", "data", "macros", "sciatica", "overrides", "mkdocs.yml"}
CODE = {"macros", "sciatica"}  # a change here needs a new builder process
IGNORED_PARTS = {"__pycache__"}
CHANGES = {"created", "modified", "deleted", "moved", "closed"}  # not "opened": every build reads the files
QUIET_SECONDS = 0.08  # wait for an editor's burst of writes to end before building
WAIT_SECONDS = 25.0  # how long a page's request for news waits before it asks again
CITE = re.compile(r"""cite\(([^)]*)\)""")

RELOAD_SCRIPT = """(function () {
  var seen = null;
  function wait() {
    fetch("/.preview/wait?after=" + (seen === null ? -1 : seen), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen) { location.reload(); return; }
        seen = s.version;
        wait();
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""


# --- what a change touches ------------------------------------------------------------------


@dataclass(frozen=True)
class PageFacts:
    """What other pages show of a page (its title in the navigation, the sources it cites on the
    references page): when these change, every page is built again."""

    title: str
    cited: frozenset[str]


def page_facts(path: Path) -> PageFacts:
    text = path.read_text(encoding="utf-8")
    meta = editorial.front_matter(path)
    heading = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    cited = frozenset(ref.strip(" '\"") for call in CITE.findall(text) for ref in call.split(","))
    return PageFacts(f"{meta.get('title', '')}|{heading}", cited)


def docs_facts(project: Path) -> dict[str, PageFacts]:
    facts = {}
    for path in sorted((project / "docs").rglob("*.md")):
        try:
            facts[path.relative_to(project).as_posix()] = page_facts(path)
        except (OSError, UnicodeDecodeError):
            continue  # the build names the page
    return facts


def pages_only(changed: set[str], known: dict[str, PageFacts], project: Path) -> bool:
    """True when every change is an edit of an existing page that leaves what other pages show of
    it as it was, so building those pages alone gives the same site as building everything."""
    if not changed or not known:
        return False
    for name in changed:
        if not (name.startswith("docs/") and name.endswith(".md") and name in known):
            return False
        path = project / name
        try:
            if not path.is_file() or page_facts(path) != known[name]:
                return False
        except (OSError, UnicodeDecodeError):
            return False
    return True


# --- the builder process --------------------------------------------------------------------


def preflight(project: Path) -> list[str]:
    """What the engine would otherwise report in its own words before the project's hooks run: a
    configuration it cannot read and a data file it cannot load (its `watch` list names the data
    folder). `make build` checks the same first (sciatica/build.py), so both say it alike."""
    try:
        siteconfig.read(project)
    except siteconfig.ConfigProblem as error:
        return [str(error)]
    try:
        pipeline.load_data(project)  # cached per version of the file: a saved page costs nothing here
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


def build_once(kind: str, root: Path, target: str, source: str | None, engine: str) -> list[str]:
    if kind == "pages" and source is not None:
        shutil.copytree(source, target, symlinks=True)
        return engines.build_in_process(engine, root, Path(target), dirty=True)
    if engine in engines.IN_PROCESS:
        return engines.build_in_process(engine, root, Path(target))
    return build.build(root, target, engine)


def builder(connection: Any, project: str, engine: str) -> None:
    """Runs in its own process: builds on request and answers with the problems (none: it built)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops it
    root = Path(project)
    while True:
        try:
            kind, target, source = connection.recv()
        except EOFError:
            return
        try:
            # The same one-line problems `make build` gives, not the engine's own words, first.
            problems = preflight(root) or build_once(kind, root, target, source, engine)
        except KeyboardInterrupt:
            return
        except BaseException as error:  # noqa: BLE001 - the builder answers whatever happens
            traceback.print_exc()
            problems = [engines.one_line(error)]
        connection.send(problems)


class Builder:
    """The builder process, started again when it stops or the code changes."""

    def __init__(self, project: Path, engine: str) -> None:
        self.project, self.engine = project, engine
        self.context = multiprocessing.get_context("spawn")  # a fresh interpreter: the code on disk
        self.process: Any = None
        self.connection: Any = None

    def start(self) -> None:
        self.stop()
        ours, theirs = self.context.Pipe()
        self.process = self.context.Process(target=builder, args=(theirs, str(self.project), self.engine), daemon=True)
        self.process.start()
        self.connection = ours

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=10)
        self.process = None

    def run(self, kind: str, target: Path, source: Path | None) -> list[str]:
        if self.process is None or not self.process.is_alive():
            self.start()
        try:
            self.connection.send((kind, str(target), str(source) if source else None))
            return self.connection.recv()
        except (EOFError, OSError):
            code = self.process.exitcode if self.process is not None else None
            self.process = None
            return [f"the preview's builder stopped (exit code {code}); it starts again on the next change"]


# --- the preview ----------------------------------------------------------------------------


class Preview:
    """What the server shows: the newest complete build, its generation, and the current problems."""

    def __init__(self, project: Path, engine: str) -> None:
        self.project, self.engine = project, engine
        self.root = project / PREVIEW
        self.builder = Builder(project, engine)
        self.current: Path | None = None
        self.generation = 0  # complete builds shown so far
        self.version = 0  # builds finished, good or not: a page reloads when it changes
        self.builds = 0
        self.problems: list[str] = []
        self.last = ""  # what the last build built: "pages" (the saved pages alone) or "all"
        self.facts: dict[str, PageFacts] = {}
        self.changed = threading.Condition()
        self.counter = 0

    def next_folder(self) -> Path:
        self.counter += 1
        return self.root / f"build-{os.getpid()}-{self.counter}"

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Build what the change needs and show it; never raises."""
        started = time.monotonic()
        kind = "all"
        try:
            if (
                changed
                and self.current is not None
                and self.engine in engines.IN_PROCESS
                and pages_only(changed, self.facts, self.project)
            ):
                kind = "pages"
                problems = self.build("pages", self.current)
            else:
                problems = self.build("all", None)
        except Exception as error:  # noqa: BLE001 - the preview shows it and carries on
            traceback.print_exc()
            problems = [f"the preview failed: {engines.one_line(error)}"]
        self.report(problems, kind, time.monotonic() - started)

    def build(self, kind: str, source: Path | None) -> list[str]:
        self.root.mkdir(exist_ok=True)
        target = self.next_folder()
        problems = self.builder.run(kind, target, source)
        if problems or not (target / "index.html").is_file():
            shutil.rmtree(target, ignore_errors=True)
            return problems or ["the build wrote no site"]
        self.facts = docs_facts(self.project)
        previous, self.current = self.current, target
        self.tidy(keep={target, previous})
        return []

    def tidy(self, keep: set[Path | None]) -> None:
        """Earlier builds go, but the one just replaced stays a moment for requests under way."""
        for folder in self.root.glob("build-*"):
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def report(self, problems: list[str], kind: str, seconds: float) -> None:
        with self.changed:
            self.builds += 1
            self.version += 1
            self.problems = problems
            self.last = kind
            if not problems:
                self.generation += 1
            self.changed.notify_all()
        if problems:
            print(f"Build failed; still showing the last good pages ({len(problems)} problem(s)):", file=sys.stderr)
            for line in problems:
                print(f"  {build.printable(line)}", file=sys.stderr)
        else:
            what = "the saved page(s)" if kind == "pages" else "everything"
            print(f"Built {what} in {seconds:.1f} s", file=sys.stderr, flush=True)

    def state(self) -> dict:
        with self.changed:
            return {
                "generation": self.generation,
                "version": self.version,
                "builds": self.builds,
                "last": self.last,
                "problems": list(self.problems),
            }

    def wait(self, after: int, timeout: float = WAIT_SECONDS) -> dict:
        """The state once a build has finished after `after` (or as it is, after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != after, timeout=timeout)
        return self.state()


def banner(problems: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(build.printable(line))}</code></li>" for line in problems)
    return (
        '<div role="alert" style="position:sticky;top:0;z-index:1000;background:#b3261e;color:#fff;'
        'padding:.8rem 1rem;font:16px/1.4 system-ui,sans-serif"><strong>The last change did not build.</strong> '
        f"This is the last good version. Fix these and the page reloads:<ul>{items}</ul></div>"
    )


def decorate(page: str, state: dict) -> str:
    """An HTML page with the reload script and, after a failed build, the problems banner."""
    page = page.replace("</body>", '<script src="/.preview/reload.js"></script></body>', 1)
    if state["problems"]:
        at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        page = page[:at] + banner(state["problems"]) + page[at:]
    return page


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            try:
                self.answer()
            except (BrokenPipeError, ConnectionResetError):
                pass
            except (ValueError, OSError):  # a NUL byte or a name too long for the file system
                self.send(HTTPStatus.BAD_REQUEST, b"bad path", "text/plain")

        def answer(self) -> None:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            if path == "/.preview/state":
                return self.send(200, json.dumps(preview.state()).encode(), "application/json")
            if path == "/.preview/wait":
                after = parse_qs(parts.query).get("after", ["-1"])[0]
                state = preview.wait(int(after) if after.lstrip("-").isdigit() else -1)
                return self.send(200, json.dumps(state).encode(), "application/json")
            if path == "/.preview/reload.js":
                return self.send(200, RELOAD_SCRIPT.encode(), "text/javascript")
            self.page(path)

        def page(self, path: str) -> None:
            state = preview.state()
            site = preview.current
            if site is None or "\x00" in path or len(path) > 1024:
                return self.not_yet(state) if site is None else self.send(HTTPStatus.NOT_FOUND, b"", "text/plain")
            target = (site / path.lstrip("/")).resolve()
            if site.resolve() not in (target, *target.parents):
                return self.send(HTTPStatus.FORBIDDEN, b"outside the site", "text/plain")
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", path + "/")
                    return self.end_headers()
                target = target / "index.html"
            status = HTTPStatus.OK
            if not target.is_file():
                status, target = HTTPStatus.NOT_FOUND, site / "404.html"
            if not target.is_file():
                return self.not_yet(state, status)
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            body = target.read_bytes()
            if content_type == "text/html":
                body = decorate(body.decode("utf-8", errors="replace"), state).encode()
                content_type += "; charset=utf-8"
            self.send(status, body, content_type)

        def not_yet(self, state: dict, status: int = HTTPStatus.OK) -> None:
            page = "<!doctype html><html lang=en><title>Preview</title><body><p>No good build yet.</p></body></html>"
            self.send(status, decorate(page, state).encode(), "text/html; charset=utf-8")

    return Handler


class Changes(FileSystemEventHandler):
    """Collects what changed among the files the site is built from (not the build's own files)."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.names: set[str] = set()
        self.rewatch = False
        self.lock = threading.Lock()
        self.arrived = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or (event.is_directory and event.event_type in ("modified", "closed")):
            return  # a folder is "modified" whenever a file in it is: the file's own event says which
        for path in (event.src_path, getattr(event, "dest_path", "")):
            try:
                parts = Path(os.fsdecode(path)).relative_to(self.project).parts
            except ValueError:
                continue
            if parts and parts[0] in WATCHED and not set(parts) & IGNORED_PARTS:
                with self.lock:
                    self.names.add("/".join(parts) + ("/" if event.is_directory else ""))
                    self.rewatch |= event.is_directory and len(parts) == 1  # a watched folder came or went
                    self.arrived.set()

    def take(self) -> tuple[set[str], bool]:
        """What changed since the last call, and whether a watched folder came or went."""
        with self.lock:
            names, self.names = self.names, set()
            rewatch, self.rewatch = self.rewatch, False
            self.arrived.clear()
        return names, rewatch


def watch(observer: Any, changes: Changes) -> None:
    """The project folder itself (so a watched folder renamed away, or back, is seen) and each
    watched folder with everything in it; the build's own folders are not watched."""
    observer.unschedule_all()
    observer.schedule(changes, str(changes.project), recursive=False)
    for name in sorted(WATCHED):
        if (changes.project / name).is_dir():
            observer.schedule(changes, str(changes.project / name), recursive=True)


def code_changed(names: set[str]) -> bool:
    return any(name.split("/", 1)[0] in CODE and (name.endswith((".py", "/"))) for name in names)


def rebuild_on_change(preview: Preview, changes: Changes, observer: Any, stopping: threading.Event) -> None:
    """Never ends before the preview does: every build reports its own failure."""
    while not stopping.is_set():
        if not changes.arrived.wait(timeout=0.5):
            continue
        changes.arrived.clear()
        while changes.arrived.wait(timeout=QUIET_SECONDS):  # a burst of saves: wait for it to end
            changes.arrived.clear()
        names, rewatch = changes.take()
        if rewatch:
            watch(observer, changes)
        if not names:
            continue
        if code_changed(names):
            preview.builder.start()
        try:
            preview.rebuild(names)
        except BaseException as error:  # noqa: BLE001 - rebuild never raises; this is the last net
            traceback.print_exc()
            preview.report([f"the preview failed: {engines.one_line(error)}"], "all", 0.0)


def stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the preview as Ctrl-C does


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=".")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    project = Path(args.project).resolve()
    engine = os.environ.get("ENGINE", "mkdocs")
    try:
        engines.check_engine(engine)
    except engines.UnknownEngine as error:
        print(error, file=sys.stderr)
        return 2
    preview = Preview(project, engine)
    try:
        server = ThreadingHTTPServer((args.host, args.port), handler_for(preview))
    except OSError as error:
        print(
            f"cannot serve on {args.host}:{args.port}: {error.strerror}; choose another port with --port",
            file=sys.stderr,
        )
        return 2
    server.daemon_threads = True
    shutil.rmtree(project / PREVIEW, ignore_errors=True)
    signal.signal(signal.SIGTERM, stop)
    changes, stopping = Changes(project), threading.Event()
    observer = Observer()
    watch(observer, changes)
    observer.start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"Serving on http://{args.host}:{server.server_address[1]}/ (ENGINE={engine}); Ctrl-C stops",
        file=sys.stderr,
        flush=True,
    )
    worker = threading.Thread(target=rebuild_on_change, args=(preview, changes, observer, stopping), daemon=True)
    try:
        preview.rebuild()
        worker.start()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        observer.stop()
        server.shutdown()
        server.server_close()
        if worker.is_alive():
            worker.join(timeout=120)  # a build under way finishes and cleans up after itself
        preview.builder.stop()
        shutil.rmtree(project / PREVIEW, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
