"""Studying: starting a session (load, filter, plan), the question loop, and the planners that
choose each next question."""
