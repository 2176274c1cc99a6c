"""Build the C extensions (the decoder's hot loops; the PDF extractor's per-character
loop and glyph outline measure); metadata is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "zhfix._ngram",
            sources=["src/zhfix/_ngram.c"],
            extra_compile_args=["-O3", "-std=c11"],
        ),
        Extension(
            "zhfix._pdftext",
            sources=["src/zhfix/_pdftext.c"],
            extra_compile_args=["-O3", "-std=c11"],
        ),
        Extension(
            "zhfix._glyf",
            sources=["src/zhfix/_glyf.c"],
            # bounds equal to fontTools' to the last bit: no fused multiply-add
            extra_compile_args=["-O3", "-std=c11", "-ffp-contract=off"],
        ),
    ]
)
