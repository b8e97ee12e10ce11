"""aiquiz: practise and assess the mathematics behind machine learning from the terminal.

The core (banks, grading, progress store, sessions) is a library that imports neither typer nor
rich; `aiquiz.cli` is the command-line layer on top of it.
"""

__version__ = "0.1.0"
