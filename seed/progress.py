"""A progress bar for large seeds, shown only when stderr is a terminal (quiet in logs and CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """Yields a callback taking the number of rows just written."""
    with tqdm(unit=" rows", disable=not (enabled and sys.stderr.isatty()), file=sys.stderr) as bar:
        yield bar.update
