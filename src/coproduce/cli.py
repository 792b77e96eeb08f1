"""The `coproduce` command.

`coproduce analyse DIR` runs the common-ground engine on a Polis export without Django; every other
sub-command is a Django management command (`coproduce run`, `coproduce demo`, `coproduce migrate`, …).
"""

from __future__ import annotations

import os
import sys

USAGE = """usage: coproduce COMMAND [ARGS]

  run [ADDR:PORT]      serve the site (default 127.0.0.1:8000)
  demo                 load the demo organisation and engagement (safe to run again)
  migrate              create or update the database tables
  analyse DIR          analyse a Polis export folder with the common-ground engine (see `coproduce analyse --help`)
  createsuperuser, check, shell, …   any Django management command
"""


#: glibc's mallopt parameters (malloc.h): how much more than it needs the heap grows by and keeps when it
#: shrinks; from what size a block gets its own mapping instead of a place in the heap.
_M_TOP_PAD, _M_MMAP_THRESHOLD = -2, -3


def _keep_freed_memory() -> None:
    """Let this process keep the memory it frees for its next arrays (glibc on Linux; elsewhere nothing happens).

    The analysis makes and drops many arrays of a few to a few dozen MB. By default each gets its own mapping
    from the system, handed back when freed, and the next one is faulted in again and zero-filled by the kernel:
    at 2 M votes a tenth of the command's processor time went on zeroing pages (``perf``, decision 0025). Arrays
    below 32 MB now come from the heap, which keeps 256 MB of what it frees (a third fewer page faults, about 25
    MB more peak memory). Set before the imports: set after them it made no difference (measured). A one-shot
    command gains nothing by returning memory it is about to ask for again; the web server's long-lived
    processes keep the default."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None)  # the C library this process already has
        libc.mallopt(_M_MMAP_THRESHOLD, ctypes.c_int(32 << 20))
        libc.mallopt(_M_TOP_PAD, ctypes.c_int(256 << 20))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): the defaults stay
        return


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    if args[0] in {"analyse", "analyze"}:
        # (One BLAS thread, as in every process of ours: coproduce/__init__.py.)
        # NumPy asks for 2 MB pages for its big arrays, and the kernel zeroes each whole: at 2 M votes the
        # command's system time swung between 0.15 and 0.65 s from run to run; with ordinary pages it held at
        # about 0.2 s (decision 0025). Also before NumPy loads.
        os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
        _keep_freed_memory()
        from coproduce.commonground.cli import main as analyse_main

        return analyse_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if args[0] == "run":
        args = ["runserver", *(args[1:] or ["127.0.0.1:8000"])]
    try:
        execute_from_command_line(["coproduce", *args])
    except ImproperlyConfigured as error:
        # A configuration mistake deserves a sentence, not a traceback.
        print(f"coproduce: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
