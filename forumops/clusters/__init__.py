"""Breakout clusters. This first part holds the clusters and who is in them (the agenda's breakouts
and personal calendars need both); facilitation notes come with the clusters issue."""
