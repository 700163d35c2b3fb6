"""The forum itself: concept note, partners, team and status lifecycle."""
