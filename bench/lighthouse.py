"""Lighthouse on a throttled phone (its mobile defaults) for the pages readers open most.

    python bench/lighthouse.py [--runs 3] [--site site]

Serves the built site on loopback the way a static host does (gzip, cache headers), runs
Lighthouse from bench/node_modules against Debian's Chromium, interleaving the pages, and prints
the minimum, median and maximum of each category score and of total blocking time. Lighthouse
scores move from run to run, and more on a busy machine; read the median, and the spread.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/",
    "technique": "/massage/kneading/",
    "contraindications": "/massage/contraindications/",
    "practice": "/practice/",
    "practice: massage": "/practice/massage/",  # the largest topic's questions
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Files as a static host sends them: gzip when asked, and a cache lifetime."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(StaticHost, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_lighthouse(url: str, out: Path) -> dict:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not on PATH: apt-get install -y chromium")
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["TBT ms"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    scores["LCP ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
    # Everything the page loads, as sent (compressed): HTML, CSS, JS, fonts and images.
    scores["KB sent"] = round(report["audits"]["total-byte-weight"]["numericValue"] / 1024)
    return scores


def spread(values: list[int]) -> str:
    return f"{min(values)}/{statistics.median(values):g}/{max(values)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(ROOT / "site"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: cd bench && npm ci")
    server, base = serve(Path(args.site))
    results: dict[str, list[dict]] = {name: [] for name in PAGES}
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs):
            for name, path in PAGES.items():  # interleaved: a busy spell hits every page alike
                results[name].append(run_lighthouse(base + path, Path(scratch) / f"{name}-{run}.json"))
    server.shutdown()
    columns = [*CATEGORIES, "TBT ms", "LCP ms", "KB sent"]
    print(f"Lighthouse mobile, {args.runs} runs per page, min/median/max")
    print(f"{'page':<18}" + "".join(f"{c:>16}" for c in columns))
    for name, runs in results.items():
        print(f"{name:<18}" + "".join(f"{spread([r[c] for r in runs]):>16}" for c in columns))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
