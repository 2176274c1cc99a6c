"""zhfix: clean, correctly punctuated Chinese text from text damaged on its way out of PDFs.

>>> import zhfix
>>> zhfix.fix_text("会议指出袁要切实提高政治站位遥")
'会议指出，要切实提高政治站位。'
"""

from .articles import Article
from .changes import Change, Detection, Finding, FixResult
from .config import FixConfig
from .document import Document, restore
from .repair import detect, fix_and_explain, fix_text

__all__ = [
    "Article",
    "Change",
    "Detection",
    "Document",
    "Finding",
    "FixConfig",
    "FixResult",
    "detect",
    "fix_and_explain",
    "fix_text",
    "restore",
]
__version__ = "0.1.0"
