"""The short emergency lists: the banner on every clinical page, the home page's box and what
to do now. Each is a chosen subset of the red flags (short_lists: in the data), in the flags'
own brief words, so no page writes a warning sign by hand and no short list can drift from the
full one."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import RedFlag, SiteData
from .html import el, join
from .tables import Cite, Links, call_buttons, escalation_text

EMERGENCY_ACTION = "Go to an emergency department now"
URGENT_ACTION = "See a doctor today"


def listed(data: SiteData, list_id: str) -> list[RedFlag]:
    """The red flags a short list carries, in its order."""
    flags = data.by_id("red_flags")
    return [flags[flag_id] for flag_id in data.by_id("short_lists")[list_id].signs]


def in_words(briefs: Sequence[str]) -> str:
    """'a; b; or c': a list read as one phrase (semicolons, since a brief may hold a comma or an 'or')."""
    return briefs[0] if len(briefs) == 1 else f"{'; '.join(briefs[:-1])}; or {briefs[-1]}"


def banner_signs(data: SiteData) -> Markup:
    """The signs the urgent-help banner names (its words around them live in the theme)."""
    return el("span", in_words([flag.brief for flag in listed(data, "banner")]), class_="sc-urgent-signs")


def need_help_box(data: SiteData, links: Links) -> Markup:
    """The home page's box: the emergency signs in brief, the action, and the numbers to call."""
    signs = in_words([flag.brief for flag in listed(data, "banner")])
    return el(
        "div",
        el(
            "p",
            el("strong", "Need help now? "),
            signs[0].upper() + signs[1:],
            " can be an emergency: go to an emergency department or call an emergency number now. ",
            el("a", "All the warning signs", href=links.page("urgent-help.md")),
        ),
        call_buttons(data.emergency_numbers),
        class_="admonition danger sc-action",
    )


def sign_items(flags: Sequence[RedFlag]) -> Markup:
    """One item per sign, with who to call where that differs from the usual."""
    return join(
        [
            el(
                "li",
                flag.brief[0].upper() + flag.brief[1:],
                ". " if flag.contact else None,
                el("strong", flag.contact) if flag.contact else None,
            )
            for flag in flags
        ]
    )


def who_to_call(data: SiteData, list_id: str, links: Links, cite: Cite) -> Markup:
    """Where to go for each sign of a short list: an emergency department now, or a doctor today."""
    flags = listed(data, list_id)
    emergency = [flag for flag in flags if flag.action == "emergency"]
    urgent = [flag for flag in flags if flag.action == "urgent"]
    refs = list(dict.fromkeys(ref for flag in flags for ref in flag.refs))
    parts = [
        el("p", el("strong", EMERGENCY_ACTION), " if you have any of these:"),
        el(
            "ul",
            sign_items(emergency),
            el("li", escalation_text(data.escalation, data.red_flags), class_="sc-escalation"),
            class_="sc-emergency-signs",
        ),
        call_buttons(data.emergency_numbers),
    ]
    if urgent:
        parts += [
            el("p", el("strong", URGENT_ACTION), " if you have any of these:"),
            el("ul", sign_items(urgent), class_="sc-same-day-signs"),
        ]
    parts.append(el("p", el("a", "All the warning signs", href=links.page("urgent-help.md", "emergency")), cite(*refs)))
    return el("div", join(parts), class_="sc-who-to-call sc-emergency", data_short_list=list_id)
