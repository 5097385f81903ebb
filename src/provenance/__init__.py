"""provenance: trace news claims back to the text that first made them.

The public library API. The command line (`prov`) is a thin layer over these.
"""

from provenance.config import Settings
from provenance.db import Database
from provenance.errors import ProvenanceError

__version__ = "0.1.0"

__all__ = ["Database", "ProvenanceError", "Settings", "__version__"]
