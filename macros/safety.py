"""Safety: the red flags and the emergency, the numbers to call, the contraindications, the client
screening form, and the answers for a person with a condition ("Is massage safe for me?")."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from macros.context import Site
from sciatica.render import forms, patient_safety, tables, urgent
from sciatica.render import helplines as help_render
from sciatica.render.html import el, join


def number_sources(site: Site) -> list[str]:
    return [ref for number in site.data.emergency_numbers for ref in number.refs]


def red_flags(site: Site) -> Markup:
    return tables.red_flag_table(site.data.red_flags, site.data.escalation, site.cite)


def emergency_list(site: Site) -> Markup:
    return tables.emergency_list(site.data.red_flags, site.data.escalation)


def same_day_signs(site: Site, brief: bool = False, rule: bool = True) -> Markup:
    """The same-day signs and the rule that makes them an emergency. brief gives each sign in its
    brief words; rule=False leaves the rule to an emergency list above it on the same page
    (emergency_signs() states it), so it is read once."""
    if not rule:
        return tables.sign_list(
            (f for f in site.data.red_flags if f.action == "urgent"), "sc-same-day-signs", brief=brief
        )
    return tables.same_day_list(site.data.red_flags, site.data.escalation, brief)


def emergency_signs(site: Site, brief: bool = False) -> Markup:
    """The emergency box; brief gives every sign in its brief words (the full words are on urgent help)."""
    return tables.emergency_box(
        site.data.red_flags, site.data.escalation, site.data.emergency_numbers, site.links, brief
    )


def emergency_numbers(site: Site) -> Markup:
    sources = number_sources(site)
    return join([tables.emergency_numbers(site.data.emergency_numbers), site.cite(*sources) if sources else None])


def call_buttons(site: Site, marks: bool = True) -> Markup:
    """The tap-to-call emergency buttons and their sources; marks=False lists the sources at the
    page's foot without marks (a patient page's first screen stays clear)."""
    sources = number_sources(site)
    if not marks:
        return quietly(
            site, "span", lambda cite: join([tables.call_buttons(site.data.emergency_numbers), cite(*sources)])
        )
    return join(
        [
            tables.call_buttons(site.data.emergency_numbers),
            el("span", "Sources for these numbers:", site.cite(*sources), class_="sc-call-sources")
            if sources
            else None,
        ]
    )


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


def intake_form(site: Site) -> Markup:
    """The client intake form: details, GP, medicines, the screening questions with where a yes
    sends the client (marked for a clinician's review where the sources do not settle it), consent
    and signatures."""
    return forms.intake_form(site.data, site.cite, site.links.page("massage/screening-form.md"))


def short_list_id(site: Site, macro_name: str, list_id: str) -> str:
    site.one_of(macro_name, list_id, site.data.by_id("short_lists"))
    return list_id


def need_help_box(site: Site) -> Markup:
    """The home page's emergency box: the banner's signs, the action and the numbers."""
    return urgent.need_help_box(site.data, site.links)


def who_to_call(site: Site, list_id: str) -> Markup:
    """A short list's signs grouped by where to go: an emergency department now, or a doctor today.
    Its sources join the page's list without marks (the signs' own page carries them marked)."""
    list_id = short_list_id(site, "who_to_call", list_id)
    return quietly(site, "div", lambda cite: urgent.who_to_call(site.data, list_id, site.links, cite))


def first_steps(site: Site, marks: bool = True) -> Markup:
    """The few things that help most people; marks=False lists their sources at the page's foot
    without marks (a patient page's first screen stays clear)."""
    if marks:
        return tables.first_steps_list(site.data.first_steps, site.cite, site.links)
    return quietly(site, "div", lambda cite: tables.first_steps_list(site.data.first_steps, cite, site.links))


def unmarked(site: Site) -> tuple[Callable[..., Markup], list[str]]:
    """A cite that adds sources to the page's list but shows no mark where it is called, and the
    ids it was given (for the data-sources of the block they back)."""
    given: list[str] = []

    def cite(*ids: str) -> Markup:
        site.cite(*ids)
        given.extend(ids)
        return Markup("")

    return cite, given


def quietly(site: Site, tag: str, render: Callable[[Callable[..., Markup]], Markup]) -> Markup:
    """A block whose sources are listed at the page's foot without marks, wrapped in an element
    that names them (data-sources), so what backs the block can still be found in the page."""
    cite, given = unmarked(site)
    html = render(cite)
    return el(tag, html, data_sources=" ".join(dict.fromkeys(given)) or None)


def helplines(site: Site, situations: bool = True) -> Markup:
    """Help that is not an emergency number: what to do at night, at weekends, when the pain is too
    much or life feels too much (unless situations=False; their sources go to the page's list
    without marks, so the advice reads straight through), then the numbers for each region."""
    return quietly(site, "div", lambda cite: help_render.helplines(site.data, site.cite, situations, cite))


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


MACROS = (
    red_flags,
    emergency_list,
    same_day_signs,
    emergency_signs,
    emergency_numbers,
    call_buttons,
    contraindication_table,
    contraindication_filter,
    screening_form,
    intake_form,
    first_steps,
    need_help_box,
    who_to_call,
    helplines,
    is_it_safe,
    no_massage_list,
    tell_your_therapist,
)
