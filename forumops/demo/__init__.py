"""Demo data: the seed forums and the loader behind `flask forumops demo`."""
