"""How the HTTP server behaves: who may do what without a key, and the limits a public GraphQL
endpoint needs. Each setting is an environment variable; the access ones are `lianjian serve` flags too."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TypeVar

from api.auth import ROLES

Number = TypeVar("Number", int, float)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class ServerSettings:
    require_auth: bool = False  # anonymous requests get UNAUTHENTICATED
    anonymous_role: str = "viewer"  # the role of requests without a key otherwise
    deployment: bool = False  # no introspection, no GraphiQL
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1_000_000
    request_timeout_s: float = 30.0
    max_depth: int = 12
    max_tokens: int = 4000
    max_aliases: int = 30
    max_complexity: int = 500_000
    max_concurrent_per_caller: int = 4  # requests one key (or anonymous address) may have running
    max_queued_per_caller: int = 64  # and waiting for one of those slots; more are refused

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        """Environment first, then the non-None overrides (CLI flags); a bad value is a ValueError
        naming the variable."""
        env = os.environ
        settings = cls(
            require_auth=_flag("LIANJIAN_REQUIRE_AUTH", cls.require_auth),
            anonymous_role=env.get("LIANJIAN_ANONYMOUS_ROLE", cls.anonymous_role),
            deployment=_flag("LIANJIAN_DEPLOYMENT", cls.deployment),
            cors_origins=tuple(o.strip() for o in env.get("LIANJIAN_CORS_ORIGINS", "").split(",") if o.strip()),
            max_body_bytes=_number("LIANJIAN_MAX_BODY_BYTES", cls.max_body_bytes, int),
            request_timeout_s=_number("LIANJIAN_REQUEST_TIMEOUT_S", cls.request_timeout_s, float),
            max_depth=_number("LIANJIAN_MAX_DEPTH", cls.max_depth, int),
            max_tokens=_number("LIANJIAN_MAX_TOKENS", cls.max_tokens, int),
            max_aliases=_number("LIANJIAN_MAX_ALIASES", cls.max_aliases, int),
            max_complexity=_number("LIANJIAN_MAX_COMPLEXITY", cls.max_complexity, int),
            max_concurrent_per_caller=_number("LIANJIAN_MAX_CONCURRENT_PER_CALLER", cls.max_concurrent_per_caller, int),
            max_queued_per_caller=_number("LIANJIAN_MAX_QUEUED_PER_CALLER", cls.max_queued_per_caller, int),
        )
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
        if settings.anonymous_role not in ROLES:
            raise ValueError(f"LIANJIAN_ANONYMOUS_ROLE must be one of {', '.join(ROLES)}")
        return settings


def _number(name: str, default: Number, kind: type[Number]) -> Number:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = kind(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be more than 0, got {value!r}")
    return number
