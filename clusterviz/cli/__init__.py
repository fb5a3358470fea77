"""Command line: python -m clusterviz {facts, validate, demo, geo, ...}.

Every sub-command returns an exit code and prints readable messages; no traceback reaches the user
(unexpected errors are reported in one line, with the details only under --debug).  commands.py makes the
parser and runs a command; snapshots.py and spreadsheets.py hold the commands (borders and access add theirs).
"""

from __future__ import annotations

from clusterviz.cli.commands import build_parser, main  # noqa: F401
