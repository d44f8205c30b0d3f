"""Postal knowledge with no Flask and no database: S10, UPU events, addresses, lanes."""
