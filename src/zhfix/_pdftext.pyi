"""Type stub for the C extension (see _pdftext.c); arguments are addresses."""

def chars(
    textpage: int,
    count: int,
    get_unicode: int,
    get_font_size: int,
    get_loose_char_box: int,
    get_char_origin: int,
    /,
) -> bytes: ...
def objects(
    page: int,
    count_objects: int,
    get_object: int,
    get_type: int,
    get_bounds: int,
    path_type: int,
    /,
) -> bytes: ...
