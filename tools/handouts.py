"""Print every handout to PDF with Chromium, from the built site served on loopback.

    python tools/handouts.py [site] [--out dist/handouts]      (make handouts builds the site first)

Each handout page is printed twice, as a reader's browser prints it (print styles, A4 from the
page's own @page rule, backgrounds on): once without its answer sheet (<name>.pdf, at most two
pages) and, for a handout with questions, the answer sheet alone (<name>-answers.pdf, one page).
The script says what it wrote: each file with its page count (read with pypdf), and whether the
handouts carry QR codes and for which address. A site built without SITE_URL has no address to
put in a QR code, so its handouts say so where the code would be, and the script says so too.
It fails if a handout outgrows its sheets. The Pages workflow builds with SITE_URL and copies the
PDFs to /downloads/handouts/ on the published site.

Chromium is Debian's (`chromium` on PATH, or CHROMIUM=/path/to/chrome), driven by Playwright.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from sciatica.browser import CHROMIUM_ARGS
from sciatica.model import load
from sciatica.render.handouts import handout_list
from sciatica.siteconfig import NO_ADDRESS

ROOT = Path(__file__).resolve().parent.parent

MAX_PAGES = {"handout": 2, "answers": 1}


def pdf_pages(pdf: bytes) -> int:
    """The number of pages, from the PDF's page tree as a PDF reader sees it (pypdf), so no text
    in the file, such as a link whose address holds '/Type/Page', is counted as a page."""
    if not pdf.startswith(b"%PDF"):
        raise ValueError("not a PDF file")
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except PdfReadError as error:
        raise ValueError(f"not a readable PDF: {error}") from None


@dataclass(frozen=True)
class Printed:
    name: str
    kind: str  # handout | answers
    path: Path
    pages: int
    qr_address: str | None = None  # the address the handout's QR code holds; None: no QR code

    @property
    def too_long(self) -> bool:
        return self.pages > MAX_PAGES[self.kind]


@contextmanager
def served(site: Path):
    """The built site on a free loopback port, for as long as the block runs."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# Print mode: a class on the root element that the print styles read (docs/stylesheets/site.css).
PRINT_MODE = """mode => {
  document.documentElement.classList.remove('sc-print-handout', 'sc-print-answers');
  document.documentElement.classList.add(mode);
}"""


# The address a handout's QR code holds: its head links to the same page, with the address as the
# link's text; a handout without one has the note that says why instead of the code.
QR_ADDRESS = """() => {
  const code = document.querySelector('.sc-handout-head svg.sc-qr-code');
  return code ? document.querySelector('.sc-handout-head a.sc-handout-address').textContent.trim() : null;
}"""


def print_handout(context, base_url: str, name: str, out: Path) -> list[Printed]:
    """One handout's PDF files: the handout, then its answer sheet if it has one."""
    page = context.new_page()
    try:
        response = page.goto(f"{base_url}/handouts/{name}/", wait_until="networkidle")
        if response is None or not response.ok:
            raise RuntimeError(f"/handouts/{name}/ did not load ({response.status if response else 'no response'})")
        page.emulate_media(media="print")
        address = page.evaluate(QR_ADDRESS)
        printed = []
        kinds = ["handout"] + (["answers"] if page.locator(".sc-answer-sheet").count() else [])
        for kind in kinds:
            page.evaluate(PRINT_MODE, f"sc-print-{kind}")
            path = out / (f"{name}.pdf" if kind == "handout" else f"{name}-answers.pdf")
            pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
            path.write_bytes(pdf)
            printed.append(Printed(name, kind, path, pdf_pages(pdf), address))
        return printed
    finally:
        page.close()


def print_all(browser, base_url: str, names: list[str], out: Path, scheme: str = "light") -> list[Printed]:
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme=scheme)
    try:
        return [printed for name in names for printed in print_handout(context, base_url, name, out)]
    finally:
        context.close()


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--out", default="dist/handouts")
    args = parser.parse_args()
    site, out = Path(args.site).resolve(), Path(args.out)
    if not (site / "handouts" / "index.html").is_file():
        print(f"{site} has no built handouts: run make build first", file=sys.stderr)
        return 1
    executable = chromium()
    if executable is None:
        print("Chromium is not on PATH: apt-get install -y chromium (or set CHROMIUM)", file=sys.stderr)
        return 1
    names = [handout.name for handout in handout_list(load(ROOT / "data" / "sciatica.yml"))]
    for stale in out.glob("*.pdf") if out.is_dir() else []:
        stale.unlink()
    from playwright.sync_api import sync_playwright

    with served(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            printed = print_all(browser, base_url, names, out)
        finally:
            browser.close()
    print(report(printed, out))
    too_long = [item for item in printed if item.too_long]
    if not any(item.qr_address for item in printed):
        print(
            f"warning: these handouts have no QR codes: the site was built without SITE_URL. To print them "
            f"with QR codes, {NO_ADDRESS} (SITE_URL=https://... make handouts).",
            file=sys.stderr,
        )
    if too_long:
        print(f"{len(too_long)} file(s) outgrew their sheets", file=sys.stderr)
        return 1
    return 0


def report(printed: list[Printed], out: Path) -> str:
    """What was written: each file with its pages, then whether the handouts carry QR codes and
    for which address (the site's, common to all of them)."""
    lines = []
    for item in printed:
        limit = MAX_PAGES[item.kind]
        lines.append(
            f"{item.path}: {item.pages} page{'s' if item.pages != 1 else ''}"
            + (f"  TOO LONG (at most {limit})" if item.too_long else "")
        )
    handouts = [item for item in printed if item.kind == "handout"]
    with_code = [item for item in handouts if item.qr_address]
    lines.append(f"{len(printed)} PDF files for {len(handouts)} handouts in {out}/.")
    if len(with_code) == len(handouts):
        site = os.path.commonprefix([item.qr_address or "" for item in with_code]).rsplit("/", 1)[0] + "/"
        lines.append(f"QR codes: on every handout, each for its full page under {site}")
    elif with_code:
        missing = ", ".join(item.name for item in handouts if not item.qr_address)
        lines.append(f"QR codes: on {len(with_code)} of {len(handouts)} handouts; none on {missing}")
    else:
        lines.append(f"QR codes: none (the site was built without SITE_URL; each handout says: {NO_ADDRESS})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
