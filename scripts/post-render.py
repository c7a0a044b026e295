"""Quarto's post-render step: link every page to the same page in the other language.

Standard library only, so it runs with whichever Python Quarto finds.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from evsynth.book.language_links import link_book  # noqa: E402

if __name__ == "__main__":
    pages = link_book(Path(os.environ["QUARTO_PROJECT_OUTPUT_DIR"]))
    print(f"post-render: language links written into {len(pages)} pages")
