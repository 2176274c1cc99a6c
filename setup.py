"""Build the C extension that runs the decoder's hot loops; metadata is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "zhfix._ngram",
            sources=["src/zhfix/_ngram.c"],
            extra_compile_args=["-O3", "-std=c11"],
        )
    ]
)
