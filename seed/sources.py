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
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from locales import N_, tr
from seed.csvfile import read_csv
from seed.messages import SeedMessage
from seed.names import both, closest_spec, is_notes, spec_named
from seed.rowschema import FILES, FileSpec
from seed.table import SeedTable, Source
from seed.xlsxfile import Workbook, WorkbookError

TEXT_SUFFIXES = (".csv",)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
UNREAD_SPREADSHEETS = {  # formats a seed folder may well hold but that are not read: suffix -> what it is
    ".xls": N_("an Excel 97-2003 workbook"), ".et": N_("a WPS spreadsheet"),
    ".ods": N_("an OpenDocument spreadsheet"), ".numbers": N_("a Numbers spreadsheet"),
}
SEED_NAMES = ", ".join(both(spec.stem, spec.alias) for spec in FILES)
# What is wrong with a file that is no seed file, as a warning in a folder ("…, ignored") and as the
# error it is when it is the one file given (the person meant it).
NOT_A_SEED_FILE = (N_("not a seed file, ignored; {suggestion}"), N_("not a seed file; {suggestion}"))
NO_SEED_SHEET = (N_("neither the workbook nor any of its sheets is named after a seed file, ignored; {suggestion}"),
                 N_("neither the workbook nor any of its sheets is named after a seed file; {suggestion}"))
UNREADABLE = (N_("{what} cannot be read, ignored; save it as .xlsx or .csv"),
              N_("{what} cannot be read; save it as .xlsx or .csv"))


def what_to_give() -> str:
    return tr("name each file after a seed file ({names}) as .csv or .xlsx, or give one workbook with a sheet per "
              "seed file; docs/csv.md describes them", names=SEED_NAMES)

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
            self.errors.append(source.message(0, "", tr("{file} is given twice, here and in {other}; keep one of "
                                                        "them", file=both(spec.stem, spec.alias),
                                                        other=first.source.cited)))
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
        return tr("not a plain file name (no folder, no leading '.' or '~$')")
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or (suffix in TEXT_SUFFIXES and spec_named(path.stem) is not None):
        return None
    return tr(NOT_A_SEED_FILE[1], suggestion=_suggestion(path.stem, suffix if suffix in TEXT_SUFFIXES else ".csv"))


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


def _suggestion(stem: str, suffix: str, sheets: bool = False) -> str:
    near = closest_spec(stem)
    if near is None:
        return (tr("seed sheets are named {names}", names=SEED_NAMES) if sheets else
                tr("seed files are named {names}", names=SEED_NAMES))
    meant = f"{near.stem}{suffix} ({near.alias})"
    return tr("did you mean {name}?", name=meant)


def _find(path: Path, cited: str, workbooks: ExitStack) -> Found:
    found = Found()
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_file() and not _ignored(p.name))
        if not entries:
            found.errors.append(SeedMessage(cited, 0, "", tr("the folder is empty; {what_to_give}",
                                                             what_to_give=what_to_give())))
            return found
    elif path.is_file():
        entries = [path]
    else:
        found.errors.append(SeedMessage(cited, 0, "", tr("no such folder or file")))
        return found
    lone = not path.is_dir()  # the one file given is what the person meant: what is wrong with it is an error
    for entry in entries:
        _add_file(found, entry, workbooks, lone)
    if found.inputs or found.errors:
        return found
    if path.is_dir():
        found.errors.append(SeedMessage(cited, 0, "", tr("holds no seed file; {what_to_give}",
                                                         what_to_give=what_to_give())))
    else:
        found.errors.append(SeedMessage(path.name, 0, "", tr("not a seed file; {what_to_give}",
                                                             what_to_give=what_to_give())))
    return found


def _skip(found: Found, source: Source, wording: tuple[str, str], lone: bool, **values: object) -> None:
    """A file passed over: a warning in a folder, an error when it is the one file given."""
    if lone:
        found.errors.append(source.message(0, "", tr(wording[1], **values)))
    else:
        found.warnings.append(source.message(0, "", tr(wording[0], **values)))


def _add_file(found: Found, entry: Path, workbooks: ExitStack, lone: bool) -> None:
    suffix = entry.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        spec = spec_named(entry.stem)
        if spec is None:
            _skip(found, Source(entry.name), NOT_A_SEED_FILE, lone, suggestion=_suggestion(entry.stem, suffix))
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
            _add_sheets(found, entry, book, lone)
    elif suffix in UNREAD_SPREADSHEETS:
        _skip(found, Source(entry.name), UNREADABLE, lone, what=tr(UNREAD_SPREADSHEETS[suffix]))


def _add_workbook_of(found: Found, name: str, book: Workbook, spec: FileSpec) -> None:
    """A workbook named after one seed file: its sheet named so too, else its first sheet."""
    sheets = book.sheet_names
    sheet = next((s for s in sheets if spec_named(s) is spec), sheets[0])
    source = Source(name, sheet)
    found.add(spec, source, partial(book.read, sheet, source))


def _add_sheets(found: Found, entry: Path, book: Workbook, lone: bool) -> None:
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
        _skip(found, Source(entry.name), NO_SEED_SHEET, lone,
              suggestion=_suggestion(entry.stem, entry.suffix.lower()))
        return
    for sheet in unknown:
        if not is_notes(sheet) and book.has_values(sheet):
            found.warnings.append(Source(entry.name, sheet).message(
                0, "", tr("not a seed sheet, ignored; {suggestion}", suggestion=_suggestion(sheet, "", sheets=True))))
