"""zhfix as a step of other data tools: Ray Data, data-juicer, datatrove, NeMo Curator.

Each module imports its framework, so each needs its own extra
(``pip install 'zhfix[ray]'`` and so on); importing this package imports none of them.
"""
