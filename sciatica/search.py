"""Words that lead a search to the page that owns a topic.

Material's search indexes a page's `tags` with a very high boost, so a word given to a page as a
tag ranks that page first for it. The tags are single words, because that is how the search splits
them; small function words are left out, since as tags they would pull every question ("what",
"do", "I") to one page.
"""

from __future__ import annotations

import re
import typing

if typing.TYPE_CHECKING:  # the post-build pass needs only the stop words, not the model
    from sciatica.model import SiteData

# Lunr's English stop-word list (the filter the search would otherwise apply to every query).
STOP_WORDS = frozenset(
    [
        "a",
        "able",
        "about",
        "across",
        "after",
        "all",
        "almost",
        "also",
        "am",
        "among",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "dear",
        "did",
        "do",
        "does",
        "either",
        "else",
        "ever",
        "every",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "he",
        "her",
        "hers",
        "him",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "least",
        "let",
        "like",
        "likely",
        "may",
        "me",
        "might",
        "most",
        "must",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "often",
        "on",
        "only",
        "or",
        "other",
        "our",
        "own",
        "rather",
        "said",
        "say",
        "says",
        "she",
        "should",
        "since",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "tis",
        "to",
        "too",
        "twas",
        "us",
        "wants",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "yet",
        "you",
        "your",
    ]
)

WORD = re.compile(r"[\w&]+")


def tag_words(phrases: list[str]) -> list[str]:
    """The distinct words of the phrases, lower case, without stop words, in first-seen order."""
    words = (word.lower() for phrase in phrases for word in WORD.findall(phrase))
    return list(dict.fromkeys(word for word in words if word not in STOP_WORDS))


def search_tags(data: SiteData) -> dict[str, list[str]]:
    """Source page -> its tag words: the aliases in the data and every medicine's generic and brand
    names. (Not the techniques' other names: most contain "massage", which would pull every search
    about massage to whichever technique says it.)"""
    phrases: dict[str, list[str]] = {}
    for alias in data.search_aliases:
        phrases.setdefault(alias.page.partition("#")[0], []).extend(alias.words)
    for drug in data.drugs:
        phrases.setdefault("treatment/drugs.md", []).extend([drug.generic, *drug.brands])
    return {page: tag_words(found) for page, found in phrases.items()}
