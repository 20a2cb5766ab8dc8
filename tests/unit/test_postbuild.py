"""The post-build pass, on plain HTML: abbreviations, back-links, valid markup, the offline copy
and the link check, the same whichever engine built the pages."""

from __future__ import annotations

import json

from sciatica import postbuild, warm
from sciatica.postbuild import add_abbreviations
from sciatica.render import tables

EXPANSIONS = {"NSAID": "non-steroidal anti-inflammatory drug", "MRI": "magnetic resonance imaging"}


def test_abbreviations_in_text_and_tables_are_expanded():
    html = add_abbreviations("<p>An NSAID or two NSAIDs.</p><table><tr><td>MRI scan</td></tr></table>", EXPANSIONS)
    assert html.count('<abbr title="non-steroidal anti-inflammatory drug">NSAID</abbr>') == 2
    assert '<abbr title="magnetic resonance imaging">MRI</abbr> scan' in html


def test_code_drawings_existing_abbr_and_longer_words_are_left_alone():
    html = '<code>MRI</code><svg><text>MRI</text></svg><abbr title="x">MRI</abbr><p>MRIX and xMRI</p>'
    assert add_abbreviations(html, EXPANSIONS) == html


def test_text_is_escaped_not_reinterpreted():
    html = add_abbreviations("<p>MRI &lt;b&gt; &amp; more</p>", EXPANSIONS)
    assert "&lt;b&gt; &amp; more" in html


def test_nested_skipped_elements_and_comments_are_left_alone():
    html = "<pre><code>MRI</code> MRI</pre><!-- MRI --><svg><g><text>MRI</text></g></svg><p>MRI</p>"
    out = add_abbreviations(html, EXPANSIONS)
    assert out.count("<abbr") == 1 and out.endswith('<p><abbr title="magnetic resonance imaging">MRI</abbr></p>')


def test_an_element_left_alone_ends_at_its_own_closing_tag_not_at_a_nested_ones():
    html = "<svg><svg><text>MRI</text></svg><text>MRI</text><br/></svg><p>MRI</p><code>MRI"
    out = add_abbreviations(html, EXPANSIONS)
    assert out.count("<abbr") == 1 and "<p><abbr" in out and out.endswith("<code>MRI")


def test_script_files_are_deferred_and_inline_scripts_left_to_run_at_once():
    page = (
        '<script>var a=1</script><script src="a.js"></script><script defer src="b.js"></script>'
        '<script async src="c.js"></script><script type="module" src="d.js"></script>'
        '<script id="__config" type="application/json">{}</script>'
    )
    assert postbuild.deferred_scripts(page) == page.replace('<script src="a.js">', '<script defer src="a.js">')


def test_only_the_article_is_abbreviated():
    page = "<title>MRI</title><nav>MRI</nav><article class='x'><p>MRI</p></article><footer>MRI</footer>"
    out = postbuild.abbreviate_article(page, EXPANSIONS)
    assert out.count("<abbr") == 1 and "<nav>MRI</nav>" in out


def test_references_link_back_to_the_pages_citing_them():
    slot = str(tables.cited_on_slot("nice-ng59")) + str(tables.cited_on_slot("uncited"))
    html = postbuild.fill_cited_on(
        slot, "references/", {"nice-ng59": [("urgent-help/", "Urgent help"), ("diagnosis/", "Diagnosis"), ("", "Home")]}
    )
    assert (
        'Cited on: <a href="../urgent-help/">Urgent help</a>; <a href="../diagnosis/">Diagnosis</a>; '
        '<a href="../">Home</a>'
    ) in html
    assert "Not cited on any page." in html


def test_a_page_lists_what_it_cites_at_its_foot():
    page = '<ol class="sc-references"><li id="ref-a">A</li><li id="ref-b">B</li></ol><ul class="sc-references"><li id="ref-c">'
    assert postbuild.citations(page) == ["a", "b"]  # the references page's own list is not a citation


def test_markup_repairs_and_the_search_dialog_name():
    page = (
        '<input class="md-toggle" type="checkbox" id="x" autocomplete="off">'
        '<label class="md-nav__link" for="x" tabindex="">'
        '<label class="md-nav__title" for="__toc"><div class="md-search" data-md-component="search" role="dialog">'
    )
    fixed = postbuild.valid_markup(page)
    assert "autocomplete" not in fixed and 'tabindex=""' not in fixed and 'for="__toc"' not in fixed
    assert 'role="dialog" aria-label="Search">' in fixed


def test_a_section_menu_is_named_by_its_toggle():
    """Material's toggle for a section with an index page has no words; its menu took no name."""
    page = (
        '<a href="causes/">Causes</a>'
        '<label class="md-nav__link " for="__nav_4_2" id="__nav_4_2_label" tabindex="0">'
        '<span class="md-nav__icon md-icon"></span></label>'
        '<nav class="md-nav" aria-labelledby="__nav_4_2_label"><label class="md-nav__title" for="__nav_4_2">'
        '<span class="md-nav__icon md-icon"></span> Pain &amp; <em>causes</em> </label></nav>'
        '<label class="md-nav__link" for="__nav_5" id="__nav_5_label" tabindex="0"> Treatment </label>'
    )
    fixed = postbuild.valid_markup(page)
    assert '<span class="md-nav__icon md-icon"></span><span class="sc-unseen">Pain &amp; causes</span></label>' in fixed
    assert fixed.count("sc-unseen") == 1  # a toggle with words keeps them as its name


def test_the_offline_copy_ships_its_shim_and_drops_instant_navigation():
    config = {"base": ".", "features": ["navigation.instant", "navigation.tabs"]}
    page = (
        f'<script id="__config" type="application/json">{json.dumps(config)}</script>'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
    )
    out = postbuild.offline_page(page, "../")
    assert "unpkg.com" not in out and '"../assets/javascripts/iframe-worker-shim.js"' in out
    assert json.loads(out.split('json">')[1].split("</script>")[0])["features"] == ["navigation.tabs"]


def test_back_links_work_in_both_url_styles():
    assert postbuild.relative_url("references/", "causes/pregnancy/") == "../causes/pregnancy/"
    assert postbuild.relative_url("references.html", "causes/pregnancy.html") == "causes/pregnancy.html"
    assert postbuild.relative_url("causes/x.html", "index.html") == "../index.html"
    assert postbuild.relative_url("references/", "") == "../"


def test_links_to_other_sites_are_marked_for_print_in_the_article_only():
    page = (
        '<nav><a href="https://other.org/">x</a></nav><article class="md-content__inner">'
        '<a href="https://creativecommons.org/">CC</a> <a class="y" href="http://a.org/x">a</a> '
        '<a href="../kneading/">inside</a> <a href="#ref-x">anchor</a></article>'
    )
    marked = postbuild.mark_external_links(page)
    assert marked.count("data-external") == 2
    assert '<nav><a href="https://other.org/">' in marked
    assert '<a data-external href="https://creativecommons.org/">' in marked
    assert '<a href="../kneading/">inside</a>' in marked
    assert postbuild.mark_external_links(marked) == marked  # marked once, however often it runs


def test_a_section_that_moved_to_the_depth_page_is_stubbed_with_its_abbreviations(tmp_path):
    """A published anchor that now lives on the depth page keeps a folded stub on the patient page,
    and the stub's title gets the glossary's expansions like any text of the article."""

    def page(body: str) -> str:
        return f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"

    (tmp_path / "p").mkdir()
    (tmp_path / "d").mkdir()
    (tmp_path / "p" / "index.html").write_text(page('<h1 id="p">Short</h1><a href="../d/">Depth</a>'))
    (tmp_path / "d" / "index.html").write_text(
        page('<h1 id="d">Long</h1><a href="../p/">Short</a><h2 id="scans">MRI findings</h2>')
    )
    options = postbuild.Options(expansions=EXPANSIONS, partners={"p/": "d/"}, promised=("/p/", "/p/#scans"))
    postbuild.run(tmp_path, options)
    short = (tmp_path / "p" / "index.html").read_text()
    assert '<li id="scans" data-moved-to="../d/#scans">' in short
    assert '<abbr title="magnetic resonance imaging">MRI</abbr> findings</a>' in short


def test_published_anchors_are_found_for_a_page_in_either_address_form():
    promised = (
        "/urgent-help/",
        "/urgent-help/#red-flags",
        "/urgent-help-in-depth/#evidence",
        "/#how-it-works",
        "/causes/#table",
    )

    def anchors(url: str) -> list[str]:
        return postbuild.promised_anchors(promised, {postbuild.address(url)})

    assert anchors("urgent-help/") == anchors("urgent-help.html") == ["red-flags"]  # online and the offline copy
    assert anchors("") == anchors("index.html") == ["how-it-works"]
    assert anchors("causes/index.html") == ["table"]


def test_a_section_that_moved_is_named_where_it_was_by_its_whole_heading():
    """A published anchor now on the partner page leaves a link behind under its heading's words,
    even when the partner's heading already carries an abbreviation."""
    partner = (
        '<article><h2 id="nice-2020">What <abbr title="National Institute">NICE</abbr> changed'
        '<a class="headerlink" href="#nice-2020">¶</a></h2><p id="kept">Kept</p></article>'
    )
    page = '<article><p id="kept">Kept</p></article>'
    moved = postbuild.moved_sections(
        page, "treatment/drugs/", partner, "treatment/drugs-in-depth/", ["nice-2020", "kept", "gone"]
    )
    assert '<li id="nice-2020" data-moved-to="../drugs-in-depth/#nice-2020">' in moved
    assert ">What NICE changed</a>" in moved
    assert 'id="gone"' not in moved and moved.count('id="kept"') == 1


def test_a_page_that_moved_keeps_the_anchors_published_under_its_old_address(tmp_path):
    """A redirect stub (mkdocs-redirects) sends its readers on: the page it names learns the old
    address, so sections that moved from it to its partner keep landing from there too."""
    stub = tmp_path / "treatment" / "self-care" / "index.html"
    page = tmp_path / "treatment" / "home-care" / "index.html"
    for file in (stub, page):
        file.parent.mkdir(parents=True)
    stub.write_text('<head><meta http-equiv="refresh" content="0; url=../home-care/"></head>')
    page.write_text("<article><h1>Home care</h1></article>")
    pages = {path: path.read_text() for path in (stub, page)}
    assert postbuild.redirected_here(tmp_path, pages) == {"treatment/home-care/": ["treatment/self-care/"]}


def test_a_published_address_names_its_page_in_either_url_style():
    for url in ("treatment/drugs/", "treatment/drugs.html", "/treatment/drugs/#drug-ibuprofen"):
        assert postbuild.address(url) == "treatment/drugs"
    for url in ("treatment/", "treatment/index.html", "/treatment/"):
        assert postbuild.address(url) == "treatment"
    assert postbuild.address("index.html") == postbuild.address("/") == ""


def test_a_moved_section_is_named_as_its_new_page_names_it():
    """The stub's title is the section's words, an expanded abbreviation included."""
    partner = (
        '<article><h2 id="x">Clot (<abbr title="deep vein thrombosis">DVT</abbr>) row</h2>'
        '<tr id="ci-dvt"><th><a href="#ci-dvt">Known clot (<abbr title="d">DVT</abbr>)</a></th></tr></article>'
    )
    page = postbuild.moved_sections(
        "<article><p>Short page</p></article>", "massage/a/", partner, "massage/b/", ["x", "ci-dvt", "not-there"]
    )
    assert '<li id="x" data-moved-to="../b/#x"><a href="../b/#x">Clot (DVT) row</a></li>' in page
    assert ">Known clot (DVT)</a></li>" in page and "not-there" not in page


def test_an_abbreviation_never_matches_inside_a_character_reference_or_an_address():
    expansions = {"para": "paragraph", "amp": "ampere", "www": "world wide web"}
    html = '<p>[1]&#91;2&#93; &para; &amp; <a href="https://www.site.test/para">www</a> para</p>'
    out = add_abbreviations(html, expansions)
    assert "&#91;2&#93; &para; &amp; " in out and 'href="https://www.site.test/para"' in out
    assert out.endswith('<abbr title="paragraph">para</abbr></p>')


def test_an_id_used_twice_on_a_page_is_one_line_naming_it(tmp_path):
    page = '<p id="case-a-1">A</p><p id="case-a-1">B</p><p id=\'q\'></p>'
    problems = postbuild.repeated_ids(tmp_path, tmp_path / "practice" / "index.html", page)
    assert problems == [
        (
            "site: practice/index.html: the id 'case-a-1' is used 2 times on the page; "
            "two entries of the data make the same name: rename one"
        )
    ]


def test_the_offline_index_is_written_from_the_finished_index(tmp_path):
    """Sections lose the page's tags (they stay on the page's own entry), and the offline copy's
    script carries the same finished index as search_index.json."""
    (tmp_path / "search").mkdir()
    docs = [
        {"location": "a/", "title": "A", "text": "", "tags": ["ibuprofen"]},
        {"location": "a/#b", "title": "B", "text": "", "tags": ["ibuprofen"]},
    ]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": docs}))
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}")
    postbuild.finish_search_index(tmp_path)
    online = json.loads((tmp_path / "search" / "search_index.json").read_text())
    offline = (tmp_path / "search" / "search_index.js").read_text()
    assert [doc.get("tags") for doc in online["docs"]] == [["ibuprofen"], None]
    assert json.loads(offline.removeprefix("var __index = ")) == online


PAGE_PATH = "glossary/index.html"


def test_a_kept_page_is_finished_again_when_what_it_reads_changes(monkeypatch):
    """The preview keeps each finished page by the page and the options (sciatica/warm.py): the
    same page with another glossary or another banner is finished again, never taken from before."""
    monkeypatch.setattr(warm, "ACTIVE", True)  # as in the preview's builder
    page = '<article><p>CES is rare.</p><span data-sc-fill="banner"></span></article>'
    first = postbuild.Options(expansions={"CES": "Cauda equina syndrome"}, fills={"banner": "<p>Call 999</p>"})
    hits = warm.FINISHED.hits
    assert 'title="Cauda equina syndrome"' in postbuild.finished_page(PAGE_PATH, page, first)[0]
    assert postbuild.finished_page(PAGE_PATH, page, first) == postbuild.page_steps(page, first)
    assert warm.FINISHED.hits == hits + 1

    glossary = postbuild.Options(expansions={"CES": "Cauda equina (edited)"}, fills=first.fills)
    assert 'title="Cauda equina (edited)"' in postbuild.finished_page(PAGE_PATH, page, glossary)[0]
    banner = postbuild.Options(expansions=first.expansions, fills={"banner": "<p>Call 112</p>"})
    assert "Call 112" in postbuild.finished_page(PAGE_PATH, page, banner)[0]
    assert warm.FINISHED.hits == hits + 1


def test_a_page_is_kept_by_its_place_in_the_site_not_by_the_folder_built_into(tmp_path, monkeypatch):
    """The preview builds into a new folder each time: a page finished in the last build's folder
    is reused in the next one."""
    monkeypatch.setattr(warm, "ACTIVE", True)  # as in the preview's builder
    page = "<html><body><article><h1>Glossary</h1><p>CES is rare.</p></article></body></html>"
    options = postbuild.Options(expansions={"CES": "Cauda equina syndrome"})
    hits = warm.FINISHED.hits
    for build in ("build-1", "build-2"):
        (tmp_path / build / "glossary").mkdir(parents=True)
        (tmp_path / build / "glossary" / "index.html").write_text(page)
        assert postbuild.run(tmp_path / build, options) == []
    assert warm.FINISHED.hits == hits + 1
    assert 'title="Cauda equina syndrome"' in (tmp_path / "build-2" / "glossary" / "index.html").read_text()


def test_a_one_off_build_keeps_nothing(tmp_path, monkeypatch):
    """make build runs once in its process: it finishes every page without working out keys."""
    monkeypatch.setattr(warm, "ACTIVE", False)
    monkeypatch.setattr(warm, "FINISHED", warm.Kept())
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "index.html").write_text(
        "<html><body><article><p>CES is rare.</p></article></body></html>"
    )
    assert postbuild.run(tmp_path, postbuild.Options(expansions={"CES": "Cauda equina syndrome"})) == []
    assert warm.FINISHED.entries == {}
    assert 'title="Cauda equina syndrome"' in (tmp_path / "glossary" / "index.html").read_text()
