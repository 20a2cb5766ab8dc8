"""Each figure drawn once per build: a renderer of (key, data) keeps its results for the data it
was last given (a build reads the data once, so a new data object means a new build, or a new
version of the file in the live preview). Renderers are pure, so a kept result is the same one
they would draw again."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def key_of(item: object) -> object:
    """A plain value (a view's name) by itself; an entry by identity, since a changed copy of an
    entry keeps its id."""
    return item if isinstance(item, (str, int)) else id(item)


def once_per_data(render: Callable[[Any, Any], R]) -> Callable[[Any, Any], R]:
    kept: dict[object, tuple[Any, R]] = {}  # key -> (the item, kept alive so its id stays its own; result)
    current: list[object] = [None]

    @functools.wraps(render)
    def remembered(item: Any, data: Any) -> R:
        if current[0] is not data:
            kept.clear()
            current[0] = data
        key = key_of(item)
        if key not in kept:
            kept[key] = (item, render(item, data))
        return kept[key][1]

    return remembered


def once_per_object(work: Callable[..., R]) -> Callable[..., R]:
    """Work done for an entry of the data (a figure's frame, a list's index by id) kept for that
    very object, which is kept alive with it: the check before drawing and each drawing of a frame
    share one result.
    A new version of the data brings new objects; the oldest results go when many have built up."""
    kept: dict[int, tuple[Any, R]] = {}

    @functools.wraps(work)
    def remembered(item: Any, *rest: Any) -> R:
        key = id(item)
        if key not in kept:
            if len(kept) > 4096:
                kept.clear()
            kept[key] = (item, work(item, *rest))
        return kept[key][1]

    return remembered
