"""Where a Polis import's time goes, stage by stage (issue 21): wall and CPU time at each progress report of
coproduce.conversations.actions.do_import_polis, and on PostgreSQL the server process's CPU time too (read from
/proc, so only when the server runs on this machine).

    .venv/bin/python benchmarks/import_stages.py                      # the generated 2,000 x 30,000 x 2,000,000
    .venv/bin/python benchmarks/import_stages.py --votes 200000 --participants 3000
    BENCH_DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_stages.py

The export is read before the clock starts (benchmarks/realsize.py measures the whole import, reading included).
A fresh SQLite file in a temporary folder unless BENCH_DATABASE_URL names a throwaway database.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import realsize  # noqa: E402  (puts src/ on the path)
from realsize_data import generate  # noqa: E402


def server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL server process, None elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server is on another machine
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=30_000)
    parser.add_argument("--votes", type=int, default=2_000_000)
    args = parser.parse_args()
    size = f"{args.statements}x{args.participants}x{args.votes}"
    folder = generate(
        ROOT / "var" / "bench" / f"realsize-{size}",
        statements=args.statements,
        participants=args.participants,
        votes=args.votes,
    )
    with tempfile.TemporaryDirectory() as var_dir:
        print(realsize.setup_django(var_dir))
        from coproduce.commonground import read_polis
        from coproduce.conversations.actions import do_import_polis
        from coproduce.engagements.models import Organisation

        organisation = Organisation.objects.create(name="Import stages", slug=f"stages-{uuid.uuid4().hex[:8]}")
        polis = read_polis(folder)
        load = os.getloadavg()[0]
        wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu()

        def progress(stage: str, done: int, total: int) -> None:
            if done in (0, total):
                print(
                    f"{stage:13s} {done:>10,} of {total:>10,}  wall {time.perf_counter() - wall:7.2f} s"
                    f"  CPU {time.process_time() - cpu:7.2f} s",
                    flush=True,
                )

        do_import_polis(None, organisation, polis, title=f"Import stages {size}", progress=progress)
        took, used = time.perf_counter() - wall, time.process_time() - cpu
        server_used = server_cpu()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"whole (with the commit): wall {took:.2f} s, CPU {used:.2f} s: {args.votes / took:,.0f} votes/s")
        if server is not None and server_used is not None:
            print(f"server process CPU: {server_used - server:.2f} s")
        print(
            f"load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; context switches "
            f"(whole process) voluntary {usage.ru_nvcsw:,} (waits), involuntary {usage.ru_nivcsw:,} (preempted)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
