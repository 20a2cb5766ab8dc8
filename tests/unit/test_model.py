"""The data file's schema: the real file loads, and each kind of broken file fails with one
line that names the file, the entry and the field."""

from __future__ import annotations

import json
import re

import pytest

from sciatica.export_schema import SCHEMA_FILE, schema_text
from sciatica.model import DataError, load, parse
from tests.conftest import DATA_FILE

GOOD = DATA_FILE.read_text(encoding="utf-8")
NAME = "data/sciatica.yml"
DVT = "  - id: dvt\n    name: Known or suspected"


def problems_for(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse(text, NAME)
    return str(caught.value).splitlines()


def mutate(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, f"test fixture text not unique in the data file: {old!r}"
    return GOOD.replace(old, new)


def test_real_data_file_loads(data):
    assert len(data.references) >= 20
    assert len(data.contraindications) >= 20
    assert data.by_id("techniques")["effleurage"].steps


def test_every_collection_has_unique_ids(data):
    for name in ("references", "glossary", "red_flags", "contraindications", "techniques", "regions"):
        ids = [entry.id for entry in getattr(data, name)]
        assert len(ids) == len(set(ids)), name


def test_yaml_syntax_error_names_its_line():
    broken = mutate("  - id: dvt\n    name: Known", "  - id: dvt\n    name: [Known")
    line = broken[: broken.index("name: [Known")].count("\n") + 1
    [message] = problems_for(broken)
    assert message.startswith(f"{NAME}:")
    assert "YAML syntax (in entry 'dvt')" in message
    found = int(re.match(rf"{re.escape(NAME)}:(\d+):", message).group(1))
    assert abs(found - line) <= 3  # the parser reports where it noticed, near the slip


def test_duplicate_id():
    [message] = problems_for(mutate("  - id: bleeding-disorder\n", "  - id: dvt\n"))  # no case names it
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.id: duplicate id 'dvt'", message)


def test_unknown_field():
    [message] = problems_for(mutate(DVT, DVT.replace("    name:", "    colour: red\n    name:")))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.colour: unknown field.*", message)


def test_wrong_type():
    [message] = problems_for(
        mutate(
            "    severity: absolute\n    applies_to: [all]\n    why: >-\n      A swollen",
            "    severity: 3\n    applies_to: [all]\n    why: >-\n      A swollen",
        )
    )
    assert message.startswith(f"{NAME}:")
    assert "contraindications[dvt].severity:" in message
    assert "got 3" in message


def test_wrong_type_in_a_nested_field():
    thigh = "        pressure: moderate\n        duration: about 2 to 3 minutes\n        detail: >-\n          Both hands glide"
    [message] = problems_for(mutate(thigh, thigh.replace("pressure: moderate", "pressure: [moderate]")))
    assert "techniques[effleurage].steps[4].pressure:" in message


def test_reference_to_missing_id():
    dvt_refs = "refs: [ernst-2003-massage-safety, gloshospitals-dvt-leaflet]\n    for_you:"
    [message] = problems_for(mutate(dvt_refs, dvt_refs.replace("[ernst", "[no-such-paper, ernst")))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.refs\[1\]: "
        r"'no-such-paper' is not an id in references",
        message,
    )


def test_step_region_must_exist():
    sacrum = "      - region: sacrum\n        stroke: stroking\n        direction: toward-heart\n        pressure: light\n        duration: about 1 minute\n        detail: >-\n          The palm strokes"
    [message] = problems_for(mutate(sacrum, sacrum.replace("sacrum\n", "sacrumm\n", 1)))
    assert "techniques[effleurage].steps[2].region: 'sacrumm' is not an id in regions" in message


def test_several_problems_give_one_line_each():
    text = mutate(DVT, DVT.replace("    name:", "    colour: red\n    name:")).replace(
        "    severity: local\n    applies_to: [all]\n    why: Pressure or movement",
        "    severity: minor\n    applies_to: [all]\n    why: Pressure or movement",
    )
    lines = problems_for(text)
    assert len(lines) == 2
    assert all(line.startswith(f"{NAME}:") for line in lines)


def test_exported_schema_is_current():
    """The editor schema must match the models: run `make schema` after changing them."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text())["title"] == "Sciatica and massage: site data"


def test_data_file_points_editors_at_the_schema():
    assert GOOD.splitlines()[0] == "# yaml-language-server: $schema=sciatica.schema.json"


def test_load_reads_a_path(tmp_path):
    copy = tmp_path / "copy.yml"
    copy.write_text(GOOD.replace(DVT, DVT.replace("    name:", "    colour: red\n    name:")))
    with pytest.raises(DataError) as caught:
        load(copy)
    assert str(caught.value).startswith(str(copy))


def test_no_editorial_notes_reach_readers(data):
    """Working notes such as 'UNVERIFIED' or 'not shown in excerpt' must never be published."""
    import json
    import re

    text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False)
    notes = re.findall(r".{0,40}\b(?:UNVERIFIED|TODO|FIXME|not shown in (?:the )?(?:excerpt|record)|verify\))", text)
    assert not notes, notes


def test_a_corporate_author_leads_its_entry_like_peoples_names(data):
    from sciatica.render.tables import reference_text

    corporate = data.by_id("references")["nice-ng59"]
    assert corporate.authors is None and corporate.organisation
    assert str(reference_text(corporate)).startswith(f'<span class="sc-ref-authors">{corporate.organisation}.</span>')


# --- what the loader refuses: each kind gives one line naming file, line, entry and field ------


def one_problem(text: str) -> str:
    [message] = problems_for(text)
    assert "\n" not in message and "Traceback" not in message
    return message


def line_number(message: str) -> int:
    return int(re.match(rf"{re.escape(NAME)}:(\d+):", message).group(1))


def test_duplicate_key_names_both_lines():
    """A second `glossary:` at the end would silently empty the glossary."""
    message = one_problem(GOOD + "glossary: []\n")
    first = GOOD.splitlines().index("glossary:") + 1
    assert message == (
        f"{NAME}:{len(GOOD.splitlines()) + 1}: glossary: duplicate key 'glossary' "
        f"(first at line {first}); the second would silently replace the first"
    )


def test_duplicate_field_in_an_entry():
    message = one_problem(mutate(DVT, DVT + "\n    name: Again"))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.name: duplicate key 'name' "
        r"\(first at line \d+\).*",
        message,
    )


NAME_LINE = "    name: Known or suspected deep vein thrombosis (DVT)"


def test_blank_text_is_refused():
    message = one_problem(mutate(NAME_LINE, "    name: '   '"))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: contraindications\[dvt\]\.name: text shows nothing "
        r"\(only spaces or invisible characters\)",
        message,
    )


@pytest.mark.parametrize(
    "escape, code",
    [
        ("\\x01", "0001"),
        ("\\0", "0000"),
        ("\\u202E", "202E"),
        ("\\u200B", "200B"),
        ("\\u2060", "2060"),
        ("\\u00AD", "00AD"),
    ],
)
def test_control_and_invisible_characters_are_refused(escape, code):
    """Zero-width and other invisible characters too: 'Yes' and 'Ye<U+200B>s' would pass as two
    options, and a text of them alone would look filled while showing nothing."""
    message = one_problem(mutate(NAME_LINE, f'    name: "Known{escape} or suspected"'))
    assert message.endswith(
        f"contraindications[dvt].name: contains the character U+{code}, which no text here needs; remove it"
    )


@pytest.mark.parametrize("raw, code", [("\x00", "0000"), ("\x1b", "001B"), ("\u200b", "200B")])
def test_a_character_in_a_comment_is_named_with_its_line(raw, code):
    text = mutate(NAME_LINE, NAME_LINE + f"   # a note{raw} here")
    message = one_problem(text)
    line = text.split(NAME_LINE)[0].count("\n") + 1
    assert message == f"{NAME}:{line}: (file): contains the character U+{code}, which no text here needs; remove it"


EDITORIAL = "  cycle_months: 12"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("9" * 5000, "a number of 5000 digits is far larger than anything here"),
        ("!!int 0x10", "'0x10' is not a whole number written in decimal digits"),
        ("!!float abc", "'abc' is not a number"),
    ],
)
def test_numbers_are_decimal_and_bounded(value, expected):
    message = one_problem(mutate(EDITORIAL, f"  cycle_months: {value}"))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: editorial\.cycle_months: {re.escape(expected)}", message)


def test_only_true_and_false_are_booleans():
    message = one_problem(
        mutate("  - id: both-legs\n", "  - id: both-legs\n    cauda_equina: !!bool yes\n").replace(
            "    cauda_equina: true\n", "", 1
        )
    )
    assert message.endswith("red_flags[both-legs].cauda_equina: 'yes' is not true or false; write true or false")


def test_a_date_is_written_as_a_date():
    message = one_problem(mutate("  as_of: 2026-11-29", "  as_of: 0"))
    assert message.endswith("editorial.as_of: expected a date written YYYY-MM-DD; got 0")


def test_a_comment_inside_plain_text_is_refused():
    """YAML reads ' #' as the start of a comment: the words after it would vanish without a word."""
    message = one_problem(mutate(NAME_LINE, "    name: Known or # suspected deep vein thrombosis (DVT)"))
    assert message.endswith(
        "contraindications[dvt].name: ' #' after this text starts a YAML comment, so the words "
        "after it were dropped; put the whole text in quotes"
    )


@pytest.mark.parametrize(
    "page", ["massage//effleurage.md", "/massage/effleurage.md", "../massage/effleurage.md", "massage/effleurage"]
)
def test_a_page_path_is_a_plain_relative_path(page):
    original = "    page: massage/effleurage-in-depth.md\n"
    message = one_problem(GOOD.replace(original, f"    page: {page}\n", 1))
    assert "page: expected a page under docs/ written like massage/kneading.md" in message


def test_an_id_long_enough_to_break_a_file_name_is_refused():
    message = problems_for(mutate(DVT, DVT.replace("id: dvt", f"id: {'a' * 319}")))[0]
    assert message.endswith(".id: at most 60 characters; got 319")


@pytest.mark.parametrize(
    "abbreviation, expected",
    [
        ("'91'", "an abbreviation is 1 to 12 letters, digits or hyphens, with at least one letter; got '91'"),
        ("NSAID", "'NSAID' already stands for"),
    ],
)
def test_an_abbreviation_has_a_letter_and_one_meaning(abbreviation, expected):
    term = next(line for line in GOOD.splitlines() if line.startswith("    abbreviation: ") and "NSAID" not in line)
    message = problems_for(GOOD.replace(term + "\n", f"    abbreviation: {abbreviation}\n", 1))[0]
    assert expected in message


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!custom x", "!custom"),
        ("!!set {a}", "!!set"),
    ],
)
def test_tags_beyond_plain_yaml_are_refused(value, tag):
    message = one_problem(mutate(NAME_LINE, f"    name: {value}"))
    assert f"contraindications[dvt].name: the tag {tag} is not allowed" in message


def test_aliases_are_refused_and_an_alias_bomb_is_never_expanded():
    """Nine levels of nine aliases each would be 387 million strings if expanded."""
    bomb = 'a0: &a0 ["x"]\n' + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    message = one_problem(bomb + GOOD.split("\n", 1)[1])
    assert message == f"{NAME}:2: a1[1]: aliases (*name) are not allowed; write the value out in full (80 more)"


def test_the_word_all_is_reserved_for_every_technique():
    problems = problems_for(mutate("  - id: friction\n    name:", "  - id: all\n    name:"))
    assert any(
        re.fullmatch(
            rf"{re.escape(NAME)}:\d+: techniques\[all\]\.id: 'all' is reserved: "
            r"applies_to: \[all\] means every technique",
            line,
        )
        for line in problems
    ), problems


def test_merge_keys_are_refused():
    message = one_problem(mutate(NAME_LINE, NAME_LINE + "\n    <<: {why: merged}"))
    assert "merge keys (<<) are not allowed" in message and "contraindications[" in message


def test_deep_nesting_is_refused_in_one_line():
    message = one_problem(GOOD + "extra: " + "[" * 900 + "]" * 900 + "\n")
    assert message.endswith("nested more than 16 levels deep; the schema is never this deep")


def test_a_leading_zero_number_is_refused_not_read_as_octal():
    message = one_problem(mutate('    number: "112"', "    number: 0112"))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: emergency_numbers\[eu\]\.number: 0112 has a leading zero, "
        r'which YAML may read as an octal number; write it in quotes: "0112"',
        message,
    )


def test_yes_and_no_stay_words():
    """YAML 1.1 would read `no` (Norway's country code, or the word) as false."""
    data = parse(mutate("    where: European Union", "    where: no"), NAME)
    assert data.by_id("emergency_numbers")["eu"].where == "no"


def test_an_impossible_date_is_one_line():
    message = one_problem(mutate("    year: 2004\n      reason:", "    year: 2020-02-30\n      reason:"))
    assert re.fullmatch(rf"{re.escape(NAME)}:\d+: drugs\[rofecoxib\]\.availability\.year: .*got '2020-02-30'", message)


def test_a_withdrawn_drug_needs_year_and_reason():
    message = one_problem(mutate("    year: 2004\n      reason:", "    reason:"))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: drugs\[rofecoxib\]\.availability: a withdrawn medicine needs "
        r"its year and reason \(year missing\)",
        message,
    )


def test_updated_cannot_come_before_the_year(data):
    reference = next(r for r in data.references if r.updated and r.year)
    block = f"  - id: {reference.id}\n"
    text = GOOD.replace(f"    updated: {reference.updated}\n", "    updated: 1901\n", 1)
    assert text != GOOD and block in text
    message = one_problem(text)
    assert f"references[{reference.id}]: updated (1901) is before year ({reference.year})" in message


def test_a_page_field_must_name_a_real_page(tmp_path):
    from tests.conftest import ROOT

    cause = "    page: causes/spinal-stenosis.md\n    refs: [koes-2007"  # the cause, not a question on that page
    text = mutate(cause, cause.replace("spinal-stenosis.md", "no-such-page.md"))
    with pytest.raises(DataError) as caught:
        parse(text, NAME, docs_dir=ROOT / "docs")
    [message] = str(caught.value).splitlines()
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: causes\[spinal-stenosis\]\.page: 'causes/no-such-page.md' "
        r"is not a page in docs/",
        message,
    )


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(DataError) as caught:
        load(tmp_path / "sciatica.yml", shown_as=NAME)
    assert str(caught.value) == f"{NAME}: (file): not found; the site is built from this file"


def test_a_line_saved_in_latin1_is_one_line(tmp_path):
    """An editor that saves 'é' as Latin-1 (one byte, 0xe9) breaks UTF-8 on that line."""
    copy = tmp_path / "sciatica.yml"
    copy.write_bytes(GOOD.encode().replace(b"Known or suspected deep", b"Known or susp\xe9cted deep"))
    with pytest.raises(DataError) as caught:
        load(copy, shown_as=NAME)
    line = GOOD[: GOOD.index(NAME_LINE)].count("\n") + 1
    assert str(caught.value) == f"{NAME}:{line}: (file): byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_a_whole_latin1_file_is_one_line(tmp_path):
    copy = tmp_path / "sciatica.yml"
    copy.write_bytes("# données\nreferences: []\n".encode("latin-1"))
    with pytest.raises(DataError) as caught:
        load(copy, shown_as=NAME)
    assert str(caught.value) == f"{NAME}:1: (file): byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_a_stray_non_utf8_byte_is_one_line(tmp_path):
    copy = tmp_path / "sciatica.yml"
    copy.write_bytes(GOOD.encode() + b"\n# \xff\n")
    with pytest.raises(DataError) as caught:
        load(copy, shown_as=NAME)
    assert "byte 0xff is not UTF-8" in str(caught.value)


# --- the bibliography: originals only ------------------------------------------------------------


def test_every_journal_paper_can_be_found(data):
    """A journal paper has a DOI or a PubMed id; the one still being looked for is listed by id in the model
    (the list may only shrink), and points at a record of the paper meanwhile."""
    from sciatica.model import IDENTIFIER_PENDING, JOURNAL_KINDS

    papers = [r for r in data.references if r.kind in JOURNAL_KINDS]
    assert len(papers) > 50
    unfound = sorted(r.id for r in papers if not (r.doi or r.pmid))
    assert unfound == sorted(IDENTIFIER_PENDING)
    assert all(data.by_id("references")[r].url for r in unfound)
    print(f"journal papers: {len(papers)}; without a confirmed DOI or PubMed id: {len(unfound)} {unfound}")


def test_people_are_written_as_people(data):
    """`authors` holds people ("Surname AB", a named group after a semicolon); a corporate name goes in
    `organisation`, so that no reference manager splits it into first and last names."""
    from sciatica.exports import split_authors

    for reference in data.references:
        if reference.authors:
            names = split_authors(reference.authors).names
            assert names and names[0].literal is None, (reference.id, reference.authors)


def test_no_reference_points_at_a_copy(data):
    from sciatica.model import COPY_HOSTS, host_of

    copies = [r.id for r in data.references if r.url and any(h in host_of(r.url) for h in COPY_HOSTS)]
    assert not copies


@pytest.mark.parametrize(
    "url",
    [
        "https://www.scribd.com/document/1/x",
        "https://docslib.org/doc/2/y",
        "https://tomorrow.paperai.life/https://www.scribd.com/document/3",
    ],
)
def test_a_copy_host_is_refused(url):
    text = GOOD.replace("  - id: nice-ng59\n", "  - id: nice-ng59\n", 1)
    block_start = text.index("  - id: nice-ng59\n")
    block_url = text.index("    url: ", block_start)
    line_end = text.index("\n", block_url)
    message = one_problem(text[:block_url] + f"    url: {url}" + text[line_end:])
    assert re.search(r"references\[nice-ng59\]: .* hosts copies; cite the publisher", message)


def test_a_journal_paper_without_doi_or_pmid_is_refused(data):
    paper = next(r for r in data.references if r.kind == "trial" and r.doi and not r.pmid)
    message = one_problem(GOOD.replace(f"    doi: {paper.doi}\n", "", 1))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[{paper.id}\]\.pmid: "
        r"a journal paper \(trial\) needs a doi or a pmid",
        message,
    )


def reference_block(reference_id: str) -> tuple[int, int]:
    """Where one reference's lines start and end in the real data file."""
    start = GOOD.index(f"  - id: {reference_id}\n")
    end = GOOD.index("\n\n", start)
    return start, end


def mutate_reference(reference_id: str, edit) -> str:
    start, end = reference_block(reference_id)
    block = edit(GOOD[start:end])
    assert block != GOOD[start:end]
    return GOOD[:start] + block + GOOD[end:]


def test_a_reference_without_a_year_is_refused():
    text = mutate_reference("koes-2007", lambda block: block.replace("    year: 2007\n", ""))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[koes-2007\]\.year: "
        r"needs a year \(or undated: true with the date accessed\)",
        one_problem(text),
    )


def test_an_undated_reference_needs_the_date_accessed():
    text = mutate_reference("koes-2007", lambda block: block.replace("    year: 2007\n", "    undated: true\n"))
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[koes-2007\]\.accessed: "
        r"an undated source needs accessed \(the ISO date it was read\)",
        one_problem(text),
    )


def test_an_undated_reference_with_the_date_accessed_loads():
    text = mutate_reference(
        "koes-2007", lambda block: block.replace("    year: 2007\n", "    undated: true\n    accessed: 2026-12-06\n")
    )
    reference = parse(text, NAME).by_id("references")["koes-2007"]
    assert reference.year is None and reference.undated and str(reference.accessed) == "2026-12-06"


def test_undated_and_a_year_contradict():
    text = mutate_reference(
        "koes-2007",
        lambda block: block.replace(
            "    year: 2007\n", "    undated: true\n    accessed: 2026-12-06\n    year: 2007\n"
        ),
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[koes-2007\]\.year: "
        r"undated, yet it gives a year \(2007\)",
        one_problem(text),
    )


def test_a_reference_without_authors_or_organisation_is_refused():
    text = mutate_reference(
        "nice-ng59",
        lambda block: block.replace("    organisation: National Institute for Health and Care Excellence\n", ""),
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[nice-ng59\]\.organisation: "
        r"needs authors \(people\) or organisation \(a corporate author\)",
        one_problem(text),
    )


def test_people_and_an_organisation_together_are_refused():
    text = mutate_reference(
        "nice-ng59", lambda block: block.replace("    organisation:", "    authors: Smith J\n    organisation:")
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[nice-ng59\]\.organisation: "
        r"give authors \(people\) or organisation \(a corporate author\), not both",
        one_problem(text),
    )


@pytest.mark.parametrize("isbn", ["978-0-443-10028-5", "0-443-10028-5", "978-0-443-1002"])
def test_an_isbn_with_a_wrong_check_digit_is_refused(isbn):
    text = mutate_reference("focks-2008-bl23", lambda block: block.replace("isbn: 978-0-443-10028-4", f"isbn: {isbn}"))
    message = one_problem(text)
    assert re.match(rf"{re.escape(NAME)}:\d+: references\[focks-2008-bl23\]\.isbn: ", message), message
    assert "check digit" in message or "not an ISBN" in message or "pattern" in message


@pytest.mark.parametrize("isbn", ["978-0-443-10028-4", "9780443100284", "0443100284", "0-8044-2957-X"])
def test_valid_isbns_pass(isbn):
    from sciatica.model import valid_isbn

    assert valid_isbn(isbn) == isbn


def test_a_book_title_is_for_books():
    text = mutate_reference(
        "koes-2007", lambda block: block.replace("    container:", "    book_title: A book\n    container:")
    )
    assert re.fullmatch(
        rf"{re.escape(NAME)}:\d+: references\[koes-2007\]: "
        r"book_title is for a chapter or section of a book \(kind: book\)",
        one_problem(text),
    )


@pytest.mark.parametrize(
    "reference_id, edit, field, pending",
    [
        (
            "batavia-2004-contraindications",
            lambda b: b.replace("    year: 2004\n", "    year: 2004\n    pmid: '1'\n"),
            "pmid",
            "IDENTIFIER_PENDING",
        ),
    ],
)
def test_a_filled_gap_must_leave_its_pending_list(reference_id, edit, field, pending):
    message = one_problem(mutate_reference(reference_id, edit))
    assert re.match(
        rf"{re.escape(NAME)}:\d+: references\[{reference_id}\]\.{field}: .*take its id out of {pending}", message
    ), message
