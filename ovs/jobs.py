"""The modules whose import registers the periodic jobs."""
