"""Finding the seed files a path holds — a folder of CSV and Excel files, one workbook with a sheet
per seed file, or a single file — and handing each the reader of its format, so that validation
never asks which format it was.

Names match without regard to case, in English or Chinese (seed/names.py): `units.csv`,
`Units.csv`, `单位.csv`, `units.xlsx` (its sheet named `units` or `单位`, else its first sheet), or
any other `.xlsx` whose sheets are named after seed files. What looks like a seed file but matches
none is a warning naming the closest; a seed file given twice is an error; a folder holding none
is one plain error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from seed.csvfile import read_csv
from seed.messages import SeedMessage
from seed.names import both, closest_spec, is_notes, spec_named
from seed.rowschema import FILES, FileSpec
from seed.table import SeedTable, Source
from seed.xlsxfile import Workbook, WorkbookError

TEXT_SUFFIXES = (".csv",)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
UNREAD_SPREADSHEETS = {  # formats a seed folder may well hold but that are not read: suffix -> what it is
    ".xls": "an Excel 97-2003 workbook", ".et": "a WPS spreadsheet", ".ods": "an OpenDocument spreadsheet",
    ".numbers": "a Numbers spreadsheet",
}
SEED_NAMES = ", ".join(both(spec.stem, spec.alias) for spec in FILES)
WHAT_TO_GIVE = (f"name each file after a seed file ({SEED_NAMES}) as .csv or .xlsx, or give one workbook "
                "with a sheet per seed file; docs/csv.md describes them")

Reader = Callable[[], tuple[SeedTable, list[SeedMessage]]]


@dataclass
class SeedInput:
    """One seed file found, not yet read."""

    spec: FileSpec
    source: Source
    read: Reader


@dataclass
class Found:
    inputs: dict[str, SeedInput] = field(default_factory=dict)  # seed file name (units.csv) -> where it is
    errors: list[SeedMessage] = field(default_factory=list)
    warnings: list[SeedMessage] = field(default_factory=list)

    def add(self, spec: FileSpec, source: Source, read: Reader) -> None:
        first = self.inputs.get(spec.name)
        if first is not None:
            self.errors.append(source.message(0, "", f"{both(spec.stem, spec.alias)} is given twice, here and in "
                                                     f"{first.source.cited}; keep one of them"))
            return
        self.inputs[spec.name] = SeedInput(spec, source, read)


@contextmanager
def seed_inputs(path: Path, cited: str | None = None) -> Iterator[Found]:
    """The seed files `path` holds; the workbooks among them stay open until the block ends.
    `cited` is how messages about the whole name it (the path itself by default)."""
    with ExitStack() as workbooks:
        yield _find(path, cited or str(path), workbooks)


def name_problem(name: str) -> str | None:
    """Why a file sent by name (over the API) cannot be a seed file, or None when it can."""
    if not _plain(name):
        return "not a plain file name (no folder, no leading '.' or '~$')"
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or (suffix in TEXT_SUFFIXES and spec_named(path.stem) is not None):
        return None
    return f"not a seed file; {_suggestion(path.stem, suffix if suffix in TEXT_SUFFIXES else '.csv')}"


def _plain(name: str) -> bool:
    if not name or name in {".", ".."} or any(c in name for c in "/\\\0") or _ignored(name):
        return False
    try:
        return len(name.encode("utf-8")) <= 255
    except UnicodeEncodeError:
        return False


def _ignored(name: str) -> bool:
    """Hidden files and the lock files Excel and WPS keep beside an open workbook (`~$units.xlsx`)."""
    return name.startswith((".", "~$"))


def _suggestion(stem: str, suffix: str, what: str = "seed files") -> str:
    near = closest_spec(stem)
    if near is None:
        return f"{what} are named {SEED_NAMES}"
    return f"did you mean {near.stem}{suffix} ({near.alias})?"


def _find(path: Path, cited: str, workbooks: ExitStack) -> Found:
    found = Found()
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_file() and not _ignored(p.name))
        if not entries:
            found.errors.append(SeedMessage(cited, 0, "", f"the folder is empty; {WHAT_TO_GIVE}"))
            return found
    elif path.is_file():
        entries = [path]
    else:
        found.errors.append(SeedMessage(cited, 0, "", "no such folder or file"))
        return found
    for entry in entries:
        _add_file(found, entry, workbooks)
    if found.inputs or found.errors:
        return found
    if path.is_dir():
        found.errors.append(SeedMessage(cited, 0, "", f"holds no seed file; {WHAT_TO_GIVE}"))
    else:  # the one file given is what the person meant: what is wrong with it is an error, not a warning
        found.errors += [replace(w, message=w.message.replace(", ignored", "", 1)) for w in found.warnings] or [
            SeedMessage(path.name, 0, "", f"not a seed file; {WHAT_TO_GIVE}")]
        found.warnings = []
    return found


def _add_file(found: Found, entry: Path, workbooks: ExitStack) -> None:
    suffix = entry.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        spec = spec_named(entry.stem)
        if spec is None:
            found.warnings.append(SeedMessage(entry.name, 0, "", "not a seed file, ignored; "
                                                                 + _suggestion(entry.stem, suffix)))
            return
        source = Source(entry.name)
        found.add(spec, source, lambda: read_csv(source, entry.read_bytes()))
    elif suffix in WORKBOOK_SUFFIXES:
        try:
            book = Workbook(entry)
        except WorkbookError as exc:
            found.errors.append(SeedMessage(entry.name, 0, "", str(exc)))
            return
        workbooks.callback(book.close)
        spec = spec_named(entry.stem)
        if spec is not None:
            _add_workbook_of(found, entry.name, book, spec)
        else:
            _add_sheets(found, entry, book)
    elif suffix in UNREAD_SPREADSHEETS:
        found.warnings.append(SeedMessage(entry.name, 0, "", f"{UNREAD_SPREADSHEETS[suffix]} cannot be read, "
                                                             "ignored; save it as .xlsx or .csv"))


def _add_workbook_of(found: Found, name: str, book: Workbook, spec: FileSpec) -> None:
    """A workbook named after one seed file: its sheet named so too, else its first sheet."""
    sheets = book.sheet_names
    sheet = next((s for s in sheets if spec_named(s) is spec), sheets[0])
    source = Source(name, sheet)
    found.add(spec, source, partial(book.read, sheet, source))


def _add_sheets(found: Found, entry: Path, book: Workbook) -> None:
    """A workbook of seed files, one sheet each; sheets named otherwise are warned about if they
    hold anything (Excel's empty Sheet2 is not worth a word, nor a template's 说明 sheet)."""
    unknown: list[str] = []
    matched = False
    for sheet in book.sheet_names:
        spec = spec_named(sheet)
        if spec is None:
            unknown.append(sheet)
            continue
        matched = True
        source = Source(entry.name, sheet)
        found.add(spec, source, partial(book.read, sheet, source))
    if not matched:
        found.warnings.append(SeedMessage(entry.name, 0, "", "neither the workbook nor any of its sheets is named "
                                                             "after a seed file, ignored; "
                                                             + _suggestion(entry.stem, entry.suffix.lower())))
        return
    for sheet in unknown:
        if not is_notes(sheet) and book.has_values(sheet):
            found.warnings.append(Source(entry.name, sheet).message(
                0, "", "not a seed sheet, ignored; " + _suggestion(sheet, "", "seed sheets")))
