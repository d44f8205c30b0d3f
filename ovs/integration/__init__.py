"""Other systems' side of OVS: API tokens, API reads, webhooks, counts and exports."""
