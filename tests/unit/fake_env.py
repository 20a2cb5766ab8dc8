"""A small stand-in for the env that mkdocs-macros gives define_env(): enough to register the
macros and call them for one page, without an engine or a site build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sciatica.pages import page_url
from tests.conftest import ROOT


@dataclass
class FakeFile:
    src_uri: str


@dataclass
class FakePage:
    file: FakeFile
    url: str
    meta: dict[str, Any] = field(default_factory=dict)


class FakeEnv:
    def __init__(
        self,
        page: str = "massage/kneading.md",
        meta: dict[str, Any] | None = None,
        directory_urls: bool = True,
        project_dir: Path = ROOT,
    ) -> None:
        self.page: FakePage | None = None
        self.project_dir = str(project_dir)
        self.conf = {"use_directory_urls": directory_urls}
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}
        self.markdown = ""
        self.on(page, meta)

    def macro(self, function: Any, name: str) -> None:
        self.macros[name] = function

    def on(self, page: str, meta: dict[str, Any] | None = None) -> FakeEnv:
        """Move to another page, as the engine does between pages of one build."""
        self.page = FakePage(FakeFile(page), page_url(page, bool(self.conf["use_directory_urls"])), dict(meta or {}))
        return self
