"""Figures and the text beside them: anatomy (the nerve, the dermatomes, the root explorer and
the root-level table), and figures of people (the exercise programme, the examination tests)."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica.render import anatomy, programme, tables
from sciatica.render.html import el


def anatomy_diagram(site: Site, view: str) -> Markup:
    site.one_of("anatomy_diagram", view, anatomy.anatomy_views(site.data))
    download = el(
        "a",
        "Download this figure (SVG)",
        href=site.links.file(f"diagrams/anatomy-{view}.svg"),
        download=f"anatomy-{view}.svg",
    )
    return anatomy.anatomy_figure_html(view, site.data, download)


def root_explorer(site: Site) -> Markup:
    """L4, L5 and S1 one at a time: skin area, key muscles, reflex and test together."""
    return anatomy.root_explorer(site.data, site.cite, site.links.file)


def root_level_table(site: Site) -> Markup:
    return tables.root_level_table(site.data.root_levels, site.cite)


def exercise_programme(site: Site, *exercise_ids: str) -> str:
    """The whole programme (anchors #exercise-<id>), in one block that prints as a sheet; with ids,
    only those exercises, in that order (the first steps on a patient page)."""
    chosen = [site.entry("exercise_programme", "exercises", exercise_id) for exercise_id in exercise_ids]
    return programme.exercise_programme(site.data, site.cite, site.links, chosen)


def exercise_evidence(site: Site) -> Markup:
    return programme.exercise_evidence_table(site.data.exercises, site.cite)


def exam_test(site: Site, test_id: str) -> str:
    return programme.exam_test_section(site.entry("exam_test", "exam_tests", test_id), site.data, site.cite, site.links)


def exam_tests(site: Site) -> str:
    return programme.exam_tests(site.data, site.cite, site.links)


def exam_tests_plain(site: Site) -> Markup:
    return programme.exam_tests_plain(site.data.exam_tests, site.cite, site.links)


def exam_tests_table(site: Site) -> Markup:
    return programme.exam_tests_table(site.data.exam_tests, site.cite)


def outcome_measures_table(site: Site) -> Markup:
    return programme.outcome_measures_table(site.data.outcome_measures, site.cite)


def positions_figure(site: Site) -> Markup:
    return programme.positions_figure(site.data, site.links)


def figure_downloads(site: Site) -> Markup:
    return programme.figure_downloads(site.data, site.links)


MACROS = (
    anatomy_diagram,
    root_explorer,
    root_level_table,
    exercise_programme,
    exercise_evidence,
    exam_test,
    exam_tests,
    exam_tests_plain,
    exam_tests_table,
    outcome_measures_table,
    positions_figure,
    figure_downloads,
)
