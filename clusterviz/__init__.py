"""clusterviz: how well Norway's cluster organisations are run, by their ESCA quality labels."""

__version__ = "0.1.0"
