"""Domain errors: what an operation raises when it refuses the input, for any caller (a view, the CLI)."""

from __future__ import annotations


class FormError(Exception):
    """An operation refused the input; the view shows the form again with this message."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
