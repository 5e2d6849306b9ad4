"""The words lianjian says to a person, in 简体中文 (the default) or English, from one gettext catalog
per language (`locales/<lang>/LC_MESSAGES/lianjian.po`, compiled to the `.mo` beside it).

The English sentence is the msgid; a value in it is a named `{placeholder}` (str.format), so a
translation may put the values in its own order. The language of what is being said is a context
variable: the HTTP layer sets it per request from `Accept-Language`, the CLI from `--lang`, and
otherwise it is LIANJIAN_LANG or Chinese. A lower layer (seed validation reached through seedCsv)
words its messages in the caller's language without being told, because the variable follows the
request into everything it awaits. Mark a sentence with `tr(...)` where it is said, or with `N_`
where it is defined ahead of time and `tr(CONSTANT)` where said; `python -m tools.catalogs`
extracts the marked sentences into both catalogs and compiles them (tests/test_locales.py checks).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "lianjian"
LOCALE_DIR = Path(__file__).resolve().parent
LANGUAGES = {"zh": "zh_CN", "en": "en"}  # what a caller asks for -> the catalog's folder
DEFAULT = "zh"
ENV = "LIANJIAN_LANG"

_language: ContextVar[str | None] = ContextVar("lianjian_language", default=None)


def supported(asked: str | None) -> str | None:
    """The language of ours that a tag names (`zh`, `zh-CN`, `zh_Hans`, `en-US` …), else None."""
    primary = (asked or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def configured() -> str:
    """LIANJIAN_LANG when it names one of ours, else Chinese."""
    return supported(os.environ.get(ENV)) or DEFAULT


def language() -> str:
    return _language.get() or configured()


def negotiate(accept_language: str | None) -> str | None:
    """The client's most wanted language that we speak (RFC 9110 §12.5.4 weights), or None when it
    names none of ours (then the configured default applies)."""
    wanted: list[tuple[float, int, str]] = []
    for position, entry in enumerate((accept_language or "").split(",")):
        tag, *params = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        ours = supported(tag)
        if ours and weight > 0:
            wanted.append((-weight, position, ours))
    return min(wanted)[2] if wanted else None


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Everything said inside (and in what it awaits or starts) is in `lang`; None keeps the default."""
    token = _language.set(supported(lang))
    try:
        yield
    finally:
        _language.reset(token)


def use(lang: str | None) -> None:
    """Sets the language for the rest of this context (the CLI's --lang, once at start-up)."""
    _language.set(supported(lang))


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGES[lang]])


def tr(message: str, /, **values: object) -> str:
    """`message` (the English msgid) in the current language, its `{placeholders}` filled."""
    worded = catalog(language()).gettext(message)
    return worded.format(**values) if values else worded


def trn(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for `n` (Chinese has one form); `{n}` is filled too."""
    return catalog(language()).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str) -> str:
    """Marks a sentence defined ahead of time for the catalogs; `tr` translates it where it is said."""
    return message
