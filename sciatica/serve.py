"""make serve: a live preview that survives mistakes.

    python -m sciatica.serve [--port 8000]        ENGINE=mkdocs|properdocs chooses the engine

Every change to the pages, the data, the code or the theme rebuilds the site with the same
safe build as `make build` (sciatica/build.py) into .preview-site/, and open pages reload
themselves. When a build fails, the last good pages stay up with a banner listing the problems
(also printed in the terminal); the next good build clears it. A broken data file or a macro
error never stops the preview.
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import os
import signal
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from sciatica.build import build

PREVIEW = ".preview-site"
WATCHED = ["docs", "data", "macros", "sciatica", "overrides", "mkdocs.yml"]
GENERATED = {("docs", "data"), ("docs", "diagrams")}  # written by every build: not a change
IGNORED_PARTS = {"__pycache__"}
CHANGES = {"created", "modified", "deleted", "moved", "closed"}  # not "opened": every build reads the files
QUIET_SECONDS = 0.3  # wait for an editor's burst of writes to end before rebuilding

RELOAD_SCRIPT = """(function () {
  var seen = null;
  function check() {
    fetch("/.preview/state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      var now = s.generation + ":" + s.problems.length;
      if (seen !== null && now !== seen) { location.reload(); }
      seen = now;
    }).catch(function () {}).finally(function () { setTimeout(check, 1000); });
  }
  check();
})();
"""


class Preview:
    """What the server shows: the generation of the last good build and the current problems."""

    def __init__(self, project: Path):
        self.project = project
        self.site = project / PREVIEW
        self.generation = 0
        self.builds = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        started = time.monotonic()
        problems = build(self.project, PREVIEW)
        with self.lock:
            self.builds += 1
            self.problems = problems
            if not problems:
                self.generation += 1
        if problems:
            print(f"Build failed; still showing the last good pages ({len(problems)} problem(s)):", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
        else:
            print(f"Rebuilt in {time.monotonic() - started:.1f} s", file=sys.stderr)

    def state(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "builds": self.builds, "problems": list(self.problems)}


def banner(problems: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return ('<div role="alert" style="position:sticky;top:0;z-index:1000;background:#b3261e;color:#fff;'
            'padding:.8rem 1rem;font:16px/1.4 system-ui,sans-serif"><strong>The last change did not build.</strong> '
            f"This is the last good version. Fix these and the page reloads:<ul>{items}</ul></div>")


def decorate(page: str, state: dict) -> str:
    """An HTML page with the reload script and, after a failed build, the problems banner."""
    page = page.replace("</body>", '<script src="/.preview/reload.js"></script></body>', 1)
    if state["problems"]:
        at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        page = page[:at] + banner(state["problems"]) + page[at:]
    return page


def handler_for(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows builds
            pass

        def send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            path = unquote(urlsplit(self.path).path)
            state = preview.state()
            if path == "/.preview/state":
                return self.send(200, json.dumps(state).encode(), "application/json")
            if path == "/.preview/reload.js":
                return self.send(200, RELOAD_SCRIPT.encode(), "text/javascript")
            target = (preview.site / path.lstrip("/")).resolve()
            if preview.site.resolve() not in (target, *target.parents):
                return self.send(HTTPStatus.FORBIDDEN, b"outside the site", "text/plain")
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", path + "/")
                    return self.end_headers()
                target = target / "index.html"
            status = HTTPStatus.OK
            if not target.is_file():
                status, target = HTTPStatus.NOT_FOUND, preview.site / "404.html"
            if not target.is_file():
                page = "<!doctype html><html lang=en><title>Preview</title><body><p>No good build yet.</p></body></html>"
                return self.send(status, decorate(page, state).encode(), "text/html; charset=utf-8")
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            body = target.read_bytes()
            if content_type == "text/html":
                body = decorate(body.decode("utf-8"), state).encode()
                content_type += "; charset=utf-8"
            self.send(status, body, content_type)

    return Handler


class Changes(FileSystemEventHandler):
    """Notes that something the site is built from changed (not the build's own files)."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.changed = threading.Event()

    def on_any_event(self, event) -> None:
        for path in (event.src_path, getattr(event, "dest_path", "")):
            try:
                parts = Path(path).relative_to(self.project).parts
            except ValueError:
                continue
            if (event.event_type in CHANGES and not event.is_directory and parts and parts[0] in WATCHED
                    and not set(parts) & IGNORED_PARTS and tuple(parts[:2]) not in GENERATED):
                self.changed.set()


def rebuild_on_change(preview: Preview, changes: Changes, stopping: threading.Event) -> None:
    while not stopping.is_set():
        if not changes.changed.wait(timeout=0.5):
            continue
        while changes.changed.is_set():  # let a burst of saves finish
            changes.changed.clear()
            time.sleep(QUIET_SECONDS)
        preview.rebuild()


def stop(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the preview as Ctrl-C does


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=".")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    project = Path(args.project).resolve()
    preview = Preview(project)
    preview.rebuild()
    changes, stopping = Changes(project), threading.Event()
    observer = Observer()
    for name in WATCHED:
        path = project / name
        if path.exists():
            observer.schedule(changes, str(path if path.is_dir() else project), recursive=path.is_dir())
    observer.start()
    worker = threading.Thread(target=rebuild_on_change, args=(preview, changes, stopping), daemon=True)
    worker.start()
    server = ThreadingHTTPServer((args.host, args.port), handler_for(preview))
    print(f"Serving on http://{args.host}:{server.server_address[1]}/ (ENGINE={os.environ.get('ENGINE', 'mkdocs')}); "
          "Ctrl-C stops", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        observer.stop()
        server.server_close()
        worker.join()  # a build under way finishes and cleans up after itself
    return 0


if __name__ == "__main__":
    sys.exit(main())
