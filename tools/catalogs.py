"""Keeps the message catalogs in step with the code: `python -m tools.catalogs` extracts every
sentence marked with tr/trn/N_ from api/, graph/ and seed/, merges it into locales/zh_CN and
locales/en (the English catalog translates each msgid to itself), drops what the code no longer
says, and compiles each .po into the .mo that the package reads at run time (no build step after
`pip install`). New Chinese entries come out empty: fill them in, then run it again.
tests/test_locales.py fails while a catalog is behind the code, empty, fuzzy or not compiled.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("api", "graph", "seed")
KEYWORDS = {"tr": None, "trn": (1, 2), "N_": None}
LOCALES = ROOT / "locales"
CATALOGS = {"zh_CN": LOCALES / "zh_CN" / "LC_MESSAGES" / "lianjian.po",
            "en": LOCALES / "en" / "LC_MESSAGES" / "lianjian.po"}


def extracted() -> Catalog:
    """Every marked sentence of the code, where it is said."""
    template = Catalog(project="lianjian", fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            template.add(message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="lianjian", fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(locale: str, template: Catalog) -> Catalog:
    catalog = read(CATALOGS[locale], locale)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if locale == "en":
        for message in catalog:
            if message.id:
                message.string = message.id
    return catalog


def main() -> int:
    template = extracted()
    missing = 0
    for locale, path in CATALOGS.items():
        catalog = updated(locale, template)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=100, sort_output=True, include_lineno=False)
        path.with_suffix(".mo").write_bytes(compiled(read(path, locale)))
        empty = [m.id for m in catalog if m.id and not (m.string and (isinstance(m.string, str) or all(m.string)))]
        missing += len(empty)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(empty)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
