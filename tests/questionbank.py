"""Readers for the question-bank files, written from the formats' rules, for the tests.

The GIFT reader follows what Moodle's importer does (question/format/gift/format.php): questions
are separated by blank lines; lines starting with // are comments; \\: \\# \\= \\{ \\} \\~ \\n and
\\\\ are escapes, replaced before parsing and restored after; $CATEGORY: sets the category;
::name:: names a question; the answers sit between the first { and the first }; #### starts the
general feedback; = marks the right answer (and makes the question single-answer), ~ a wrong one,
~%w% an answer worth w percent; # starts an answer's feedback; a leading [html] sets the format.
The Moodle XML reader uses lxml and returns what each question element holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

ESCAPES = {"\\:": "\x01", "\\#": "\x02", "\\=": "\x03", "\\{": "\x04", "\\}": "\x05", "\\~": "\x06", "\\n": "\x07"}
RESTORE = {"\x01": ":", "\x02": "#", "\x03": "=", "\x04": "{", "\x05": "}", "\x06": "~", "\x07": "\n"}
WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")


@dataclass
class Answer:
    text: str
    weight: float  # percent
    feedback: str


@dataclass
class GiftQuestion:
    category: str | None
    name: str
    format: str
    text: str
    single: bool
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""


def escape_pre(text: str) -> str:
    text = text.replace("\\\\", "\x00")
    for escaped, placeholder in ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\x00", "\\")


def restore(text: str) -> str:
    for placeholder, character in RESTORE.items():
        text = text.replace(placeholder, character)
    return text


def with_format(text: str) -> tuple[str, str | None]:
    match = re.match(r"^\[(html|moodle|plain|markdown)\]", text)
    return (text[match.end() :], match.group(1)) if match else (text, None)


def parse_gift(source: str) -> list[GiftQuestion]:
    questions: list[GiftQuestion] = []
    category = None
    for block in re.split(r"\n[ \t]*\n", source):
        lines = [" " if line.strip().startswith("//") else line for line in block.split("\n")]
        text = "\n".join(lines).strip()
        if not text:
            continue
        text = escape_pre(text)
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:") :].strip()
            continue
        name = ""
        if text.startswith("::"):
            end = text.index("::", 2)
            name, text = restore(text[2:end]), text[end + 2 :].strip()
        start, finish = text.index("{"), text.index("}")
        assert start < finish, f"{name}: braces out of order"
        answers_text = text[start + 1 : finish].strip()
        assert text[finish + 1 :].strip() == "", f"{name}: text after the answers"
        question_text, question_format = with_format(text[:start].strip())
        general = ""
        if "####" in answers_text:
            split = answers_text.rindex("####")
            general, answers_text = answers_text[split + 4 :].strip(), answers_text[:split].strip()
        single = "=" in answers_text
        parsed = []
        for raw in answers_text.replace("=", "~=").split("~"):
            raw = raw.strip()
            if not raw:
                continue
            if raw.startswith("="):
                weight, raw = 100.0, raw[1:]
            elif match := WEIGHT.match(raw):
                weight, raw = float(match.group(1)), raw[match.end() :]
            else:
                weight = 0.0
            answer, _, feedback = raw.partition("#")
            parsed.append(Answer(restore(with_format(answer.strip())[0]), weight, restore(feedback.strip())))
        questions.append(
            GiftQuestion(
                category,
                name,
                question_format or "moodle",
                restore(question_text).strip(),
                single,
                parsed,
                restore(general),
            )
        )
    return questions


@dataclass
class XmlQuestion:
    category: str
    name: str
    text: str
    single: bool
    answers: list[Answer]
    general_feedback: str
    element: etree._Element


def parse_moodle_xml(source: str) -> list[XmlQuestion]:
    root = etree.fromstring(source.encode("utf-8"))
    assert root.tag == "quiz"
    found, category = [], None
    for question in root.findall("question"):
        kind = question.get("type")
        if kind == "category":
            category = question.findtext("category/text")
            continue
        assert kind == "multichoice", kind
        answers = [
            Answer(a.findtext("text"), float(a.get("fraction")), a.findtext("feedback/text") or "")
            for a in question.findall("answer")
        ]
        found.append(
            XmlQuestion(
                category,
                question.findtext("name/text"),
                question.findtext("questiontext/text"),
                question.findtext("single") == "true",
                answers,
                question.findtext("generalfeedback/text") or "",
                question,
            )
        )
    return found
