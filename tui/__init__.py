"""The Textual app and the command line: the only package that imports Textual.

Textual is imported lazily (inside the functions that start the app), so
``margin --help``, ``margin export`` and the other batch commands start fast.
"""
