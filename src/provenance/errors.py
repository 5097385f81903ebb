"""Errors meant for users: each message names the input and the reason."""

from provenance.untrusted import shown_bytes


class ProvenanceError(Exception):
    """Base class: an expected failure whose message is shown to the user as is."""


class InputError(ProvenanceError):
    """An input (file, URL, WARC record, option value) cannot be ingested."""

    def __init__(self, source: str, reason: str) -> None:
        # A file name of bytes that are not UTF-8 holds lone surrogates, which no output can write: show the bytes.
        source = shown_bytes(source)
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Travels back from extraction worker processes intact.
        return (type(self), (self.source, self.reason))


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, policy)."""


class ExtractionError(InputError):
    """Bytes were fetched but hold no usable document text."""


class SchemaError(ProvenanceError):
    """The database schema is not one this version of prov can use."""


class NotFoundError(ProvenanceError):
    """A document, outlet or other record named by the user does not exist."""
