"""zhfix in Ray Data: a callable class for :meth:`ray.data.Dataset.map_batches`.

>>> import ray
>>> from zhfix.integrations.ray import FixBatch
>>> ds = ray.data.from_items([{"text": "会议指出袁要切实提高政治站位遥"}])
>>> ds = ds.map_batches(FixBatch, fn_constructor_kwargs={"column": "text"},
...                     batch_format="pyarrow", concurrency=2)      # doctest: +SKIP

Ray builds one instance per actor, so the model is loaded once per actor (in
``__init__``), not once per batch.  Needs ``pip install 'zhfix[ray]'``.
"""

from __future__ import annotations

from typing import Any

from ..batch.records import Mode, repair_texts


class FixBatch:
    """Repair the text column of each batch (a pyarrow Table, a pandas DataFrame or a
    dict of numpy arrays: whichever ``batch_format`` Ray hands over).

    ``column``
        The column holding the text.
    ``output_column``
        Where the repaired text goes (default: ``column`` itself, replaced).
    ``damaged_column``, ``changes_column``, ``min_confidence_column``
        Optional columns for each record's metadata: was it damaged, how many
        characters were repaired, the lowest confidence among those repairs.
    ``mode``
        ``"chars"`` (character repair) or ``"restore"`` (also lines and paragraphs).

    A null in the text column stays null.
    """

    def __init__(
        self,
        column: str = "text",
        output_column: str | None = None,
        *,
        damaged_column: str | None = None,
        changes_column: str | None = None,
        min_confidence_column: str | None = None,
        mode: Mode = "chars",
    ) -> None:
        self.column = column
        self.output_column = output_column or column
        self.damaged_column = damaged_column
        self.changes_column = changes_column
        self.min_confidence_column = min_confidence_column
        self.mode: Mode = mode
        repair_texts([""], mode)  # load the model now, once for this actor

    def _columns(self, values: list[Any]) -> dict[str, list[Any]]:
        texts = [v for v in values if isinstance(v, str)]
        results = iter(repair_texts(texts, self.mode))
        fixed: list[str | None] = []
        damaged: list[bool | None] = []
        changes: list[int | None] = []
        lowest: list[float | None] = []
        for value in values:
            if not isinstance(value, str):
                fixed.append(None)
                damaged.append(None)
                changes.append(None)
                lowest.append(None)
                continue
            r = next(results)
            fixed.append(r.text)
            damaged.append(r.damaged)
            changes.append(r.changes)
            lowest.append(r.min_confidence)
        out: dict[str, list[Any]] = {self.output_column: fixed}
        if self.damaged_column:
            out[self.damaged_column] = damaged
        if self.changes_column:
            out[self.changes_column] = changes
        if self.min_confidence_column:
            out[self.min_confidence_column] = lowest
        return out

    def __call__(self, batch: Any) -> Any:
        module = type(batch).__module__
        if module.startswith("pyarrow"):
            return self._arrow(batch)
        if module.startswith("pandas"):
            return self._pandas(batch)
        if isinstance(batch, dict):
            import numpy as np

            columns = self._columns([_plain(v) for v in batch[self.column]])
            return {**batch, **{k: np.array(v, dtype=object) for k, v in columns.items()}}
        raise TypeError(f"FixBatch cannot read a batch of type {type(batch).__name__}")

    def _arrow(self, table: Any) -> Any:
        import pyarrow as pa

        columns = self._columns(table.column(self.column).to_pylist())
        kinds = {
            self.output_column: pa.string(),
            self.damaged_column: pa.bool_(),
            self.changes_column: pa.int64(),
            self.min_confidence_column: pa.float64(),
        }
        for name, values in columns.items():
            array = pa.array(values, kinds[name])
            if name in table.column_names:
                table = table.set_column(table.column_names.index(name), name, array)
            else:
                table = table.append_column(name, array)
        return table

    def _pandas(self, frame: Any) -> Any:
        frame = frame.copy()
        values = [v if isinstance(v, str) else None for v in frame[self.column].tolist()]
        for name, column in self._columns(values).items():
            frame[name] = column
        return frame


def _plain(value: Any) -> Any:
    return value if isinstance(value, str) else None
