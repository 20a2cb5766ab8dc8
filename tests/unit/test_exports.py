"""Exports for other programs: the bibliography as BibTeX, RIS and CSL-JSON, and the tables as CSV.
Each file is read back with a parser of its own format and compared with the data."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from sciatica import exports
from sciatica.model import Reference

HEADER = "Sciatica and massage. https://site.test/. Licence: CC BY-SA 4.0"


# --- a small BibTeX reader: entries, balanced braces, fields -----------------------------------------


def braced(text: str, start: int) -> tuple[str, int]:
    """The text inside the brace group opening at `start` (escaped braces do not count)."""
    assert text[start] == "{", text[start : start + 30]
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
        i += 1
    raise AssertionError(f"unbalanced braces from {text[start : start + 60]!r}")


FIELD = re.compile(r"\s*([a-z]+)\s*=\s*")


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    entries, i = [], 0
    for line in text.splitlines():
        assert not line or line.startswith(("%", "@", "  ", "}")), f"stray line {line!r}"
    while (at := text.find("@", i)) != -1:
        kind = re.match(r"@([a-z]+)\{", text[at:])
        assert kind, text[at : at + 40]
        body, i = braced(text, at + len(kind.group(0)) - 1)
        key, _, rest = body.partition(",")
        fields, j = {}, 0
        while j < len(rest) and rest[j:].strip():
            field = FIELD.match(rest, j)
            assert field, rest[j : j + 60]
            value, j = braced(rest, field.end())
            assert field.group(1) not in fields, (key, field.group(1))
            fields[field.group(1)] = value
            j = rest.find(",", j) + 1 if "," in rest[j : j + 3] else len(rest)
        entries.append((kind.group(1), key.strip(), fields))
    return entries


def unescape_bibtex(value: str) -> str:
    value = (
        value.replace(r"\textbackslash{}", "\\").replace(r"\textasciitilde{}", "~").replace(r"\textasciicircum{}", "^")
    )
    return re.sub(r"\\([{}&%$#_])", r"\1", value)


@pytest.fixture(scope="module")
def bibtex_entries(data):
    return parse_bibtex(exports.bibtex(data.references, HEADER))


def test_bibtex_has_one_entry_per_reference_with_unique_keys(data, bibtex_entries):
    keys = [key for _, key, _ in bibtex_entries]
    assert keys == [r.id for r in data.references]
    assert len(set(keys)) == len(keys)


def test_bibtex_entries_have_their_types_required_fields_and_dois(data, bibtex_entries):
    references = data.by_id("references")
    for kind, key, fields in bibtex_entries:
        reference = references[key]
        assert kind == exports.format_of(reference).bibtex, key
        assert exports.REQUIRED_BIBTEX[kind] <= set(fields), (key, sorted(fields))
        assert unescape_bibtex(fields["title"][1:-1]) == " ".join(reference.title.split()), key
        assert fields.get("doi") == reference.doi, key
        assert ("year" in fields) == (reference.year is not None), key
    kinds = {kind for kind, _, _ in bibtex_entries}
    assert {"article", "book", "incollection", "techreport", "misc"} <= kinds


def test_bibtex_authors_are_people_or_whole_organisations(bibtex_entries):
    found = {key: fields.get("author") for _, key, fields in bibtex_entries}
    assert found["koes-2007"] == "Koes, B. W. and van Tulder, M. W. and Peul, W. C."
    assert found["metcalfe-2019-hip-oa"] == "Metcalfe, D. and others"
    assert found["nice-ng59"] == "{National Institute for Health and Care Excellence}"
    # An organisation whose name holds "and" stays one author.
    assert found["rcog-vte-pregnancy-leaflet"] == "{Royal College of Obstetricians and Gynaecologists}"


def hostile_reference(**changes) -> Reference:
    values = {
        "id": "x-2020",
        "kind": "systematic-review",
        "authors": "Smith J}, {Evil} and Co @x",
        "title": "A } title { with \\input{/etc/passwd} & 100% $x$ #1 a_b ~ ^ @misc{y,",
        "container": "Journal } of { Things",
        "year": 2020,
        "doi": "10.1234/a{b}c",
        "url": "https://site.test/a{b}\\c?x=1&y=%20",
    }
    values.update(changes)
    return Reference(**values)


def test_bibtex_keeps_hostile_text_as_text():
    [(kind, key, fields)] = parse_bibtex(exports.bibtex([hostile_reference()], HEADER))
    assert (kind, key) == ("article", "x-2020")
    assert unescape_bibtex(fields["title"][1:-1]) == hostile_reference().title
    assert "\\input" not in fields["title"].replace("\\textbackslash{}input", "")
    assert "{" not in fields["url"] and "}" not in fields["url"]
    assert set(fields) == {"author", "title", "journal", "year", "doi", "url"}


# --- RIS -----------------------------------------------------------------------------------------------

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], None
    for line in text.splitlines():
        if not line:
            assert current is None, "a blank line inside a record"
            continue
        match = RIS_LINE.match(line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY before the previous record's ER"
            current = []
        assert current is not None, f"{tag} outside a record"
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = None
    assert current is None, "the last record has no ER"
    return records


def test_ris_records_run_from_ty_to_er_with_two_letter_tags(data):
    records = parse_ris(exports.ris(data.references))
    assert len(records) == len(data.references)
    references = data.by_id("references")
    for record in records:
        tags = dict(record)
        reference = references[tags["ID"]]
        assert record[0] == ("TY", exports.format_of(reference).ris)
        assert record[-1] == ("ER", "")
        assert tags["TI"] == " ".join(reference.title.split())
        assert tags.get("DO") == reference.doi
        assert tags.get("UR") == reference.url
        people = [value for tag, value in record if tag in ("AU", "A2")]
        assert bool(people) == bool(reference.authors or reference.organisation), reference.id
        if reference.organisation:
            assert people == [" ".join(reference.organisation.split())], reference.id
    assert {tag for record in records for tag, _ in record} >= {"TY", "AU", "TI", "T2", "PY", "DO", "UR", "ER"}


def test_ris_values_stay_on_one_line():
    text = exports.ris([hostile_reference(title="Line one\nTY  - JOUR\nER  - ")])
    assert len(parse_ris(text)) == 1


# --- CSL-JSON --------------------------------------------------------------------------------------------

CSL_TYPES = {"article-journal", "book", "chapter", "report", "webpage", "paper-conference", "article-newspaper"}


def test_csl_json_items_have_id_type_title_and_the_data_dois(data):
    items = json.loads(exports.csl_json(data.references))
    assert [item["id"] for item in items] == [r.id for r in data.references]
    references = data.by_id("references")
    for item in items:
        reference = references[item["id"]]
        assert item["type"] in CSL_TYPES and item["title"]
        assert item.get("DOI") == reference.doi
        assert item.get("URL") == reference.url
        if reference.year:
            assert item["issued"] == {"date-parts": [[reference.year]]}
        for name in item.get("author", []) + item.get("editor", []):
            assert set(name) in ({"family", "given"}, {"literal"}), (item["id"], name)
    by_id = {item["id"]: item for item in items}
    assert by_id["koes-2007"]["author"][1] == {"family": "van Tulder", "given": "M. W."}
    assert by_id["metcalfe-2019-hip-oa"]["volume"] == "322" and by_id["metcalfe-2019-hip-oa"]["page"] == "2323-2333"


def test_csl_json_gives_a_corporate_author_as_one_literal_name(data):
    items = {item["id"]: item for item in json.loads(exports.csl_json(data.references))}
    for reference in data.references:
        if reference.organisation:
            assert items[reference.id]["author"] == [{"literal": " ".join(reference.organisation.split())}]


def test_authors_are_split_only_when_the_text_allows():
    assert exports.split_authors("Iversen T, Nygaard Ø").names[1] == exports.Name("Nygaard", "Ø")
    assert exports.split_authors("Focks C (editor)").editors
    people = exports.split_authors("Seifman M, Lo C (Victorian Adult Burns Service)")
    assert [n.family for n in people.names] == ["Seifman", "Lo"]
    for organisation in (
        "Merck & Co., Inc.",
        "Hospira, Inc. (US prescribing information)",
        "NHS inform",
        "Specialist Pharmacy Service (SPS), NHS",
    ):
        assert exports.split_authors(organisation).names == (exports.Name(literal=organisation),)


# --- CSV ------------------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(exports.BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline="")))


@pytest.mark.parametrize("table", exports.TABLES, ids=lambda t: t.file)
def test_each_csv_reads_back_as_the_data(data, table):
    rows = read_csv(exports.csv_text(table, data))
    entries = list(table.rows(data))
    assert len(rows) == len(entries) > 0
    assert list(rows[0]) == [name for name, _ in table.columns]
    for row, entry in zip(rows, entries):
        for name, read in table.columns:
            assert exports.unguard(row[name]) == exports.cell(read(entry)), (table.file, entry.id, name)


def test_csv_tables_cover_the_collections(data):
    files = exports.csv_files(data)
    assert set(files) == {"contraindications.csv", "medicines.csv", "red-flags.csv", "root-levels.csv", "claims.csv"}
    contraindications = read_csv(files["contraindications.csv"])
    dvt = next(row for row in contraindications if row["id"] == "dvt")
    assert dvt["severity"] == "absolute" and dvt["refer"] == "same-day" and dvt["applies_to"] == "all"
    medicines = read_csv(files["medicines.csv"])
    assert any(row["availability"] == "withdrawn" and row["withdrawn_year"] for row in medicines)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "'=x"])
def test_cells_a_spreadsheet_would_run_are_guarded(text):
    assert exports.guard(text).startswith("'")
    assert exports.unguard(exports.guard(text)) == text
    assert exports.guard("Plain words") == "Plain words"


# --- whole references: a corporate author, an undated page, a book's chapter with its ISBN ------------


def corporate_reference(**changes) -> Reference:
    values = {
        "id": "rock-2020",
        "kind": "guideline",
        "organisation": "Rock and Roll AB",
        "title": "Loud music and the back",
        "container": "Rock and Roll AB",
        "year": 2020,
        "url": "https://site.test/rock",
    }
    values.update(changes)
    return Reference(**values)


def undated_reference() -> Reference:
    return Reference(
        id="page-nd",
        kind="web-page",
        organisation="Example Trust",
        title="A page with no date",
        container="site.test",
        undated=True,
        accessed="2026-12-06",
        url="https://site.test/page",
    )


def chapter_reference() -> Reference:
    return Reference(
        id="atlas-2008",
        kind="book",
        authors="Focks C (editor)",
        title="BL-23 Kidney Shu (Shenshu)",
        book_title="Atlas of Acupuncture",
        container="Churchill Livingstone Elsevier",
        year=2008,
        isbn="978-0-443-10028-4",
    )


def test_bibtex_keeps_a_corporate_author_whole():
    """ "Rock and Roll AB" is one author: braced, so BibTeX neither splits it at "and" nor takes "AB" for a
    first name."""
    text = exports.bibtex([corporate_reference()], HEADER)
    assert "  author = {{Rock and Roll AB}},\n" in text
    [(_, _, fields)] = parse_bibtex(text)
    assert fields["author"] == "{Rock and Roll AB}"
    # Even a comma in the name stays inside the one author.
    [(_, _, fields)] = parse_bibtex(exports.bibtex([corporate_reference(organisation="Merck & Co., Inc.")], HEADER))
    assert fields["author"] == r"{Merck \& Co., Inc.}"


def test_ris_gives_a_corporate_author_as_one_au_line():
    [record] = parse_ris(exports.ris([corporate_reference()]))
    assert [value for tag, value in record if tag == "AU"] == ["Rock and Roll AB"]


def test_csl_json_gives_a_corporate_author_as_a_literal():
    [item] = json.loads(exports.csl_json([corporate_reference()]))
    assert item["author"] == [{"literal": "Rock and Roll AB"}]


def test_people_keep_their_names_split():
    people = corporate_reference(organisation=None, authors="Koes BW, van Tulder MW")
    [(_, _, fields)] = parse_bibtex(exports.bibtex([people], HEADER))
    assert fields["author"] == "Koes, B. W. and van Tulder, M. W."
    [record] = parse_ris(exports.ris([people]))
    assert [value for tag, value in record if tag == "AU"] == ["Koes, B.W.", "van Tulder, M.W."]


def test_an_undated_reference_exports_its_date_accessed_and_no_year():
    [(_, _, fields)] = parse_bibtex(exports.bibtex([undated_reference()], HEADER))
    assert fields["urldate"] == "2026-12-06" and "year" not in fields
    [record] = parse_ris(exports.ris([undated_reference()]))
    tags = dict(record)
    assert tags["Y2"] == "2026/12/06" and "PY" not in tags
    [item] = json.loads(exports.csl_json([undated_reference()]))
    assert item["accessed"] == {"date-parts": [[2026, 12, 6]]} and "issued" not in item


def test_a_chapter_exports_its_book_and_isbn():
    [(kind, _, fields)] = parse_bibtex(exports.bibtex([chapter_reference()], HEADER))
    assert kind == "incollection"
    assert fields["title"] == "{BL-23 Kidney Shu (Shenshu)}" and fields["booktitle"] == "{Atlas of Acupuncture}"
    assert fields["publisher"] == "Churchill Livingstone Elsevier" and fields["isbn"] == "978-0-443-10028-4"
    assert fields["editor"] == "Focks, C."
    [record] = parse_ris(exports.ris([chapter_reference()]))
    tags = dict(record)
    assert (tags["TY"], tags["TI"], tags["T2"], tags["PB"], tags["SN"], tags["A2"]) == (
        "CHAP",
        "BL-23 Kidney Shu (Shenshu)",
        "Atlas of Acupuncture",
        "Churchill Livingstone Elsevier",
        "978-0-443-10028-4",
        "Focks, C.",
    )
    [item] = json.loads(exports.csl_json([chapter_reference()]))
    assert (item["type"], item["container-title"], item["publisher"], item["ISBN"]) == (
        "chapter",
        "Atlas of Acupuncture",
        "Churchill Livingstone Elsevier",
        "978-0-443-10028-4",
    )


def test_a_whole_book_exports_its_isbn():
    book = chapter_reference().model_copy(update={"book_title": None, "title": "Atlas of Acupuncture"})
    [(kind, _, fields)] = parse_bibtex(exports.bibtex([book], HEADER))
    assert kind == "book" and fields["isbn"] == book.isbn
    assert dict(parse_ris(exports.ris([book]))[0])["SN"] == book.isbn
    assert json.loads(exports.csl_json([book]))[0]["ISBN"] == book.isbn


def test_a_formula_after_a_separator_stays_inside_its_quoted_cell(data):
    """A spreadsheet that splits on ";" still reads "Risky;=1+1;@SUM(A1:A9)" as one text cell,
    because every cell is quoted; a cell that starts like a formula is guarded as well."""
    table = exports.Table("hostile.csv", lambda _: ["Risky;=1+1;@SUM(A1:A9)", "=1+1"], (("name", str),))
    lines = exports.csv_text(table, data).removeprefix(exports.BOM).splitlines()
    assert lines == ['"name"', '"Risky;=1+1;@SUM(A1:A9)"', '"\'=1+1"']
    for line in lines:  # read as a spreadsheet set to ";" reads it: still one quoted cell per line
        assert len(next(csv.reader([line], delimiter=";"))) == 1, line
