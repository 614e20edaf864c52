"""Statements: find files, decode them, parse speaker and metadata, normalise text.

This package never imports Textual (or the annotations package): it is the model
layer, usable from scripts and the command line alike.
"""

from .corpus import Corpus, open_corpus
from .discovery import SkippedFile, natural_key
from .errors import CorpusError
from .model import Statement, StatementText
from .normalise import NORMALISER_VERSION, parse_bytes, reading_text
from .paths import bundled_sample

__all__ = [
    "NORMALISER_VERSION",
    "Corpus",
    "CorpusError",
    "SkippedFile",
    "Statement",
    "StatementText",
    "bundled_sample",
    "natural_key",
    "open_corpus",
    "parse_bytes",
    "reading_text",
]
