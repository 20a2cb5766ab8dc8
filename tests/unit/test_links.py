"""The one link checker (sciatica/links.py) on small sites written for each case."""

from __future__ import annotations

from pathlib import Path

from sciatica.links import BuiltSite


def write(root: Path, files: dict[str, str]) -> BuiltSite:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return BuiltSite(root)


def test_missing_pages_and_anchors_are_named(tmp_path):
    site = write(
        tmp_path,
        {
            "index.html": '<a href="a/#here">ok</a><a href="a/#gone">x</a><a href="b/">x</a><p id="top">',
            "a/index.html": '<h2 id="here">H</h2><a href="../#top">ok</a><a href="https://x.org/">ext</a>',
        },
    )
    assert site.page_problems([tmp_path / "index.html", tmp_path / "a" / "index.html"]) == [
        "site: index.html: link a/#gone: no anchor #gone",
        "site: index.html: link b/: no such file",
    ]


def test_ids_written_without_quotes_and_names_count(tmp_path):
    site = write(tmp_path, {"index.html": "<p id=plain><a name='old'></a><a href='#plain'>x</a><a href=\"#old\">y</a>"})
    assert site.page_problems([tmp_path / "index.html"]) == []


def test_a_redirect_stub_is_followed_with_its_anchor(tmp_path):
    site = write(
        tmp_path,
        {
            "old/index.html": '<meta http-equiv="refresh" content="0; url=../new/">',
            "new/index.html": '<h2 id="kept">K</h2>',
        },
    )
    assert site.problem("/old/#kept") is None
    assert site.problem("/old/#lost") == "no anchor #lost"


def test_a_section_that_moved_is_followed_to_its_new_page(tmp_path):
    site = write(
        tmp_path,
        {
            "drugs/index.html": '<span id="ibuprofen" data-moved-to="../drugs-in-depth/#ibuprofen"></span>',
            "drugs-in-depth/index.html": '<h3 id="ibuprofen">Ibuprofen</h3>',
        },
    )
    assert site.problem("/drugs/#ibuprofen") is None
    (tmp_path / "drugs-in-depth/index.html").write_text("<h3 id='other'>Other</h3>")
    assert BuiltSite(tmp_path).problem("/drugs/#ibuprofen") == "no anchor #ibuprofen"


def test_a_redirect_loop_is_broken_not_endless(tmp_path):
    site = write(
        tmp_path,
        {
            "a/index.html": '<meta http-equiv="refresh" content="0; url=../b/">',
            "b/index.html": '<meta http-equiv="refresh" content="0; url=../a/">',
        },
    )
    assert site.problem("/a/") == "too many redirects"


def test_links_from_the_root_take_the_address_path(tmp_path):
    site = write(
        tmp_path, {"404.html": '<a href="/sciatica/a/">home</a><a href="/sciatica/zz/">x</a>', "a/index.html": "<p>"}
    )
    site.base_path = "/sciatica/"
    assert site.page_problems([tmp_path / "404.html"]) == ["site: 404.html: link /sciatica/zz/: no such file"]


def test_a_link_that_climbs_out_of_the_site_is_broken(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.html").write_text("<p>")
    site = write(tmp_path / "site", {"index.html": '<a href="../secret.html">x</a>'})
    assert site.page_problems([tmp_path / "site" / "index.html"]) == [
        "site: index.html: link ../secret.html: leads outside the site"
    ]


def test_files_other_than_pages_need_only_exist(tmp_path):
    site = write(
        tmp_path, {"index.html": '<a href="diagrams/x.svg">x</a><a href="tel:999">call</a>', "diagrams/x.svg": "<svg/>"}
    )
    assert site.page_problems([tmp_path / "index.html"]) == []


def test_a_folder_with_a_dot_in_its_name_is_a_folder(tmp_path):
    """A site built into a folder such as strict.site, or a page folder such as v1.2: a link to
    it without a trailing slash (Material's link home is "..") leads to its index.html."""
    root = tmp_path / "strict.site"
    site = write(
        root,
        {
            "index.html": '<a href="v1.2">x</a>',
            "v1.2/index.html": '<a href="..">home</a><a href="../..">out</a>',
            "a/b/index.html": '<a href="../..">home</a><a href="../../v1.2">v</a><a href="../../v2.0">gone</a>',
        },
    )
    pages = [root / "index.html", root / "v1.2" / "index.html", root / "a" / "b" / "index.html"]
    assert site.page_problems(pages) == [
        "site: v1.2/index.html: link ../..: leads outside the site",
        "site: a/b/index.html: link ../../v2.0: no such file",
    ]
