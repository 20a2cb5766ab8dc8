"""How the tests and the tools start Debian's Chromium through Playwright (the browser tier, the
handouts' printing, the screenshots and the axe bench): one list of launch flags for all of them."""

from __future__ import annotations

CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium will not start as root without it (CI and containers run as root)
    "--disable-gpu",
    # Nothing fetched in the background: every request a page makes is the page's own.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
