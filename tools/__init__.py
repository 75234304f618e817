"""Maintenance scripts (run as files: python tools/NAME.py); a package so tests can import them."""
