"""Type stub for the C extension (see _ngram.c)."""

from typing import Any

Buffer = Any  # any object exporting a contiguous buffer (numpy arrays, bytes)

class Model:
    def __init__(
        self,
        order: int,
        floor: float,
        keys: list[Buffer],
        lp: list[Buffer],
        bow: list[Buffer],
        /,
        filters: bool = True,
    ) -> None: ...
    def screen(self, ids: Buffer, altmap: Buffer, cand: Buffer, pen: Buffer, /) -> bytes: ...
    def decode(
        self, ids: Buffer, cand: Buffer, alt: Buffer, pen: Buffer, /
    ) -> tuple[bytes, bytes]: ...
    def quiet(
        self, codes: Buffer, flags: Buffer, lut: Buffer, alt_id: Buffer, alt_pen: Buffer,
        params: Buffer, stop_above: float = ..., /,
    ) -> float: ...
    def prepare(
        self, codes: Buffer, flags: Buffer, lut: Buffer, alt_id: Buffer, alt_pen: Buffer,
        spaced_bonus: float, end_bonus: float, pause_cost: float, /,
    ) -> tuple[bytearray, ...] | None: ...
    def logprob(self, windows: Buffer, /) -> bytes: ...

def segment(values: Buffer, costs: Buffer, start_cost: float, /) -> bytes: ...
def spans(
    cand: Buffer,
    gain: Buffer,
    genuine: Buffer,
    line_starts: Buffer,
    n: int,
    clean_symbol_cost: float,
    line_cost: float,
    region_cost: float,
    negligible: float,
    /,
) -> list[tuple[int, int, float]]: ...
def forbid_neighbours(
    text: Buffer,
    at: Buffer,
    chosen: Buffer,
    margin: Buffer,
    role: Buffer,
    symbol_of: Buffer,
    rules: int,
    /,
) -> None: ...
def balance_pairs(
    shown: Buffer,
    at: Buffer,
    chosen: Buffer,
    margin: Buffer,
    eligible: Buffer,
    opens_line: Buffer,
    pair_kind: Buffer,
    kinds: int,
    quote_mask: int,
    span: int,
    reach: int,
    bonus: float,
    /,
) -> None: ...
def pair_evidence(
    shown: Buffer, at: Buffer, margin: Buffer, pair_kind: Buffer, kinds: int, span: int,
    bonus: float, /,
) -> bytearray: ...
def undo_lone_dashes(
    text: Buffer,
    at: Buffer,
    chosen: Buffer,
    margin: Buffer,
    eligible: Buffer,
    symbol_of: Buffer,
    is_range: Buffer,
    dash_code: int,
    number_inner: Buffer,
    range_units: Buffer,
    bonus: float,
    /,
) -> None: ...
def in_spans(positions: Buffer, spans: list[tuple[int, int, float]], /) -> bytearray: ...
