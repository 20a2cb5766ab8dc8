"""The few settings of mkdocs.yml that the build steps around the engine need (site name and
address, the repository), read without any engine. `!ENV [NAME, default]` is read by the same
library MkDocs uses (pyyaml-env-tag), so a setting can come from the environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml_env_tag import construct_env_tag

CONFIG_FILE = "mkdocs.yml"
# What stands where a full address would be, in a build without SITE_URL: the site never
# invents an address (a QR code or a credit line to a made-up domain leads nowhere).
NO_ADDRESS = "set SITE_URL to the published address"
# What a local build may use but a build for publishing must not (PUBLISH=true): the names reserved
# for examples (RFC 2606: "example" as the top-level name or the name under .com, .net or .org),
# this machine, and the repository placeholder of the Pages workflow.
RESERVED_FOR_EXAMPLES = "example"
THIS_MACHINE = ("localhost", "127.0.0.1")
REPOSITORY_PLACEHOLDER = "OWNER/REPOSITORY"


def is_placeholder(address: str) -> bool:
    """Whether an address leads nowhere a reader could follow."""
    host = (urlsplit(address).hostname or "").lower()
    return (
        host in THIS_MACHINE
        or RESERVED_FOR_EXAMPLES in host.split(".")[-2:]
        or REPOSITORY_PLACEHOLDER.lower() in address.lower()
    )


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: !ENV picks an environment variable or the default; other tags (Python
    names for extensions) are read as plain values, since only a few scalar settings are used."""


def any_tag(loader: ConfigLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    raise yaml.constructor.ConstructorError(None, None, f"unexpected node {node.tag!r}", node.start_mark)


ConfigLoader.add_constructor("!ENV", construct_env_tag)
ConfigLoader.add_multi_constructor("!", any_tag)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", any_tag)


@dataclass(frozen=True)
class SiteConfig:
    site_name: str
    site_url: str  # the published address, ending in '/'; '' when SITE_URL is not set
    repository: str

    def address(self, path: str = "") -> str | None:
        """The full address of a path under the site (such as 'massage/kneading/'), or None when
        the site has no address: the caller then links relatively or says NO_ADDRESS."""
        return self.site_url + path if self.site_url else None

    def placeholders(self) -> list[str]:
        """Settings that are missing or still hold a placeholder, one line each."""
        found = []
        for name, value in (("SITE_URL", self.site_url), ("REPO_URL", self.repository)):
            if not value:
                found.append(f"{name} is not set")
            elif is_placeholder(value):
                found.append(f"{name}={value!r}")
        return found


class ConfigProblem(ValueError):
    """mkdocs.yml cannot be read; the message is one line naming the file (and line)."""


def read(project: Path) -> SiteConfig:
    raw = read_raw(project)
    site_url = str(raw.get("site_url") or "").strip()
    return SiteConfig(
        str(raw["site_name"]),
        site_url if site_url.endswith("/") or not site_url else site_url + "/",
        str((raw.get("extra") or {}).get("repository") or ""),
    )


def read_raw(project: Path) -> dict:
    """mkdocs.yml as data, checked enough for the steps around the engine (ConfigProblem if not)."""
    try:
        raw = yaml.load((project / CONFIG_FILE).read_text(encoding="utf-8"), Loader=ConfigLoader)
    except OSError as error:
        raise ConfigProblem(f"{CONFIG_FILE}: cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigProblem(f"{CONFIG_FILE}: is not UTF-8; save it as UTF-8") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigProblem(f"{CONFIG_FILE}{line}: YAML syntax: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise ConfigProblem(f"{CONFIG_FILE}: YAML syntax: {str(error).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise ConfigProblem(f"{CONFIG_FILE}: expected settings (name: value), found {type(raw).__name__}")
    if not str(raw.get("site_name") or "").strip():
        raise ConfigProblem(f"{CONFIG_FILE}: site_name is missing; every engine needs it")
    return raw


def nav_files(nav: object, trail: tuple[str, ...] = ()):
    """(the entry's place in the navigation, the page it names) for every page in `nav`."""
    if isinstance(nav, str):
        if not nav.startswith(("http://", "https://", "/")):
            yield " > ".join(trail) or nav, nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_files(item, trail)
    elif isinstance(nav, dict):
        for title, item in nav.items():
            yield from nav_files(item, (*trail, str(title)))
