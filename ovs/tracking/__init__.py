"""The tracking engine: one ingest path, status derivation, polling, deadlines."""
