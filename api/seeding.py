"""Seeding over the API, for admins: the same CSV files and Excel workbooks as `lianjian seed`,
sent in the request.

The files are loaded by the same code as the CLI (seed/load.py), so the checks, the messages
(`file:line: column: message`, `book.xlsx:sheet:row: …` for a workbook) and the all-or-nothing
rule are the same.
"""

from __future__ import annotations

import base64

import strawberry

from api.access import require
from api.errors import BadUserInput
from api.types import Ctx
from graph.bookkeeping import Actor
from locales import tr
from seed.load import SeedReport, seed_files
from seed.messages import SeedMessage

SEED_ROLE = "admin"


@strawberry.input(description="One seed file: `content` as text, or `base64` for the file's bytes (GB18030 as Excel "
                              "writes it, a BOM…), exactly one of them")
class CsvFileInput:
    name: str = strawberry.field(description="a seed file's name (docs/csv.md), e.g. units.csv, or an Excel workbook "
                                             "(.xlsx, sent as base64) with a sheet per seed file")
    content: str | None = None
    base64: str | None = None


@strawberry.type(name="SeedMessage")
class SeedMessageType:
    file: str
    line: int
    column: str
    message: str

    @classmethod
    def of(cls, message: SeedMessage) -> SeedMessageType:
        return cls(file=message.file, line=message.line, column=message.column, message=message.message)


@strawberry.type
class FileRows:
    file: str
    rows: int


@strawberry.type(description="What a seed did: loaded is false when any error was found (nothing was written) or "
                             "with check: true")
class SeedResult:
    loaded: bool
    rows: list[FileRows]
    errors: list[SeedMessageType]
    warnings: list[SeedMessageType]

    @classmethod
    def of(cls, report: SeedReport) -> SeedResult:
        return cls(loaded=report.loaded, rows=[FileRows(file=f, rows=n) for f, n in report.rows.items()],
                   errors=[SeedMessageType.of(m) for m in report.errors],
                   warnings=[SeedMessageType.of(m) for m in report.warnings])


def _bytes(index: int, file: CsvFileInput) -> bytes:
    """The file's bytes; what cannot be a file is refused naming it as `files[i]` and by name
    (repr: a name may be empty or hold what a message cannot print)."""
    which = f"files[{index}] ({file.name!r})"
    if (file.content is None) == (file.base64 is None):
        raise BadUserInput(tr("{which}: give exactly one of content and base64", which=which), field="files")
    try:
        file.name.encode("utf-8")
        if file.content is not None:
            return file.content.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: text no file can hold
        raise BadUserInput(tr("{which}: the name or content is not valid Unicode text", which=which), field="files") from None
    try:
        return base64.b64decode(file.base64 or "", validate=True)
    except ValueError:  # binascii.Error for bad base64; a plain ValueError for text that is not ASCII
        raise BadUserInput(tr("{which}: base64 is not valid base64", which=which), field="files") from None


@strawberry.type
class SeedMutation:
    @strawberry.mutation(description="Load seed files (admin role), as `lianjian seed`: everything is checked first and "
                                      "nothing is written unless every row is valid. replace: empty the graph first; "
                                      "check: validate only")
    async def seed_csv(self, info: Ctx, files: list[CsvFileInput], replace: bool = False,
                       check: bool = False) -> SeedResult:
        principal = require(info, SEED_ROLE, "seedCsv")
        contents = {file.name: _bytes(index, file) for index, file in enumerate(files)}
        if len(contents) != len(files):
            raise BadUserInput(tr("files: a file name is given twice"), field="files")
        report = await seed_files(info.context.store, contents, replace=replace, check=check,
                                  actor=Actor(principal.name, principal.role or SEED_ROLE))
        info.context.forget()
        return SeedResult.of(report)
