"""zhfix as a NeMo Curator document modifier (``pip install 'zhfix[nemo-curator]'``)::

    from nemo_curator.stages.text.modifiers import Modify
    from zhfix.integrations.nemo_curator import ZhfixModifier

    pipeline.add_stage(Modify(ZhfixModifier(), input_fields="text"))

Put it before any modifier that normalises punctuation to ASCII.
"""

from __future__ import annotations

from nemo_curator.stages.text.modifiers import DocumentModifier

from ..batch.records import Mode, repair_texts


class ZhfixModifier(DocumentModifier):  # type: ignore[misc]
    """Repair one document's text (Founder-shifted punctuation, ``袁`` -> ``，``);
    clean text comes back unchanged.  ``mode``: ``"chars"`` or ``"restore"``."""

    def __init__(self, mode: Mode = "chars") -> None:
        super().__init__()
        self.mode: Mode = mode

    def modify_document(self, text: str) -> str:  # type: ignore[override]
        if not isinstance(text, str):
            return text
        return repair_texts([text], self.mode)[0].text
