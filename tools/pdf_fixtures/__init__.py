"""Newspaper PDF fixtures typeset by independent engines, with their gold.

Two real typesetting engines set the same kind of page from one plan (:mod:`.plan`):
HTML/CSS printed by headless Chromium (:mod:`.chromium_engine`) and Typst
(:mod:`.typst_engine`).  Texts are held-out People's Daily articles (:mod:`.text`),
split into *dev* and *test* texts.  The committed PDFs are the engines' own output;
:mod:`.damage` applies the Founder damage to any PDF's ToUnicode maps, and
:func:`.gold.damaged_copy` gives the damaged copy of a committed fixture.  The gold
(:mod:`.gold`) is the articles in reading order, as JSON beside each PDF; :mod:`.score`
compares a reader's output with it; :mod:`.glyphs` turns a page into a synthetic glyph
list for unit tests of layout steps.

    python -m tools.pdf_fixtures.build      # rebuild tests/data/newspapers/{dev,test}
"""

from .gold import FIXTURE_ROOT, Gold, damaged_copy, fixtures, load

__all__ = ["FIXTURE_ROOT", "Gold", "damaged_copy", "fixtures", "load"]
