"""``python -m zhfix``: the same as the ``zhfix`` command."""

from .cli import main

raise SystemExit(main())
