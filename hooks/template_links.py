"""MkDocs hook: theme templates link to pages by their Markdown path, as pages do.

`{{ 'urgent-help.md' | page_url | url }}` gives urgent-help/ online and urgent-help.html in the
offline copy, through the same page_url() the macros use, so no template hard-codes a URL style."""

from __future__ import annotations


def on_env(env, config, files):
    # Imported here: hooks load before the macros plugin has put its package on the path.
    from sciatica.render.tables import page_url
    env.filters["page_url"] = lambda source: page_url(source, config.use_directory_urls)
    return env
