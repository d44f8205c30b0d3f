"""Voter notifications: double opt-in subscriptions, the outbox reader, channels."""
