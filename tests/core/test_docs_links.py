"""The documentation stands alone: every relative link in the README, SECURITY.md and docs/ opens a file of this
repository (never one beside it), and a link to a heading finds that heading."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "SECURITY.md", *(ROOT / "docs").rglob("*.md")])

FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, …
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text with code blocks and code spans taken out: a path in code is not a link."""
    return CODE_SPAN.sub("", FENCED.sub("", text))


def links(text: str) -> list[str]:
    body = prose(text)
    return INLINE_LINK.findall(body) + REFERENCE_LINK.findall(body)


def anchors(path: Path) -> set[str]:
    """The anchors a Markdown renderer (GitHub's) gives the file's headings: lower case, punctuation dropped, spaces
    as hyphens, a repeated heading numbered."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCED.sub("", path.read_text())):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(document: Path) -> list[str]:
    """Every relative link in the document that opens nothing in the repository, with the reason."""
    problems = []
    for target in links(document.read_text()):
        if EXTERNAL.match(target):
            continue
        path_part, _, fragment = target.partition("#")
        resolved = (document.parent / path_part).resolve() if path_part else document
        if not resolved.is_relative_to(ROOT):
            problems.append(f"{target}: outside the repository")
        elif not resolved.exists():
            problems.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            problems.append(f"{target}: no such heading")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_opens_a_file_of_the_repository(document):
    assert broken_links(document) == []


def test_the_readme_indexes_every_document_in_docs():
    readme_links = {(ROOT / target.partition("#")[0]).resolve() for target in links((ROOT / "README.md").read_text())}
    assert [str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").glob("*.md")) if p not in readme_links] == []


def test_the_checker_finds_what_is_broken_and_ignores_code(tmp_path, monkeypatch):
    """The checks above could not fail if the walker saw no links: here it must find each kind of mistake."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "there.md").write_text("# A heading – with «quotes»\n\n## Again\n## Again\n")
    document = tmp_path / "README.md"
    document.write_text(
        "[ok](docs/there.md) [ok](docs/there.md#a-heading--with-quotes) [ok](docs/there.md#again-1) [web](https://x.no)\n"
        "[gone](docs/missing.md) [beside](../shared/design.md) [anchor](docs/there.md#nowhere)\n"
        "![image](docs/missing.png)\n\n[ref]: docs/also-missing.md\n\n"
        "`[code](docs/not-a-link.md)`\n```\n[fenced](docs/not-a-link-either.md)\n```\n"
    )
    assert broken_links(document) == [
        "docs/missing.md: no such file",
        "../shared/design.md: outside the repository",
        "docs/there.md#nowhere: no such heading",
        "docs/missing.png: no such file",
        "docs/also-missing.md: no such file",
    ]
