"""What the forum learned: evaluation surveys, before-and-after knowledge tests, feedback on each session, their
results, and the evaluation chapter of the outcome report."""
