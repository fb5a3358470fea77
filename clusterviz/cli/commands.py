"""The ``clusterviz`` command (python -m clusterviz): the parser with every sub-command, and main()."""

from __future__ import annotations

import argparse
import sys

from clusterviz import __version__
from clusterviz.app import access
from clusterviz.cli import snapshots, spreadsheets
from clusterviz.data import borders


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clusterviz", description="Command line: python -m clusterviz {facts, validate, demo, geo, ...}."
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    parser.add_argument("--version", action="version", version=f"clusterviz {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (snapshots, spreadsheets, borders, access):  # each adds its own sub-commands
        module.add_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    except Exception as exc:  # a last line of defence: one readable line, never a traceback
        if args.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
