"""zhfix as a datatrove pipeline step (``pip install 'zhfix[datatrove]'``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from zhfix.integrations.datatrove import ZhfixFormatter

    LocalPipelineExecutor(
        [JsonlReader("in/"), ZhfixFormatter(), JsonlWriter("out/")], tasks=4
    ).run()

Put it before any step that normalises punctuation to ASCII (datatrove's own
``FTFYFormatter`` keeps full-width punctuation by default; ftfy's
``fix_character_width=True`` would not).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from datatrove.pipeline.base import PipelineStep

from ..batch.records import Mode, repair_texts


class ZhfixFormatter(PipelineStep):  # type: ignore[misc]
    """Repair the text of each document (Founder-shifted punctuation, ``袁`` ->
    ``，``), a batch of documents at a time; documents keep their order.

    ``meta_key``: if set, each document's ``metadata`` gets ``{damaged, changes,
    min_confidence}`` under it.  Stats: ``total``, ``damaged``, ``changes``.
    """

    type = "✂️ - FORMAT"
    name = "zhfix"

    def __init__(self, mode: Mode = "chars", meta_key: str | None = None,
                 batch_size: int = 256) -> None:
        super().__init__()
        self.mode: Mode = mode
        self.meta_key = meta_key
        self.batch_size = batch_size

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        if data is None:
            return
        documents = iter(data)
        while batch := list(islice(documents, self.batch_size)):
            with self.track_time("batch"):
                results = repair_texts([d.text for d in batch], self.mode)
            for doc, r in zip(batch, results, strict=True):
                self.stat_update("total")
                if r.damaged:
                    self.stat_update("damaged")
                    self.stat_update("changes", value=r.changes)
                doc.text = r.text
                if self.meta_key:
                    doc.metadata[self.meta_key] = r.meta()
                yield doc
