"""Text from data files, escaped for the format it is written in: one function per format.

Labels, test names and BibTeX authors come from files a reviewer types or receives, so
every writer passes them through here before they reach a reader's tools:

- :func:`markdown` for the book's generated Markdown (tables, and the prose values that
  Quarto's ``{{< meta >}}`` parses as Markdown);
- :func:`html` for generated HTML (figure pages, SVG titles, language links);
- :func:`yaml` for YAML files, whose strings must stay strings for every reader;
- :func:`spreadsheet` for the cells of exported CSV files.

JSON needs nothing here: ``json.dumps`` quotes its own syntax (:mod:`evsynth.results`).
"""

from __future__ import annotations

import functools
import html as _html
import re

# Every ASCII character with a meaning inside a line of pandoc Markdown (Quarto's reader):
# \ escapes and raw TeX; ` code; * _ emphasis; [ ] links, images, spans, citations and
# footnotes; { } attributes and Quarto's shortcodes ({{< >}}, {{% %}}); < raw HTML, comments
# and autolinks; $ maths; ^ ~ super-, subscript and strikeout; @ citations and
# cross-references; & entities (so "&lt;" stays those four characters); | table cells.
# pandoc's all_symbols_escapable reads a backslash before any of them as the bare character.
# Two are left plain where they cannot mean anything, so ordinary text keeps its form:
# < before a space ("p < 0,05": a tag or an autolink starts right after it) and _ between
# two letters or digits ("d_z", "milk_adequacy": intraword_underscores).
_INLINE = re.compile(r"[\\`*\[\]{}$^~@&|]|<(?!\s|$)|(?<![^\W_])_|_(?![^\W_])")
# pandoc's smart punctuation turns "--" into a dash ("<!--" would read "<!–"): a hyphen after
# a hyphen stays a hyphen.
_DOUBLE_HYPHEN = re.compile(r"(?<=-)-")
# What opens a block where it starts the text (a value is parsed as a document of its own):
# a quote, pandoc's title block, and a heading, bullet or definition before a space.
_BLOCK_MARK = re.compile(r"^(?:[>%]|[#+:-](?=\s|$))")
# An ordered-list number where it starts the text: "2021. ", "(cc)", "a) ", "iv.", "#.".
_ENUMERATOR = re.compile(r"^(\(?(?:\d+|[A-Za-z]+|#))([.)])(?=\s|$)")
# Line breaks would end a table row or start a new block; a space reads the same.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
# Plain YAML scalars that read as the same string in YAML 1.1 (PyYAML) and 1.2 (pandoc, Quarto).
_YAML_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
# Cells a spreadsheet runs as a formula (OWASP, CSV injection): these first characters.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-0.5", "+1e3") is read as that number; no formula can come of it.
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")


def markdown(value) -> str:
    r"""``value`` as Markdown text that pandoc and Quarto read back as exactly that text.

    For a table cell or a whole value inserted by ``{{< meta >}}``: raw HTML, comments,
    links, images, citations, shortcodes, maths and emphasis come out as the characters
    written, and so do a backslash, a pipe and a leading ``>``, ``#``, ``-`` or list
    number. Line breaks become spaces. Ordinary text ("0,016", "p < 0,0001", "d_z",
    "≥ 0,70") renders as before; its source may gain backslashes. A double hyphen stays
    two hyphens; quotes and "..." are left to pandoc's smart punctuation, which only sets
    them typographically.

    Examples
    --------
    >>> print(markdown("<img src=x onerror=alert(1)>"))
    \<img src=x onerror=alert(1)>
    >>> print(markdown("{{< env HOME >}} @SUM(1+1) x\\|y"))
    \{\{< env HOME >\}\} \@SUM(1+1) x\\\|y
    >>> print(markdown("> 0,05"), markdown("(cc)"), markdown("p < 0,0001"), markdown("d_z"))
    \> 0,05 (cc\) p < 0,0001 d_z
    """
    text = _LINE_BREAKS.sub(" ", str(value)).strip(" \t")  # leading spaces would make a code block
    text = _INLINE.sub(r"\\\g<0>", text)
    text = _DOUBLE_HYPHEN.sub(r"\\-", text)
    text = _BLOCK_MARK.sub(r"\\\g<0>", text)
    return _ENUMERATOR.sub(r"\1\\\2", text)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    r"""The text that the Markdown ``text`` (as :func:`markdown` writes it) reads as: each
    backslash escape undone, so the text can be shown again, or escaped again, elsewhere.

    >>> plain(markdown("p < 0,0001")), plain(markdown(r"{{< x >}} a\|b <i>")), plain(markdown("1. (cc)"))
    ('p < 0,0001', '{{< x >}} a\\|b <i>', '1. (cc)')
    """
    return _ESCAPED.sub(r"\1", text)


def html(value, quote: bool = True) -> str:
    """``value`` as HTML text: ``&``, ``<``, ``>`` (and, for attributes, quotes) as entities.

    ``quote=False`` is for text that is never inside an attribute, such as plotly's labels
    (:func:`evsynth.figures.style.safe`), where fewer entities keep the text as written.

    >>> html('<script>alert("1")</script>')
    '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;'
    """
    return _html.escape(str(value), quote=quote)


@functools.cache
def _quoting_dumper():
    """``yaml.SafeDumper`` that quotes every string but a plain identifier.

    Built on first use: the post-render step imports this module (through
    :mod:`evsynth.book.language_links`) with the standard library alone, without PyYAML.
    """
    import yaml as pyyaml

    def represent_text(dumper, text: str):
        plain = _YAML_PLAIN.match(text) and text.lower() not in _YAML_WORDS
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if plain else "'")

    dumper = type("QuotingDumper", (pyyaml.SafeDumper,), {})
    dumper.add_representer(str, represent_text)
    return dumper


def yaml(data) -> str:
    """``data`` as YAML in which every string reads back as that string, in any reader.

    ``yaml.safe_dump`` quotes what YAML 1.1 (PyYAML) would misread, but leaves ``N``,
    ``y``, ``1e-5`` and ``0o7`` plain, which pandoc, reading Quarto's metadata as YAML 1.2,
    takes for a boolean or a number (``1e-5`` would print as ``1.0e-5``). So every string
    but a plain identifier is quoted. Keys are sorted; lines are never folded.

    >>> print(yaml({"values": {"alpha": "0.05", "printed": "1e-5", "words": "six", "flag": "N"}}), end="")
    values:
      alpha: '0.05'
      flag: 'N'
      printed: '1e-5'
      words: six
    """
    import yaml as pyyaml

    return pyyaml.dump(data, Dumper=_quoting_dumper(), allow_unicode=True, sort_keys=True, width=1000)


def spreadsheet(value):
    r"""A CSV cell that a spreadsheet shows as written instead of running it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading single quote, as OWASP's guidance on CSV injection says: spreadsheets read it
    as "this is text" and show the rest. Anything that is not text (numbers, missing
    values) is returned as it is, so numeric columns keep their numbers; so is text that
    is a plain number such as ``"-0.5"``, which a spreadsheet reads as that number.

    Examples
    --------
    >>> spreadsheet('=HYPERLINK("http://x")'), spreadsheet("@SUM(1+1)")
    ('\'=HYPERLINK("http://x")', "'@SUM(1+1)")
    >>> spreadsheet("McNemar"), spreadsheet("-0.5"), spreadsheet(-0.5)
    ('McNemar', '-0.5', -0.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value
