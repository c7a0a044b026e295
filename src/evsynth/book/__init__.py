"""Stage 4, the book: everything a chapter inserts, in Indonesian and English.

``messages`` holds every sentence and label a reader sees, ``values`` every number the
prose cites, ``tables`` the Markdown tables, and ``language_links`` the links between
the two languages' pages of a rendered book.
"""
