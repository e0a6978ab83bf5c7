"""Every relative link in the README, the docs and the benchmarks' README leads somewhere.

A link to a file must name a file of the repository, and a link to a heading (`#…`) must name a
heading of that page as GitHub makes its anchors: lower case, punctuation dropped, spaces as
hyphens. Links to web addresses are not followed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "bench").rglob("README.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of `page`."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def broken_links(page: Path) -> list[str]:
    """Each relative link of `page` that names no file, or no heading of the page it names."""
    broken = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading with that anchor")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves(page: Path):
    assert broken_links(page) == []


def test_a_missing_file_and_a_missing_heading_are_found(tmp_path: Path):
    (tmp_path / "anden.md").write_text("# Om `kkdocs` (kort)\n", encoding="utf-8")
    page = tmp_path / "side.md"
    page.write_text("# Én overskrift\n\n[god](#én-overskrift) [dårlig](#ingen) [væk](mangler.md)\n"
                    "[anden](anden.md#om-kkdocs-kort) [web](https://example.org/x)\n"
                    "```\n[i kode](ikke-et-link.md)\n```\n", encoding="utf-8")
    assert broken_links(page) == ["#ingen: no heading with that anchor", "mangler.md: no such file"]
