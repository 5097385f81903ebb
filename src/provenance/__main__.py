"""`python -m provenance` runs the `prov` command line."""

from provenance.launcher import main

if __name__ == "__main__":
    main()
