"""What aiquiz knows about the learner: the progress store (every attempt, kept safe), the
tallies and reports made from it, imports of answers a session could not save."""
