"""Fake partner posts, one module per adapter, each serving that post's format."""
