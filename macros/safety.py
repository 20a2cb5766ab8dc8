"""Safety: the red flags and the emergency, the numbers to call, the contraindications, the client
screening form, and the answers for a person with a condition ("Is massage safe for me?")."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica.render import forms, patient_safety, tables, urgent
from sciatica.render.html import el, join


def number_sources(site: Site) -> list[str]:
    return [ref for number in site.data.emergency_numbers for ref in number.refs]


def red_flags(site: Site) -> Markup:
    return tables.red_flag_table(site.data.red_flags, site.data.escalation, site.cite)


def emergency_list(site: Site) -> Markup:
    return tables.emergency_list(site.data.red_flags, site.data.escalation)


def same_day_signs(site: Site) -> Markup:
    return tables.same_day_list(site.data.red_flags, site.data.escalation)


def emergency_signs(site: Site) -> Markup:
    return tables.emergency_box(site.data.red_flags, site.data.escalation, site.data.emergency_numbers, site.links)


def emergency_numbers(site: Site) -> Markup:
    sources = number_sources(site)
    return join([tables.emergency_numbers(site.data.emergency_numbers), site.cite(*sources) if sources else None])


def call_buttons(site: Site) -> Markup:
    sources = number_sources(site)
    return join([tables.call_buttons(site.data.emergency_numbers),
                 el("span", "Sources for these numbers:", site.cite(*sources), class_="sc-call-sources")
                 if sources else None])


def contraindication_table(site: Site, technique: str | None = None) -> Markup:
    if technique is not None:
        site.entry("contraindication_table", "techniques", technique)
    rows = tables.contraindications_for(site.data, technique)
    return tables.contraindication_table(rows, site.data, site.cite, site.links, technique)


def contraindication_filter(site: Site) -> Markup:
    return tables.contraindication_filter(site.data.techniques)


def screening_form(site: Site, part: str | None = None, compact: bool = False) -> Markup:
    """The client screening form (one part of it, or all); compact leaves out reasons and sources."""
    if part is not None:
        site.one_of("screening_form", part, forms.PARTS)
    return forms.screening_form(site.data, None if compact else site.cite, part, compact)


def short_list_id(site: Site, macro_name: str, list_id: str) -> str:
    site.one_of(macro_name, list_id, site.data.by_id("short_lists"))
    return list_id


def need_help_box(site: Site) -> Markup:
    """The home page's emergency box: the banner's signs, the action and the numbers."""
    return urgent.need_help_box(site.data, site.links)


def who_to_call(site: Site, list_id: str) -> Markup:
    """A short list's signs grouped by where to go: an emergency department now, or a doctor today."""
    return urgent.who_to_call(site.data, short_list_id(site, "who_to_call", list_id), site.links, site.cite)


def first_steps(site: Site) -> Markup:
    return tables.first_steps_list(site.data.first_steps, site.cite, site.links)


def is_it_safe(site: Site, severity: str | None = None) -> Markup:
    """The conditions a person may have (those of one severity, or all), each folded with its
    answers: can I have massage, what kind, what to tell the therapist (massage/is-it-safe.md)."""
    if severity is not None:
        site.one_of("is_it_safe", severity, patient_safety.GROUPS)
    entries = patient_safety.offered(site.data, severity)
    return patient_safety.condition_answers(entries, site.data, site.cite, site.links)


def no_massage_list(site: Site) -> Markup:
    """The conditions that rule massage out, in plain words, each linked to its answer; their
    sources follow the list, so no mark sits in the answers."""
    return patient_safety.no_massage_list(site.data, site.cite, site.links)


def tell_your_therapist(site: Site) -> Markup:
    """The conditions that change a massage rather than rule it out, each linked to its answer."""
    return patient_safety.tell_list(site.data, site.links)


MACROS = (red_flags, emergency_list, same_day_signs, emergency_signs, emergency_numbers, call_buttons,
          contraindication_table, contraindication_filter, screening_form, first_steps, need_help_box, who_to_call,
          is_it_safe, no_massage_list, tell_your_therapist)
