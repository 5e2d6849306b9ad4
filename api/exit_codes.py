"""The statuses `lianjian` exits with: one table for scripts to rely on. The README's "Exit status"
section is this table (tests/test_cli.py compares them and runs a command for each status)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    NOT_LISTENING = 3
    UNAVAILABLE = 4
    INTERRUPTED = 130


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "done",
    ExitCode.REFUSED: "refused: the input has errors and nothing was written (a seed with invalid rows, "
                      "an unknown key id, a graph an export cannot write as it stands)",
    ExitCode.USAGE: "usage: an unknown command, option or value, a seed path that does not exist, "
                    "a folder to write into that is not empty, a setting out of range",
    ExitCode.NOT_LISTENING: "the server did not start listening: the port is taken or the host cannot be bound "
                            "(nothing is announced)",
    ExitCode.UNAVAILABLE: "the store or a file cannot be used: the embedded store is locked by another process, "
                          "Neo4j is unreachable, a folder cannot be written",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}
