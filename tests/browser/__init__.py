"""Browser tests: a real streamlit server driven by headless Debian chromium (Playwright)."""
