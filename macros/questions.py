"""Questions and cases: each page's self-check, the practice page and the case studies."""

from __future__ import annotations

from markupsafe import Markup

from macros.context import Site
from sciatica import question_exports, quizbank
from sciatica.pipeline import DATA_FILE
from sciatica.render import quiz


def self_check(site: Site, *ids: str) -> Markup:
    """The page's questions under its 'Check your understanding' heading: those whose `page`
    is this page, or the questions named."""
    if ids:
        chosen = [site.entry("self_check", "questions", question_id) for question_id in ids]
    else:
        chosen = [q for q in site.data.questions if q.page == site.page_path]
        if not chosen:
            site.fail(f"self_check(): no question in {DATA_FILE} has page: {site.page_path}")
    return quiz.self_check([quizbank.question_item(q) for q in chosen], site.cite, site.links)


def quiz_question(site: Site, question_id: str) -> Markup:
    return quiz.question_form(
        quizbank.question_item(site.entry("quiz_question", "questions", question_id)), site.cite, site.links
    )


def practice(site: Site, topic: str | None = None) -> str | Markup:
    """One topic's page (its review schedule, score and questions), or, with no topic, the index
    of every topic with its page, score and questions."""
    grouped = {t: [quizbank.question_item(q) for q in qs] for t, qs in quizbank.by_topic(site.data.questions).items()}
    if topic is not None:
        site.one_of("practice", topic, quizbank.TOPIC_LABELS)
        return quiz.practice_page(topic, grouped[topic], site.cite, site.links)
    return quiz.practice_index(grouped, quizbank.PRACTICE_PAGES, site.page_path, site.links)


def case_study(site: Site, case_id: str, number: int = 1) -> str:
    found = site.entry("case_study", "cases", case_id)
    return quiz.case_study(
        number,
        found.id,
        found.title,
        found.vignette,
        quizbank.case_stages(found, site.data),
        site.cite,
        site.links,
        found.refs,
    )


def cases(site: Site) -> str:
    return "\n".join(case_study(site, case.id, number) for number, case in enumerate(site.data.cases, start=1))


def question_bank_files(site: Site) -> Markup:
    """The question-bank downloads (Moodle XML and GIFT), listed from what the build writes."""
    return quiz.bank_table(question_exports.listing(site.data), site.links)


MACROS = (self_check, quiz_question, practice, case_study, cases, question_bank_files)
