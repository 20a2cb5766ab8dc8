"""The published-links registry is complete (caught by make test-fast): every page and linkable
anchor the site offers is promised in published-links.txt, so a trainer's link is never one the
project forgot it gave out."""

from __future__ import annotations

from tools.published_links import read_registry, unregistered


def test_every_page_and_linkable_anchor_is_registered(built_site):
    missing = unregistered(built_site, read_registry())
    assert not missing, "run `make links`: these addresses are not yet in published-links.txt:\n" + "\n".join(
        missing[:30]
    )
