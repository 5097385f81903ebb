"""`python -m provenance` runs the `prov` command line."""

from provenance.cli import cli

if __name__ == "__main__":
    cli(prog_name="prov")
