"""clusterviz: the router. Shared filters are drawn here so they stay put when moving between pages."""

from clusterviz.app import ui


def main() -> None:
    ui.start()
    page = ui.navigation()
    ui.sidebar()
    ui.kiosk.indicator()
    page.run()
    ui.finish()  # not reached when the page calls st.stop(); page_setup has published the link by then


main()
