"""The sections of the pages that are too long to lay out in one file: one module per page, named as the page
(``sections/renewals.py`` for ``pages/renewals.py``); each function takes the ``View`` and draws one section.
A section that reruns alone when its own control changes is drawn through ``widgets.section`` (a fragment)."""
