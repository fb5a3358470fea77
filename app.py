"""clusterviz: the router. Shared filters are drawn here so they stay put when moving between pages."""
from clusterviz import ui


def main() -> None:
    ui.start()
    page = ui.navigation()
    ui.sidebar()
    page.run()


main()
