"""Documents and materials: files and links on the forum, programme items, clusters and the report."""
