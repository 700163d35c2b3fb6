"""Users, sign-in sessions, password reset and sign-in throttling."""
