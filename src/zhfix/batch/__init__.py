"""``zhfix batch``: many files and records repaired in parallel, resumably.

:func:`~zhfix.batch.records.repair_texts` is the one function every batch engine repairs
through; :mod:`~zhfix.batch.command` is the subcommand.
"""
