"""Data to HTML fragments: tables, lists, citations. Pure functions, escaped by construction.

Functions that link to other pages take ``links`` (a ``Links``: the relative path from the page
to the site root, and the URL style), because MkDocs does not rewrite links in raw HTML.
Citations are passed in as a callable so a table can cite its sources on the page's list.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import (
    SEVERITY_ORDER,
    BodyPoint,
    Cause,
    Claim,
    Contraindication,
    Drug,
    EmergencyNumber,
    Escalation,
    FirstStep,
    GlossaryTerm,
    Outcome,
    Position,
    RedFlag,
    Reference,
    Region,
    RootLevel,
    SiteData,
    Step,
    Technique,
)
from ..pages import page_url
from .html import el, escape_text, join
from .techniques import step_sentence

Cite = Callable[..., Markup]

# The master table of contraindications (its rows are #ci-<id>): on the page for students and
# therapists beside the patient page "When not to have massage".
CONTRAINDICATIONS_PAGE = "massage/contraindications-in-depth.md"
# Each medicine's profile (#drug-<id>) is on the medicines depth page, beside the comparison table.
DRUGS_PAGE = "treatment/drugs-in-depth.md"


@dataclass(frozen=True)
class Links:
    """Links from one page to others, in raw HTML. Written relative to the page's URL (the engine
    leaves raw HTML as it is), or, with source_dir, relative to the page's Markdown file with .md
    targets (for an engine that rewrites every relative link as Markdown links are rewritten)."""

    root: str = ""  # from the page to the site root, such as "../../"
    directory_urls: bool = True  # False in the offline copy, where pages end in .html
    source_dir: str | None = None

    @classmethod
    def from_source(cls, source: str, directory_urls: bool = True) -> Links:
        return cls("", directory_urls, posixpath.dirname(source))

    def page(self, source: str, anchor: str | None = None) -> str:
        fragment = f"#{anchor}" if anchor else ""
        if self.source_dir is not None:
            return posixpath.relpath(source, self.source_dir or ".") + fragment
        return self.root + page_url(source, self.directory_urls) + fragment

    def file(self, path: str) -> str:
        """A file published as it is, such as diagrams/kneading.svg."""
        if self.source_dir is not None:
            return posixpath.relpath(path, self.source_dir or ".")
        return self.root + path


SEVERITY_LABELS: dict[str | None, str] = {
    "absolute": "Absolute: do not massage",
    "relative": "Relative: only with care or medical advice",
    "local": "Local: avoid the affected area",
}


# --- the one phrase data text may link ---------------------------------------------------------

SOURCE_ARTICLE = re.compile(r"\b(the source article|source article)\b", re.IGNORECASE)


def with_source_article_link(text: str, links: Links | None) -> Markup:
    """Data text, escaped, with each mention of "the source article" linked to the About page that
    explains it. The phrase is fixed here; nothing in the data chooses markup or a target."""
    if links is None:
        return escape_text(text)
    parts, last = [], 0
    for match in SOURCE_ARTICLE.finditer(text):
        parts += [
            escape_text(text[last : match.start()]),
            el("a", match.group(0), href=links.page("about.md", "source-article")),
        ]
        last = match.end()
    return join([*parts, escape_text(text[last:])])


# --- citations and references --------------------------------------------------------------


def citation_marks(ids: Sequence[str], numbers: dict[str, int]) -> Markup:
    """Numbered links to the page's reference list, such as [1, 3]. Each link's name is "Reference
    n" (aria-label), not a title: Material mounts a tooltip on every titled element as the page
    loads, and the practice page's 700 citations cost a phone more than a second."""
    links = [el("a", str(numbers[ref]), href=f"#ref-{ref}", aria_label=f"Reference {numbers[ref]}") for ref in ids]
    return el("sup", "[", join(links, ", "), "]", class_="sc-cite")


def reference_link(reference: Reference) -> Markup | None:
    """The way to the original: its DOI, else its PubMed record, else the publisher's page."""
    if reference.doi:
        return el("a", f"doi:{reference.doi}", href=f"https://doi.org/{reference.doi}")
    if reference.pmid:
        return el("a", f"PubMed {reference.pmid}", href=f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/")
    return el("a", reference.url, href=reference.url) if reference.url else None


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def reference_date(reference: Reference) -> str:
    """ "2016, updated 2020"; an undated source as "n.d. (accessed 6 December 2026)"."""
    text = str(reference.year) if reference.year else "n.d."
    if reference.updated:
        text += f", updated {reference.updated}"
    if reference.undated and reference.accessed:
        day = reference.accessed
        text += f" (accessed {day.day} {MONTH_NAMES[day.month - 1]} {day.year})"
    return text


def reference_text(reference: Reference) -> Markup:
    """One bibliography entry: authors (people or an organisation). Title. In: book. Container; year
    (updated). ISBN. Link."""
    link = reference_link(reference)
    names = reference.authors or reference.organisation
    authors = (
        None if names is None else el("span", names if names.endswith(".") else f"{names}.", class_="sc-ref-authors")
    )
    title_end = "" if reference.title.rstrip()[-1:] in ".?!" else "."
    book = None
    if reference.book_title:
        book_end = "" if reference.book_title.rstrip()[-1:] in ".?!" else "."
        book = Markup(f"In: {el('cite', reference.book_title)}{book_end}")
    isbn = Markup(f"{escape_text('ISBN ' + reference.isbn)}.") if reference.isbn else None
    return join(
        [
            *([authors] if authors else []),
            Markup(f"{el('cite', reference.title)}{title_end}"),
            *([book] if book else []),
            Markup(f"{el('span', reference.container)}; {reference_date(reference).removesuffix('.')}."),
            *([isbn] if isbn else []),
            *([link] if link else []),
        ],
        " ",
    )


GUIDANCE_KINDS = {"guideline", "regulatory"}


def guideline_refs(ref_ids: Sequence[str], references: Mapping[str, Reference]) -> list[str]:
    """The guidelines and regulators' notices among a statement's sources."""
    return [ref for ref in ref_ids if references[ref].kind in GUIDANCE_KINDS]


def reference_list(references: Iterable[Reference], links: Links | None = None) -> Markup:
    """The ordered list at the foot of a page; item ids are what the citation marks link to.
    With links, each entry also leads to the references page, which lists every page citing it."""

    def more(ref: Reference) -> Markup | None:
        if links is None:
            return None
        return join(
            [
                Markup(" "),
                el(
                    "a",
                    "Other pages citing this",
                    href=links.page("references.md", f"ref-{ref.id}"),
                    class_="sc-ref-more",
                ),
            ]
        )

    return el(
        "ol",
        join([el("li", reference_text(ref), more(ref), id=f"ref-{ref.id}") for ref in references]),
        class_="sc-references",
    )


KIND_HEADINGS = {
    "guideline": "Clinical guidelines",
    "systematic-review": "Systematic reviews",
    "review": "Narrative reviews",
    "reference-text": "Reference texts",
    "trial": "Randomised trials",
    "cohort-study": "Cohort and observational studies",
    "anatomical-study": "Anatomical studies",
    "case-report": "Case reports",
    "conference-abstract": "Conference abstracts",
    "book": "Books",
    "web-page": "Web pages",
    "news": "News and professional press",
    "regulatory": "Regulatory decisions",
    "patient-information": "Patient information",
}


def bibliography(references: Sequence[Reference]) -> str:
    """Every reference, grouped by kind under Markdown headings (so the page's table of contents
    lists them). Each entry ends in an empty "cited on" slot that the post-build pass fills once
    every page has been rendered and its citations are known."""
    sections = []
    for kind, heading in KIND_HEADINGS.items():
        group = sorted(
            (r for r in references if r.kind == kind),
            key=lambda r: (r.authors or r.organisation or r.title, r.year or 0),
        )
        if not group:
            continue
        items = [el("li", reference_text(ref), cited_on_slot(ref.id), id=f"ref-{ref.id}") for ref in group]
        sections.append(f"## {heading} {{ #kind-{kind} }}\n\n{el('ul', join(items), class_='sc-references')}\n")
    return "\n".join(sections)


def root_for(page_url: str) -> str:
    """Relative path from a page's URL to the site root: "" for the home page, "../" one level down."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)  # "a/" or "a/b.html"
    return "../" * len([part for part in folder.split("/") if part])


def cited_on_slot(ref_id: str) -> Markup:
    return el("span", "", class_="sc-cited-on", data_ref=ref_id)


# --- contraindications ----------------------------------------------------------------------


def contraindications_for(
    data: SiteData, technique_id: str | None = None, kind: str = "contraindication"
) -> list[Contraindication]:
    """All contraindications (or hazards), or those that apply to one technique, most serious first."""
    rows = [
        c
        for c in data.contraindications
        if c.kind == kind and (technique_id is None or "all" in c.applies_to or technique_id in c.applies_to)
    ]
    return sorted(rows, key=lambda c: (SEVERITY_ORDER.get(c.severity, 0), c.name.lower()))


HAZARD_LABEL = "Hazard of the method: never do this"


def severity_badge(row: Contraindication) -> Markup:
    # The words carry the meaning; the colour only repeats it.
    if row.kind == "hazard":
        return el("span", HAZARD_LABEL, class_="sc-severity sc-severity-hazard")
    return el("span", SEVERITY_LABELS[row.severity], class_=f"sc-severity sc-severity-{row.severity}")


def applies_to_text(row: Contraindication, techniques: Mapping[str, Technique], links: Links) -> Markup:
    if "all" in row.applies_to:
        return Markup("All massage")
    return join([el("a", techniques[t].name, href=links.page(f"massage/{t}.md")) for t in row.applies_to], ", ")


def contraindication_rows_table(
    rows: Sequence[Contraindication],
    data: SiteData,
    cite: Cite,
    links: Links,
    master: bool,
    first_column: str,
    badge_column: str,
) -> Markup:
    techniques = data.by_id("techniques")
    head = [first_column, badge_column, *(["Applies to"] if master else []), "Why", "What to do instead"]
    body = []
    for row in rows:
        anchor = f"ci-{row.id}"
        name = (
            el("a", row.name, href=f"#{anchor}", class_="sc-row-link", title="Link to this row")
            if master
            else el("a", row.name, href=links.page(CONTRAINDICATIONS_PAGE, anchor))
        )
        cells = [
            el("th", name, scope="row"),
            el("td", severity_badge(row)),
            *([el("td", applies_to_text(row, techniques, links))] if master else []),
            el("td", row.why, cite(*row.refs)),
            el("td", row.instead),
        ]
        body.append(
            el(
                "tr",
                join(cells),
                id=anchor,
                class_=f"sc-row-{row.severity or row.kind}",
                data_severity=row.severity or row.kind,
                data_applies=" ".join(row.applies_to),
            )
        )
    table = el("table", el("thead", el("tr", join([el("th", h, scope="col") for h in head]))), el("tbody", join(body)))
    # No class on the table itself: Material styles and scroll-wraps only unclassed tables.
    return el("div", table, class_=f"sc-table sc-contraindications sc-kind-{rows[0].kind}" if rows else "sc-table")


def contraindication_table(
    rows: Sequence[Contraindication], data: SiteData, cite: Cite, links: Links, technique_id: str | None = None
) -> Markup:
    """The master table (technique_id None: with an 'applies to' column and row anchors) or one
    technique's rows, each linking to its row in the master table. Hazards of a method (never
    done, whoever the client is) follow in a table of their own."""
    master = technique_id is None
    tables = [contraindication_rows_table(rows, data, cite, links, master, "Condition", "Severity")]
    hazards = contraindications_for(data, technique_id, "hazard")
    if hazards:
        tables.append(
            el(
                "p",
                el("strong", "Hazards of the method itself"),
                " (never do these, whatever the person's health):",
                class_="sc-hazards-intro",
            )
        )
        tables.append(contraindication_rows_table(hazards, data, cite, links, master, "Hazard", "Kind"))
    return join(tables)


# --- techniques -----------------------------------------------------------------------------


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def point_sources(step: Step, points: Mapping[str, BodyPoint], cite: Cite | None) -> Markup | None:
    """Citations for where the step's points lie, so each location is sourced where it is stated."""
    refs = list(dict.fromkeys(ref for point_id in step.points for ref in points[point_id].refs))
    return cite(*refs) if cite and refs else None


def step_link(anchor: str) -> Markup:
    """A permanent link to one step, shown like Material's heading links, for trainers to copy."""
    return el(
        "a", "¶", href=f"#{anchor}", class_="headerlink", title="Link to this step", aria_label="Link to this step"
    )


def technique_steps(
    technique: Technique,
    regions: Mapping[str, Region],
    points: Mapping[str, BodyPoint],
    cite: Cite | None = None,
    links: Links | None = None,
) -> Markup:
    """The diagram's text alternative: the same steps, in order, with their details."""
    items = [
        el(
            "li",
            el("strong", sentence_case(step_sentence(i, step, regions, points).split(": ", 1)[1])),
            " ",
            with_source_article_link(step.detail, links),
            point_sources(step, points, cite),
            " ",
            step_link(f"{technique.id}-step-{i}"),
            id=f"{technique.id}-step-{i}",
        )
        for i, step in enumerate(technique.steps, 1)
    ]
    return el("ol", join(items), class_="sc-steps")


def technique_summary(technique: Technique, cite: Cite, links: Links | None = None) -> Markup:
    """Key facts as a definition list: other names, purpose, position, course, evidence."""
    rows = [
        ("Other names", with_source_article_link(", ".join(technique.other_names) or "None in common use", links)),
        ("Purpose", with_source_article_link(technique.purpose, links)),
        ("Position", with_source_article_link(technique.position, links)),
        ("Course in practice", with_source_article_link(technique.course.practice, links)),
        ("Course in trials", technique.course.trials),
        ("Certainty of evidence", CERTAINTY_LABELS[technique.evidence.certainty]),
    ]
    return el("dl", join([join([el("dt", term), el("dd", value)]) for term, value in rows]), class_="sc-facts")


CERTAINTY_LABELS = {
    "high": "High",
    "moderate": "Moderate",
    "low": "Low",
    "very-low": "Very low",
    "no-evidence": "No trial evidence",
}


# --- glossary, red flags ----------------------------------------------------------------------


def glossary_list(terms: Sequence[GlossaryTerm], cite: Cite) -> Markup:
    items = []
    for term in sorted(terms, key=lambda t: t.term.lower()):
        title = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
        items.append(
            join(
                [
                    el("dt", title, id=f"term-{term.id}"),
                    el("dd", term.definition, cite(*term.refs) if term.refs else None),
                ]
            )
        )
    return el("dl", join(items), class_="sc-glossary")


ACTION_LABELS = {
    "emergency": "Emergency: go to an emergency department now, or call an ambulance",
    "urgent": "Urgent: get medical advice today",
}


def escalation_text(rule: Escalation, flags: Sequence[RedFlag]) -> Markup:
    """The one rule that turns a same-day sign into an emergency, in plain words."""
    named = {flag.id: flag for flag in flags}
    contexts = [named[flag_id].short or flag_id for flag_id in rule.contexts]
    listed = "; ".join(contexts[:-1]) + f"; or {contexts[-1]}" if len(contexts) > 1 else contexts[0]
    return join(
        [
            el("strong", "Any of these: "),
            f"{listed}, ",
            el("strong", "together with "),
            f"{rule.deficit}, means an emergency department now.",
        ]
    )


def red_flag_table(flags: Sequence[RedFlag], rule: Escalation, cite: Cite) -> Markup:
    head = el(
        "tr",
        join(
            [el("th", h, scope="col") for h in ("Warning sign", "In clinical terms", "What it can mean", "What to do")]
        ),
    )
    rows = [
        el(
            "tr",
            el("th", flag.sign, scope="row"),
            el("td", flag.clinical),
            el("td", flag.suggests, cite(*flag.refs)),
            el(
                "td",
                el("strong", ACTION_LABELS[flag.action]),
                " " if flag.contact else None,
                flag.contact,
                class_=f"sc-action-{flag.action}",
            ),
            id=f"flag-{flag.id}",
        )
        for flag in flags
    ]
    contexts = ", ".join(f.short or f.id for f in flags if f.id in rule.contexts)
    rows.append(
        el(
            "tr",
            el("th", "Any same-day context above together with a new loss of nerve function", scope="row"),
            el("td", f"{contexts}, with {rule.clinical}"),
            el("td", "A serious cause that is already harming the nerves", cite(*rule.refs)),
            el("td", el("strong", ACTION_LABELS["emergency"]), class_="sc-action-emergency"),
            id="flag-escalation",
        )
    )
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-red-flags")


def sign_words(flag: RedFlag, brief: bool = False) -> str:
    """A sign in full, or in its brief words as a sentence (a page whose room is short)."""
    return flag.brief[0].upper() + flag.brief[1:] + "." if brief else flag.sign


def sign_list(flags: Iterable[RedFlag], class_: str, extra: Markup | None = None, brief: bool = False) -> Markup:
    """Warning signs in plain words, as a list (with who to call, where that differs)."""
    items = [el("li", sign_words(flag, brief), " " if flag.contact else None, flag.contact) for flag in flags]
    if extra is not None:
        items.append(el("li", extra, class_="sc-escalation"))
    return el("ul", join(items), class_=class_)


def same_day_list(flags: Sequence[RedFlag], rule: Escalation, brief: bool = False) -> Markup:
    """The signs that need a doctor today, and the rule that makes them an emergency; brief gives
    each sign in its brief words (every sign still, for a page whose room is short)."""
    return join(
        [
            sign_list((f for f in flags if f.action == "urgent"), "sc-same-day-signs", brief=brief),
            el("p", escalation_text(rule, flags), class_="sc-escalation"),
        ]
    )


def emergency_list(flags: Sequence[RedFlag], rule: Escalation, brief: bool = False) -> Markup:
    """Every emergency sign (cauda equina syndrome first) and the escalation rule, as one list."""
    ordered = [f for f in flags if f.cauda_equina] + [
        f for f in flags if f.action == "emergency" and not f.cauda_equina
    ]
    return sign_list(ordered, "sc-emergency-signs", escalation_text(rule, flags), brief)


def emergency_numbers(numbers: Sequence[EmergencyNumber]) -> Markup:
    """'999 (UK), 112 (European Union) or ...', each number a link a phone can call."""
    calls = [
        join([el("a", n.number, href=f"tel:{n.number}"), Markup(" "), el("span", f"({n.where})")]) for n in numbers
    ]
    return join([join(calls[:-1], ", "), calls[-1]], " or ") if len(calls) > 1 else join(calls)


def call_buttons(numbers: Sequence[EmergencyNumber]) -> Markup:
    """Big tap-to-call buttons, one per emergency number. Every number shows without JavaScript;
    with it, a choice of region (kept in the browser only) puts the reader's own number first."""
    # Phrasing content only (spans with list roles), so the buttons can sit in a paragraph, which
    # is what Markdown makes of them inside an admonition.
    buttons = [
        el(
            "span",
            el(
                "a",
                el("span", f"Call {n.number}", class_="sc-call-number"),
                " ",
                el("span", n.where, class_="sc-call-where"),
                href=f"tel:{n.number}",
                class_="sc-call-button",
                aria_label=f"Call {n.number} {n.where}: emergency number",
            ),
            " ",
            role="listitem",
            data_region=n.id,
        )
        for n in numbers
    ]
    return el(
        "span", el("span", join(buttons), class_="sc-call-list", role="list"), class_="sc-call", data_sc_call=True
    )


def contraindication_filter(techniques: Sequence[Technique]) -> Markup:
    """A form to filter the contraindications table by technique and severity. It is hidden in the
    HTML and shown by docs/javascripts/site.js, so without JavaScript every row simply shows."""
    technique_options = [
        el("option", "All techniques", value=""),
        *(el("option", t.name, value=t.id) for t in techniques),
    ]
    severity_options = [
        el("option", "All kinds", value=""),
        *(el("option", label, value=value) for value, label in SEVERITY_FILTER),
    ]
    return el(
        "form",
        el("label", "Technique", el("select", join(technique_options), name="technique")),
        el("label", "Kind", el("select", join(severity_options), name="severity")),
        el("output", aria_live="polite"),
        class_="sc-filter",
        data_sc_filter=True,
        hidden=True,
        aria_label="Filter the table",
        data_search_exclude=True,
    )


SEVERITY_FILTER = [
    ("absolute", "Absolute: do not massage"),
    ("relative", "Relative: only with care"),
    ("local", "Local: not over the area"),
    ("hazard", "Hazards of the method"),
]


def first_steps_list(steps: Sequence[FirstStep], cite: Cite, links: Links) -> Markup:
    """The few things that help most people straight away, each leading to the page that explains it."""
    items = [
        el(
            "li",
            el("strong", el("a", step.action, href=links.page(*split_page(step.page)))),
            ". ",
            step.detail,
            cite(*step.refs),
            id=f"step-{step.id}",
        )
        for step in steps
    ]
    return el("ol", join(items), class_="sc-first-steps")


def split_page(page: str) -> tuple[str, str | None]:
    path, _, anchor = page.partition("#")
    return path, anchor or None


def emergency_box(
    flags: Sequence[RedFlag], rule: Escalation, numbers: Sequence[EmergencyNumber], links: Links, brief: bool = False
) -> Markup:
    """The emergency signs with the action, for every page that sends readers to urgent help:
    the action and the signs always travel together. Brief gives every sign in its brief words."""
    return el(
        "div",
        el("p", "Go to an emergency department now", class_="admonition-title"),
        el("p", "Go to the nearest emergency department now, or call an emergency number, if you have any of these:"),
        emergency_list(flags, rule, brief),
        call_buttons(numbers),
        el("p", el("a", "All warning signs and what to do", href=links.page("urgent-help.md", "emergency"))),
        class_="admonition danger sc-emergency",
    )


# Table and profiles list what may help first and what must not be used last.
POSITION_ORDER = ["consider", "no-recommendation", "not-covered", "not-recommended", "do-not-offer", "withdrawn"]


def drug_rows(drugs: Sequence[Drug]) -> list[Drug]:
    return sorted(
        drugs, key=lambda d: (POSITION_ORDER.index(d.positions[0].stance), d.drug_class.lower(), d.generic.lower())
    )


# --- clinical tables ------------------------------------------------------------------------


def root_level_table(levels: Sequence[RootLevel], cite: Cite) -> Markup:
    head = el(
        "tr", join([el("th", h, scope="col") for h in ("Nerve root", "Pain and sensory change", "Weakness", "Reflex")])
    )
    rows = [
        el(
            "tr",
            el("th", level.root, scope="row"),
            el("td", level.pain),
            el("td", level.weakness),
            el("td", level.reflex, cite(*level.refs)),
            id=f"root-{level.id}",
        )
        for level in levels
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-root-levels")


CAUSE_GROUPS = {
    "spinal": "In the spine",
    "outside-the-spine": "Outside the spine",
    "serious": "Rare serious causes",
    "pregnancy": "In pregnancy",
}


def causes_table(causes: Sequence[Cause], cite: Cite, links: Links) -> Markup:
    head = el(
        "tr", join([el("th", h, scope="col") for h in ("Cause", "Where", "How common", "What it means for massage")])
    )
    rows = []
    for cause in causes:
        name = el("a", cause.name, href=links.page(cause.page)) if cause.page else cause.name
        rows.append(
            el(
                "tr",
                el("th", name, scope="row"),
                el("td", CAUSE_GROUPS[cause.group]),
                el("td", cause.how_common, cite(*cause.refs)),
                el("td", cause.massage),
                id=f"cause-{cause.id}",
            )
        )
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-causes")


# --- drugs ------------------------------------------------------------------------------------

STANCE_LABELS = {
    "consider": "consider",
    "no-recommendation": "no recommendation",
    "not-covered": "not covered",
    "not-recommended": "not recommended",
    "do-not-offer": "do not offer",
    "withdrawn": "withdrawn",
}
CONDITION_LABELS = {
    "sciatica": "sciatica",
    "acute-sciatica": "acute sciatica",
    "acute-severe-sciatica": "acute and severe sciatica",
    "chronic-sciatica": "chronic sciatica (over 3 months)",
    "low-back-pain": "low back pain",
}


def position_label(position: Position) -> str:
    """Exactly what the guideline says, in a few words: 'NICE NG59: do not offer for chronic sciatica'."""
    if position.stance == "withdrawn":
        return f"Withdrawn by {position.by}"
    qualifier = f" {position.qualifier}" if position.qualifier else ""
    return f"{position.by}: {STANCE_LABELS[position.stance]}{qualifier} for {CONDITION_LABELS[position.condition]}"


def position_badges(drug: Drug) -> Markup:
    return join([el("span", position_label(p), class_=f"sc-badge sc-stance-{p.stance}") for p in drug.positions], " ")


def availability_notice(drug: Drug) -> Markup | None:
    """The withdrawal notice that must accompany a withdrawn drug wherever it is shown."""
    a = drug.availability
    if a.status != "withdrawn":
        return None
    return el("strong", f"Withdrawn in {a.year}: {a.reason}", class_="sc-withdrawn")


def drug_name(drug: Drug) -> Markup:
    brands = f" (brand named in the source article: {', '.join(drug.brands)})" if drug.brands else ""
    return join([el("span", drug.generic, class_="sc-generic"), Markup(el("span", brands))])


def drug_table(drugs: Sequence[Drug], cite: Cite) -> Markup:
    """The comparison table: class, guideline positions, certainty, main harms, pregnancy."""
    head = el(
        "tr",
        join(
            [
                el("th", h, scope="col")
                for h in (
                    "Medicine",
                    "Class",
                    "What guidelines say",
                    "Certainty of evidence",
                    "Main harms",
                    "Pregnancy and breastfeeding",
                )
            ]
        ),
    )
    rows = [
        el(
            "tr",
            el("th", el("a", drug_name(drug), href=f"#drug-{drug.id}"), " ", availability_notice(drug), scope="row"),
            el("td", drug.drug_class),
            el("td", position_badges(drug)),
            el("td", CERTAINTY_LABELS[drug.certainty]),
            el("td", "; ".join(drug.harms), cite(*drug.refs)),
            el(
                "td",
                el("strong", "Pregnancy: "),
                drug.pregnancy.advice,
                cite(*drug.pregnancy.refs),
                " ",
                el("strong", "Breastfeeding: "),
                drug.breastfeeding.advice,
                cite(*drug.breastfeeding.refs),
            ),
            class_=f"sc-position-{drug.positions[0].stance}",
        )
        for drug in drug_rows(drugs)
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-drugs")


def caution_list(drug: Drug, cite: Cite) -> Markup:
    """Interactions and cautions, each with its own anchor for links from other pages."""
    return el(
        "ul",
        join(
            [
                el("li", caution.caution, cite(*caution.refs), id=f"drug-{drug.id}-{caution.id}")
                for caution in drug.cautions
            ]
        ),
        class_="sc-cautions",
    )


def drug_profile(drug: Drug, cite: Cite, links: Links | None = None) -> str:
    """A drug's section: its heading (an HTML heading that Markdown's table of contents still
    lists and gives a permanent link, because md_in_html parses it) and its facts. The name is
    data, so it is escaped like all other text, never written as a Markdown heading."""
    notice = availability_notice(drug)
    facts = [
        ("Class", drug.drug_class),
        ("Brand names in the source article", ", ".join(drug.brands) or "none named"),
        ("What it does", with_source_article_link(drug.action, links)),
        ("What guidelines say", drug.guideline),
        ("Position", position_badges(drug)),
        ("Certainty of evidence", CERTAINTY_LABELS[drug.certainty]),
        ("Main harms and who should avoid it", "; ".join(drug.harms)),
        *([("Interactions and cautions", caution_list(drug, cite))] if drug.cautions else []),
        ("In pregnancy", join([Markup(escape_text(drug.pregnancy.advice)), cite(*drug.pregnancy.refs)])),
        ("When breastfeeding", join([Markup(escape_text(drug.breastfeeding.advice)), cite(*drug.breastfeeding.refs)])),
        *([("Licensed limit", drug.safety_limit)] if drug.safety_limit else []),
        ("Availability", notice or drug.availability.status.replace("-", " ").capitalize()),
    ]
    # A withdrawn drug's heading says so too: the table of contents, and a link left where the
    # section once was, quote the heading alone.
    name = f"{drug.generic} (withdrawn in {drug.availability.year})" if notice else drug.generic
    heading = el("h3", name, id=f"drug-{drug.id}", markdown="span")
    body = el(
        "div",
        el("p", notice, class_="sc-withdrawn-banner") if notice else None,
        el("dl", join([join([el("dt", k), el("dd", v)]) for k, v in facts]), class_="sc-facts"),
        el("p", "Sources: ", cite(*drug.refs)),
        class_="sc-drug",
    )
    return f"{heading}\n\n{body}\n"


def pregnancy_table(drugs: Sequence[Drug], cite: Cite, links: Links) -> Markup:
    """Each medicine in pregnancy and when breastfeeding (withdrawn ones left out)."""
    head = el("tr", join([el("th", h, scope="col") for h in ("Medicine", "In pregnancy", "When breastfeeding")]))
    rows = [
        el(
            "tr",
            el("th", el("a", drug.generic, href=links.page(DRUGS_PAGE, f"drug-{drug.id}")), scope="row"),
            el("td", drug.pregnancy.advice, cite(*drug.pregnancy.refs)),
            el("td", drug.breastfeeding.advice, cite(*drug.breastfeeding.refs)),
            id=f"pregnancy-{drug.id}",
        )
        for drug in drug_rows(drugs)
        if drug.availability.status != "withdrawn"
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-pregnancy")


# --- outcomes ------------------------------------------------------------------------------------


def outcome_sentence(outcome: Outcome, cite: Cite) -> Markup:
    return join([Markup(escape_text(outcome.figure)), cite(*outcome.refs)])


def outcomes_table(outcomes: Sequence[Outcome], cite: Cite) -> Markup:
    """Every outcome figure with what exactly was measured, for students."""
    head = el("tr", join([el("th", h, scope="col") for h in ("Figure", "What was measured, in whom, when")]))
    rows = [
        el(
            "tr",
            el("th", outcome.figure, scope="row"),
            el("td", outcome.measured, cite(*outcome.refs)),
            id=f"outcome-{outcome.id}",
        )
        for outcome in outcomes
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-outcomes")


# --- the source article's claims ---------------------------------------------------------------

VERDICT_LABELS = {
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "not-supported": "Not supported",
    "outdated": "Outdated",
    "unsafe": "Unsafe",
}


def claims_table(claims: Sequence[Claim], cite: Cite, links: Links) -> Markup:
    head = el("tr", join([el("th", h, scope="col") for h in ("The source article says", "Verdict", "Why")]))
    rows = []
    for claim in claims:
        more = None
        if claim.page:
            path, _, anchor = claim.page.partition("#")
            more = el("a", "More", href=links.page(path, anchor or None))
        rows.append(
            el(
                "tr",
                el("th", claim.claim, scope="row"),
                el("td", el("strong", VERDICT_LABELS[claim.verdict]), class_=f"sc-verdict-{claim.verdict}"),
                el("td", claim.explanation, cite(*claim.refs), " " if more else None, more),
                id=f"claim-{claim.id}",
            )
        )
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-claims")
