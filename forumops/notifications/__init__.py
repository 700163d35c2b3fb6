"""Outgoing email: an outbox in the database, delivered over SMTP, retried until it goes."""
