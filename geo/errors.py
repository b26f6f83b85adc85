"""One exception tree for Strike Map.

Every error the package raises on purpose is a :class:`GeoError`. Leaves also
subclass the matching built-in so callers that only know Python still catch
them (``InputError`` is a ``ValueError``). Third-party errors are translated
into these at the module that talks to the third party, with ``raise ... from``.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error Strike Map raises on purpose."""


class InputError(GeoError, ValueError):
    """The input cannot be used: empty, binary, too large, malformed."""


class ConfigurationError(GeoError, ValueError):
    """An option or argument is wrong; the message says how to fix it."""


class GazetteerError(GeoError, RuntimeError):
    """The offline gazetteer index is missing, corrupt or cannot be built."""


class GeocoderUnavailable(GeoError, ConnectionError):
    """An online geocoder could not answer (network down, 5xx, timeout).

    Distinct from "not found": an unknown place is ``None``, a dead service is
    this exception, so the two can never be confused.
    """


class GeocoderRateLimited(GeocoderUnavailable):
    """The service answered 429; ``retry_after`` says how long it asked us to wait."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StorageError(GeoError, OSError):
    """An event file or database could not be read or written."""
