"""`python -m provenance` runs the `prov` command line."""

from provenance.server import main

if __name__ == "__main__":
    main()
