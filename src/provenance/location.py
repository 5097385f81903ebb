"""Where the database is: the --db option, else $PROV_DB, else a file in the user's data folder.

Kept free of heavy imports: `prov` resolves the URL before deciding to load anything.
"""

from __future__ import annotations

import os

ENV_DB = "PROV_DB"
APP_NAME = "provenance"


def default_database_url() -> str:
    """A SQLite file in the user's application data directory."""
    import platformdirs

    return f"sqlite:///{os.path.join(platformdirs.user_data_dir(APP_NAME, appauthor=False), 'prov.db')}"


def resolve_database_url(option: str | None) -> str:
    """The database URL: the --db option, else $PROV_DB, else the default file."""
    return option or os.environ.get(ENV_DB) or default_database_url()
