"""zhfix as a data-juicer Mapper (``pip install 'zhfix[datajuicer]'``).

Importing this module registers the operator ``zhfix_mapper``, so a recipe can name it::

    process:
      - zhfix_mapper:                 # before the two below: they turn ，。“” into ASCII
      - fix_unicode_mapper:
      - punctuation_normalization_mapper:

It must run before data-juicer's ``fix_unicode_mapper`` (ftfy with its defaults) and
``punctuation_normalization_mapper``: they turn Chinese full-width punctuation into
ASCII, after which the shifted marks can no longer be told from the real ones.
"""

from __future__ import annotations

from typing import Any

from data_juicer.ops.base_op import OPERATORS, Mapper

from ..batch.records import Mode, repair_texts

OP_NAME = "zhfix_mapper"


@OPERATORS.register_module(OP_NAME)
class ZhfixMapper(Mapper):
    """Repair Founder-shifted punctuation (``袁`` -> ``，``) in each sample's text, in
    batches; every text is judged on its own, and clean text is left unchanged.

    ``mode``: ``"chars"`` (character repair, the default) or ``"restore"`` (also
    joins broken lines into paragraphs).  ``meta_key``: if set, each sample also gets
    ``{damaged, changes, min_confidence}`` under this key.
    """

    _batched_op = True

    def __init__(self, mode: Mode = "chars", meta_key: str | None = None, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mode: Mode = mode
        self.meta_key = meta_key

    def process_batched(self, samples: dict[str, list[Any]], *args: Any,
                        **kwargs: Any) -> dict[str, list[Any]]:
        values = samples[self.text_key]
        positions = [i for i, v in enumerate(values) if isinstance(v, str)]
        results = repair_texts([values[i] for i in positions], self.mode)
        fixed = list(values)
        metas: list[dict[str, object] | None] = [None] * len(values)
        for i, r in zip(positions, results, strict=True):
            fixed[i] = r.text
            metas[i] = r.meta()
        samples[self.text_key] = fixed
        if self.meta_key:
            samples[self.meta_key] = metas
        return samples
