"""argparse's own sentences ("usage:", "error:", "the following arguments are required") in the
catalogs. argparse words them through the `_` it imported from gettext, looked up when it
speaks, so pointing that at ours makes its help and errors speak the CLI's language; a
sentence of argparse not listed here stays in English."""

from __future__ import annotations

import argparse

from locales import N_, tr

SENTENCES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


def speak() -> None:
    """argparse words its sentences in the language spoken from now on."""
    argparse._ = tr  # type: ignore[attr-defined]
