"""Facts in, escaped markup out. ``markup`` is the only module that escapes."""
