"""The exceptions the corpus layer raises for a user's mistake: one sentence each."""


class CorpusError(Exception):
    """A problem with the corpus the user named, phrased as one sentence for them."""


class QueryError(CorpusError):
    """A search query that cannot be run, in one sentence."""
