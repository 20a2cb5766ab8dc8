"""A withdrawn drug is never shown without its withdrawal notice, on any page."""

from __future__ import annotations

import re

from tests.conftest import parsed_page

BLOCKS = "p, li, tr, dd, h2, h3, h4, figcaption, dt"


def test_withdrawn_drugs_always_carry_their_notice(data, pages):
    withdrawn = [d for d in data.drugs if d.availability.status == "withdrawn"]
    assert withdrawn, "the data should record at least one withdrawn drug (rofecoxib)"
    mentions = 0
    for page in pages:
        html = parsed_page(page)
        article = html.select_one("article") or html
        for drug in withdrawn:
            names = re.compile("|".join(re.escape(n) for n in [drug.generic, *drug.brands]), re.IGNORECASE)
            for block in article.select(BLOCKS):
                if block.find(BLOCKS.split(", ")) or block.find_parent(class_="sc-references"):
                    continue  # judge the innermost block; a cited title is not a recommendation
                text = block.get_text(" ")
                if not names.search(text):
                    continue
                mentions += 1
                # The heading of a drug's own section is followed by its withdrawal banner.
                following = block.find_next_sibling()
                context = text + (following.get_text(" ") if block.name.startswith("h") and following else "")
                if block.name in ("dt", "dd"):
                    context = block.find_parent("dl").get_text(" ")  # one drug's fact list shows its notice
                assert re.search(r"\bwithdrawn\b", context, re.IGNORECASE), (
                    f"{page}: {drug.generic} shown without its withdrawal notice: {text[:120]!r}"
                )
    assert mentions >= 2
