"""Training, corpus and fixture scripts of zhfix (not shipped in the package).

A regular package, so that ``tools.pdf_fixtures`` is this folder's even where another
distribution installs a top-level ``tools`` package (py-data-juicer does).
"""
