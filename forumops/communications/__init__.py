"""Writing to participants: the organisers' composer, saved templates, per-recipient state, opt-outs and
limits. `operations.send_announcement` is the one way an announcement is written to the outbox, for the
composer and for automatic messages alike."""
