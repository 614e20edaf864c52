"""Errors the annotation layer reports to the user, each one clear sentence."""


class AnnotationError(Exception):
    """Base class: a problem with the store, the codebook or an import file."""


class StoreLockedError(AnnotationError):
    """Another margin process is writing to this store."""


class StoreWriteError(AnnotationError):
    """A change could not be saved; the store on disk is as it was before it."""


class CodebookError(AnnotationError):
    """A codebook operation was refused (duplicate name, key in use, code in use...)."""


class ImportFileError(AnnotationError):
    """An import file was refused; nothing was changed."""


class UnfinishedWriteError(StoreWriteError):
    """A change is complete in the store's journal but not yet in place; the next open finishes it."""
