"""The macros' HTML blocks set aside before Markdown and put back after it (sciatica/raw_blocks.py):
with the site's own Markdown settings, a page comes out the same either way, and only the blocks
Markdown would pass on unchanged are set aside."""

from __future__ import annotations

import markdown
import pytest

from sciatica import raw_blocks, siteconfig
from tests.conftest import ROOT

FIGURE = (
    '<figure class="sc-figure" id="f"><svg viewBox="0 0 10 10"><path d="M0 0L1 1"/><text x="1">a &amp; b</text>'
    "</svg><figcaption>Step <em>one</em> &lt; two</figcaption></figure>"
)
FORM = '<form class="q"><details><summary>S</summary><p>x</p></details></form>'
# (the page's Markdown after the macros, how many blocks are set aside)
CASES = {
    "a figure between paragraphs": (f"Text.\n\n{FIGURE}\n\nMore *text*.", 1),
    "a table first, a form last": (f"<table><tr><td>1 *x*</td></tr></table>\n\nText.\n\n{FORM}", 2),
    "an svg, which Markdown puts in a paragraph": ('Text.\n\n<svg viewBox="0 0 1 1"></svg>\n\nMore.', 0),
    "an inline tag": ("<span>a *b*</span>\n\nText.", 0),
    "text after the element": ("<div>a</div> and *b*\n\nText.", 0),
    "two elements side by side": ("<p>a</p><p>b</p>\n\nText.", 2),
    "three elements a space apart, between paragraphs": (f"Text.\n\n<div>a *x*</div> {FORM} {FIGURE}\n\nMore.", 3),
    "two elements two spaces apart, last": ("Text.\n\n<div>a</div>  <table><tr><td>b</td></tr></table>", 2),
    "a space after the last element": ("<div>a</div> <div>b</div> \n\nText.", 0),
    "a tab between elements": ("<div>a</div>\t<div>b</div>\n\nText.", 0),
    "an inline tag after an element": ("<div>a</div> <span>b *c*</span>\n\nText.", 0),
    "an element whose content Markdown reads": ('<div markdown="1">*a*</div>\n\nText.', 0),
    "inside an element whose content Markdown reads": (
        f'<section class="w" markdown="block">\n\n<h3 markdown="span">T</h3>\n\n{FIGURE}\n\n</section>\n\nText.',
        0,
    ),
    "in fenced code": (f"Text.\n\n```html\n\n{FIGURE}\n\n```\n\nMore.", 0),
    "not alone between blank lines": (f"Text\n{FIGURE}\n\nMore.", 0),
    "in a list item": (f"- item\n\n    {FIGURE}\n\nMore.", 0),
}


@pytest.fixture(scope="module")
def site_markdown():
    """Markdown as the site runs it: the three extensions MkDocs always adds, then mkdocs.yml's."""
    names, settings = ["toc", "tables", "fenced_code"], {}
    for entry in siteconfig.read_raw(ROOT)["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names += [] if name in names else [name]
        settings.update({name: options} if options else {})

    def convert(text: str) -> str:
        return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)

    return convert


@pytest.mark.parametrize("case", CASES)
def test_a_page_comes_out_the_same_with_its_blocks_set_aside(site_markdown, case):
    text, expected = CASES[case]
    marked, blocks = raw_blocks.set_aside(text)
    assert len(blocks) == expected, blocks
    assert raw_blocks.put_back(site_markdown(marked), blocks) == site_markdown(text)


def test_blocks_set_aside_inside_an_element_markdown_reads_would_come_out_changed(site_markdown):
    """Why such elements are left alone: md_in_html writes what is inside them out again."""
    inner = '<div class="a"><p>x</p><p>y</p></div>'
    text = f'<section markdown="block">\n\n{inner}\n\n</section>'
    marked = text.replace(inner, raw_blocks.MARKER.format(0))
    assert raw_blocks.put_back(site_markdown(marked), [inner]) != site_markdown(text)


def test_a_block_lost_or_repeated_on_the_way_is_refused():
    blocks = ["<div>a</div>", "<div>b</div>"]
    first, second = raw_blocks.MARKER.format(0), raw_blocks.MARKER.format(1)
    assert raw_blocks.put_back(f"{first}\n{second}", blocks) == "<div>a</div>\n<div>b</div>"
    assert raw_blocks.put_back(first, blocks) is None  # one missing
    assert raw_blocks.put_back(f"{first}{first}{second}", blocks) is None  # one twice
    assert raw_blocks.put_back(f"{first}{second}{raw_blocks.MARKER.format(2)}", blocks) is None  # one unknown
