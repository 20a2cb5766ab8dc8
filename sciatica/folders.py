"""Where a build may write, and what it may read: the build never replaces a folder it did not
make, never writes into the project's sources, and never publishes a file from outside docs/."""

from __future__ import annotations

import os
from pathlib import Path

# The project's own folders and files: a site may never be written into, over or around them.
SOURCES = {
    "docs",
    "data",
    "macros",
    "sciatica",
    "overrides",
    "tests",
    "tools",
    "bench",
    ".git",
    ".github",
    ".ci",
    "node_modules",
    ".venv",
}
BUILD_MARK = ".site-built-here"  # written into every built site; a folder holding it may be replaced
MARK_TEXT = "This folder is a built site. The next build replaces it whole.\n"


def looks_built(folder: Path) -> bool:
    """A folder an earlier build made: it has the mark (or, from before the mark, a whole built site)."""
    return (folder / BUILD_MARK).is_file() or ((folder / "sitemap.xml").is_file() and (folder / "404.html").is_file())


def site_folder_problem(project: Path, target: Path) -> str | None:
    """Why the build must not replace `target` with a site, or None when it may."""
    project, target = project.resolve(), target.resolve()
    shown = target.relative_to(project).as_posix() + "/" if target.is_relative_to(project) else target.as_posix()
    if project == target or project.is_relative_to(target):
        return f"{shown}: the site folder would replace the project itself; choose a folder such as site/"
    if target.is_relative_to(project):
        top = target.relative_to(project).parts[0]
        if top in SOURCES or (project / top).is_file():
            return f"{shown}: the site folder lies inside the project's sources ({top}); choose a folder such as site/"
    if target.exists() and not target.is_dir():
        return f"{shown}: is a file, not a folder; the build will not replace it"
    if target.is_dir() and any(target.iterdir()) and not looks_built(target):
        return (
            f"{shown}: holds files no build wrote; the build replaces its folder whole, so choose an empty or new one"
        )
    return None


def mark_built(site: Path) -> None:
    (site / BUILD_MARK).write_text(MARK_TEXT, encoding="utf-8")


def open_to_readers(site: Path) -> None:
    """Folders 0755 and files 0644, whatever the temporary folder was made with, so a web server
    running as another user can read the site (and a zip of it keeps that)."""
    for folder, _, files in os.walk(site):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def links_leaving(docs: Path) -> list[str]:
    """Symbolic links in docs/ that lead outside it: the engine would publish what they point to."""
    docs = docs.resolve()
    found = []
    for folder, folders, files in os.walk(docs):
        for name in [*folders, *files]:
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(docs):
                found.append(
                    f"docs/{path.relative_to(docs).as_posix()}: a symbolic link to "
                    f"{os.readlink(path)}, outside docs/; copy the file in instead"
                )
    return found
