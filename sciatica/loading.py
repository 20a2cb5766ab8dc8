"""Reading the data file as plain, trustworthy YAML, with one line per problem.

The file is edited by many hands, so the loader refuses what YAML allows but this file never
needs: duplicate keys (the second would silently replace the first), tags beyond plain
strings, numbers, booleans, lists and mappings (``!!binary``, ``!!python/...``), anchors and
aliases (an alias bomb expands a few lines into billions of nodes), merge keys, nesting deeper
than the schema, control characters, and numbers with a leading zero (YAML 1.1 reads ``0112``
as the octal number 74). Only ``true``/``false`` are booleans (``no`` stays the word "no") and
dates stay text for the schema to check.

Parsing uses libyaml (the C loader) when it is installed; line numbers are worked out only
when there is a problem to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    BaseLoader = yaml.SafeLoader
else:  # the C loader when PyYAML was built with it: the same rules, faster
    BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 16  # the schema's deepest value (body.nerves[].points[][]) is 5 levels down

TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {f"{TAG}{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
# Characters no text in the data needs: controls, line and bidi overrides, and the invisible
# format characters (zero-width spaces and joiners, word joiners, soft hyphens) that let two
# texts look the same while differing, or a text look filled while showing nothing.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]"
)
LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
DECIMAL = re.compile(r"^[-+]?[0-9]+$")
REAL = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
MAX_DIGITS = 12  # no number in the schema comes near a trillion; more digits is a slip
# A " #" after plain text starts a YAML comment: the rest of the line would vanish without a word.
COMMENT_AFTER = re.compile(r"[ \t]+#")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data file, in the words a maintainer can act on."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found; str() gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DataLoader(BaseLoader):
    """The safe loader with YAML 1.2-style plain scalars: true/false, null, decimal numbers."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012  (PyYAML's own class attribute, replaced)


for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
]:
    DataLoader.add_implicit_resolver(f"{TAG}{tag}", re.compile(pattern), list(first))


def decimal_int(loader: DataLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node))


def yaml_bool(loader: DataLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


DataLoader.add_constructor(f"{TAG}int", decimal_int)
DataLoader.add_constructor(f"{TAG}bool", yaml_bool)


def utf8_text(raw: bytes) -> tuple[str | None, int | None, str]:
    """(text, None, "") for UTF-8 bytes, else (None, line, why): UTF-16 is named as such."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 3 and (raw[1:2] == b"\x00" or raw[0:1] == b"\x00")):
        return None, None, "is saved as UTF-16; save it as UTF-8"
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None, ""
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, line, f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8"


def read_text(path: Path, shown_as: str) -> str:
    """The file's text, or one line saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(shown_as, None, "(file)", "not found; the site is built from this file")]) from None
    except OSError as error:
        raise DataError([Problem(shown_as, None, "(file)", f"cannot be read: {error.strerror}")]) from None
    text, line, why = utf8_text(raw)
    if text is None:
        raise DataError([Problem(shown_as, line, "(file)", why)])
    return text


def character_problems(text: str, file: str) -> list[Problem]:
    """Characters no text needs, anywhere in the file (comments too: the parser stops at them
    without saying on which line)."""
    return [
        Problem(
            file,
            number,
            "(file)",
            f"contains the character U+{ord(match.group()):04X}, which no text here needs; remove it",
        )
        for number, source in enumerate(text.split("\n"), start=1)
        for match in [CONTROL.search(source)]
        if match
    ]


def compose(text: str, file: str) -> yaml.Node | None:
    loader = DataLoader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        entry = nearest_id(text, line)
        where = f"YAML syntax (in entry {entry!r})" if entry else "YAML syntax"
        raise DataError([Problem(file, line, where, str(error.problem or error))]) from None
    except yaml.YAMLError as error:  # the reader's errors (such as a control character) have no mark
        raise DataError([Problem(file, None, "YAML syntax", str(error).splitlines()[0])]) from None
    finally:
        loader.dispose()


def nearest_id(text: str, line: int | None) -> str | None:
    """The id of the entry a line falls in: the last `- id:` at or above it."""
    if not line:
        return None
    for source_line in reversed(text.splitlines()[:line]):
        found = re.match(r"\s*- id:\s*([a-z0-9-]+)\s*$", source_line)
        if found:
            return found.group(1)
    return None


def node_label(path: tuple) -> str:
    """('drugs', (3, 'ibuprofen'), 'generic') -> 'drugs[ibuprofen].generic'."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, tuple):
            index, name = key
            parts[-1:] = [(parts[-1] if parts else "") + (f"[{name}]" if name else f"[{index + 1}]")]
        else:
            parts.append(str(key))
    return ".".join(parts) or "(top level)"


def entry_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value
    return None


def untrusted_nodes(root: yaml.Node, file: str, text: str) -> list[Problem]:
    """Everything the data file must not use, found in one walk over the composed nodes."""
    problems: list[Problem] = []
    seen: set[int] = set()
    aliases: list[tuple[yaml.Node, tuple]] = []
    stack: list[tuple[yaml.Node, tuple, int, yaml.Node]] = [(root, (), 1, root)]

    def report(node: yaml.Node, path: tuple, message: str) -> None:
        problems.append(Problem(file, node.start_mark.line + 1, node_label(path), message))

    while stack:
        node, path, depth, parent = stack.pop()
        if id(node) in seen:
            aliases.append((parent, path))  # an alias shares its anchor's node: never walk it twice
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            report(
                node,
                path,
                f"the tag {node.tag.replace(TAG, '!!')} is not allowed; "
                "use plain text, numbers, true/false, lists and mappings",
            )
            continue
        if depth > MAX_DEPTH:
            report(node, path, f"nested more than {MAX_DEPTH} levels deep; the schema is never this deep")
            continue
        if isinstance(node, yaml.ScalarNode):
            problem = scalar_problem(node, text)
            if problem:
                report(node, path, problem)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in reversed(list(enumerate(node.value))):  # walked in document order
                stack.append((item, (*path, (index, entry_id(item))), depth + 1, node))
        elif isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key, value in node.value:
                name: str = key.value if isinstance(key, yaml.ScalarNode) else ""
                if key.tag == f"{TAG}merge" or name == "<<":
                    report(key, path, "merge keys (<<) are not allowed; write the fields out in full")
                elif not isinstance(key, yaml.ScalarNode) or key.tag != f"{TAG}str":
                    report(key, path, "keys must be plain words")
                elif name in first_line:
                    report(
                        key,
                        (*path, name),
                        f"duplicate key {name!r} (first at line {first_line[name]}); "
                        "the second would silently replace the first",
                    )
                else:
                    first_line[name] = key.start_mark.line + 1
            stack.extend(
                (value, (*path, key.value), depth + 1, node)
                for key, value in reversed(node.value)
                if isinstance(key, yaml.ScalarNode) and key.tag == f"{TAG}str"
            )
    if aliases:
        parent, path = aliases[0]
        more = f" ({len(aliases) - 1} more)" if len(aliases) > 1 else ""
        report(parent, path, f"aliases (*name) are not allowed; write the value out in full{more}")
    return sorted(problems, key=lambda p: p.line or 0)


def scalar_problem(node: yaml.ScalarNode, text: str) -> str | None:
    """What is wrong with one value, if anything: a character no text needs, a number or a
    true/false that YAML would read as something else, or plain text cut short by a comment."""
    value = node.value
    control = CONTROL.search(value)
    if control:
        return f"contains the character U+{ord(control.group()):04X}, which no text here needs; remove it"
    if node.tag == f"{TAG}int":
        if not DECIMAL.match(value):
            return f"{value!r} is not a whole number written in decimal digits"
        if len(value.lstrip("+-")) > MAX_DIGITS:
            return f"a number of {len(value.lstrip('+-'))} digits is far larger than anything here"
        if not node.style and LEADING_ZERO.match(value):
            return f'{value} has a leading zero, which YAML may read as an octal number; write it in quotes: "{value}"'
    if node.tag == f"{TAG}float" and (not REAL.match(value) or len(value) > 40):
        return f"{value!r} is not a number"
    if node.tag == f"{TAG}bool" and value not in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return f"{value!r} is not true or false; write true or false"
    if node.tag == f"{TAG}str" and not node.style and " " in value:
        start = node.end_mark.index
        end = text.find("\n", start)
        rest = text[start : end if end >= 0 else len(text)]  # the rest of its line, without copying the file
        if COMMENT_AFTER.match(rest):
            return (
                "' #' after this text starts a YAML comment, so the words after it were dropped; "
                "put the whole text in quotes"
            )
    return None


def construct(root: yaml.Node):
    loader = DataLoader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def read_yaml(text: str, file: str) -> tuple[object, yaml.Node | None]:
    """The document as Python data, and its nodes (for line numbers if a later check fails)."""
    problems = character_problems(text, file)
    if problems:
        raise DataError(problems[:20])
    root = compose(text, file)
    if root is None:
        return None, None
    problems = untrusted_nodes(root, file, text)
    if problems:
        raise DataError(problems)
    return construct(root), root


def line_of(root: yaml.Node | None, location: tuple) -> int | None:
    """The line of the deepest node on a path of keys and list indexes (worked out only on error)."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for key in location:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line
