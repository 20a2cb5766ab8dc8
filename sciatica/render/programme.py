"""Data to HTML for the figures of people: the exercise programme, the examination tests and the
outcome measures. Pure functions, escaped by construction (sciatica/render/html.py).

Every figure comes with a text alternative beside it, an ordered list generated from the same
frames as the SVG's description (poses.frame_text), and a link to the same figure as a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from ..model import Accuracy, Estimate, ExamTest, Exercise, Frame, OutcomeMeasure, Pose, SiteData
from . import poses, svg
from .html import el, join
from .tables import CERTAINTY_LABELS, Cite, Links

# The whole programme, one printable sheet, is on the depth page; the patient page shows its first exercises.
PROGRAMME_PAGE = "treatment/exercise-programme-in-depth.md"
DIAGNOSIS_PAGE = "diagnosis-in-depth.md"  # where the tests are drawn (diagnosis.md says them in plain words)


# --- figures ---------------------------------------------------------------------------------


def exercise_file(exercise: Exercise) -> str:
    return f"diagrams/exercise-{exercise.id}.svg"


def exam_file(test: ExamTest) -> str:
    return f"diagrams/exam-{test.id}.svg"


POSITIONS_FILE = "diagrams/positions.svg"
# The positions a trainer can reuse on slides: one pose for each posture the engine draws.
POSITIONS = ("standing", "sitting-chair", "crook-lying", "prone-floor", "kneeling", "hands-and-knees")


def frame_list(frames: Sequence[Frame], pose_by_id: Mapping[str, Pose]) -> Markup:
    """The figure in words: one item per numbered frame (the SVG's description says the same)."""
    return el("ol", join([el("li", poses.frame_text(frame, pose_by_id)) for frame in frames]), class_="sc-figure-text")


def figure(
    prefix: str,
    title: str,
    frames: Sequence[Frame],
    pose_by_id: Mapping[str, Pose],
    anchor: str,
    caption: str,
    file: str,
    links: Links,
) -> Markup:
    """A figure on a page: one picture per frame (side by side when there is room, one above the
    other on a phone), the frames in words beside them, and a link to the whole figure as a file."""
    pictures = el(
        "div",
        join([svg.on_page(drawing) for drawing in poses.frame_svgs(prefix, title, frames, pose_by_id)]),
        class_="sc-pose-panels",
    )
    return el(
        "figure",
        pictures,
        frame_list(frames, pose_by_id),
        el(
            "figcaption",
            caption,
            " ",
            el("a", "Download this figure (SVG)", href=links.file(file), download=file.rsplit("/", 1)[1]),
        ),
        class_=f"sc-figure sc-pose-figure sc-pose-frames-{len(frames)}",
        id=anchor,
    )


def exercise_figure(exercise: Exercise, data: SiteData, links: Links) -> Markup:
    return figure(
        f"exercise-{exercise.id}-figure",
        poses.exercise_title(exercise),
        exercise.frames,
        data.by_id("poses"),
        f"figure-exercise-{exercise.id}",
        f"{exercise.name}: start and end positions, numbered in order; the dashed outline is "
        "where you were, the arrow the way you move.",
        exercise_file(exercise),
        links,
    )


def exam_figure(test: ExamTest, data: SiteData, links: Links) -> Markup:
    return figure(
        f"exam-{test.id}-figure",
        poses.exam_title(test),
        test.frames,
        data.by_id("poses"),
        f"figure-exam-{test.id}",
        f"{test.name}: the steps in order; the dashed outline is the position before, the zig-zag "
        "line where the pain is felt.",
        exam_file(test),
        links,
    )


def positions_figure(data: SiteData, links: Links) -> Markup:
    frames = positions_frames(data)
    return figure(
        "positions-figure",
        "Positions the figures use",
        frames,
        data.by_id("poses"),
        "figure-positions",
        "Positions the figures are drawn in, for slides and handouts.",
        POSITIONS_FILE,
        links,
    )


def positions_frames(data: SiteData) -> list[Frame]:
    pose_by_id = data.by_id("poses")
    return [
        Frame(pose=pose_id, label=pose_by_id[pose_id].posture.replace("-", " ").capitalize())
        for pose_id in POSITIONS
        if pose_id in pose_by_id
    ]


# --- the exercise programme -------------------------------------------------------------------

STRENGTH_LABELS = {
    "trial": "Randomised trials",
    "review": "A systematic review of trials",
    "guideline": "Clinical guidelines",
    "patient-information": "NHS patient information only",
}


def bullet_list(items: Sequence[str]) -> Markup:
    return el("ul", join([el("li", item) for item in items]))


def exercise_section(
    exercise: Exercise, data: SiteData, cite: Cite, links: Links, evidence_page: str | None = None
) -> str:
    """One exercise: its heading (an HTML heading the table of contents lists, with a permanent
    anchor #exercise-<id>), what it is for, the figure, how to do it, how much, and when to stop.
    The evidence for it is on the same page, or on `evidence_page` when the page shows only a few."""
    evidence = links.page(evidence_page, f"evidence-{exercise.id}") if evidence_page else f"#evidence-{exercise.id}"
    heading = el("h3", exercise.name, id=f"exercise-{exercise.id}", markdown="span")
    facts = [
        ("How to do it", el("ol", join([el("li", step) for step in exercise.steps]))),
        ("How much", exercise.dose),
        ("Next step", exercise.progression),
        ("Stop and get advice if", bullet_list(exercise.stop_if)),
        ("Not for you if", bullet_list(exercise.not_for)),
    ]
    body = el(
        "div",
        el("p", exercise.aim, class_="sc-exercise-aim"),
        exercise_figure(exercise, data, links),
        el(
            "dl",
            join(
                [
                    join(
                        [
                            el("dt", term, class_=f"sc-fact-{slug(term)}"),
                            el("dd", value, class_=f"sc-fact-{slug(term)}"),
                        ]
                    )
                    for term, value in facts
                ]
            ),
            class_="sc-facts sc-exercise-facts",
        ),
        el(
            "p",
            "Sources: ",
            cite(*exercise.refs),
            " ",
            el("a", "How good is the evidence?", href=evidence),
            class_="sc-exercise-sources",
        ),
        class_="sc-exercise-body",
    )
    return f'<section class="sc-exercise" markdown="block">\n\n{heading}\n\n{body}\n\n</section>'


def slug(term: str) -> str:
    return "-".join(term.lower().split()[:2])


def exercise_programme(data: SiteData, cite: Cite, links: Links, chosen: Sequence[Exercise] = ()) -> str:
    """The whole programme, in the data's order, inside one block that prints as a sheet; or only
    the `chosen` exercises (a patient page's first steps), whose evidence is with the whole programme."""
    if chosen:
        sections = "\n\n".join(exercise_section(e, data, cite, links, PROGRAMME_PAGE) for e in chosen)
        rest = [e for e in data.exercises if e.id not in {c.id for c in chosen}]
        more = (
            el(
                "p",
                el("strong", "More exercises, with pictures, in the whole programme"),
                " (it prints on one sheet of paper): ",
                join([el("a", e.name, href=links.page(PROGRAMME_PAGE, f"exercise-{e.id}")) for e in rest], ", "),
                ".",
                class_="sc-programme-more",
            )
            if rest
            else ""
        )
        return f'<div class="sc-programme" markdown="block">\n\n{sections}\n\n</div>\n\n{more}\n'
    sections = "\n\n".join(exercise_section(e, data, cite, links) for e in data.exercises)
    return f'<div class="sc-programme sc-print-sheet" markdown="block">\n\n{sections}\n\n</div>\n'


def exercise_evidence_table(exercises: Sequence[Exercise], cite: Cite) -> Markup:
    """For students: what supports each exercise, how strong it is, and the sources."""
    head = el(
        "tr",
        join(
            [el("th", h, scope="col") for h in ("Exercise", "What the evidence says", "Strongest source", "Certainty")]
        ),
    )
    rows = [
        el(
            "tr",
            el("th", el("a", e.name, href=f"#exercise-{e.id}"), scope="row"),
            el("td", e.evidence.summary, cite(*e.evidence.refs)),
            el("td", STRENGTH_LABELS[e.evidence.strength]),
            el("td", CERTAINTY_LABELS[e.evidence.certainty]),
            id=f"evidence-{e.id}",
        )
        for e in exercises
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-exercise-evidence")


# --- examination tests ---------------------------------------------------------------------------


def exam_test_section(test: ExamTest, data: SiteData, cite: Cite, links: Links) -> str:
    heading = el("h3", test.name, id=f"exam-{test.id}", markdown="span")
    facts = [
        *([("Also called", ", ".join(test.other_names))] if test.other_names else []),
        ("What it stretches", test.roots),
        ("How it is done", join([el("ol", join([el("li", step) for step in test.procedure])), cite(*test.refs)])),
        ("Positive when", join([Markup(el("span", test.positive)), cite(*test.refs)])),
        ("In plain words", test.plain_words),
        ("How accurate", el("a", "See the accuracy table for students", href=f"#accuracy-{test.id}")),
    ]
    body = el(
        "div",
        exam_figure(test, data, links),
        el("dl", join([join([el("dt", term), el("dd", value)]) for term, value in facts]), class_="sc-facts"),
        class_="sc-exam",
    )
    return f"{heading}\n\n{body}\n"


def exam_tests(data: SiteData, cite: Cite, links: Links) -> str:
    return "\n".join(exam_test_section(test, data, cite, links) for test in data.exam_tests)


def exam_tests_plain(tests: Sequence[ExamTest], cite: Cite, links: Links) -> Markup:
    """Each test in plain words, for patients: what is done and what it shows, with a link to its
    figure on the page for students (the same words as the figure's "In plain words")."""
    items = [
        el(
            "li",
            el("strong", test.name),
            ". ",
            test.plain_words,
            cite(*test.refs),
            " ",
            el("a", "See it drawn", href=links.page(DIAGNOSIS_PAGE, f"exam-{test.id}")),
        )
        for test in tests
    ]
    return el("ul", join(items), class_="sc-exam-plain")


def proportion(value: float) -> str:
    """0.92 -> '0.92', 0.875 -> '0.88', 0.8 -> '0.80': two places throughout, so that the figures in
    one table compare at a glance (the data keeps the source's own precision for the downloads)."""
    return f"{value:.2f}"


def estimate_text(estimate: Estimate | None) -> str:
    if estimate is None:
        return "Not reported"
    if estimate.low is None or estimate.high is None:
        return proportion(estimate.value)
    return f"{proportion(estimate.value)} ({proportion(estimate.low)} to {proportion(estimate.high)})"


def sample_text(entry: Accuracy) -> str:
    parts = []
    if entry.studies:
        parts.append(f"{entry.studies} studies")
    if entry.people:
        parts.append(f"{entry.people:,} people")
    if parts:
        return ", ".join(parts)
    # A review's pooled figures, or a review that pooled nothing for this test.
    return "Pooled (see the review)" if entry.sensitivity or entry.specificity else "See the review"


def exam_tests_table(tests: Sequence[ExamTest], cite: Cite) -> Markup:
    """Every accuracy figure for every test, with its 95% confidence interval where the source gives
    one; the first row of each test has the anchor #accuracy-<id>."""
    head = el(
        "tr",
        join(
            [
                el("th", h, scope="col")
                for h in (
                    "Test",
                    "Who was studied, against what",
                    "Sensitivity (95% CI)",
                    "Specificity (95% CI)",
                    "Sample",
                )
            ]
        ),
    )
    rows = []
    for test in tests:
        for index, entry in enumerate(test.accuracy):
            name = (
                el("a", test.name, href=f"#exam-{test.id}") if index == 0 else el("span", test.name, class_="sc-repeat")
            )
            rows.append(
                el(
                    "tr",
                    el("th", name, scope="row"),
                    el("td", entry.setting, *([". ", entry.note] if entry.note else []), cite(*entry.refs)),
                    el("td", estimate_text(entry.sensitivity)),
                    el("td", estimate_text(entry.specificity)),
                    el("td", sample_text(entry)),
                    id=f"accuracy-{test.id}" if index == 0 else None,
                )
            )
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-accuracy")


# --- outcome measures ------------------------------------------------------------------------------

LICENCE_LABELS = {
    "registration-required": "Register with the distributor before use",
    "free-as-published": "Free to use in the published form",
    "unclear": "Licence unclear: ask the authors",
}


def outcome_measures_table(measures: Sequence[OutcomeMeasure], cite: Cite) -> Markup:
    head = el(
        "tr",
        join(
            [
                el("th", h, scope="col")
                for h in (
                    "Measure",
                    "What it measures",
                    "Items and scoring",
                    "Minimal important change",
                    "Licence and official source",
                )
            ]
        ),
    )
    rows = [
        el(
            "tr",
            el("th", el("abbr", m.abbreviation, title=m.name), " ", el("span", m.name), scope="row"),
            el("td", m.measures),
            el("td", m.structure, " ", m.scoring),
            el("td", m.mic),
            el(
                "td",
                el("strong", LICENCE_LABELS[m.licence_status]),
                ". ",
                m.licence,
                " ",
                el("a", "Official source", href=m.official_url),
                cite(*m.refs),
            ),
            id=f"measure-{m.id}",
        )
        for m in measures
    ]
    return el("div", el("table", el("thead", head), el("tbody", join(rows))), class_="sc-table sc-measures")


# --- downloads list (trainers page) ----------------------------------------------------------------


def figure_downloads(data: SiteData, links: Links) -> Markup:
    """Every figure of a person as a file, with the page section it belongs to."""

    def item(name: str, file: str, page: str, anchor: str) -> Markup:
        return el(
            "li",
            el("a", f"{name} (SVG)", href=links.file(file), download=file.rsplit("/", 1)[1]),
            ": shown in ",
            el("a", "its section", href=links.page(page, anchor)),
        )

    exercises = [item(e.name, exercise_file(e), PROGRAMME_PAGE, f"exercise-{e.id}") for e in data.exercises]
    tests = [item(t.name, exam_file(t), DIAGNOSIS_PAGE, f"exam-{t.id}") for t in data.exam_tests]
    return join(
        [
            el("p", el("strong", "Exercise programme")),
            el("ul", join(exercises), class_="sc-downloads"),
            el("p", el("strong", "Examination tests")),
            el("ul", join(tests), class_="sc-downloads"),
            el("p", el("strong", "Positions")),
            el(
                "ul",
                el(
                    "li",
                    el(
                        "a",
                        "Positions the figures use (SVG)",
                        href=links.file(POSITIONS_FILE),
                        download=POSITIONS_FILE.rsplit("/", 1)[1],
                    ),
                ),
                class_="sc-downloads",
            ),
        ]
    )
