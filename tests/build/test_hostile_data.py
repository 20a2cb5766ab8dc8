"""Hostile data: text poured into every free-text field of the data file never runs, never loads
anything from elsewhere, never changes a page's structure and never breaks an SVG.

The fields are found from the schema (every field typed ``Text``), so a new field is covered
without editing this test. The hostile site is compared with the site built from the real data.
"""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from sciatica.model import FreeText, SiteData
from tests.conftest import run_build

# Markup, script and Markdown that must stay text; Jinja that must not be evaluated; comment and
# CDATA ends; right-to-left letters (the invisible direction marks are refused on loading: see
# tests/unit/test_model.py); and a blank line with a heading and a file include.
HOSTILE = (
    ' <script>alert("s")</script> <img src=x onerror=alert("i")> <svg onload=alert("v")>'
    '<foreignObject><b>f</b></foreignObject></svg> [j](javascript:alert("j")) <a href="javascript:alert(1)">h</a>'
    ' [d](data:text/html;base64,PHNjcmlwdD4=) *x*{: onclick=alert("a") } ![t](https://other.host/x.png)'
    ' <https://other.host/auto> --> ---> ]]> <!-- {{ "jinja" ~ "-evaluated" }} {% raw %} {# } { `code`'
    " \\*e\\* &amp; &#x3C;b&#x3E; \u05d0\u05d1|a|b|"
    '\n\n# Injected heading {#injected}\n\n--8<-- "mkdocs.yml"\n\n!!! danger "Injected"\n    x\n'
)
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background"}
UNSAFE_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def is_free_text(annotation, metadata=()) -> bool:
    return any(isinstance(m, FreeText) for m in metadata) or (
        typing.get_origin(annotation) is typing.Annotated
        and any(isinstance(m, FreeText) for m in typing.get_args(annotation)[1:])
    )


def pour(value, annotation, metadata=()):
    """The value with HOSTILE appended to every free-text string the annotation types."""
    if is_free_text(annotation, metadata) and isinstance(value, str):
        return value + HOSTILE
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return pour(value, args[0], args[1:])
    if origin in (typing.Union, types.UnionType):
        for option in args:
            if option is not type(None):
                value = pour(value, option)
        return value
    if origin is list and isinstance(value, list):
        return [pour(item, args[0]) for item in value]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        return {
            name: pour(item, annotation.model_fields[name].annotation, annotation.model_fields[name].metadata)
            if name in annotation.model_fields
            else item
            for name, item in value.items()
        }
    return value


def test_every_free_text_field_is_found():
    """The walk reaches fields at every depth, so the hostile build below really covers them."""
    raw = {
        "drugs": [{"generic": "a", "harms": ["b"], "availability": {"reason": "c"}}],
        "techniques": [{"steps": [{"detail": "d"}], "evidence": {"summary": "e"}}],
    }
    poured = pour(raw, SiteData)
    assert poured["drugs"][0]["generic"].endswith(HOSTILE)
    assert poured["drugs"][0]["harms"][0].endswith(HOSTILE)
    assert poured["drugs"][0]["availability"]["reason"].endswith(HOSTILE)
    assert poured["techniques"][0]["steps"][0]["detail"].endswith(HOSTILE)
    assert poured["techniques"][0]["evidence"]["summary"].endswith(HOSTILE)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile"))
    data_file = project / "data" / "sciatica.yml"
    raw = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data_file.write_text(yaml.safe_dump(pour(raw, SiteData), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project / "site"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def script_signatures(soup: BeautifulSoup) -> list[tuple]:
    return sorted((s.get("src") or "", s.get("type") or "", s.string or "") for s in soup.find_all("script"))


def unsafe_markup(soup: BeautifulSoup, where: str) -> list[str]:
    """Event handlers, script-carrying URLs and elements that only exist to smuggle markup."""
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{where}: <{tag.name} {name}=...>")
            if name.lower() in URL_ATTRIBUTES and UNSAFE_SCHEMES.match(value):
                found.append(f"{where}: <{tag.name} {name}={value[:40]}>")
            if name.lower() in URL_ATTRIBUTES and urlsplit(value.strip()).netloc == "other.host":
                found.append(f"{where}: <{tag.name} {name}={value[:40]}> (another host)")
        if tag.name.lower() in ("foreignobject", "iframe", "object", "embed"):
            found.append(f"{where}: <{tag.name}>")
    return found


def headings(soup: BeautifulSoup) -> list[tuple[str, str | None]]:
    article = soup.select_one("article") or soup
    return [(h.name, h.get("id")) for h in article.find_all(re.compile(r"^h[1-6]$"))]


def test_hostile_text_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "massage" / "contraindications-in-depth" / "index.html").read_text(), "lxml")
    text = page.select_one("article").get_text()
    assert '[j](javascript:alert("j"))' in text and '<script>alert("s")</script>' in text
    assert '{{ "jinja" ~ "-evaluated" }}' in text


def test_no_page_gains_a_script_a_handler_a_foreign_request_or_a_heading(hostile_site, built_site):
    problems = []
    for page in html_files(hostile_site):
        relative = page.relative_to(hostile_site)
        hostile = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        good = BeautifulSoup((built_site / relative).read_text(encoding="utf-8"), "lxml")
        if script_signatures(hostile) != script_signatures(good):
            problems.append(f"{relative}: scripts differ from the real build")
        if headings(hostile) != headings(good):
            problems.append(f"{relative}: headings differ: {sorted(set(headings(hostile)) ^ set(headings(good)))[:4]}")
        problems += unsafe_markup(hostile, str(relative))
        if "jinja-evaluated" in hostile.get_text():
            problems.append(f"{relative}: Jinja in the data was evaluated")
    assert len(html_files(hostile_site)) == len(html_files(built_site))
    assert not problems, "\n".join(problems[:30])


def test_every_svg_stays_well_formed_and_inert(hostile_site):
    svgs = sorted(hostile_site.rglob("*.svg"))
    assert len([s for s in svgs if s.parent.name == "diagrams"]) >= 8
    problems = []
    for svg in svgs:
        try:
            root = ElementTree.parse(svg).getroot()
        except ElementTree.ParseError as error:
            problems.append(f"{svg.relative_to(hostile_site)}: not well-formed: {error}")
            continue
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name in ("script", "foreignObject"):
                problems.append(f"{svg.relative_to(hostile_site)}: <{name}>")
            if any(attribute.rsplit("}", 1)[-1].startswith("on") for attribute in element.attrib):
                problems.append(f"{svg.relative_to(hostile_site)}: event handler on <{name}>")
    assert not problems, "\n".join(problems)


def test_search_index_and_downloads_stay_inert(hostile_site, built_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    good = json.loads((built_site / "search" / "search_index.json").read_text())
    # An injected heading would add a section to the index.
    assert [d["location"] for d in index["docs"]] == [d["location"] for d in good["docs"]]
    problems = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            fragment = BeautifulSoup(doc[field], "html.parser")  # the search box renders these as HTML
            if fragment.find("script"):
                problems.append(f"{doc['location']}: <script> in {field}")
            problems += unsafe_markup(fragment, f"{doc['location']} {field}")
    assert not problems, "\n".join(problems[:30])
    published = json.loads((hostile_site / "data" / "sciatica.json").read_text())
    assert published["drugs"][0]["generic"].endswith(HOSTILE)  # the data is published as it is


def test_the_question_bank_stays_inert_and_round_trips(hostile_site):
    """The hostile text (with GIFT's ~ = # { } : and markup) reaches the Moodle XML and GIFT files as
    words: both parse, every question keeps its options, and no HTML element is smuggled in."""
    from lxml import html as lxml_html

    from tests.questionbank import parse_gift, parse_moodle_xml

    def shown(fragment: str) -> str:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
        assert not tree.xpath(".//script | .//img | .//svg | .//iframe | .//*[@onclick or @onerror or @onload]")
        assert not [a for a in tree.xpath(".//a/@href") if UNSAFE_SCHEMES.match(a) or "other.host" in a]
        return tree.text_content()

    folder = hostile_site / "downloads" / "questions"
    gift = parse_gift((folder / "sciatica-questions.gift.txt").read_text(encoding="utf-8"))
    xml = parse_moodle_xml((folder / "sciatica-questions.xml").read_text(encoding="utf-8"))
    assert [q.name for q in gift] == [q.name for q in xml] and len(gift) > 100
    poured = 0
    for from_gift, from_xml in zip(gift, xml):
        assert [a.weight for a in from_gift.answers] == [a.weight for a in from_xml.answers]
        for a, b in zip(from_gift.answers, from_xml.answers):
            assert " ".join(shown(a.text).split()) == " ".join(shown(b.text).split())
            shown(a.feedback), shown(b.feedback)
        stem = shown(from_xml.text)
        assert " ".join(shown(from_gift.text).split()) == " ".join(stem.split())
        poured += '<script>alert("s")</script>' in stem and '{{ "jinja" ~ "-evaluated" }}' in stem
    assert poured > 100  # the hostile text arrived, as words
