"""The directory of organisations shared by every forum."""
