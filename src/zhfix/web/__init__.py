"""The web page and HTTP API of zhfix (``zhfix serve``; needs ``zhfix[web]``).

>>> from zhfix.web import create_app, Limits        # doctest: +SKIP
>>> app = create_app(Limits(max_pages=10))           # any ASGI server can run it

:mod:`.app` has the routes, :mod:`.guard` the limits at the door and the security
headers, :mod:`.pool` the job processes with their time limit, :mod:`.jobs` the work
itself, :mod:`.command` the ``zhfix serve`` command, ``static/`` the page.
"""

from __future__ import annotations

from .limits import Limits

__all__ = ["Limits", "create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":  # FastAPI is imported only when the app is asked for
        from .app import create_app

        return create_app
    raise AttributeError(name)
