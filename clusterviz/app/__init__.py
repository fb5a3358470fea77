"""The Streamlit app around the pages: links and session, shell, view, kiosk/presenter, access,
downloads. With pages/, the only code that imports Streamlit."""
