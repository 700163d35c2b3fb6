"""Registration: the public form, custom questions, capacity and waiting list, approval, emails,
self-service changes, the organisers' desk, CSV import and export, and check-in."""
