"""Load benchmarks for clusterviz: real script runs over Streamlit's websocket.

Run ``python -m benchmarks --smoke`` (see benchmarks/README.md). Modules:

- ``servers``: start/stop a real ``streamlit run`` server (shared with the tests)
- ``client``: a faithful websocket client (``first_render``, ``rerun``, ``burst``)
- ``report``: ``Measurement`` rows and the printed table
"""
