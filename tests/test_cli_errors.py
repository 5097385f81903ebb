"""Exit statuses: 2 for a command called wrong, 1 for an input or record that cannot be used, 3 for a
result that cannot be written; library messages name no option, the command line names its own."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from conftest import STORY_TEXT
from provenance.cli import EXIT_OUTPUT, cli
from provenance.errors import InputError, OutputError
from provenance.outfile import output_file

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"
SRC = Path(__file__).resolve().parents[1] / "src" / "provenance"


def flags(command: click.Command) -> set[str]:
    """Every long option of the command and its subcommands."""
    found = {opt for p in command.params if isinstance(p, click.Option) for opt in p.opts if opt.startswith("--")}
    for sub in getattr(command, "commands", {}).values():
        found |= flags(sub)
    return found - {"--help", "--version"}


def raised_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The string pieces of every exception raised in a module, with their lines."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for part in ast.walk(node.exc):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    out.append((part.lineno, part.value))
    return out


# The one exception: a refused private address is an ingest result's `error`, in `prov ingest --format json`,
# which stays byte-identical.
KEPT = {"ingest/fetch.py: --allow-private"}


def test_library_messages_name_no_command_line_option() -> None:
    options = flags(cli)
    assert {"--claim", "--scale", "--force", "--db", "--source"} <= options
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "cli.py":
            continue
        for line, value in raised_strings(ast.parse(path.read_text(encoding="utf-8"))):
            offenders += [f"{path.relative_to(SRC)}:{line}: {opt}" for opt in options
                          if (f"{opt} " in f"{value} " or f"{opt})" in value or f"{opt}:" in value)
                          and f"{path.relative_to(SRC)}: {opt}" not in KEPT]
    assert offenders == []


def test_option_misuse_is_a_usage_error_naming_the_option(prov) -> None:
    assert prov("ingest", str(STORY_TEXT)).exit_code == 0
    for args, message in (
            (["report", "1", "--format", "claimreview"],
             'Invalid value for --format: a ClaimReview is about a claim: give --claim "..."'),
            (["report", "--outlet", "Harbour Ledger", "--format", "claimreview"],
             'Invalid value for --format: a ClaimReview is about a claim: give --claim "..."'),
            (["report", "2", "--min-score", "0.5"],
             'Invalid value for --min-score: scores the occurrences of a claim: give --claim "..."'),
            (["trace", "--doc", "2", "--min-score", "0.5"],
             "Invalid value for --min-score: scores the occurrences of a claim: give a CLAIM, not --doc"),
            (["outlet", "rate", "Harbour Ledger", "30", "--source", " "],
             "Invalid value for --source: say who gave the rating"),
            (["report", "--claim", CLAIM, "--format", "nope"], "Invalid value for '--format'")):
        result = prov(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.splitlines()[-1].startswith(f"Error: {message}"), (args, result.stderr)
    # The same subjects with the options that fit them work.
    assert prov("report", "--claim", CLAIM, "--format", "claimreview", "--min-score", "0.5").exit_code == 0
    assert prov("trace", CLAIM, "--min-score", "0.5").exit_code == 0
    # Bad input keeps its status: a record that does not exist, a score that is not one.
    for args in (["report", "9999"], ["report", "--outlet", "Nobody Media Group"],
                 ["outlet", "rate", "Harbour Ledger", "high", "--source", "desk"]):
        result = prov(*args)
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, (args, result.output)


def test_output_failures_have_their_own_status_and_name_the_path(prov, tmp_path) -> None:
    assert prov("ingest", str(STORY_TEXT)).exit_code == 0
    missing = tmp_path / "no" / "such"
    for args, what in ((["report", "--claim", CLAIM, "-o", str(missing / "r.md")], "the report"),
                       (["export", "-o", str(missing / "a.jsonl")], "the export"),
                       (["export", "--format", "warc", "-o", str(missing / "a.warc.gz")], "the export")):
        result = prov(*args)
        assert result.exit_code == EXIT_OUTPUT == 3, (args, result.output)
        assert result.stderr == f"Error: {args[-1]}: cannot write {what} (No such file or directory)\n"
    result = prov("report", "2", "-o", str(tmp_path))
    assert result.exit_code == 3
    assert result.stderr == f"Error: {tmp_path}: is a directory: output goes only to a regular file or a new path\n"


def test_output_file_raises_output_error(tmp_path) -> None:
    with pytest.raises(OutputError) as caught, output_file(str(tmp_path / "nope" / "x"), what="the report") as fh:
        fh.write("never")
    assert caught.value.path == str(tmp_path / "nope" / "x") and "cannot write the report" in str(caught.value)


def test_a_library_error_names_the_keyword_and_the_command_line_its_flag(prov, tmp_path) -> None:
    error = InputError("ratings.csv", "no score column found (columns: site); name it", option="column")
    assert error.option == "column" and "--" not in str(error)
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("site,notes\nkestrelnews.example,wire\n", encoding="utf-8")
    result = prov("outlet", "import-ratings", str(ratings), "--source", "a study")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {ratings}: no score column found (columns: site, notes); name it (--column)\n"


def test_help_documents_the_exit_statuses(prov) -> None:
    result = prov("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for line in ("0 done", "1 an input", "2 the command was called wrong", "3 a report or export could not be written"):
        assert line in text, line
