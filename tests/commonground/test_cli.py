"""`coproduce analyse`: outputs, summary, help and errors (exit code 2, no traceback)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coproduce.commonground import planted_conversation
from coproduce.commonground.cli import main

from .conftest import CONVERSATIONS, polis_dir


def test_help_explains_inputs_outputs_and_signs(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for needle in (
        "votes.csv",
        "participants-votes.csv",
        "comments.csv",
        "+1 = agree",
        "-1 = disagree",
        "0 = pass",
        "analysis.json",
        "report.html",
        "--seed",
        "adjusted Rand",
    ):
        assert needle in text


def test_planted_export_round_trip(tmp_path, capsys):
    planted = planted_conversation(200, 40, 3, seed=2)
    planted.write_polis(tmp_path / "in")
    assert main([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-report"]) == 0
    out = capsys.readouterr().out
    assert "adjusted Rand index vs Polis group-id" in out  # the planted groups are written as group-id
    ari = float(out.split("group-id: ")[1].split()[0])
    assert ari >= 0.9
    d = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert len(d["participants"]) == 200 and len(d["statements"]) == 40


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_runs_on_every_shared_conversation(name, tmp_path, capsys):
    d = polis_dir(name)
    assert main([str(d), "--out", str(tmp_path), "--no-report"]) == 0
    out = capsys.readouterr().out
    ari = float(out.split("vs Polis group-id: ")[1].split()[0])
    assert -1.0 <= ari <= 1.0
    doc = json.loads((tmp_path / "analysis.json").read_text())
    # k = 1 is an honest answer ("no clear opinion groups yet"): bg2050-volunteers (126 people) gets it.
    assert doc["diagnostics"]["k"] >= 1
    if doc["diagnostics"]["k"] == 1:
        assert any("no clear opinion groups" in m for m in doc["diagnostics"]["messages"])


def test_bad_input_exits_2_naming_file_and_line(tmp_path, capsys):
    planted = planted_conversation(30, 10, 2, seed=0, min_votes=5, mean_votes=6)
    planted.write_polis(tmp_path)
    text = (tmp_path / "votes.csv").read_text().splitlines()
    text[5] = text[5].rsplit(",", 1)[0] + ",7"
    (tmp_path / "votes.csv").write_text("\n".join(text) + "\n")
    assert main([str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "votes.csv, line 6" in err and "Traceback" not in err


def test_missing_folder_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_the_numpy_adjusted_rand_index_is_scikit_learns():
    from sklearn.metrics import adjusted_rand_score

    from coproduce.commonground.cli import adjusted_rand_index

    rng = np.random.default_rng(0)
    for n, ka, kb in [(50, 3, 4), (200, 1, 5), (7, 7, 2), (30, 2, 2)]:
        a, b = rng.integers(0, ka, n), rng.integers(0, kb, n)
        assert abs(adjusted_rand_index(a, b) - adjusted_rand_score(a, b)) < 1e-12
    assert adjusted_rand_index(np.array([1, 1, 2]), np.array([5, 5, 9])) == 1.0
    assert adjusted_rand_index(np.zeros(4), np.zeros(4)) == adjusted_rand_score(np.zeros(4), np.zeros(4))


@pytest.mark.parametrize(
    "users, expected",
    [
        ({}, {"NUMPY_MADVISE_HUGEPAGE": "0"}),
        ({"NUMPY_MADVISE_HUGEPAGE": "1"}, {"NUMPY_MADVISE_HUGEPAGE": "1"}),
    ],
)
def test_the_command_asks_for_ordinary_pages_unless_told(monkeypatch, users, expected):
    """Decision 0025; a value the user set stands. (One BLAS thread is every process's: test_one_blas_thread.)"""
    import os

    import coproduce.commonground.cli as engine_cli
    from coproduce import cli as command

    env = dict(users)
    monkeypatch.setattr(os, "environ", env)
    seen = []
    monkeypatch.setattr(engine_cli, "main", lambda argv: seen.append(argv) or 0)
    monkeypatch.setattr(command, "_keep_freed_memory", lambda: seen.append("memory kept"))
    assert command.main(["analyse", "some-folder", "--out", "x"]) == 0
    assert seen == ["memory kept", ["some-folder", "--out", "x"]]
    assert env == expected


@pytest.mark.parametrize("given, threads", [(None, 1), ("2", 2)])
def test_one_blas_thread_in_every_process_of_ours_unless_told(given, threads):
    """Importing coproduce, before NumPy, leaves NumPy's and SciPy's OpenBLAS with one thread (decision 0025); a
    number the environment gives stands. In a fresh process: it only works before NumPy loads."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = (
        "import coproduce, numpy, scipy.linalg\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({p['num_threads'] for p in threadpool_info() if p['internal_api'] == 'openblas'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == str([threads])


def test_the_command_is_set_up_before_numpy_loads():
    """The settings only work if NumPy (and its BLAS) has not loaded when the command sets them."""
    import subprocess
    import sys

    code = "import sys, coproduce.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_keeping_freed_memory_asks_glibc_and_is_harmless_without_it(monkeypatch):
    import ctypes

    from coproduce import cli as command

    calls = []

    class Glibc:
        def mallopt(self, param, value):
            calls.append((param, value.value))
            return 1

    class Musl:  # no mallopt
        pass

    monkeypatch.setattr(command.sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Glibc())
    command._keep_freed_memory()
    assert calls == [(-3, 32 << 20), (-2, 256 << 20)]  # M_MMAP_THRESHOLD, M_TOP_PAD
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Musl())
    command._keep_freed_memory()  # nothing happens, nothing raised
    assert len(calls) == 2
