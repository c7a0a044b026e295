"""evsynth: a small evidence-synthesis toolkit behind a reproducible review book.

Data flows one way, a subpackage per stage::

    data/ -> inputs -> audit, synthesis -> results/ -> figures, book -> chapters

- :mod:`evsynth.inputs` reads and validates every input file (the data contract);
- :mod:`evsynth.audit` recomputes each printed p-value and judges it;
- :mod:`evsynth.synthesis` computes effects, directions, the vote count and pooling;
- :mod:`evsynth.results` writes (and reads back) the result files;
- :mod:`evsynth.figures` draws the figures, :mod:`evsynth.book` writes values, tables
  and sentences for the chapters;
- :mod:`evsynth.pipeline` runs the notebooks that call these stages, and ``__main__``
  is the command line (``evsynth validate``, ``evsynth run``).
"""

__version__ = "0.1.0"
