"""Dispatch: routing, tracking-number ranges, batches, labels, handover, replacement."""
