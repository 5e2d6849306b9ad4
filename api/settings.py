"""Every setting of lianjian in one table: its one name, unit, environment variable and CLI flag.

The flags of `lianjian serve/seed/keys`, `lianjian config`, docs/settings.md and the values the
store and the server run with are all made from SETTINGS, so a setting cannot be documented in
one place and read under another name elsewhere. A flag overrides its variable, which overrides
the default (the dataclasses' field defaults: graph/config.py for the store, ServerSettings here).
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from api.auth import ROLES
from graph.config import BACKENDS, DEFAULT_QUERY_TIMEOUT_MS, StoreSettings
from locales import LANGUAGES, N_, speaking, supported, tr

log = logging.getLogger("lianjian.settings")
STORE, SERVER = "store", "server"  # which settings object a setting belongs to


@dataclass(frozen=True)
class ServerSettings:
    require_auth: bool = False  # anonymous requests get UNAUTHENTICATED
    anonymous_role: str = "viewer"  # the role of requests without a key otherwise
    deployment: bool = False  # no introspection, no GraphiQL
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1_000_000
    query_timeout_ms: float = DEFAULT_QUERY_TIMEOUT_MS
    max_depth: int = 12
    max_tokens: int = 4000
    max_aliases: int = 30
    max_complexity: int = 500_000
    max_concurrent_per_caller: int = 4  # requests one key (or anonymous address) may have running
    max_queued_per_caller: int = 64  # and waiting for one of those slots; more are refused
    heavy_cost: int = 20_000  # estimated fields above which a query is heavy
    max_concurrent_heavy: int = 1  # heavy queries running at once over all callers
    language: str | None = None  # of answers to requests that ask for none of ours; None: LIANJIAN_LANG or Chinese

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        """The environment, then the non-None overrides (CLI flags); a bad value is a ValueError
        naming the variable."""
        return resolve(SERVER, overrides).server


@dataclass(frozen=True)
class Alias:
    """A former variable still read, with a warning: `to_value` turns its value into the setting's unit."""
    env: str
    to_value: Callable[[str], str]


@dataclass(frozen=True)
class Setting:
    name: str  # the field of StoreSettings / ServerSettings
    env: str
    flag: str
    scopes: tuple[str, ...]
    about: str
    unit: str = ""
    kind: type = str  # str, int, Path, bool, or tuple for a comma-separated list
    choices: tuple[str, ...] = ()
    secret: bool = False
    computed_default: str = ""  # shown instead of None: the default is worked out at start-up
    aliases: tuple[Alias, ...] = ()
    spelled: Callable[[str], str | None] | None = None  # the choice another spelling names (zh-CN -> zh)

    def default(self) -> Any:
        owner = StoreSettings if STORE in self.scopes else ServerSettings
        return next(f.default for f in fields(owner) if f.name == self.name)

    def shown_default(self) -> str:
        """In the language being spoken (docs/settings.md is made in English)."""
        default = self.default()
        if default is None or default == "" or default == ():
            return tr(self.computed_default) if self.computed_default else tr("none")
        return show(self, default)

    def parse(self, text: str, source: str) -> Any:
        """The value of a variable; a ValueError names the variable."""
        if self.kind is bool:
            return text.strip().lower() in ("1", "true", "yes", "on")
        if self.kind is tuple:
            return tuple(part.strip() for part in text.split(",") if part.strip())
        if self.spelled is not None:
            text = self.spelled(text) or text
        if self.choices and text not in self.choices:
            raise ValueError(tr("{source} must be one of {choices}, not {text!r}", source=source,
                                choices=", ".join(self.choices), text=text))
        if self.kind is int:
            try:
                number = int(text)
            except ValueError:
                raise ValueError(tr("{source} must be a whole number, got {text!r}", source=source,
                                    text=text)) from None
            if number <= 0:
                raise ValueError(tr("{source} must be more than 0, got {text!r}", source=source, text=text))
            return number
        return self.kind(text)


def _seconds_to_ms(text: str) -> str:
    try:
        return str(round(float(text) * 1000))
    except ValueError:
        raise ValueError(tr("{source} must be a number, got {text!r}", source="LIANJIAN_REQUEST_TIMEOUT_S",
                            text=text)) from None


SETTINGS: tuple[Setting, ...] = (
    Setting("backend", "LIANJIAN_BACKEND", "--backend", (STORE,), N_("the graph store"), choices=BACKENDS),
    Setting("db_path", "LIANJIAN_DB_PATH", "--db-path", (STORE,), N_("the embedded store's file"), kind=Path),
    Setting("neo4j_uri", "NEO4J_URI", "--neo4j-uri", (STORE,), N_("Neo4j; neo4j://host:7687 routes over a cluster")),
    Setting("neo4j_user", "NEO4J_USER", "--neo4j-user", (STORE,), N_("Neo4j user")),
    Setting("neo4j_password", "NEO4J_PASSWORD", "--neo4j-password", (STORE,), N_("Neo4j password"), secret=True),
    Setting("neo4j_database", "NEO4J_DATABASE", "--neo4j-database", (STORE,), N_("Neo4j database")),
    Setting("query_timeout_ms", "LIANJIAN_QUERY_TIMEOUT_MS", "--query-timeout-ms", (STORE, SERVER),
            N_("how long one query may run, in the store and for the whole GraphQL request (mutations run to "
               "their end)"), unit="ms", kind=int, aliases=(Alias("LIANJIAN_REQUEST_TIMEOUT_S", _seconds_to_ms),)),
    Setting("buffer_pool_mb", "LIANJIAN_BUFFER_POOL_MB", "--buffer-pool-mb", (STORE,),
            N_("the embedded engine's memory for cached pages and running queries"), unit="MiB", kind=int,
            computed_default=N_("8 × the store on disk, at least 1024, at most half the machine's (or container's) "
                                "memory")),
    Setting("max_db_size_gb", "LIANJIAN_MAX_DB_SIZE_GB", "--max-db-size-gb", (STORE,),
            N_("address space reserved for the embedded store"), unit="GiB", kind=int,
            computed_default=N_("the disk's size, at least 8192, rounded up to a power of two")),
    Setting("require_auth", "LIANJIAN_REQUIRE_AUTH", "--require-auth", (SERVER,),
            N_("requests without an API key get UNAUTHENTICATED"), kind=bool),
    Setting("anonymous_role", "LIANJIAN_ANONYMOUS_ROLE", "--anonymous-role", (SERVER,),
            N_("the role of requests without a key"), choices=ROLES),
    Setting("deployment", "LIANJIAN_DEPLOYMENT", "--deployment", (SERVER,), N_("no introspection, no GraphiQL"),
            kind=bool),
    Setting("cors_origins", "LIANJIAN_CORS_ORIGINS", "--cors-origin", (SERVER,),
            N_("browser origins allowed to call the API (comma-separated; repeat the flag)"), kind=tuple,
            computed_default=N_("none: only pages served by lianjian itself")),
    Setting("max_body_bytes", "LIANJIAN_MAX_BODY_BYTES", "--max-body-bytes", (SERVER,), N_("the largest request body"),
            unit="bytes", kind=int),
    Setting("max_depth", "LIANJIAN_MAX_DEPTH", "--max-depth", (SERVER,), N_("how deep a query may nest"), kind=int),
    Setting("max_tokens", "LIANJIAN_MAX_TOKENS", "--max-tokens", (SERVER,), N_("tokens in a GraphQL document"),
            kind=int),
    Setting("max_aliases", "LIANJIAN_MAX_ALIASES", "--max-aliases", (SERVER,), N_("aliases in a GraphQL document"),
            kind=int),
    Setting("max_complexity", "LIANJIAN_MAX_COMPLEXITY", "--max-complexity", (SERVER,),
            N_("estimated fields a query may resolve (docs/api.md, Limits)"), kind=int),
    Setting("max_concurrent_per_caller", "LIANJIAN_MAX_CONCURRENT_PER_CALLER", "--max-concurrent-per-caller",
            (SERVER,), N_("requests one caller (an API key, or the client address when anonymous) runs at once; "
                          "its next ones wait their turn"), kind=int),
    Setting("max_queued_per_caller", "LIANJIAN_MAX_QUEUED_PER_CALLER", "--max-queued-per-caller", (SERVER,),
            N_("requests of one caller waiting for a slot; more are refused with RESOURCE_EXHAUSTED"), kind=int),
    Setting("heavy_cost", "LIANJIAN_HEAVY_COST", "--heavy-cost", (SERVER,),
            N_("estimated fields above which a query is heavy (docs/api.md, Limits)"), kind=int),
    Setting("max_concurrent_heavy", "LIANJIAN_MAX_CONCURRENT_HEAVY", "--max-concurrent-heavy", (SERVER,),
            N_("heavy queries running at once over all callers; the next ones wait their turn within their time "
               "limit"), kind=int),
    Setting("language", "LIANJIAN_LANG", "--lang", (SERVER,),
            N_("the language of messages: zh (简体中文) or en; the CLI's output and help, and the API's answers to "
               "requests whose Accept-Language names neither"), choices=tuple(LANGUAGES),
            computed_default="zh", spelled=supported),
)


def show(setting: Setting, value: Any) -> str:
    if setting.secret and value:
        return "(hidden)"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ",".join(value) or "none"
    if value is None or value == "":
        return setting.computed_default or "none"
    text = str(value)
    return f"{text} {setting.unit}" if setting.unit else text


@dataclass(frozen=True)
class Effective:
    store: StoreSettings
    server: ServerSettings
    sources: dict[str, str]  # setting name -> default, env (the variable read) or flag


def _from_environment(setting: Setting, env: Mapping[str, str]) -> tuple[Any, str] | None:
    if setting.env in env and (setting.kind is bool or env[setting.env].strip()):
        return setting.parse(env[setting.env], setting.env), "env"
    for alias in setting.aliases:
        if alias.env in env and env[alias.env].strip():
            converted = alias.to_value(env[alias.env])
            log.warning("lianjian: %s is deprecated: use %s=%s", alias.env, setting.env, converted)
            return setting.parse(converted, alias.env), f"env ({alias.env}, deprecated)"
    return None


def resolve(scope: str | None = None, flags: Mapping[str, object] | None = None,
            env: Mapping[str, str] | None = None) -> Effective:
    """The settings of `scope` (both when None) from the defaults, the environment and the flags
    given (None: not given)."""
    env = os.environ if env is None else env
    flags = flags or {}
    values: dict[str, dict[str, Any]] = {STORE: {}, SERVER: {}}
    sources: dict[str, str] = {}
    for setting in SETTINGS:
        if scope is not None and scope not in setting.scopes:
            continue
        found = _from_environment(setting, env)
        if flags.get(setting.name) is not None:
            found = (flags[setting.name], "flag")
        sources[setting.name] = found[1] if found else "default"
        if found:
            for target in setting.scopes:
                values[target][setting.name] = found[0]
    return Effective(replace(StoreSettings(), **values[STORE]), replace(ServerSettings(), **values[SERVER]), sources)


def store_settings(**flags: object) -> StoreSettings:
    return resolve(STORE, flags).store


def add_flags(parser: argparse.ArgumentParser, scope: str, title: str) -> None:
    """The flags of `scope`'s settings, each overriding its variable, with its default in the help."""
    group = parser.add_argument_group(tr("{title} (each option overrides its environment variable)", title=title))
    for setting in SETTINGS:
        if setting.scopes[0] != scope:  # a setting of both is a flag once, in its first group
            continue
        help_ = tr("{variable}: {about} (default {default})", variable=setting.env, about=tr(setting.about),
                   default=setting.shown_default()).replace("%", "%%")
        if setting.kind is bool:
            group.add_argument(setting.flag, dest=setting.name, action="store_true", default=None, help=help_)
        elif setting.kind is tuple:
            group.add_argument(setting.flag, dest=setting.name, action="append", metavar="VALUE", help=help_)
        else:
            group.add_argument(setting.flag, dest=setting.name, choices=setting.choices or None, help=help_,
                               type=_flag_type(setting))


def _flag_type(setting: Setting) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            return setting.parse(text, setting.flag)
        except ValueError as exc:  # argparse shows an ArgumentTypeError's own message
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def flags_of(args: argparse.Namespace) -> dict[str, object]:
    """The settings given as flags, as resolve() takes them."""
    given = {s.name: getattr(args, s.name, None) for s in SETTINGS}
    if given.get("cors_origins") is not None:
        given["cors_origins"] = tuple(given["cors_origins"])  # type: ignore[arg-type]
    return given


def markdown() -> str:
    """docs/settings.md: compared with this table by tests/test_settings.py."""
    with speaking("en"):
        return _markdown()


def _markdown() -> str:
    lines = [
        "# Settings",
        "",
        "Generated from `api/settings.py` (`python -m api.settings > docs/settings.md`); a test checks it.",
        "Each setting is an environment variable and a flag of the commands it applies to (`serve`; the",
        "store settings also `seed` and `keys`); a flag overrides its variable. `lianjian config` prints",
        "the effective values and where each comes from (default, env or flag), secrets hidden.",
        "",
        "| variable | flag | unit | default | what |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = s.shown_default().removesuffix(f" {s.unit}") if s.unit else s.shown_default()
        lines.append(f"| `{s.env}` | `{s.flag}` | {s.unit or ''} | {default} | {s.about} |")
    aliases = [(a, s) for s in SETTINGS for a in s.aliases]
    if aliases:
        lines += ["", "Deprecated, still read with a warning:", ""]
        lines += [f"- `{a.env}`: use `{s.env}` ({s.unit})" for a, s in aliases]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
