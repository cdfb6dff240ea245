"""The reference pages in docs/ say what the code says (they are written by tools/docs.py)."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import docs  # noqa: E402


@pytest.mark.parametrize("name", sorted(docs.PAGES))
def it_keeps_the_generated_page_current(name):
    assert (REPO / "docs" / name).read_text("utf-8") == docs.PAGES[name](), f"docs/{name} är inaktuell: kör 'make docs'"


def it_links_every_page_from_the_index():
    index = (REPO / "docs" / "README.md").read_text("utf-8")
    for page in sorted(p.name for p in (REPO / "docs").glob("*.md") if p.name != "README.md"):
        assert f"({page})" in index, page


def they_refer_to_nothing_outside_the_repository():
    for page in [REPO / "README.md", *(REPO / "docs").glob("*.md")]:
        assert "../shared" not in page.read_text("utf-8"), page.name
