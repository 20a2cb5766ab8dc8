"""What every macro works with: the data, the page being rendered, its citations and its links.

A macro is a plain function `name(site, ...)` in one of the topic modules; define_env binds each
to the build's `Site`, so a page calls it as `{{ name(...) }}`. A test gives a `Site` a small
fake env (tests/unit/fake_env.py) and calls the function directly, without a site build.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

from markupsafe import Markup

from sciatica import engines, siteconfig
from sciatica.build import printable
from sciatica.model import DataError, SiteData, load_cached
from sciatica.pipeline import DATA_FILE
from sciatica.render import tables


class MacroError(Exception):
    """A page asked a macro for something the data does not have; the message is one line
    (`problems` lists them when there are several, such as a data file's)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


def fail(message: str) -> NoReturn:
    """Print the one-line problem as it happens (an engine may hide the plugin's own warning),
    then raise, so the build fails."""
    print(f"error: {printable(message)}", file=sys.stderr, flush=True)
    raise MacroError(message)


def site_data(project_dir: Path) -> SiteData:
    """The data file, read once per version of it (the cache lives in the model module, which an
    engine that re-runs define_env for every page does not reload)."""
    try:
        return load_cached(project_dir / DATA_FILE, DATA_FILE, project_dir / "docs")
    except DataError as error:
        lines = [str(problem) for problem in error.problems]
        for line in lines:
            print(f"error: {printable(line)}", file=sys.stderr, flush=True)
        raise MacroError(f"{DATA_FILE} has {len(lines)} problem(s); see the lines above", lines) from None


class Citations:
    """Numbers references in the order a page first cites them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, *ids: str) -> Markup:
        for ref in ids:
            self.numbers.setdefault(ref, len(self.numbers) + 1)
        return tables.citation_marks(ids, self.numbers)


class Site:
    """The build as the macros see it: the data, and the page the engine is rendering now."""

    def __init__(self, env: Any, data: SiteData) -> None:
        self.env = env
        self.data = data
        self.project = Path(env.project_dir)
        self.docs = self.project / "docs"
        self._citations: dict[str, Citations] = {}  # per page: numbering starts again on every page
        self._config: siteconfig.SiteConfig | None = None

    # --- the page being rendered
    @property
    def page(self) -> Any:
        return self.env.page

    @property
    def page_path(self) -> str:
        """The Markdown file being rendered, relative to docs/."""
        return engines.page_source(self.page)

    @property
    def page_label(self) -> str:
        return f"docs/{self.page_path}" if self.page is not None else "(no page)"

    @property
    def links(self) -> tables.Links:
        return engines.page_links(self.page, bool(self.env.conf["use_directory_urls"]))

    @property
    def config(self) -> siteconfig.SiteConfig:
        if self._config is None:
            self._config = siteconfig.read(self.project)
        return self._config

    # --- citations
    def citations(self) -> Citations:
        return self._citations.setdefault(self.page_path, Citations())

    def cite(self, *ids: str) -> Markup:
        """Citation marks for the references named, numbered on this page's reference list."""
        for ref in ids:
            self.entry("cite", "references", ref)
        return self.citations().cite(*ids)

    # --- looking things up, with one-line errors
    def entry(self, macro_name: str, collection: str, id_: str, *args: object) -> Any:
        """The entry `id_` of a collection, or a one-line error naming page, macro and id."""
        found = self.data.by_id(collection).get(id_)
        if found is None:
            call = ", ".join(repr(a) for a in (id_, *args))
            known = ", ".join(sorted(self.data.by_id(collection)))
            self.fail(
                f"{macro_name}({call}): no {collection.rstrip('s').replace('_', ' ')} {id_!r} in "
                f"{DATA_FILE} (known: {known})"
            )
        return found

    def one_of(self, macro_name: str, value: object, choices: Iterable[object]) -> None:
        choices = list(choices)
        if value not in choices:
            self.fail(f"{macro_name}({value!r}): must be one of {', '.join(sorted(map(str, choices)))}")

    def fail(self, message: str) -> NoReturn:
        fail(f"{self.page_label}: {message}")

    # --- macros
    def bind(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """The macro a page calls: `function` with this site, whose failures are one line naming
        the page, the macro call and the reason."""

        @functools.wraps(function)
        def macro(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(self, *args, **kwargs)
            except MacroError:
                raise
            except Exception as error:  # noqa: BLE001 - any failure is reported, never swallowed
                call = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
                self.fail(f"{function.__name__}({call}): {type(error).__name__}: {error}")

        del macro.__wrapped__  # the engine should see the page's arguments, not `site`
        return macro
