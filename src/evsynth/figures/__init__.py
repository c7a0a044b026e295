"""Figures: built with plotly from the pipeline's results, in Indonesian and English.

Every figure goes through :func:`evsynth.figures.export.export_figures`, which writes an
HTML fragment for the book, a standalone page, and static PNG, all
byte-for-byte reproducible.
"""
