"""The live dashboard: counters kept from the outbox, figures, reconciliation."""
