"""Organisers' view of their forum's mail (the outbox itself, and its sending, live in core.outbox)."""
