"""Is massage safe for me? The contraindications as the person who has one names it, from each
entry's `for_you` answers: a folded answer per condition for massage/is-it-safe.md (a <details>,
so it opens without JavaScript and from the keyboard), the conditions that rule massage out and
those to tell a therapist about. The warning signs that mean getting help first are the red
flags' own words, with their action, so no answer can drift from the urgent-help lists."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import SEVERITY_ORDER, Contraindication, RedFlag, SiteData
from .html import el, join
from .tables import CONTRAINDICATIONS_PAGE, Cite, Links
from .urgent import EMERGENCY_ACTION, URGENT_ACTION, in_words, sign_items

IS_IT_SAFE_PAGE = "massage/is-it-safe.md"
GROUPS = ("absolute", "relative", "local")
# The theme's colour for each fold (its words and the page's headings carry the meaning).
FOLD_TYPE: dict[str | None, str] = {"absolute": "danger", "relative": "warning", "local": "note"}
# The three questions a reader brings, in the order they ask them.
ANSWERS = (
    ("can_i", "Can I have massage?"),
    ("what_kind", "What kind of massage?"),
    ("tell", "What to tell your therapist"),
)


def anchor(entry: Contraindication) -> str:
    """The answer's address on massage/is-it-safe.md: safe-<contraindication id>."""
    return f"safe-{entry.id}"


def offered(data: SiteData, severity: str | None = None) -> list[Contraindication]:
    """The conditions with answers for the person who has them, most serious first, in the data's
    order within a severity."""
    rows = [c for c in data.contraindications if c.for_you is not None and severity in (None, c.severity)]
    return sorted(rows, key=lambda c: SEVERITY_ORDER.get(c.severity, 0))


def signs_for(entry: Contraindication, data: SiteData) -> list[RedFlag]:
    """The warning signs that mean getting help before any massage: those the entry is screened by,
    then those its answers name, each once."""
    flags = data.by_id("red_flags")
    named = entry.screened_by + (entry.for_you.signs if entry.for_you else [])
    return [flags[flag_id] for flag_id in dict.fromkeys(named)]


def sources_for(entry: Contraindication, data: SiteData) -> list[str]:
    """Every source of what a condition's answer says: the entry's, its answers' own, its signs'."""
    extra = entry.for_you.refs if entry.for_you else []
    return list(dict.fromkeys([*entry.refs, *extra, *(ref for flag in signs_for(entry, data) for ref in flag.refs)]))


def get_help_first(flags: Sequence[RedFlag], links: Links) -> Markup | None:
    """The signs grouped by where to go, as on the urgent-help lists: an emergency department now,
    or a doctor today."""
    if not flags:
        return None
    parts = []
    # Classes of their own: these are a condition's signs, not the full lists of urgent help.
    for action, words, class_ in (
        ("emergency", EMERGENCY_ACTION, "sc-for-you-emergency"),
        ("urgent", URGENT_ACTION, "sc-for-you-same-day"),
    ):
        listed = [flag for flag in flags if flag.action == action]
        if listed:
            parts += [
                el("p", el("strong", words), " if you have any of these:"),
                el("ul", sign_items(listed), class_=class_),
            ]
    parts.append(el("p", el("a", "All the warning signs", href=links.page("urgent-help.md"))))
    return el("div", el("p", el("strong", "Get help first")), join(parts), class_="sc-get-help")


def condition_answer(entry: Contraindication, data: SiteData, cite: Cite, links: Links) -> Markup:
    """One condition, folded: its name in the reader's words opens the three answers, the signs
    that mean help comes first, the sources, and the full row for therapists."""
    answers = entry.for_you
    assert answers is not None
    pairs = join([join([el("dt", question), el("dd", getattr(answers, field))]) for field, question in ANSWERS])
    more = el(
        "p",
        "Sources for this answer",
        cite(*sources_for(entry, data)),
        ". For therapists: ",
        el("a", f"the full entry ({entry.name})", href=links.page(CONTRAINDICATIONS_PAGE, f"ci-{entry.id}")),
        ".",
        class_="sc-for-you-more",
    )
    return el(
        "details",
        el("summary", answers.label),
        el(
            "div",
            el("dl", pairs, class_="sc-for-you-answers"),
            get_help_first(signs_for(entry, data), links),
            more,
            class_="sc-for-you-body",
        ),
        id=anchor(entry),
        class_=f"{FOLD_TYPE[entry.severity]} sc-for-you sc-for-you-{entry.severity}",
    )


def condition_answers(entries: Sequence[Contraindication], data: SiteData, cite: Cite, links: Links) -> Markup:
    return el("div", join([condition_answer(entry, data, cite, links) for entry in entries]), class_="sc-for-you-list")


def no_massage_list(data: SiteData, cite: Cite, links: Links) -> Markup:
    """The conditions that rule massage out, in the reader's words, each linked to its whole answer,
    then the answer; the sources follow the list, so no mark sits in the answers. A condition that
    stands for emergency signs names them, in the red flags' own words."""
    items, sources = [], []
    for entry in offered(data, "absolute"):
        sources += sources_for(entry, data)
        answers = entry.for_you
        assert answers is not None
        screened = [flag for flag in signs_for(entry, data) if flag.id in entry.screened_by]
        flags = [flag.brief for flag in screened] if screened and all(f.action == "emergency" for f in screened) else []
        items.append(
            el(
                "li",
                el("a", el("strong", answers.label), href=links.page(IS_IT_SAFE_PAGE, anchor(entry))),
                f" ({in_words(flags)})" if flags else None,
                ". ",
                answers.can_i,
            )
        )
    return join(
        [
            el("ul", join(items), class_="sc-no-massage"),
            el("p", "Sources for this list", cite(*dict.fromkeys(sources)), class_="sc-for-you-more"),
        ]
    )


def tell_list(data: SiteData, links: Links) -> Markup:
    """The conditions that change a massage rather than rule it out, each linked to its answer."""
    return el(
        "ul",
        join(
            [
                el("li", el("a", entry.for_you.label, href=links.page(IS_IT_SAFE_PAGE, anchor(entry))))
                for entry in offered(data)
                if entry.severity != "absolute" and entry.for_you
            ]
        ),
        class_="sc-tell-list",
    )
