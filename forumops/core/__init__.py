"""Shared pieces only: no lifecycle-stage logic lives here."""
