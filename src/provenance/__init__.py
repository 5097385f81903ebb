"""provenance: trace news claims back to the text that first made them.

The public library API. The command line (`prov`) is a thin layer over these.
"""

from __future__ import annotations

TYPE_CHECKING = False  # (importing typing here would slow every `prov` forwarded to `prov serve`)
__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from provenance.config import Settings
    from provenance.db import Database
    from provenance.errors import ProvenanceError

__all__ = ["Database", "ProvenanceError", "Settings", "__version__"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `prov` reads __version__ before deciding whether it needs SQLAlchemy at all.
    if name == "Database":
        from provenance.db import Database

        return Database
    if name == "Settings":
        from provenance.config import Settings

        return Settings
    if name == "ProvenanceError":
        from provenance.errors import ProvenanceError

        return ProvenanceError
    raise AttributeError(f"module 'provenance' has no attribute {name!r}")
