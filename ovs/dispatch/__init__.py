"""Getting ballots out: voter import, ballot issue, routing, labels, manifests."""
