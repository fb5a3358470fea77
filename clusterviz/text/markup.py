"""Text from a link or from the data, made safe for the elements that render Markdown (no Streamlit here,
so domain modules that build captions can use it too; ``ui.escape_markdown`` is the same function)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>|~:$&]|\.(?=\w)")  # (a dot inside a word: www.x.no)
_MARKDOWN_LINE_START = re.compile(r"^(\d+(?=[.)])|)([#+\-=>.)])")  # a heading, list or quote marker


def escape_markdown(text: Any) -> str:
    """Text safe inside st.markdown / st.caption / alerts / labels, shown exactly as typed.

    Those elements render Markdown: a value like ``[x](javascript:...)``, ``**bold**``, ``:red[...]``,
    ``$x$``, ``<x@y.no>`` or ``www.x.no`` would become formatting, a link or maths.  Each character that
    Markdown, Streamlit's directives or LaTeX give a meaning is backslash-escaped (CommonMark then shows it
    as typed), as is a heading or list marker at the start; line breaks become spaces, and control and
    bidirectional-override characters are dropped, so the value cannot reorder the text around it.
    """
    words = " ".join(str(text).split())
    clean = "".join(ch for ch in words if unicodedata.category(ch) not in ("Cc", "Cf"))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\g<0>", clean)
    return _MARKDOWN_LINE_START.sub(r"\g<1>\\\g<2>", escaped, count=1)
