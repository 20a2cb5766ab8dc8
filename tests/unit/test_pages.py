"""A page's front matter and template calls are checked before any engine runs: each problem is one
line naming the page (and its line), and a reader's words never become markup."""

from __future__ import annotations

from sciatica.pages import meta_problems, template_problems

GOOD = """---
title: Kneading
description: What kneading is.
audience: [patients]
reviewed: 2026-11-25
next_review: 2027-11-25
---
# Kneading
"""


def with_field(name: str, line: str) -> str:
    return "\n".join(line if row.startswith(f"{name}:") else row for row in GOOD.splitlines()) + "\n"


def test_a_good_page_has_no_problems():
    assert meta_problems(GOOD, "docs/k.md") == []


def test_an_audience_outside_the_three_readers_is_refused():
    problems = meta_problems(with_field("audience", 'audience: ["<b onmouseover=x>patients</b>"]'), "docs/k.md")
    assert len(problems) == 1 and problems[0].startswith("docs/k.md: front matter: audience.0: ")


def test_review_dates_in_order_and_known_fields_only():
    assert meta_problems(with_field("next_review", "next_review: 2026-01-01"), "docs/k.md") == [
        "docs/k.md: front matter: next_review (2026-01-01) must come after reviewed (2026-11-25)"
    ]
    assert meta_problems(GOOD.replace("title:", "summary_line: x\ntitle:"), "docs/k.md") == [
        "docs/k.md: front matter: summary_line: not a front-matter field this site knows (check its spelling)"
    ]


def test_front_matter_that_is_not_yaml_names_its_line():
    problems = meta_problems(GOOD.replace("audience: [patients]", "audience: [patients"), "docs/k.md")
    assert len(problems) == 1 and problems[0].startswith("docs/k.md")
    assert "front matter" in problems[0]


def test_template_problems_name_the_line_in_the_file():
    body = "# Title\n\nText.\n\n{{ referencez() }}\n"
    assert template_problems(body, 7, "docs/k.md", {"references"}) == [
        "docs/k.md:12: referencez() is not a macro (did you mean references?)"
    ]
    assert template_problems("{% if x %}\n", 7, "docs/k.md", set())[0].startswith("docs/k.md:")
