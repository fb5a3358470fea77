"""The data layer: the snapshot format, validation, the store, ingest, demo data, places and borders.

Imports nothing above it (figures, charts, text, app): see tests/unit/test_layers.py."""
