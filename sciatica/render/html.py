"""A tiny HTML builder that escapes every string by construction.

Text from the data file never reaches a page unescaped: children and attribute values are
escaped unless they are already ``Markup`` made by this builder.
"""

from __future__ import annotations

from markupsafe import Markup, escape

VOID = {"br", "img", "meta", "hr", "col"}


def el(tag: str, *children: object, **attrs: object) -> Markup:
    """``el("a", "text", href="#x", class_="y")``; None children and False attributes are dropped."""
    rendered_attrs = "".join(
        f' {name.rstrip("_").replace("_", "-")}' + ("" if value is True else f'="{escape(value)}"')
        for name, value in attrs.items() if value is not None and value is not False
    )
    inner = "".join(str(escape(child)) for child in children if child is not None)
    if tag in VOID:
        return Markup(f"<{tag}{rendered_attrs}>")
    return Markup(f"<{tag}{rendered_attrs}>{inner}</{tag}>")


def join(parts: list[Markup], separator: str = "") -> Markup:
    return Markup(escape(separator).join(parts))
