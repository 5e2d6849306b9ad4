"""The `lianjian` command: serve, seed, generate, template, export, schema, keys, config.

It exits with a status of api/exit_codes.py (the README's table). Errors are one line each on
stderr, never a traceback. It speaks Chinese unless `--lang en` (anywhere on the line) or
LIANJIAN_LANG=en says otherwise: its help, its errors and argparse's own (api/argparse_words.py),
and what it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from api import argparse_words
from api.auth import ROLES
from api.exit_codes import ExitCode
from api.settings import SERVER, SETTINGS, STORE, ServerSettings, add_flags, flags_of, resolve, show, store_settings
from graph.bookkeeping import Actor
from graph.config import StoreSettings, create_store
from graph.store import GraphStore, StoreError, StoreLocked
from locales import LANGUAGES, supported, tr, trn, use

DEMO_DIR = Path(__file__).resolve().parent.parent / "seed" / "demo"


def _store_options(parser: argparse.ArgumentParser) -> None:
    add_flags(parser, STORE, tr("store"))


def _language_option(parser: argparse.ArgumentParser) -> None:
    """`--lang` is read before the line is parsed (the help must already be in that language), so
    it may stand anywhere; here it is only declared, for the help. `serve` and `config` have it
    among the server settings (LIANJIAN_LANG)."""
    parser.add_argument("--lang", choices=tuple(LANGUAGES), default=argparse.SUPPRESS,
                        help=tr("the language of the output and help: zh (简体中文) or en (default LIANJIAN_LANG, "
                                "else zh)"))


def _spoken(argv: list[str]) -> str | None:
    """The language `--lang` asks for, wherever it stands; None when it is not given or names none
    of ours (the full parse then says so)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    asked, _rest = early.parse_known_args(argv)
    return supported(asked.lang)


def _settings(args: argparse.Namespace) -> StoreSettings:
    return store_settings(**flags_of(args))


def parser() -> argparse.ArgumentParser:
    """The command line, worded in the language spoken when it is made."""
    root = argparse.ArgumentParser(prog="lianjian", description=tr("GraphQL API over a 党建联建 knowledge graph"))
    _language_option(root)
    commands = root.add_subparsers(dest="command", required=True, title=tr("commands"))

    serve = commands.add_parser(
        "serve", help=tr("run the GraphQL server (loads the demo data into an empty embedded store)"))
    serve.add_argument("--host", default="127.0.0.1", help=tr("the address to listen on (default %(default)s)"))
    serve.add_argument("--port", type=int, default=8000, help=tr("the port to listen on (default %(default)s)"))
    serve.add_argument("--no-demo", action="store_true", help=tr("do not load the demo data into an empty store"))
    add_flags(serve, SERVER, tr("server"))
    _store_options(serve)

    seed = commands.add_parser(
        "seed", help=tr("load seed files (units.csv, alliances.csv, ...; see docs/csv.md) into the store"),
        description=tr("Validates every row of the seed files against each other and the store, then loads all "
                       "of them or, on any error, nothing. The files are one per entity or link (units.csv, "
                       "alliance_members.csv, ...), described in docs/csv.md."))
    seed.add_argument("folder", type=Path, metavar="PATH",
                      help=tr("a folder of seed files, an Excel workbook with a sheet per file, or one seed file"))
    seed.add_argument("--replace", action="store_true", help=tr("empty the store first"))
    seed.add_argument("--check", action="store_true",
                      help=tr("validate only (against the store when it exists); write nothing, create no store"))
    _language_option(seed)
    _store_options(seed)

    generate = commands.add_parser("generate", help=tr("write a deterministic synthetic seed folder"))
    generate.add_argument("outdir", type=Path, help=tr("the folder to write the seed files into"))
    generate.add_argument("--units", type=int, required=True,
                          help=tr("how many units to make (required); every other file grows in proportion"))
    generate.add_argument("--seed", type=int, default=0,
                          help=tr("the random seed: the same seed and units write the same files "
                                  "(default %(default)s)"))
    _language_option(generate)

    template = commands.add_parser(
        "template", help=tr("write an empty seed for an administrator to fill in, with a README of its columns"),
        description=tr("Writes every seed file with its header row and nothing else, and an explanation of each "
                       "column: what to fill in, the allowed values, which file an id refers to (README.txt, or "
                       "the workbook's 说明/README sheet). The folder must be new or empty."))
    template.add_argument("outdir", type=Path, metavar="DIR", help=tr("the folder to write the template into"))
    template.add_argument("--xlsx", action="store_true",
                          help=tr("one Excel workbook with a sheet per seed file (default: one CSV file per seed "
                                  "file)"))
    template.add_argument("--headers", choices=tuple(LANGUAGES), default="zh",
                          help=tr("the language of the headers and the explanation (default %(default)s)"))
    _language_option(template)

    export = commands.add_parser(
        "export", help=tr("write the whole graph as a seed folder: a backup, or the way to another store"),
        description=tr("Writes every node and relationship as seed files that `lianjian seed --replace DIR` loads "
                       "back as the same graph, on either store. The graph is read as of one moment, also while "
                       "a server is writing to it. The folder must be new or empty."))
    export.add_argument("outdir", type=Path, metavar="DIR", help=tr("the folder to write the seed into"))
    export.add_argument("--format", default="csv", metavar="{csv,xlsx}",
                        help=tr("csv: one file per seed file; xlsx: one workbook (graph.xlsx) with a sheet per "
                                "seed file (default %(default)s)"))
    _language_option(export)
    _store_options(export)

    _language_option(commands.add_parser("schema", help=tr("print the GraphQL schema (SDL)")))

    config = commands.add_parser("config", help=tr("print the effective settings and where each comes from "
                                                   "(default, env or flag; secrets hidden); docs/settings.md "
                                                   "lists them"))
    _store_options(config)
    add_flags(config, SERVER, tr("server"))

    keys = commands.add_parser("keys", help=tr("API keys: create (printed once), list, revoke"))
    _language_option(keys)
    key_commands = keys.add_subparsers(dest="key_command", required=True, title=tr("commands"))
    create = key_commands.add_parser("create", help=tr("create a key and print it (it is stored hashed)"))
    create.add_argument("--role", choices=ROLES, required=True, help=tr("what the key may do (required)"))
    create.add_argument("--name", default="",
                        help=tr("who or what the key is for, shown in the audit log (default none)"))
    _language_option(create)
    _store_options(create)
    listing = key_commands.add_parser("list", help=tr("list keys (never the secrets)"))
    _language_option(listing)
    _store_options(listing)
    revoke = key_commands.add_parser("revoke", help=tr("revoke a key by its id (the part after lj_)"))
    revoke.add_argument("key_id", help=tr("the id that `keys create` and `keys list` show"))
    _language_option(revoke)
    _store_options(revoke)
    return root


def main(argv: list[str] | None = None) -> int:
    handlers: dict[str, Callable[[argparse.Namespace], ExitCode]] = {
        "serve": _serve, "seed": _seed, "generate": _generate, "schema": _schema, "keys": _keys,
        "config": _config, "template": _template, "export": _export,
    }
    argv = sys.argv[1:] if argv is None else argv
    asked = _spoken(argv)
    use(asked)
    argparse_words.speak()
    args = parser().parse_args(argv)  # a usage error exits here with argparse's status 2, ExitCode.USAGE
    if asked is not None and hasattr(args, "language"):  # serve and config: --lang before the command too
        args.language = asked
    try:
        return handlers[args.command](args)
    except StoreError as exc:
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.UNAVAILABLE
    except OSError as exc:  # a folder that cannot be made or written
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.UNAVAILABLE
    except ValueError as exc:  # a setting out of range, e.g. LIANJIAN_ANONYMOUS_ROLE
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def _rows(count: int) -> str:
    return trn("{n} row", "{n} rows", count)


def _schema(_args: argparse.Namespace) -> ExitCode:
    from api.schema import sdl

    sys.stdout.write(sdl())
    return ExitCode.OK


def _config(args: argparse.Namespace) -> ExitCode:
    effective = resolve(flags=flags_of(args))
    for setting in SETTINGS:
        owner = effective.store if STORE in setting.scopes else effective.server
        value = show(setting, getattr(owner, setting.name))
        print(f"{setting.env}\t{value}\t{effective.sources[setting.name]}")
    return ExitCode.OK


def _generate(args: argparse.Namespace) -> ExitCode:
    from seed.generate import write_synthetic

    if args.units < 1:
        print("lianjian: " + tr("--units must be at least 1"), file=sys.stderr)
        return ExitCode.USAGE
    rows = write_synthetic(args.outdir, args.units, args.seed)
    for name, count in rows.items():
        print(f"{name}: {_rows(count)}")
    print(tr("wrote {rows} to {folder}", rows=_rows(sum(rows.values())), folder=args.outdir))
    return ExitCode.OK


def _template(args: argparse.Namespace) -> ExitCode:
    from seed.template import TemplateError, write_template

    try:
        written = write_template(args.outdir, xlsx=args.xlsx, language=args.headers)
    except TemplateError as exc:
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    for path in written:
        print(path)
    print(tr("wrote an empty seed to {folder}; fill it in, then load it with `lianjian seed {folder}`",
             folder=args.outdir))
    return ExitCode.OK


def _export(args: argparse.Namespace) -> ExitCode:
    from seed.export import ExportError, check_target

    try:
        check_target(args.outdir, args.format)
    except ExportError as exc:
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return asyncio.run(_export_async(_settings(args), args.outdir, args.format))


async def _export_async(settings: StoreSettings, outdir: Path, fmt: str) -> ExitCode:
    from seed.export import ExportError, export_graph

    store = create_store(settings, read_only=True)
    await store.open()
    try:
        rows = await export_graph(store, outdir, fmt)
    except ExportError as exc:
        print(f"lianjian: {exc}", file=sys.stderr)
        return ExitCode.REFUSED
    finally:
        await store.close()
    for name, count in rows.items():
        print(f"{name}: {_rows(count)}")
    print(tr("wrote {rows} from the {backend} store to {folder}; `lianjian seed --replace {folder}` loads them back",
             rows=_rows(sum(rows.values())), backend=settings.backend, folder=outdir))
    return ExitCode.OK


def _seed(args: argparse.Namespace) -> ExitCode:
    if not args.folder.exists():
        print("lianjian: " + tr("no such folder or file: {path}", path=args.folder), file=sys.stderr)
        return ExitCode.USAGE
    return asyncio.run(_seed_async(_settings(args), args.folder, args.replace, args.check))


async def _seed_async(settings: StoreSettings, folder: Path, replace: bool, check: bool) -> ExitCode:
    from seed.load import SeedReport, seed_directory
    from seed.progress import progress_bar
    from seed.validate import KnownGraph, build_batch

    if check and settings.backend == "embedded" and not settings.db_path.exists():
        # Nothing is stored yet, so the folder is checked as it would load into an empty store, and
        # opening the store (which would create it) is left to a seed that writes.
        result = build_batch(folder, KnownGraph())
        report = SeedReport(result.errors, result.warnings, result.rows)
    else:
        store = create_store(settings)
        await store.open()
        try:
            with progress_bar(enabled=not check) as progress:
                report = await seed_directory(store, folder, replace=replace, check=check, progress=progress,
                                              actor=_cli_actor())
        finally:
            await store.close()
    for message in report.warnings:
        print(tr("warning: {message}", message=message), file=sys.stderr)
    for message in report.errors:
        print(message, file=sys.stderr)
    if report.errors:
        print(trn("{n} error: nothing was written", "{n} errors: nothing was written", len(report.errors)),
              file=sys.stderr)
        return ExitCode.REFUSED
    for name, count in report.rows.items():
        print(f"{name}: {_rows(count)}")
    total = _rows(sum(report.rows.values()))
    print(tr("{rows} valid, nothing written (--check)", rows=total) if check else
          tr("{rows} loaded into the {backend} store", rows=total, backend=settings.backend))
    return ExitCode.OK


def _serve(args: argparse.Namespace) -> ExitCode:
    from api.app import create_app
    from api.listening import listen

    settings = _settings(args)
    server = ServerSettings.from_env(**flags_of(args))
    asyncio.run(_prepare_store(settings, load_demo=settings.backend == "embedded" and not args.no_demo))
    where = f"http://{args.host}:{args.port}"
    access = (tr("API key required") if server.require_auth else
              tr("anonymous requests are {role}", role=server.anonymous_role))
    explorer, graphql = where + "/", where + "/graphql"
    banner = tr("Explorer: {explorer}   {graphiql}: {graphql}  ({backend} store; {access})",
                explorer=explorer, graphiql="GraphQL" if server.deployment else "GraphiQL", graphql=graphql,
                backend=settings.backend, access=access)
    app = create_app(settings, server=server)
    _tune_gc()
    if not listen(app, args.host, args.port, banner):
        print("lianjian: " + tr("the server did not start listening on {where}", where=where), file=sys.stderr)
        return ExitCode.NOT_LISTENING
    return ExitCode.OK


def _tune_gc() -> None:
    """A request makes and drops tens of thousands of small objects (rows, GraphQL results). With
    Python's default thresholds the cycle collector ran every 700 of them and its older passes
    walked the whole schema and every module: 16 ms of a request's CPU under 16 clients (measured
    at 20k units). Freezing what exists at start-up and collecting the youngest generation every
    50,000 allocations leaves 5 ms, and 20-30% more requests per second. The older generations keep
    their default pace: collected every 20 x 100 young passes, the cycles of province-sized answers
    piled up faster than they were freed (server RSS +1 GB a minute in bench/soak.py at 100k)."""
    gc.freeze()
    gc.set_threshold(50_000)


async def _prepare_store(settings: StoreSettings, load_demo: bool) -> None:
    """Opens the store once before the server starts: a store that cannot be opened (locked by
    another process, Neo4j unreachable) is then one line and ExitCode.UNAVAILABLE, where the app's
    own start-up would log a traceback. An empty store gets the demo data when `load_demo`."""
    from seed.load import seed_directory

    store: GraphStore = create_store(settings)
    await store.open()
    try:
        if not load_demo or any((await store.counts()).values()):
            return
        print(tr("The store at {path} is empty: loading the demo data from {demo} ...", path=settings.db_path,
                 demo=DEMO_DIR), flush=True)
        report = await seed_directory(store, DEMO_DIR, actor=_cli_actor())
        if report.errors:
            raise StoreError(tr("the demo data did not load: {errors}", errors="; ".join(map(str, report.errors[:5]))))
        print(trn("Loaded {n} demo row.", "Loaded {n} demo rows.", sum(report.rows.values())), flush=True)
    finally:
        await store.close()


def _cli_actor() -> Actor:
    """Whoever runs the command on the server's machine acts as admin (they own the store's files)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        user = "unknown"
    return Actor(f"cli:{user}", "admin")


def _keys(args: argparse.Namespace) -> ExitCode:
    return asyncio.run(_keys_async(_settings(args), args))


def _key_operation(args: argparse.Namespace) -> str:
    """The GraphQL operation that does what a `keys` command does, with the command's own values."""
    if args.key_command == "create":
        return f"mutation {{ createApiKey(role: {json.dumps(args.role)}, name: {json.dumps(args.name, ensure_ascii=False)}) " \
               "{ key apiKey { id } } }"
    if args.key_command == "list":
        return "{ apiKeys { id name role created revoked } }"
    return f"mutation {{ revokeApiKey(id: {json.dumps(args.key_id)}) {{ id revoked }} }}"


def _keys_through_graphql(settings: StoreSettings, args: argparse.Namespace) -> str:
    """What to do instead when a running server holds the embedded store: the same change over its
    GraphQL API, as a command to copy."""
    body = json.dumps({"query": _key_operation(args)}, ensure_ascii=False).replace("'", "'\\''")
    return "lianjian: " + tr(
        "the embedded store at {path} is open in another process (a running `lianjian serve`?), so keys are "
        "managed through its GraphQL API with an admin key, e.g.\n"
        "  curl -s http://127.0.0.1:8000/graphql -H 'Authorization: Bearer <admin key>' "
        "-H 'Content-Type: application/json' -d '{body}'\n"
        "(the first admin key is made with `lianjian keys create --role admin` while the server is stopped)",
        path=settings.db_path, body=body)


async def _keys_async(settings: StoreSettings, args: argparse.Namespace) -> ExitCode:
    from api.auth import create_key, revoke_key

    store = create_store(settings)
    try:
        await store.open()
    except StoreLocked:
        print(_keys_through_graphql(settings, args), file=sys.stderr)
        return ExitCode.UNAVAILABLE
    try:
        if args.key_command == "create":
            issued = await create_key(store, args.role, args.name, _cli_actor())
            print(issued.key)
            print(tr("This {role} key (id {id}) is shown once; send it as `Authorization: Bearer <key>`.",
                     role=args.role, id=issued.id), file=sys.stderr)
            return ExitCode.OK
        if args.key_command == "list":
            for record in await store.list_keys():
                state = "revoked" if record.revoked else "active"
                print(f"{record.id}\t{record.role}\t{state}\t{record.created}\t{record.name}")
            return ExitCode.OK
        if not await revoke_key(store, args.key_id, _cli_actor()):
            print("lianjian: " + tr("no key with id {id!r}", id=args.key_id), file=sys.stderr)
            return ExitCode.REFUSED
        print(tr("revoked {id}", id=args.key_id))
        return ExitCode.OK
    finally:
        await store.close()


if __name__ == "__main__":
    raise SystemExit(main())
