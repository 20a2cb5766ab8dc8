"""The macros' finished HTML kept out of Markdown's way (MkDocs and ProperDocs; see hooks.py).

The macros put whole blocks of finished HTML into a page's Markdown (figures, tables, question
forms): three quarters of the text Markdown reads. Markdown reads every such block twice with
Python's HTML parser (md_in_html, to find where it ends; MkDocs, to collect its ids) only to pass
it on unchanged. So before Markdown each of these blocks is set aside behind a marker, an HTML
comment that Markdown passes on the same way, and after Markdown the marker becomes the block again.

A line is set aside only where Markdown would pass it on exactly as it is: whole elements on a
line of their own, between blank lines, starting at the margin with block-level tags (Markdown
wraps any other tag in a paragraph), with no `markdown` attribute (md_in_html reads inside those),
outside fenced code and outside any element whose content Markdown reads. Elements side by side,
or spaces apart, Markdown writes out one per line: so do their markers. Zensical runs no hooks
and reads the blocks itself; its pages and these match (tests/build/test_engines.py), and
tests/unit/test_raw_blocks.py compares the two ways.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown

MARKER = "<!--sc-raw-{}-->"
MARKERS = re.compile(r"<!--sc-raw-(\d+)-->")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
FIRST_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
# An element whose content Markdown reads, opened on a line of its own (md_in_html writes the
# elements inside it out again, in its own layout: they stay where they are).
READ_INSIDE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\smarkdown=\"(?:1|block)\"[^>]*>")


@lru_cache(maxsize=1)
def block_level_tags() -> frozenset[str]:
    """The tags Markdown takes to start a block of raw HTML (its own list, so the two agree)."""
    return frozenset(markdown.Markdown().block_level_elements)


def element_end(line: str, start: int) -> int | None:
    """Where the element opened at `start` closes, if a block-level tag opens there and closes
    on this line."""
    first = FIRST_TAG.match(line, start)
    if not first or first.group(1).lower() not in block_level_tags():
        return None
    depth = 0
    for found in re.compile(rf"<(/?){first.group(1)}[\s>]").finditer(line, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end() if line.startswith(">", found.end() - 1) else None
    return None


def whole_elements(line: str) -> list[str]:
    """The line's elements, if it is nothing but whole elements of block-level tags, side by side
    or a space or more apart (Markdown puts each on a line of its own), and nothing in them asks
    Markdown to read their content; else none."""
    if "markdown=" in line:
        return []
    elements: list[str] = []
    at = 0
    while at < len(line):
        end = element_end(line, at)
        if end is None:  # text, an inline tag, or spaces after the last element
            return []
        elements.append(line[at:end])
        gap = len(line) - end - len(line[end:].lstrip(" "))
        at = end + gap if end + gap < len(line) else end
    return elements


def set_aside(text: str) -> tuple[str, list[str]]:
    """(the Markdown with each block that qualifies replaced by its marker, the blocks in order)."""
    lines = text.split("\n")
    blocks: list[str] = []
    fence = ""
    inside: list[str] = []  # the elements Markdown reads inside, open at this line
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        container = READ_INSIDE.fullmatch(line.strip())
        if container:
            inside.append(container.group(1))
        elif inside and line.strip() == f"</{inside[-1]}>":
            inside.pop()
        if inside:
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (
            index == len(lines) - 1 or not lines[index + 1].strip()
        )
        elements = whole_elements(line) if alone else []
        if elements:
            lines[index] = "\n".join(MARKER.format(len(blocks) + k) for k in range(len(elements)))
            blocks += elements
    return "\n".join(lines), blocks


def put_back(html: str, blocks: list[str]) -> str | None:
    """The HTML with each marker replaced by its block; None unless every block came back once."""
    found: list[int] = []

    def block(match: re.Match) -> str:
        number = int(match.group(1))
        found.append(number)
        return blocks[number] if number < len(blocks) else match.group(0)

    restored = MARKERS.sub(block, html)
    return restored if sorted(found) == list(range(len(blocks))) else None
