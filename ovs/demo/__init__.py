"""Synthetic demo data: an Indonesian-style general election abroad."""
