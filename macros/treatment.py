"""Causes and treatment: the causes, the medicines, outcomes over time and the source article's
claims."""

from __future__ import annotations

import typing

from markupsafe import Markup

from macros.context import Site
from sciatica.model import ClaimTopic
from sciatica.render import handouts, tables
from sciatica.render.html import el, join


def causes_table(site: Site, group: str | None = None) -> Markup:
    if group is not None:
        site.one_of("causes_table", group, tables.CAUSE_GROUPS)
    rows = [c for c in site.data.causes if group is None or c.group == group]
    return tables.causes_table(rows, site.cite, site.links)


def drug_table(site: Site) -> Markup:
    return tables.drug_table(site.data.drugs, site.cite)


def drug_profiles(site: Site) -> str:
    return "\n".join(tables.drug_profile(drug, site.cite, site.links) for drug in tables.drug_rows(site.data.drugs))


def pregnancy_medicines(site: Site) -> Markup:
    return tables.pregnancy_table(site.data.drugs, site.cite, site.links)


def medicines_advised_against(site: Site, grouped: bool = False) -> Markup:
    """The medicines a guideline advises against for sciatica, each with what it says; grouped,
    one line for each thing the guideline says (shorter, for a patient page)."""
    shown = handouts.advised_against(site.data.drugs)
    sources = [
        ref for drug, _ in shown for p in drug.positions if p.stance in handouts.ADVISED_AGAINST for ref in p.refs
    ]
    listed = (handouts.advised_against_groups if grouped else handouts.advised_against_list)(
        site.data.drugs, site.links
    )
    return join([listed, el("p", "Source: ", site.cite(*dict.fromkeys(sources)), class_="sc-sources-line")])


def outcome(site: Site, outcome_id: str) -> Markup:
    return tables.outcome_sentence(site.entry("outcome", "outcomes", outcome_id), site.cite)


def outcomes_table(site: Site) -> Markup:
    return tables.outcomes_table(site.data.outcomes, site.cite)


def claims_table(site: Site, topic: str | None = None) -> Markup:
    if topic is not None:
        site.one_of("claims_table", topic, typing.get_args(ClaimTopic))
    rows = [c for c in site.data.claims if topic is None or c.topic == topic]
    return tables.claims_table(rows, site.cite, site.links)


MACROS = (
    causes_table,
    drug_table,
    drug_profiles,
    pregnancy_medicines,
    medicines_advised_against,
    outcome,
    outcomes_table,
    claims_table,
)
