"""Input files that exist only for the tests: a second review, the BCG vaccine trials."""

from pathlib import Path

TEST_DATA = Path(__file__).parent / "data"
BCG_STUDIES = TEST_DATA / "bcg-studies.csv"
BCG_REFERENCES = TEST_DATA / "bcg-references.bib"
