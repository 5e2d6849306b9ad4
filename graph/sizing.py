"""How much memory and address space the embedded engine gets when the settings leave it open.

The buffer pool bounds everything LadybugDB holds: cached pages of the store and every query's
working memory (hash tables, sorts). A fixed 1 GiB ran out at 100k units under 16 clients (issue 16),
so the default grows with the store on disk and stays a bounded share of the machine. The pool is
reserved address space: the process only touches (and counts in RSS) what queries use.

`max_db_size` is pure address space (measured on 0.22: the same open time and RSS at 1 TiB, 8 TiB
and 32 TiB; the engine refuses sizes that are not powers of two, and cannot map 128 TiB), so it is
set at least to the size of the disk holding the store: it is never why a write fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MIB = 1 << 20
POOL_FLOOR_MB = 1024  # an empty or small store: enough for a seed and the whole-graph questions
POOL_PER_STORE_MB = 8  # MiB of pool per MiB on disk: the cached store plus several concurrent working sets
POOL_RAM_SHARE = 0.5  # never more than this share of the machine's (or the container's) memory
MAX_DB_SIZE_FLOOR = 1 << 43  # 8 TiB, the engine's own default address space
MAX_DB_SIZE_CEILING = 1 << 45  # 32 TiB maps; 128 TiB (the whole user address space) does not


def machine_memory_mb() -> int:
    """Physical memory, or the cgroup's limit when a container sets a smaller one."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            limit = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if limit.isdigit():
            total = min(total, int(limit))
    return total // MIB


def store_size_mb(path: Path) -> int:
    """The store on disk: the database file (or folder) and its write-ahead log beside it."""
    total = 0
    for part in (path, path.with_name(path.name + ".wal")):
        if part.is_file():
            total += part.stat().st_size
        elif part.is_dir():
            total += sum(f.stat().st_size for f in part.rglob("*") if f.is_file())
    return total // MIB


def default_buffer_pool_mb(path: Path) -> int:
    wanted = max(POOL_FLOOR_MB, POOL_PER_STORE_MB * store_size_mb(path))
    return min(wanted, int(machine_memory_mb() * POOL_RAM_SHARE))


def max_db_size_bytes(path: Path, wanted_gb: int | None = None) -> int:
    """A power of two: at least `wanted_gb` when given, else at least the disk under the store."""
    if wanted_gb is not None:
        wanted = wanted_gb << 30
    else:
        folder = next((p for p in (path, *path.parents) if p.exists()), Path("/"))
        wanted = max(MAX_DB_SIZE_FLOOR, shutil.disk_usage(folder).total)
    return min(1 << max(wanted - 1, 1).bit_length(), MAX_DB_SIZE_CEILING)
