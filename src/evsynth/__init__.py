"""evsynth: a small evidence-synthesis toolkit behind a reproducible review book.

Data flows one way: validated data files -> pure functions in this package ->
result tables and figures -> notebooks -> chapters.
"""

__version__ = "0.1.0"
