"""Texts: the nb/en catalogue (locales/*.toml), babel formatting (i18n.py) and markdown escaping."""
