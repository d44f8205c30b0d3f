"""Fake partner posts: each module serves one post's tracking API, in its format."""
