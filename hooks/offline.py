"""MkDocs hook for the offline copy (OFFLINE=true): a site that works opened from a folder.

Material's offline plugin inlines the search index and turns off directory URLs, but it loads
its search shim from unpkg.com and keeps instant navigation, which needs a server. This hook
ships the shim from the npm lock file's copy instead and turns instant navigation off."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

SHIM_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"
NEEDS_A_SERVER = {"navigation.instant", "navigation.instant.progress", "navigation.instant.prefetch"}


def offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def local_polyfills(polyfills: list[str]) -> list[str]:
    """The same polyfills, with the remote iframe-worker shim replaced by the shipped copy."""
    return [SHIM_PATH if "iframe-worker" in url else url for url in polyfills]


@event_priority(-100)  # after the offline plugin has added its remote shim
def on_config(config):
    if not offline_enabled(config):
        return config
    if not SHIM_SOURCE.is_file():
        raise PluginError(f"{SHIM_SOURCE} is missing: run `npm ci` (the offline copy ships it)")
    config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))
    config.theme["features"] = [f for f in config.theme["features"] if f not in NEEDS_A_SERVER]
    return config


def on_files(files: Files, config) -> Files:
    if offline_enabled(config):
        files.append(File.generated(config, SHIM_PATH, content=SHIM_SOURCE.read_text(encoding="utf-8")))
    return files
