"""Privacy: a person's own data as JSON, erasure requests, erasing a participant, retention purge."""
