"""Words that lead a search to the page that owns a topic, and how much a page weighs in it.

Material's search indexes a page's `tags` with a very high boost, so a word given to a page as a
tag ranks that page first for it. The tags are single words, because that is how the search splits
them; small function words are left out, since as tags they would pull every question ("what",
"do", "I") to one page, and so are the words of a phrase that nearly every page uses ("pain" in
"pain killers" once took every question about pain to the medicines page). A depth page weighs
less than its short page for patients, so the words patients use find the short page first.
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

# Words nearly every page uses: in a phrase they lead nowhere in particular, so only the phrase's
# other words become tags ("leg pain" gives none, "weak leg" gives "weak"). A one-word alias is
# kept whatever it is: it was chosen for that page.
COMMON_WORDS = frozenset({"pain", "leg", "legs", "back", "foot", "low", "way", "example", "non", "massage"})

# The site's subject: a query that names it with other words is about those words, so the search
# worker leaves it out ("what can I take for sciatica" is a question about medicines).
TOPIC_WORDS = frozenset({"sciatica"})

# A search for a depth page's own words still finds it; for the words patients use, its short page
# (which has the search aliases) ranks first. Material multiplies every entry of the page by it.
DEPTH_BOOST = 0.5

# A word: letters, digits and "&" (A&E), with apostrophes inside (can't) and hyphens between parts
# (co-codamol, X-ray).
WORD = re.compile(r"[\w&]+(?:['\u2019][\w&]+)*(?:-[\w&]+(?:['\u2019][\w&]+)*)*")
APOSTROPHE = re.compile(r"['\u2019]")


def phrase_words(phrase: str) -> list[str]:
    """The words of one phrase as the search sees them: split at hyphens (as the index splits the
    page text), and the hyphenated word also whole ("cocodamol"); apostrophes dropped ("cant",
    which is how people type it; the worker drops them from a query too)."""
    words = []
    for word in WORD.findall(phrase.lower()):
        word = APOSTROPHE.sub("", word)
        parts = word.split("-")
        words.extend(parts if len(parts) == 1 else [*parts, "".join(parts)])
    return words


def tag_words(phrases: list[str]) -> list[str]:
    """The distinct words of the phrases, lower case, in first-seen order; without stop words, and
    without common words or single letters unless the phrase is that one word."""
    found: list[str] = []
    for phrase in phrases:
        words = phrase_words(phrase)
        alone = len(words) == 1
        found.extend(
            word for word in words if word not in STOP_WORDS and (alone or (word not in COMMON_WORDS and len(word) > 1))
        )
    return list(dict.fromkeys(found))


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
