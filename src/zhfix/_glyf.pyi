"""Type stub for the C extension (see _glyf.c)."""

def simple_outline(
    data: bytes, pos: int, end: int, contours: int, offset: int, /
) -> tuple[tuple[float, float, float, float], int, int] | None: ...
