"""The `bulletin` command: resolve options, call one core function, render, print."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from typer.core import TyperCommand

from bulletin_cli import __version__, config, i18n, periods, queries, render
from bulletin_cli import index as index_mod
from bulletin_cli.errors import BulletinError
from bulletin_cli.i18n import _, count
from bulletin_cli.queries import Filters

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="Search and summarise Chinese community-news bulletins.",
)
out = Console(soft_wrap=False)
err = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Language(str, Enum):
    en = "en"
    zh = "zh"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Index folder (default: $BULLETIN_INDEX, else ./index).", show_default=False),
]
FormatOpt = Annotated[Format, typer.Option("-f", "--format", help="Output format.")]
LimitOpt = Annotated[int, typer.Option("-n", "--limit", min=1, help="Show at most this many articles.")]
CommunityOpt = Annotated[str | None, typer.Option(help="Only this community (whole or partial name).")]
StreetOpt = Annotated[str | None, typer.Option(help="Only this street (街/街道/镇/乡).")]
DistrictOpt = Annotated[str | None, typer.Option(help="Only this district (区/县).")]
CityOpt = Annotated[str | None, typer.Option(help="Only this city (天津市; the register's name, whole or partial).")]
ProvinceOpt = Annotated[str | None, typer.Option(help="Only this province (河北省).")]
PlacesOpt = Annotated[
    str | None,
    typer.Option(
        "--places", envvar="BULLETIN_PLACES", show_default=False,
        help="CSV file of your own places (name,level,parent) added to the register.",
    ),
]
SinceOpt = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or after YYYY-MM-DD.", show_default=False)
]
DateOpt = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Publication date YYYY-MM-DD for every page given.", show_default=False),
]
EncodingOpt = Annotated[str | None, typer.Option(help="Decode input with this encoding (default: detect).")]
UntilOpt = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or before YYYY-MM-DD.", show_default=False)
]


LangOpt = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of headers and messages (default: the locale's; LANG=zh_CN.UTF-8 is zh).",
                 show_default=False),
]
BomOpt = Annotated[
    bool,
    typer.Option("--bom", envvar="BULLETIN_CSV_BOM",
                 help="Start CSV with a UTF-8 byte order mark, for Excel (or set $BULLETIN_CSV_BOM=1)."),
]


def _period(value: str | None) -> periods.Period | None:
    if value is None:
        return None
    try:
        return periods.parse_period(value)
    except BulletinError as exc:
        raise typer.BadParameter(str(exc)) from None


def _handles_errors(command):
    """Print a BulletinError (or a failing disk) as one `Error:` line on stderr and exit 1.

    It also sets the language of what the command prints (its --lang, else the locale).
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        language = kwargs.get("lang")
        i18n.use(language.value if language else None)
        try:
            return command(*args, **kwargs)
        except BulletinError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # `bulletin export | head`: the reader has gone; stop quietly, as cat does.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushing at exit must not fail again
            raise typer.Exit(141) from None
        except OSError as exc:
            # Only the file system raises OSError this far up (read.py translates unreadable
            # input): a full disk, a read-only or vanished index folder.
            if command.__name__ == "split_":  # reads pages only: the index is not involved
                _fail(f"cannot read the pages ({exc.strerror or exc}); check the files and folders given")
            path = config.index_dir(kwargs.get("index"))
            if command.__name__ in ("ingest", "rebuild", "remove"):
                _fail(index_mod.write_error_message(path, exc))
            _fail(f"cannot read index {path} ({exc.strerror or exc}); check the disk and the folder")
        except MemoryError:
            _fail("out of memory; ingest fewer or smaller files at a time")
        except KeyboardInterrupt:
            err.print(_("Interrupted; the index keeps its last complete commit."), highlight=False)
            raise typer.Exit(130) from None

    return wrapper


def _print_error(message: str) -> None:
    err.print(_("Error: {message}", message=i18n.error(message)), markup=False, highlight=False, soft_wrap=True)


def _fail(message: str) -> NoReturn:
    _print_error(message)
    raise typer.Exit(1) from None


def _wait_notice(path: Path) -> None:
    """Say that another process is writing to the index and this one waits for its lock."""
    err.print(
        _("Waiting: another bulletin process is writing to {path}; this one waits up to {seconds} s for it to finish.",
          path=path, seconds=f"{index_mod.WRITE_TIMEOUT:.0f}"),
        markup=False, highlight=False, soft_wrap=True,
    )


def _emit(rendered, bom: bool = False) -> None:
    """Print a result: text formats verbatim, Rich renderables through the console.

    Text formats are UTF-8 whatever the console's encoding (a redirect on a Chinese Windows
    machine would otherwise write GBK); bom starts them with a byte order mark, which Excel
    needs to read a CSV file as UTF-8.
    """
    if isinstance(rendered, str):
        text = rendered if rendered.endswith("\n") or not rendered else rendered + "\n"
        if bom:
            text = "\ufeff" + text
        encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
        if encoding in ("utf8", "utf8sig") or not hasattr(sys.stdout, "buffer"):
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
    else:
        out.print(rendered)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _filters(community, street, district, since, until, city=None, province=None) -> Filters:
    return Filters(community, street, district, _date(since), _date(until), city, province)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bulletin {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Search and summarise Chinese community-news bulletins."""


@app.command()
@_handles_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Text files, folders (*.txt, recursive), or - for stdin.")],
    index: IndexOpt = None,
    date: DateOpt = None,
    encoding: EncodingOpt = None,
    places: PlacesOpt = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar.")] = False,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Split bulletin pages into articles and add them to the index.

    Example: bulletin ingest 2024-06-05.txt --date 2024-06-05 --places my-places.csv
    """
    path = config.index_dir(index)
    # The write path (splitting, jieba) is imported only by the commands that write,
    # so that search, timeline and the listings start quickly.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from bulletin_cli import ingest as ingest_mod

    gazetteer = ingest_mod.user_places(places)  # a bad file stops the run before anything is read
    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(), TextColumn("{task.fields[status]}"), console=err, disable=quiet, transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None, rate="", status="")

        def advance(done: int, total: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0
            rate = f"{done / elapsed:.0f} files/s" if elapsed > 0.5 else ""
            progress.update(task, completed=done, total=total, rate=rate)

        report = ingest_mod.ingest(
            paths, path, encoding=encoding, date=_date(date), gazetteer=gazetteer, on_progress=advance,
            on_wait=lambda: _wait_notice(path), on_status=lambda text: progress.update(task, status=text),
        )
    for _source, message in report.failed:
        _print_error(message)
    if report.undated_sources:
        names = ", ".join(report.undated_sources[:5]) + (" …" if len(report.undated_sources) > 5 else "")
        message = _("{n} have no publication date ({names}); pass --date YYYY-MM-DD or put the date in the file name",
                    n=count(report.undated, "article"), names=names)
        err.print(_("Warning: {message}", message=message), markup=False, highlight=False, soft_wrap=True)
    if not quiet:
        err.print(
            _("{total} from {sources}: {added} added, {updated} updated, {same} already indexed{removed} ({path})",
              total=count(report.articles, "article"), sources=count(report.sources, "source"),
              added=report.added, updated=report.updated, same=report.articles - report.added - report.updated,
              removed=_(", {n} removed", n=report.removed) if report.removed else "", path=path),
            markup=False, highlight=False, soft_wrap=True,
        )
    if format_ != Format.table:
        _emit(render.ingest_report(report, format_.value), bom and format_ == Format.csv)
    if report.failed:
        raise typer.Exit(1)


@app.command()
@_handles_errors
def remove(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE|ID...",
            help="A source as ingested (a file, or a folder: every page read from it), or an article id "
            "(or a unique prefix of 4+ characters).",
        ),
    ],
    index: IndexOpt = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No count line.")] = False,
    lang: LangOpt = None,
) -> None:
    """Remove ingested pages (by the path they were ingested from) or articles (by id).

    One commit: if any SOURCE or ID is not in the index, nothing is removed.

    Example: bulletin remove samples/2024-06-05.txt 5823724c
    """
    path = config.index_dir(index)
    removed = index_mod.remove_articles(path, targets, on_wait=lambda: _wait_notice(path))
    if not quiet:
        err.print(_("removed {total} ({path})", total=count(removed, "article"), path=path),
                  markup=False, highlight=False, soft_wrap=True)


@app.command("split")
@_handles_errors
def split_(
    paths: Annotated[list[str], typer.Argument(help="Text files, folders (*.txt, recursive), or - for stdin.")],
    index: Annotated[
        Path | None,
        typer.Option("--index", help="Accepted as ingest takes it, and ignored: split opens no index.", show_default=False),
    ] = None,
    date: DateOpt = None,
    encoding: EncodingOpt = None,
    places: PlacesOpt = None,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Show how pages are read, without indexing them: articles and dropped lines.

    Each article in page order with its kicker, title and subtitle, places, dates,
    dateline, byline, captions and the opening of its body; every line dropped as
    furniture (page headers and footers, web page metadata, section labels).
    Check a new paper's layout with it before ingesting its pages.

    Example: printf '社区动态\\n书屋上新\\n本报讯 燕宇社区书屋昨日新添图书。\\n' | bulletin split -
    """
    from bulletin_cli import ingest as ingest_mod

    gazetteer = ingest_mod.user_places(places)  # a bad file stops the run before anything is read
    pages, failed = ingest_mod.read_pages(paths, encoding=encoding, date=_date(date), gazetteer=gazetteer)
    if pages:
        _emit(render.readings(pages, format_.value), bom and format_ == Format.csv)
    for _source, message in failed:
        _print_error(message)
    if failed:
        raise typer.Exit(1)


class _QueryCommand(TyperCommand):
    """A command whose query words may start with -, as in `bulletin search -志愿者 社区`.

    Click would read -志愿者 as the options -志 -愿 -者. Every argument that is not one of the
    command's options or an option's value is passed after a `--`, in its order, so Click
    takes it as a query word; a mistyped --long option is still a usage error.
    """

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        takes_value = {
            name: not (param.is_flag or param.count)
            for param in self.get_params(ctx)
            if param.param_type_name == "option"
            for name in (*param.opts, *param.secondary_opts)
        }
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg[:2]
            if arg.startswith("--") or name in takes_value:
                options.append(arg)
                value = next(rest, None) if takes_value.get(name) and name == arg else None
                if value is not None:  # the option's value is the next argument
                    options.append(value)
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


@app.command(cls=_QueryCommand)
@_handles_errors
def search(
    query: Annotated[
        list[str],
        typer.Argument(help='Words (all must match), OR, AND, -word or NOT word to exclude, "a phrase", (groups).'),
    ],
    index: IndexOpt = None,
    community: CommunityOpt = None,
    street: StreetOpt = None,
    district: DistrictOpt = None,
    city: CityOpt = None,
    province: ProvinceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = 10,
    format_: FormatOpt = Format.table,
    wide: Annotated[bool, typer.Option("--wide", help="Whole places and snippets, one column each.")] = False,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Find the articles that contain the query, best first, with highlighted snippets.

    Each hit takes three lines: its title, then two lines of the text around the matches;
    the place is shortened to its community (--wide shows it whole).

    Example: bulletin search 电动自行车 --district 河东区

    Example: bulletin search 志愿者 OR 义工 -培训
    """
    text = " ".join(query)  # several arguments are one query: bulletin search -志愿者 社区
    filters = _filters(community, street, district, since, until, city, province)
    result = queries.search(config.index_dir(index), text, filters, limit)
    if not result.hits:
        err.print(_("No article matches {query}.", query=repr(text)), markup=False, highlight=False)
    if result.hits or format_ != Format.table:
        _emit(render.hits(result.hits, result.total, format_.value, wide=wide), bom and format_ == Format.csv)


_TIMELINE_NAME = "A community, street, district or city, whole or partial (燕宇), or after its city (南京市鼓楼区)."


@app.command()
@_handles_errors
def timeline(
    name: Annotated[str, typer.Argument(help=_TIMELINE_NAME)],
    index: IndexOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """What one community, street, district or city did, in date order (undated last),
    under a chart of its articles per month.

    Example: bulletin timeline 燕宇社区
    """
    filters = _filters(None, None, None, since, until)
    place, items = queries.timeline(config.index_dir(index), name, filters)
    if not items:
        err.print(_("No article of {place} in that period.", place=place), markup=False, highlight=False)
    title = _("{place}: {total}", place=place, total=count(len(items), "article"))
    _emit(render.articles(items, format_.value, title=title, chart=True), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def summary(
    query: Annotated[str | None, typer.Argument(help="Optional search query selecting the articles.")] = None,
    index: IndexOpt = None,
    community: CommunityOpt = None,
    street: StreetOpt = None,
    district: DistrictOpt = None,
    city: CityOpt = None,
    province: ProvinceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, max=200, help="At most this many keywords.")] = 15,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """What a set of articles is about: the words that stand out against the rest of the
    archive, with a sparkline of each one's share per month, articles per month as a chart
    and articles per community.

    Example: bulletin summary --community 荣兴温泉公寓社区 --top 10
    """
    filters = _filters(community, street, district, since, until, city, province)
    result = queries.summary(config.index_dir(index), query, filters, top)
    if not result.articles:
        err.print(_("No article matches that selection."), highlight=False)
    elif not result.keywords:
        err.print(_("No keyword stands out in {total}.", total=count(result.articles, "article")), highlight=False)
    _emit(render.summary(result, format_.value), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def trends(
    query: Annotated[str | None, typer.Argument(help="Optional search query selecting the articles.")] = None,
    index: IndexOpt = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Recent period: 2024-11, 2024-09..2024-11 or days (default: the latest month).",
                     show_default=False),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option("--base", help="Period to compare with, written the same way (default: the 12 months before).",
                     show_default=False),
    ] = None,
    community: CommunityOpt = None,
    street: StreetOpt = None,
    district: DistrictOpt = None,
    city: CityOpt = None,
    province: ProvinceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="At most this many words rising and falling.")] = 10,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """What rose and what fell: the words whose share of articles changed most between two
    periods, with their articles in each, the change and their share per month.

    Example: bulletin trends --period 2024-11 --base 2024-05..2024-10 --district 河东区
    """
    filters = _filters(community, street, district, since, until, city, province)
    result = queries.trends(config.index_dir(index), query, filters, _period(period), _period(base), top)
    if not result.recent_articles:
        err.print(_("No article matches that selection."), highlight=False)
    elif not (result.rising or result.falling):
        err.print(_("No word changed its share between {base} and {recent}.", base=result.base, recent=result.recent),
                  highlight=False)
    _emit(render.trends(result, format_.value), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def show(
    id_: Annotated[str, typer.Argument(metavar="ID", help="Article id, or a unique prefix of 4+ characters.")],
    index: IndexOpt = None,
    format_: FormatOpt = Format.table,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Print one whole article.

    Example: bulletin show 59982df0
    """
    _emit(render.article(queries.show(config.index_dir(index), id_), format_.value), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def stats(index: IndexOpt = None, format_: FormatOpt = Format.table, bom: BomOpt = False, lang: LangOpt = None) -> None:
    """Articles, sources, communities and the date range in the index.

    Example: bulletin stats
    """
    _emit(render.stats(queries.stats(config.index_dir(index)), format_.value), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def communities(
    index: IndexOpt = None, format_: FormatOpt = Format.table, bom: BomOpt = False, lang: LangOpt = None
) -> None:
    """Every place in the index (province, city, district, street, community) with its number of articles.

    Example: bulletin communities --format csv
    """
    _emit(render.communities(queries.communities(config.index_dir(index)), format_.value), bom and format_ == Format.csv)


@app.command()
@_handles_errors
def rebuild(
    index: IndexOpt = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Rebuild from this `bulletin export` file instead.")
    ] = None,
    places: PlacesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Re-create the index from the articles it stores (or from an export file).

    Use it after upgrading bulletin (schema or dictionary change), or to recover; with
    --places, every article's place is found again with your places added.
    Example: bulletin rebuild --from archive.jsonl
    """
    path = config.index_dir(index)
    if index_mod.writer_busy(path):
        _wait_notice(path)
    from bulletin_cli import ingest as ingest_mod

    rebuilt = ingest_mod.rebuild(path, from_, ingest_mod.user_places(places))
    err.print(_("rebuilt {path} with {total}", path=path, total=i18n.count(rebuilt, "article")),
              markup=False, highlight=False)


@app.command()
@_handles_errors
def export(
    index: IndexOpt = None,
    format_: Annotated[ExportFormat, typer.Option("-f", "--format", help="Output format.")] = ExportFormat.jsonl,
    bom: BomOpt = False,
) -> None:
    """Write every article, in date order (JSON Lines by default).

    Example: bulletin export > archive.jsonl
    """
    items = list(queries.export(config.index_dir(index)))
    _emit(render.articles(items, format_.value), bom and format_ == ExportFormat.csv)
