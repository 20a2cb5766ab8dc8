"""MkDocs hook: three small repairs to Material's HTML so every page passes the Nu HTML checker.

Material 9 writes autocomplete="off" on checkbox toggles (only text-like inputs may carry it),
an empty tabindex on section labels, and a table-of-contents label on pages that have no
table of contents. The fixes are exact string edits on those template lines only."""

from __future__ import annotations

import re

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')
TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_markup(html: str) -> str:
    html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(TOC_LABEL, '<label class="md-nav__title">')
    return html


def on_post_page(output: str, page, config) -> str:
    return valid_markup(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return valid_markup(output_content)  # the 404 page is a template, not a page
