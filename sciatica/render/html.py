"""A tiny HTML builder that escapes every string by construction.

Text from the data file never reaches a page as markup: children and attribute values are
escaped unless they are already ``Markup`` made by this builder. The escaping covers Markdown
too, because the macros' HTML is pasted into Markdown source before Markdown runs: text inside
an inline tag is still read as Markdown (``[x](javascript:...)`` would become a live link,
``*x*{: onclick=... }`` an event handler, a line starting ``--8<--`` a file include). So every
character that Markdown or one of the site's extensions treats as syntax becomes a numeric
character reference, which browsers show as the character and Markdown leaves alone, and line
breaks become spaces so no data text can start a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

VOID = {"br", "img", "meta", "hr", "col", "input", "source"}
# Followed by a space, so that text taken from the page (the search index, its snippets) keeps
# the cells and items apart: "...an ambulance New trouble..." and not "ambulanceNew". A space, not
# a line break: a macro's output must stay on one line to sit inside an indented block.
LINE_AFTER = {"tr", "td", "th", "li", "dt", "dd", "option"}

# HTML's own specials, plus what starts Markdown syntax inside a line: code spans, backslash
# escapes, emphasis, links and images, footnotes, abbreviations, attribute lists, table cells,
# and the marks of extensions not enabled today (~~, ^^, ==). Syntax that needs the start of a
# line (headings, lists, admonitions, fences, snippets) cannot occur: line breaks are removed.
SYNTAX_CHARACTERS = "&<>\"'\\`*_{}[]|~^="
ESCAPES = {ord(c): f"&#{ord(c)};" for c in SYNTAX_CHARACTERS} | {ord("\n"): " ", ord("\r"): " "}
NEEDS_ESCAPING = re.compile("[" + re.escape(SYNTAX_CHARACTERS) + "\n\r]")


def escaped(value: object) -> str:
    """The value as HTML: itself if it is HTML already (it has ``__html__``, as Markup has), else
    escaped to read as plain text in HTML and Markdown."""
    as_html = getattr(value, "__html__", None)
    if as_html is not None:
        return as_html()
    text = str(value)
    # Most parts (a class, an id, a plain sentence) have nothing to escape: a search finds that
    # out faster than translate() copies them.
    return text.translate(ESCAPES) if NEEDS_ESCAPING.search(text) else text


def escape_text(value: object) -> Markup:
    """Escape anything that is not already ``Markup`` so it reads as plain text in HTML and Markdown."""
    return Markup(escaped(value))


def attribute_name(name: str) -> str:
    """Python keyword arguments to HTML names: class_ -> class, aria_label -> aria-label."""
    return name.rstrip("_").replace("_", "-")


def el(tag: str, *children: object, **attrs: object) -> Markup:
    """``el("a", "text", href="#x", class_="y")``; None children and False attributes are dropped."""
    rendered_attrs = "".join(
        f" {attribute_name(name)}" + ("" if value is True else f'="{escaped(value)}"')
        for name, value in attrs.items()
        if value is not None and value is not False
    )
    # Plain strings until the end: a Markup for each part would be made only to be joined.
    inner = "".join(escaped(child) for child in children if child is not None)
    if tag in VOID:
        return Markup(f"<{tag}{rendered_attrs}>")
    end = " " if tag in LINE_AFTER else ""
    return Markup(f"<{tag}{rendered_attrs}>{inner}</{tag}>{end}")


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """The parts one after another (None parts dropped, as el() drops None children), each escaped
    unless it is Markup already."""
    return Markup(escaped(separator).join(escaped(part) for part in parts if part is not None))
