"""Seed errors and warnings, printed as `file:line: column: message` (SPEC §3); `file` is
`book.xlsx:sheet` for a workbook's sheet, and `line` then its row. A message about a whole file
or folder (line 0) reads `file: message`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SeedMessage:
    file: str
    line: int
    column: str
    message: str
    unknown: tuple[str, str] | None = field(default=None, compare=False)  # (label, id) of a reference to nothing

    def __str__(self) -> str:
        if self.line == 0 and not self.column:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.column}: {self.message}"
