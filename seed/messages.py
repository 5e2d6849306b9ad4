"""Seed errors and warnings, printed as `file:line: column: message` (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SeedMessage:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"
