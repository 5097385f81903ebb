"""The `prov` command line: click commands only; the work is done by the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, cast

import click
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from provenance import __version__
from provenance.config import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_JOBS,
    DEFAULT_MAX_BYTES,
    DEFAULT_READ_TIMEOUT,
    ENV_ARCHIVE,
    ENV_DB,
    Settings,
    default_processes,
    resolve_database_url,
)
from provenance.db import Database, alembic_config
from provenance.documents import DocumentFilter, describe_document, describe_documents, find_document
from provenance.errors import InputError, OutputError, ProvenanceError
from provenance.graph import Node
from provenance.lineage import correct, list_corrections
from provenance.outlets import KINDS, add_alias, add_outlet, find_outlet, list_outlets, named_outlet, remove_alias
from provenance.render import (
    corrections_table,
    credibility_table,
    document_detail,
    documents_table,
    dumps,
    ingest_line,
    ingest_summary,
    outlet_detail,
    outlets_table,
    reuse_detail,
    trace_doc_text,
    trace_text,
)
from provenance.trace import MIN_SCORE, trace_claim, trace_document
from provenance.untrusted import is_utf8, shown_bytes, terminal
from provenance.urls import printable, web_url_problem
from provenance.views import correction_json, document_json, document_trace_json, trace_json

if TYPE_CHECKING:
    from provenance.ingest import IngestResult, Item, Overrides

# Ingest (trafilatura), the reuse index (NumPy) and Alembic are imported by the commands that
# need them. Read-only commands are answered by `prov serve` when one runs (see server.py).


# Exit statuses: 0 done; 1 an input, a record or the database could not be used (and `ingest` when any
# input failed); 2 the command was called wrong (click's usage errors: an unknown option, a value an
# option does not take, options that do not go together); EXIT_OUTPUT a result could not be written (-o).
EXIT_OUTPUT = 3

# The commands that write (the others only read): they make a SQLite archive that does not exist yet.
# A command that only reads refuses a SQLite path with no archive (a mistyped --db makes no empty
# archive) and opens one this user may not write read-only.
WRITING_COMMANDS = frozenset({"ingest", "follow", "reindex", "link", "unlink", "import", "serve", "db upgrade",
                              "outlet add", "outlet alias", "outlet unalias", "outlet rate", "outlet import-ratings"})


def command_writes() -> bool:
    """Whether the command being run is one of WRITING_COMMANDS (outside a command: yes)."""
    ctx = click.get_current_context(silent=True)
    return ctx is None or " ".join(ctx.command_path.split()[1:]) in WRITING_COMMANDS


class App:
    """What every command needs: the database, opened on first use."""

    # Set by `prov serve`: PostgreSQL engines kept open between the requests it answers. A SQLite
    # file is opened afresh for each (cheap, and right even when the file is replaced meanwhile).
    kept: dict[str, Database] | None = None

    def __init__(self, db_url: str | None) -> None:
        self.db_url = resolve_database_url(db_url)
        self.default = db_url is None  # neither --db nor PROV_DB: the file in the user's data folder
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            keep = App.kept is not None and not self.db_url.startswith("sqlite")
            if keep and App.kept is not None and self.db_url in App.kept:
                self._db = App.kept[self.db_url]
            else:
                missing = ("nothing is stored yet: `prov ingest SOURCES` makes it, or give --db URL" if self.default
                           else "check the path; `prov ingest` makes a new archive")
                self._db = Database(self.db_url, create=command_writes(), missing=missing)
                if keep and App.kept is not None:
                    App.kept[self.db_url] = self._db
        return self._db

    def close(self) -> None:
        """Release the database connections, unless `prov serve` keeps them."""
        if self._db is not None and not (App.kept and self.db_url in App.kept):
            self._db.dispose()
        self._db = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        session = self.db.session()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            if "readonly database" not in str(exc.orig) or not self.db.create:
                raise  # (a command that only reads opens every transaction read-only: its write is a bug)
            raise ProvenanceError(f"{self.db.display_url()}: cannot write to this archive "
                                  "(it is read-only for you)") from None
        finally:
            session.close()


class ProvGroup(click.Group):
    """Turns the library's expected failures into one-line `Error: ...` messages."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Bytes on the command line that are not UTF-8 reach Python as lone surrogates, which neither the
        # database nor the terminal can take: refuse them here, naming the argument, before any work.
        for arg in args:
            if not is_utf8(arg):
                raise click.UsageError(f"{terminal(shown_bytes(arg))}: not UTF-8 text (set your terminal or "
                                       "script to UTF-8)", ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ProvenanceError as exc:
            raise user_error(exc, ctx) from None


class ProvCommand(click.Command):
    """A command whose expected failures name the command's own options."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ProvenanceError as exc:
            raise user_error(exc, ctx) from None


ProvGroup.command_class = ProvCommand
ProvGroup.group_class = type  # (subgroups are ProvGroups too)


class OutputFailed(click.ClickException):
    """A report or export that could not be written where -o said: its own exit status."""

    exit_code = EXIT_OUTPUT


def user_error(exc: ProvenanceError, ctx: click.Context) -> click.ClickException:
    """The one-line `Error: ...` for a library error; messages quote inputs (URLs, WARC records), so they are
    made safe for the terminal, and the option that would settle it (the library names none) is named."""
    if isinstance(exc, OutputError):
        return OutputFailed(terminal(exc))
    return click.ClickException(terminal(exc) + option_hint(exc.option, ctx))


def option_hint(option: str | None, ctx: click.Context | None) -> str:
    """" (--flag)" for the library keyword OPTION: the option of this command (or its groups) that sets it."""
    while option and ctx is not None:
        for param in ctx.command.params:
            if param.name == option and isinstance(param, click.Option):
                return f" ({max(param.opts, key=len)})"
        ctx = ctx.parent
    return ""


class DateType(click.ParamType):
    """YYYY-MM-DD, not in the future."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (use YYYY-MM-DD)", param, ctx)
        if date > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
            self.fail(f"{value!r} is in the future", param, ctx)
        return date


def given(name: str) -> bool:
    """Whether the parameter NAME of the command being run was given (on the command line or by its env var)."""
    from click.core import ParameterSource

    source = click.get_current_context().get_parameter_source(name)
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


DATE = DateType()
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format (json: see CLI_CONTRACT.md).",
)


@click.group(cls=ProvGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db_url", metavar="URL", envvar=ENV_DB,
    help=f"Database URL (sqlite:///file.db or postgresql+psycopg://...); env {ENV_DB}; "
    "default: prov.db in your user data folder.",
)
@click.version_option(__version__, prog_name="prov")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Trace news claims to their origin: documents, outlets and the lineage between them.

    \b
    Exit status:
      0  done
      1  an input, a record or the database could not be used (a missing
         file or document, an unknown outlet); ingest: an input failed
      2  the command was called wrong (an unknown option, a value an option
         does not take, options that do not go together)
      3  a report or export could not be written (-o to a missing folder,
         a full disk...)
    """
    ctx.obj = App(db_url)
    ctx.call_on_close(ctx.obj.close)


class FollowCommand(ProvCommand):
    """`--follow` takes an optional number of hops: `--follow URL` is `--follow 3 URL`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from provenance.follow import DEFAULT_DEPTH

        out = list(args)
        for i, arg in enumerate(out):
            if arg == "--":
                break
            if arg == "--follow" and (i + 1 == len(out) or not out[i + 1].isdigit()):
                out.insert(i + 1, str(DEFAULT_DEPTH))
                break
        return super().parse_args(ctx, out)


def follow_options(command: Any) -> Any:
    """--max-fetch, --per-host-delay and --archive, shared by `prov ingest --follow` and `prov follow`."""
    from provenance.follow import DEFAULT_MAX_FETCH, DEFAULT_PER_HOST_DELAY

    for option in reversed([
        click.option("--max-fetch", type=click.IntRange(0), default=DEFAULT_MAX_FETCH, show_default=True,
                     help="Credited pages fetched at most in one run."),
        click.option("--per-host-delay", type=click.FloatRange(0), default=DEFAULT_PER_HOST_DELAY,
                     show_default=True, help="Seconds between two requests to one host (one at a time)."),
        click.option("--archive", metavar="URL", envvar=ENV_ARCHIVE,
                     help=f"Memento TimeGate asked for a copy of a gone page (404, 410, a host that no longer "
                     f"resolves), e.g. https://web.archive.org/web/; env {ENV_ARCHIVE}; default none."),
    ]):
        command = option(command)
    return command


@cli.command(cls=FollowCommand)
@click.argument("sources", nargs=-1)
@click.option("--follow", "follow_hops", type=click.IntRange(0), default=0, show_default=True, metavar="[N]",
              help="Then fetch the sources each document credits by URL, and theirs, up to N hops "
              "(--follow alone: 3).")
@follow_options
@click.option("--list", "list_files", multiple=True, metavar="FILE",
              help="Read sources from FILE, one per line (# comments). Repeatable.")
@click.option("--outlet", help="Outlet of the given inputs (overrides what is read).")
@click.option("--author", "authors", multiple=True, help="Author of the given inputs. Repeatable.")
@click.option("--date", "published", type=DATE, help="Published date YYYY-MM-DD.")
@click.option("--url", help="URL of the one given file (it becomes the document's URL).")
@click.option("--title", help="Title of the given inputs.")
@click.option("--jobs", type=click.IntRange(1, 64), default=DEFAULT_JOBS, show_default=True,
              help="Concurrent URL fetches.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest body or file accepted.")
@click.option("--timeout", type=click.FloatRange(0.1), default=DEFAULT_READ_TIMEOUT, show_default=True,
              help="Seconds to wait for a reply (connecting: "
              f"{DEFAULT_CONNECT_TIMEOUT:g} s at most).")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="Extraction worker processes for batches (default: the machine's cores, at most 8).")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on loopback and private networks (refused by default).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@FORMAT
@click.pass_obj
def ingest(app: App, sources: tuple[str, ...], follow_hops: int, max_fetch: int, per_host_delay: float,
           archive: str | None, list_files: tuple[str, ...], outlet: str | None,
           authors: tuple[str, ...], published: dt.date | None, url: str | None, title: str | None,
           jobs: int, max_bytes: int, timeout: float, processes: int | None, allow_private: bool, quiet: bool,
           fmt: str) -> None:
    """Store documents from URLs, HTML/text files, folders, WARC files, lists or stdin (-).

    \b
    Examples:
      prov ingest https://example.org/story.html saved/ crawl.warc.gz
      prov ingest --list urls.txt --jobs 8
      prov ingest page.html --url https://example.org/a --date 2025-03-15
      prov ingest --follow https://forum.example/topic.php?id=9120
    """
    items = gather_items(sources, list_files)
    if not items:
        raise click.UsageError("give at least one source (a URL, file, folder, WARC, --list FILE or -)")
    if url and (len(items) != 1 or items[0].kind not in ("file", "url")):
        raise click.BadParameter("--url names one document: give exactly one file or URL", param_hint="--url")
    if url and (problem := web_url_problem(url)):
        raise click.BadParameter(f"{printable(url)}: {problem}", param_hint="--url")
    settings = Settings(
        max_bytes=max_bytes, read_timeout=timeout, connect_timeout=min(DEFAULT_CONNECT_TIMEOUT, timeout),
        jobs=jobs, allow_private=allow_private, processes=worker_processes(processes, items),
    )
    from provenance.ingest import Overrides

    overrides = Overrides(outlet=outlet, authors=authors, published=published, url=url, title=title)
    results = run_with_progress(app, items, overrides, settings, fmt=fmt, quiet=quiet)
    if not quiet:
        for line in ingest_summary(results):
            click.echo(line, err=True)
    if follow_hops:
        start = [r.document_id for r in results if r.document_id is not None]
        run_follow(app, start, settings, follow_options_of(follow_hops, max_fetch, per_host_delay, archive),
                   fmt=fmt, quiet=quiet, lines=True)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def follow_options_of(depth: int, max_fetch: int, per_host_delay: float, archive: str | None) -> Any:
    from provenance.follow import FollowOptions

    if archive and (problem := web_url_problem(archive.replace("{url}", "x"))):
        raise click.BadParameter(f"{printable(archive)}: {problem}", param_hint="--archive")
    return FollowOptions(depth=depth, max_fetch=max_fetch, per_host_delay=per_host_delay, archive=archive or None)


def run_follow(app: App, start: list[int], settings: Settings, options: Any, *, fmt: str, quiet: bool,
               lines: bool) -> Any:
    """Follow from START, printing each source as it is settled (JSON lines when LINES) and the summary."""
    from provenance.follow import follow_documents
    from provenance.render import follow_line, follow_summary

    def on_source(item: Any) -> None:
        if fmt == "json":
            if lines:
                click.echo(dumps({"followed": item.as_json()}))
        elif not quiet:
            click.echo(follow_line(item))

    result = follow_documents(app.db, start, settings=settings, options=options, on_source=on_source)
    if fmt == "json":
        summary = result.as_json()
        click.echo(dumps({"follow": {k: v for k, v in summary.items() if k != "sources"}} if lines else summary))
    elif not quiet:
        click.echo(follow_summary(result), err=lines)
    return result


@cli.command(cls=ProvCommand)
@click.argument("docs", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every document with a credited source not in the archive.")
@click.option("--depth", type=click.IntRange(1), default=3, show_default=True,
              help="Hops up each chain: the sources' own sources, and so on.")
@follow_options
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest body accepted.")
@click.option("--timeout", type=click.FloatRange(0.1), default=DEFAULT_READ_TIMEOUT, show_default=True,
              help="Seconds to wait for a reply.")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on loopback and private networks (refused by default).")
@FORMAT
@click.pass_obj
def follow(app: App, docs: tuple[str, ...], every: bool, depth: int, max_fetch: int, per_host_delay: float,
           archive: str | None, max_bytes: int, timeout: float, allow_private: bool, fmt: str) -> None:
    """Fetch the sources documents credit by URL and are not in the archive, up their chains.

    \b
    Examples:
      prov follow 12
      prov follow --all --depth 2 --archive https://web.archive.org/web/
    """
    if every == bool(docs):
        raise click.UsageError("give DOC... or --all (not both)")
    options = follow_options_of(depth, max_fetch, per_host_delay, archive)
    from provenance.follow import open_documents

    with app.session() as session:
        start = open_documents(session) if every else [find_document(session, ref).id for ref in docs]
    settings = Settings(max_bytes=max_bytes, read_timeout=timeout,
                        connect_timeout=min(DEFAULT_CONNECT_TIMEOUT, timeout), allow_private=allow_private)
    result = run_follow(app, start, settings, options, fmt=fmt, quiet=False, lines=False)
    if result.sources and all(s.status in ("refused", "failed") for s in result.sources):
        sys.exit(1)


def worker_processes(asked: int | None, items: list[Item]) -> int:
    """Worker processes pay off for batches; a few dozen documents are extracted in-process.

    Starting the workers costs about a second (each imports trafilatura), the time
    it takes to extract some 30 pages.
    """
    if asked is not None:
        return asked
    big_warc = any(item.kind == "warc" and item.path and item.path.exists() and item.path.stat().st_size > 2 ** 21
                   for item in items)
    return default_processes() if len(items) >= BATCH_FOR_PROCESSES or big_warc else 1


BATCH_FOR_PROCESSES = 40


def gather_items(sources: tuple[str, ...], list_files: tuple[str, ...]) -> list[Item]:
    from provenance.ingest import Item, expand_sources, parse_source_lines, read_list_file

    """Source arguments, list files and stdin (-) as expanded items, in order."""
    names: list[str] = []
    errors: list[Item] = []
    for arg in sources:
        if arg == "-":
            with click.open_file("-") as stdin:
                names += parse_source_lines(stdin)
        else:
            names.append(arg)
    for list_file in list_files:
        try:
            names += read_list_file(list_file)
        except InputError as exc:
            errors.append(Item("error", list_file, error=exc))
    return errors + expand_sources(names)


def run_with_progress(app: App, items: list[Item], overrides: Overrides, settings: Settings,
                      *, fmt: str, quiet: bool) -> list[IngestResult]:
    """Ingest, printing each result; a progress bar on a terminal when stdout is not one."""
    show_bar = not quiet and sys.stderr.isatty() and (fmt == "json" or not sys.stdout.isatty())
    seen: set[str] = set()
    with click.progressbar(length=len(items), label="ingesting", file=sys.stderr) if show_bar else _null() as bar:

        def on_result(result: IngestResult) -> None:
            if fmt == "json":
                click.echo(dumps(result.as_json()))
            elif result.status == "failed":
                click.echo(f"Error: {terminal(result.error)}", err=True)
            else:
                click.echo(ingest_line(result))
            if bar is not None and result.input not in seen:
                seen.add(result.input)
                bar.update(1)

        from provenance.ingest import ingest_sources

        return ingest_sources(app.db, items, overrides=overrides, settings=settings, on_result=on_result)


@contextmanager
def _null() -> Iterator[None]:
    yield None


@cli.command()
@click.argument("query", required=False)
@click.option("--outlet", help="Only documents of this outlet (name or domain).")
@click.option("--since", type=DATE, help="Published on or after this date.")
@click.option("--until", type=DATE, help="Published on or before this date.")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="0 lists all.")
@FORMAT
@click.pass_obj
def docs(app: App, query: str | None, outlet: str | None, since: dt.date | None,
         until: dt.date | None, limit: int, fmt: str) -> None:
    """List documents, newest first; QUERY searches their full text.

    \b
    Example:
      prov docs "Sharifullah airport" --since 2025-03-01
    """
    with app.session() as session:
        found = describe_documents(session, DocumentFilter(query, outlet, since, until, limit))
    if fmt == "json":
        for view in found:
            click.echo(dumps(document_json(view, with_text=False)))
    else:
        click.echo(documents_table(found))


@cli.command()
@click.argument("doc")
@FORMAT
@click.pass_obj
def show(app: App, doc: str, fmt: str) -> None:
    """Show one document (id, URL or ingested path): metadata, evidence and text."""
    with app.session() as session:
        view = describe_document(session, find_document(session, doc))
    click.echo(dumps(document_json(view)) if fmt == "json" else document_detail(view))


@cli.command()
@click.argument("doc")
@FORMAT
@click.pass_obj
def reuse(app: App, doc: str, fmt: str) -> None:
    """List the documents that share text with DOC, how much, and the passages.

    Relations: duplicate, repost, excerpt, rewrite, quote-only. They say how two
    texts relate, not yet which one is the source.
    """
    from provenance.reuse.links import document_reuse
    from provenance.views import reuse_json

    with app.session() as session:
        result = document_reuse(session, find_document(session, doc))
    click.echo(dumps(reuse_json(result)) if fmt == "json" else reuse_detail(result))


@cli.command()
@click.option("--processes", type=click.IntRange(1, 64), default=default_processes, show_default="cores, up to 8",
              help="Worker processes for fingerprints and alignment.")
@click.option("--restart", is_flag=True, help="Discard an interrupted rebuild's progress and start again.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--vectors", is_flag=True,
              help="Instead: compute the sentence vectors (meaning layer) of the documents that lack them.")
@click.pass_obj
def reindex(app: App, processes: int, restart: bool, quiet: bool, vectors: bool) -> None:
    """Rebuild the reuse index (fingerprints and reuse links) of every document, and what follows from
    it: the pairs of characters claims are looked up by, the lineage edges (people's links and unlinks
    stay and win).

    Interrupted, it resumes where it stopped the next time it runs. With --vectors, the sentence
    vectors of documents stored without them (an archive made before the meaning layer):
    prov reindex --vectors
    """
    bar_state: dict[str, Any] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if quiet or not sys.stderr.isatty():
            return
        if bar_state.get("phase") != phase:
            if bar_state.get("bar"):
                bar_state["bar"].render_finish()
            bar_state.update(phase=phase, bar=click.progressbar(length=max(total, 1), label=phase, file=sys.stderr),
                             done=0)
            bar_state["bar"].render_progress()
        bar_state["bar"].update(done - bar_state["done"])
        bar_state["done"] = done

    if vectors:
        from provenance.meaning.rebuild import reindex_vectors
        from provenance.reuse.rebuild import worker_map

        app.db.ensure_schema()
        with worker_map(processes) as run:
            done = reindex_vectors(app.db, run=run, progress=progress)
        if bar_state.get("bar"):
            bar_state["bar"].render_finish()
        if not quiet:
            click.echo(f"reindex: sentence vectors of {done.documents} documents ({done.sentences} sentences); "
                       f"{done.total} documents in all", err=True)
        return
    from provenance.derived import derive_all

    result = derive_all(app.db, processes=processes, progress=progress, restart=restart)
    if bar_state.get("bar"):
        bar_state["bar"].render_finish()
    if not quiet:
        resumed = " (resumed an interrupted rebuild)" if result.resumed else ""
        click.echo(f"reindex: {result.documents} documents, {result.links} reuse links{resumed}", err=True)


@cli.command()
@click.argument("claim", required=False)
@click.option("--doc", "doc", help="Trace a document instead: its chains back to each origin.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=MIN_SCORE, show_default=True,
              help="Least share of the claim's weighted words an occurrence must contain.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="Output format (json: see CLI_CONTRACT.md; md: Markdown for pasting).")
@click.pass_obj
def trace(app: App, claim: str | None, doc: str | None, min_score: float, fmt: str) -> None:
    """Show where CLAIM appears, grouped by independent origin (or, with --doc, a document's lineage).

    \b
    Example:
      prov trace "Ostmark will get 40 percent more water from the Tavira Dam"
    """
    if (claim is None) == (doc is None):
        raise click.UsageError("give a CLAIM or --doc DOC")
    if doc is not None and given("min_score"):
        raise click.BadParameter("scores the occurrences of a claim: give a CLAIM, not --doc", param_hint="--min-score")
    if claim is not None and not claim.strip():
        raise click.UsageError("the claim is empty: give its words")
    with app.session() as session:
        if doc is not None:
            lineage = trace_document(session, find_document(session, doc))
            click.echo(dumps(document_trace_json(lineage)) if fmt == "json" else trace_doc_text(lineage))
            return
        result = trace_claim(session, claim or "", min_score=min_score)
        click.echo(dumps(trace_json(result)) if fmt == "json" else trace_text(result, markdown=fmt == "md"))


def source_node(session: Session, ref: str) -> Node:
    """SOURCE of `prov link`: a document (id, URL or path), `outlet:NAME`, or a URL not in the archive."""
    if ref.startswith("outlet:"):
        return Node(outlet_id=named_outlet(session, ref.removeprefix("outlet:")).id)
    try:
        return Node(document_id=find_document(session, ref).id)
    except ProvenanceError:
        if ref.startswith(("http://", "https://")):
            return Node(url=ref)
        raise


def login_name() -> str:
    import getpass

    return getpass.getuser()


RELATIONS = ["repost", "excerpt", "rewrite", "quote", "cites", "revision"]


@cli.command()
@click.argument("derived")
@click.argument("source")
@click.option("--relation", type=click.Choice(RELATIONS), required=True, help="How DERIVED relates to SOURCE.")
@click.option("--note", help="Why: kept with the correction.")
@click.option("--by", "by", default=None, help="Who makes the correction (default: your login name).")
@click.pass_obj
def link(app: App, derived: str, source: str, relation: str, note: str | None, by: str | None) -> None:
    """Say that DERIVED comes from SOURCE. Wins over what prov inferred, and survives reindex.

    SOURCE is a document (id, URL or path), `outlet:NAME`, or a URL not in the archive. A document
    cannot be its own source, nor a source of its sources (unlink the wrong step first).
    """
    with app.session() as session:
        c = correct(session, "link", find_document(session, derived), source_node(session, source),
                    relation=relation, note=note, by=by or login_name())
        click.echo(f"link #{c.id}: #{c.derived_id} {relation} of {terminal(source)}", err=True)


@cli.command()
@click.argument("derived")
@click.argument("source")
@click.option("--note", help="Why: kept with the correction.")
@click.option("--by", "by", default=None, help="Who makes the correction (default: your login name).")
@click.pass_obj
def unlink(app: App, derived: str, source: str, note: str | None, by: str | None) -> None:
    """Say that DERIVED does not come from SOURCE. Wins over inference, and survives reindex.

    SOURCE must be one of DERIVED's sources as `prov show DERIVED` lists them.
    """
    with app.session() as session:
        c = correct(session, "unlink", find_document(session, derived), source_node(session, source),
                    relation=None, note=note, by=by or login_name())
        click.echo(f"unlink #{c.id}: #{c.derived_id} not from {terminal(source)}", err=True)


REPORT_FORMATS = ["md", "html", "json", "prov-json", "prov-n", "prov-xml", "dot", "claimreview"]


@cli.command()
@click.argument("doc", required=False)
@click.option("--claim", help="Report on a claim: where it appears and its independent origins.")
@click.option("--outlet", "outlet_name", help="Report on an outlet: what it originates, what it takes and from whom.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="md", show_default=True,
              help="md, html (one self-contained file with a lineage graph), json, W3C PROV (prov-json, "
                   "prov-n, prov-xml), dot (Graphviz), claimreview (schema.org JSON-LD, for a claim).")
@click.option("-o", "--output", type=click.Path(), metavar="FILE",
              help="Write the report to this file, a regular one or a new one (default: standard output); "
                   "exit status 3 when it cannot be written.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=MIN_SCORE, show_default=True,
              help="For --claim: least share of the claim's weighted words an occurrence must contain.")
@click.pass_obj
def report(app: App, doc: str | None, claim: str | None, outlet_name: str | None, fmt: str, output: str | None,
           min_score: float) -> None:
    """Write a citation-lineage report on a document (DOC), a --claim, or an --outlet.

    \b
    Examples:
      prov report --claim "Valdoria agreed to release 40 percent more water" --format html -o tavira.html
      prov report 7 --format prov-json
      prov report --outlet "Kestrel News Agency"
    """
    from provenance.report import render
    from provenance.report.model import claim_report, document_report, outlet_report

    if sum(x is not None for x in (doc, claim, outlet_name)) != 1:
        raise click.UsageError("give one subject: a DOC, --claim \"...\" or --outlet NAME")
    if claim is not None and not claim.strip():
        raise click.UsageError("the claim is empty: give its words")
    if claim is None and given("min_score"):
        raise click.BadParameter("scores the occurrences of a claim: give --claim \"...\"", param_hint="--min-score")
    if fmt == "claimreview" and claim is None:
        raise click.BadParameter("a ClaimReview is about a claim: give --claim \"...\"", param_hint="--format")
    with app.session() as session:
        if claim is not None:
            data = claim_report(session, claim, min_score=min_score)
        elif outlet_name is not None:
            data = outlet_report(session, outlet_name)
        else:
            data = document_report(session, doc or "")
        text = render(data, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    from provenance.outfile import output_file

    with output_file(output, what="the report") as fh:
        fh.write(text)
    click.echo(f"report: {fmt} written to {output}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "prov-json", "warc"]), default="jsonl",
              show_default=True, help="jsonl: every table, row by row (restore with prov import); prov-json: the "
                                      "lineage graph as W3C PROV; warc: the stored snapshots as WARC records.")
@click.option("-o", "--output", type=click.Path(), metavar="FILE",
              help="Write to this file, a regular one or a new one (default: standard output; warc needs a file); "
                   "exit status 3 when it cannot be written.")
@click.pass_obj
def export(app: App, fmt: str, output: str | None) -> None:
    """Dump the whole archive, for backup, analysis, or any web-archive tool.

    \b
    Examples:
      prov export -o archive.jsonl          # restore with: prov --db NEW import archive.jsonl
      prov export --format warc -o evidence.warc.gz
    """
    import io

    from provenance.exchange import export_jsonl, export_prov, export_warc
    from provenance.outfile import output_file

    if fmt == "warc" and output is None:
        raise click.UsageError("--format warc writes a gzipped WARC file: give -o FILE.warc.gz")
    with (output_file(output, what="the export", binary=fmt == "warc") if output
          else contextlib.nullcontext(io.StringIO())) as fh, app.session() as session:
        if fmt == "warc":
            summary = f"{export_warc(session, cast('IO[bytes]', fh))} snapshot record(s)"  # (warc needs -o)
        elif fmt == "jsonl":
            counts = export_jsonl(session, fh)
            summary = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
        else:
            fh.write(export_prov(session))
            summary = "the lineage graph as PROV-JSON"
        if isinstance(fh, io.StringIO):  # (no -o: to stdout)
            click.echo(fh.getvalue(), nl=False)
    click.echo(f"export: {summary}" + (f" written to {output}" if output else ""), err=True)


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--processes", type=click.IntRange(1), default=None,
              help="Worker processes for indexing the imported texts (default: the machine's cores, at most 8).")
@click.pass_obj
def import_(app: App, file: str, processes: int | None) -> None:
    """Restore a `prov export` (jsonl) into an empty database, then index its texts for reuse.

    Everything is restored in one transaction: a bad line leaves the database as it was. Each row is
    checked (references, keys, dates, each snapshot's bytes against its SHA-256), and an export cut
    short is refused: the export's last line counts its rows.
    """
    from pathlib import Path

    from provenance.exchange import import_jsonl

    counts = import_jsonl(app.db, Path(file), processes=processes or default_processes(),
                          warn=lambda line: click.echo(f"warning: {line}", err=True))
    click.echo("import: " + (", ".join(f"{n} {t}" for t, n in counts.items() if n) or "nothing"), err=True)


@cli.command()
@FORMAT
@click.pass_obj
def corrections(app: App, fmt: str) -> None:
    """List the links and unlinks people made, with who, when and why."""
    with app.session() as session:
        rows = list_corrections(session)
    click.echo(dumps([correction_json(c) for c in rows]) if fmt == "json" else corrections_table(rows))


@cli.group()
def outlet() -> None:
    """Outlets: the shipped registry plus the ones you add."""


@outlet.command("add")
@click.argument("name")
@click.option("--domain", "domains", multiple=True, help="A domain it publishes on. Repeatable.")
@click.option("--kind", type=click.Choice(KINDS), help="What sort of outlet it is.")
@click.pass_obj
def outlet_add(app: App, name: str, domains: tuple[str, ...], kind: str | None) -> None:
    """Add an outlet (or vouch for one met in documents).

    \b
    Example:
      prov outlet add "Kestrel News Agency" --domain kestrelnews.example --kind wire
    """
    with app.session() as session:
        added = add_outlet(session, name, domains=list(domains), kind=kind)
        click.echo(terminal(f"outlet #{added.id} {added.name}" + (f" ({', '.join(domains)})" if domains else "")))


@outlet.command("alias")
@click.argument("name")
@click.argument("alias")
@click.option("--force", is_flag=True, help="Take ALIAS from the outlet that holds it (its credits then name NAME).")
@click.pass_obj
def outlet_alias(app: App, name: str, alias: str, force: bool) -> None:
    """Let ALIAS name the outlet NAME too (e.g. prov outlet alias "Kestrel News Agency" KNA).

    A name that already stands for another outlet is refused unless --force is given.
    """
    with app.session() as session:
        found = add_alias(session, name, alias, force=force)
        click.echo(terminal(f"{alias} -> {found.name}"))


@outlet.command("unalias")
@click.argument("name")
@click.argument("alias")
@click.pass_obj
def outlet_unalias(app: App, name: str, alias: str) -> None:
    """Stop ALIAS naming the outlet NAME (e.g. prov outlet unalias "Kestrel News Agency" KNA)."""
    with app.session() as session:
        found = remove_alias(session, name, alias)
        click.echo(terminal(f"{alias} no longer names {found.name}"))


@outlet.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only outlets of this kind.")
@FORMAT
@click.pass_obj
def outlet_list(app: App, kind: str | None, fmt: str) -> None:
    """List known outlets: yours and the registry's, with kind and domains."""
    with app.session() as session:
        rows = list_outlets(session, kind=kind)
    if fmt == "json":
        from provenance.views import listed_outlet_json

        for row in rows:
            click.echo(dumps(listed_outlet_json(row)))
    else:
        click.echo(outlets_table(rows))


@outlet.command("rate")
@click.argument("name")
@click.argument("score")
@click.option("--scale", type=click.Choice(["0-100", "0-1", "label"]), default="0-100", show_default=True,
              help="The scale the rating was given in (label: a worded rating such as \"mixed\").")
@click.option("--source", required=True, help="Who gave the rating (a rating service, your desk, a study).")
@click.option("--date", "rated_on", type=click.DateTime(formats=["%Y-%m-%d"]), help="When it was given.")
@click.option("--note", help="Why, or where it is published.")
@click.option("--by", help="Who records it (default: your login name).")
@click.pass_obj
def outlet_rate(app: App, name: str, score: str, scale: str, source: str, rated_on: dt.datetime | None,
                note: str | None, by: str | None) -> None:
    """Record a rating SCORE someone gave the outlet NAME (kept with its source, scale and date).

    \b
    Examples:
      prov outlet rate "Harbour Ledger" 30 --source "our desk" --date 2026-11-01 --note "copies wire copy"
      prov outlet rate kestrelnews.example 0.82 --scale 0-1 --source "Lin et al. 2023"
    """
    from provenance.credibility import add_rating

    if not source.strip():
        raise click.BadParameter("say who gave the rating", param_hint="--source")
    with app.session() as session:
        found = named_outlet(session, name)
        rating = add_rating(session, found, score=score, scale=scale, source=source,
                            rated_on=rated_on.date() if rated_on else None, note=note, by=by or login_name())
        place = f" ({rating.score_0_100:g}/100)" if rating.score_0_100 is not None and scale != "0-100" else ""
        click.echo(terminal(f"rated {found.name}: {score} on {scale}{place} by {source}"), err=True)


@outlet.command("import-ratings")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--source", required=True, help="Who published the ratings.")
@click.option("--column", help="The score column (default: score, rating, reliability, pc1, quality...).")
@click.option("--name-column", help="The domain or name column (default: domain, site, url, outlet, name...).")
@click.option("--scale", type=click.Choice(["0-100", "0-1", "label"]),
              help="The scores' scale (default: guessed from the numeric scores: 0-1 when nearly all are "
                   "fractions, 0-100 when nearly all are above 1; else it asks).")
@click.option("--date", "rated_on", type=click.DateTime(formats=["%Y-%m-%d"]), help="When the set was published.")
@click.pass_obj
def outlet_import_ratings(app: App, file: str, source: str, column: str | None, name_column: str | None,
                          scale: str | None, rated_on: dt.datetime | None) -> None:
    """Import a CSV of ratings: one row per domain (or outlet name) with a score column.

    Known outlets get the rating; an unknown domain becomes an unverified outlet; rows without a
    usable name or score are reported and skipped. Importing the same set again replaces its ratings.
    Cells may be separated by commas, semicolons or tabs, and scores written with a decimal comma.
    """
    from pathlib import Path

    from provenance.credibility import import_ratings

    with app.session() as session:
        result = import_ratings(session, Path(file), source=source, column=column, name_column=name_column,
                                scale=scale, rated_on=rated_on.date() if rated_on else None, by=login_name())
    column_name = terminal(repr(result.column))
    click.echo(f"import-ratings: {result.rows} row(s) from column {column_name} on scale {result.scale}: "
               f"{result.matched} matched known outlets, {result.added} added as new outlets, "
               f"{len(result.rejected)} rejected", err=True)
    for line, reason in result.rejected:
        click.echo(f"  line {line}: {terminal(reason)}", err=True)


@outlet.command("show")
@click.argument("name")
@FORMAT
@click.pass_obj
def outlet_show(app: App, name: str, fmt: str) -> None:
    """An outlet: its ratings (each with its source) and its signals in the archive, with the documents behind them."""
    from provenance.credibility import describe_outlet
    from provenance.views import outlet_json

    with app.session() as session:
        view = describe_outlet(session, find_outlet(session, name))
    click.echo(dumps(outlet_json(view, with_documents=True)) if fmt == "json" else outlet_detail(view))


@cli.command()
@click.option("--sort", type=click.Choice(["credibility", "documents", "name"]), default="documents",
              show_default=True, help="credibility: by rating (mean of the latest from each source), unrated last.")
@click.option("--kind", type=click.Choice(KINDS), help="Only outlets of this kind.")
@FORMAT
@click.pass_obj
def outlets(app: App, sort: str, kind: str | None, fmt: str) -> None:
    """The outlets in the archive with their ratings and signals, one row each."""
    from provenance.credibility import outlet_views
    from provenance.views import outlet_json

    with app.session() as session:
        rows = outlet_views(session, kind=kind, sort=sort)
    if fmt == "json":
        for row in rows:
            click.echo(dumps(outlet_json(row)))
    else:
        click.echo(credibility_table(rows))


@cli.group()
def db() -> None:
    """Inspect or upgrade the database schema (prov does this itself on first use)."""


@cli.command()
@click.option("--idle", type=click.FloatRange(min=0.01), default=30.0, show_default=True, metavar="MINUTES",
              help="Stop after this many minutes without a request.")
@click.pass_obj
def serve(app: App, idle: float) -> None:
    """Keep prov loaded for this database, so read-only commands answer at once.

    While it runs, `prov trace`, `show`, `docs`, `reuse`, `outlets`, `corrections` and `report` on the
    same database are answered by it (each in a fresh session: they see every document stored
    meanwhile), without the second or so Python takes to load prov. Other commands, and any command
    when no server runs, work as usual. Stop it with Ctrl-C; it stops by itself when idle.

    You seldom need to start it: a read-only command typed in a terminal that finds no server
    starts one in the background (stopping after 10 minutes unused), and so does a finished
    ingest or reindex. PROV_SERVER=manual turns that off, PROV_SERVER=start does it from scripts
    too, PROV_SERVER=off ignores servers.

    \b
    Example:
      prov serve &                 # in a terminal of its own, or in the background
      prov trace "the claim"       # answered by the server
    """
    from provenance.server import Server

    app.db.ensure_schema()  # a wrong URL or an unknown schema fails here, not at the first request
    app.close()  # (no connection stays open between requests: a SQLite file removed meanwhile goes with its WAL)
    try:
        server = Server(app.db_url, run_here, idle=idle * 60, version=__version__,
                        log=lambda line: click.echo(f"prov serve: {line}", err=True))
        sock = server.bind()
    except OSError as exc:
        raise ProvenanceError(f"cannot listen for commands: {exc}") from None
    App.kept = {}
    # A first trace loads what traces need; what is loaded by then is left out of garbage collections.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run_here(["--db", app.db_url, "trace", "warm up", "--format", "json"])
    gc.collect()
    gc.freeze()
    server.serve(sock, ready=lambda: click.echo(
        f"prov serve: answering read-only commands for {app.db.display_url()} on {server.path} (pid {os.getpid()}) "
        f"(stops after {idle:g} min without a request, or on Ctrl-C)", err=True))


def run_here(argv: list[str]) -> int:
    """Run a `prov` command line in this process (for `prov serve`); its exit code."""
    import traceback

    try:
        cli.main(args=argv, prog_name="prov", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception:  # noqa: BLE001 - a failing request must not stop the server; the caller sees it
        traceback.print_exc()
        return 1
    return 0


@db.command("upgrade")
@click.pass_obj
def db_upgrade(app: App) -> None:
    """Migrate the database to this version's schema."""
    app.db.upgrade()
    click.echo(f"{app.db.display_url()}: at schema revision {app.db.current_revision()}")


@db.command("current")
@click.pass_obj
def db_current(app: App) -> None:
    """Print the database's schema revision and whether it is current."""
    current = app.db.current_revision()
    script = app.db.script()
    head = script.get_current_head()
    if current == head:
        state = "(up to date)"
    elif current is None:
        state = "(empty: prov will create the schema on first use)"
    elif current not in {rev.revision for rev in script.walk_revisions()}:
        state = f"(written by a newer version of prov, which this one ({__version__}, schema {head}) cannot read: " \
                "upgrade prov itself)"
    else:
        state = f"(this version's schema is {head}: run prov db upgrade)"
    click.echo(f"{current or 'none'} {state}")


@db.command("history")
def db_history() -> None:
    """List the schema migrations this version knows, newest first."""
    from alembic.script import ScriptDirectory

    for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions():
        click.echo(f"{rev.revision}  {rev.doc}")
