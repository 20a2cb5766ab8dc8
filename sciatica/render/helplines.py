"""Help that is not an emergency number: what to do at night and at weekends, when the pain is too
much and when someone feels they cannot go on, then the numbers to call, grouped by the regions of
the emergency numbers. Every region is there without JavaScript, folded under its name and numbers;
with it, the region the reader chose for the emergency buttons opens and comes first
(docs/javascripts/site.js)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import EmergencyNumber, Helpline, HelpSituation, SiteData
from .html import el, join
from .tables import Cite

KIND_LABELS = {"advice": "Health advice", "doctor": "A doctor", "listening": "Someone to talk to"}


def tel(number: str) -> str:
    """The number as a phone dials it: 116 123 -> tel:116123."""
    return "tel:" + number.replace(" ", "")


def lines_for(helplines: Sequence[Helpline], region: str) -> list[Helpline]:
    """The lines a region's readers can use, in the data's order."""
    return [line for line in helplines if region in line.areas]


def line_item(line: Helpline, cite: Cite) -> Markup:
    """One line: a button to call it beside its name and where it serves, then who answers and when
    (where there is no single number, what to do instead comes first)."""
    button = (
        el(
            "a",
            el("span", f"Call {line.number}", class_="sc-help-number"),
            href=tel(line.number),
            class_="sc-help-button",
            aria_label=f"Call {line.number}, {line.name}, {line.where}: not an emergency number",
        )
        if line.number is not None
        else None
    )
    # The spaces between the parts (a grid, which does not show them) keep their words apart in
    # the search index ("116 123 Samaritans", not "123Samaritans").
    return el(
        "li",
        button,
        " " if button else None,
        el("span", el("strong", line.name), " ", el("span", line.where, class_="sc-help-place"), class_="sc-help-head"),
        " ",
        el(
            "span",
            el("strong", line.instead) if line.instead else None,
            " " if line.instead else None,
            line.answers,
            " ",
            line.hours,
            cite(*line.refs),
            class_="sc-help-body",
        ),
        class_=f"sc-help-line sc-help-{line.kind}" + ("" if button else " sc-help-no-number"),
    )


def region_block(number: EmergencyNumber, lines: Sequence[Helpline], cite: Cite, open_: bool) -> Markup:
    """A region's lines, folded under its name (the emergency numbers' own words for it) and the
    numbers it holds, so a folded region still shows what it offers."""
    numbers = list(dict.fromkeys(line.number for line in lines if line.number))
    return el(
        "details",
        el(
            "summary",
            el("span", number.where, class_="sc-help-where"),
            el(
                "span",
                ": ",
                join([el("span", n, class_="sc-help-nowrap") for n in numbers], ", "),
                class_="sc-help-numbers",
            )
            if numbers
            else None,
        ),
        el("ul", join([line_item(line, cite) for line in lines]), class_="sc-help-lines"),
        class_="sc-help-region",
        data_region=number.id,
        open=open_,
    )


def situation_item(situation: HelpSituation, cite: Cite) -> Markup:
    return el(
        "li",
        el("strong", situation.title, "."),
        " ",
        " ".join(situation.steps),
        cite(*situation.refs),
        id=f"help-{situation.id}",
    )


WHEN_SUMMARY = "What to do at night, at weekends, when the pain is too much, or if you feel you cannot go on"


def helplines(data: SiteData, cite: Cite, situations: bool = True, situation_cite: Cite | None = None) -> Markup:
    """The numbers for every region, then what to do when it is not an emergency (unless situations
    is False), each folded under a summary that says what it holds, so the page stays short. Opened,
    the numbers show the first region's lines, the other regions folded under their names and
    numbers; with JavaScript, a reader who has chosen a region for the emergency buttons finds the
    numbers open at their own region, first."""
    regions = [(number, lines) for number in data.emergency_numbers if (lines := lines_for(data.helplines, number.id))]
    parts = [
        el(
            "details",
            el("summary", "Numbers for where you live"),
            el(
                "div",
                join([region_block(number, lines, cite, index == 0) for index, (number, lines) in enumerate(regions)]),
                class_="sc-help-regions",
                data_sc_help=True,
            ),
            class_="sc-help-numbers-fold",
        )
    ]
    if situations and data.help_situations:
        parts.append(
            el(
                "details",
                el("summary", WHEN_SUMMARY),
                el(
                    "ul",
                    join([situation_item(s, situation_cite or cite) for s in data.help_situations]),
                    class_="sc-help-when",
                ),
                class_="sc-help-when-fold",
            )
        )
    return el("div", join(parts), class_="sc-help")
