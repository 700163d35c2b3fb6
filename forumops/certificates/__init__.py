"""Certificates of attendance, invitation letters, and the public page that verifies either by its code."""
