"""Errors meant for users: each message names the input and the reason.

Messages name no command-line option: an error that a parameter of the call would settle says
which one in `option` (the keyword's name, e.g. "scale"), and the command line names its flag.
"""

from provenance.untrusted import shown_bytes


class ProvenanceError(Exception):
    """Base class: an expected failure whose message is shown to the user as is.

    Args:
        message: one line naming the input and the reason.
        option: the keyword argument of the library call that would settle it, if one would.
    """

    def __init__(self, message: str = "", *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class InputError(ProvenanceError):
    """An input (file, URL, WARC record, option value) cannot be ingested."""

    def __init__(self, source: str, reason: str, *, option: str | None = None) -> None:
        # A file name of bytes that are not UTF-8 holds lone surrogates, which no output can write: show the bytes.
        source = shown_bytes(source)
        super().__init__(f"{source}: {reason}", option=option)
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Travels back from extraction worker processes intact.
        return (type(self), (self.source, self.reason))


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, policy)."""


class ExtractionError(InputError):
    """Bytes were fetched but hold no usable document text."""


class OutputError(ProvenanceError):
    """A result (a report, an export) could not be written where it was asked to go."""

    def __init__(self, path: str, reason: str) -> None:
        path = shown_bytes(path)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SchemaError(ProvenanceError):
    """The database schema is not one this version of prov can use."""


class NotFoundError(ProvenanceError):
    """A document, outlet or other record named by the user does not exist."""


class UnknownOutletError(NotFoundError):
    """A name, alias or domain that stands for no outlet prov knows (the one message for it)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name}: no such outlet")
        self.name = name


class AmbiguousOutletError(ProvenanceError):
    """A name that stands for two or more outlets."""

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        super().__init__(f"{name}: ambiguous, could be {', '.join(candidates)}")
        self.name = name
        self.candidates = candidates
