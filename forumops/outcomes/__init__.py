"""Outcomes: the forum's recommendations and the outcome report (page, PDF, CSV, charts)."""
