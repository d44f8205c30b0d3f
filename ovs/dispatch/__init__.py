"""Getting ballots out: voter import, routing, ranges, batches, labels, handover."""
