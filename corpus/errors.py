"""The one exception the corpus layer raises for a user's mistake."""


class CorpusError(Exception):
    """A problem with the corpus the user named, phrased as one sentence for them."""
