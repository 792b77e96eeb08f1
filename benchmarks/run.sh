#!/usr/bin/env bash
# `make bench`: the engine benchmark (benchmarks/engine.py), ours against red-dwarf.
#
#   make bench                                         # everything; rewrites the results in docs/benchmarks.md
#   bash benchmarks/run.sh --sizes 10k,200k            # a quick look (prints, writes no docs)
#   bash benchmarks/run.sh --sizes 10k --skip-reddwarf --skip-polis --skip-evaluation
#   BENCH_ARGS="--sizes 2M" make bench                 # arguments through make
#
# Assumes `make` has made .venv with the project installed. red-dwarf (the Python port of Polis's maths) is
# installed ONLY into a separate venv, .venv-bench, never into the project's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
# Measure this checkout's engine, also from a git worktree whose .venv was installed from another checkout.
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
BENCH_VENV=.venv-bench
REDDWARF_SPEC="red-dwarf==0.4.0"   # pinned so that figures can be reproduced

if [ ! -x "$PY" ]; then
    echo "benchmarks/run.sh: $PY not found; run 'make install' (or 'make bench', which makes it) first" >&2
    exit 1
fi

# shellcheck disable=SC2206
extra=(${BENCH_ARGS:-})
set -- "$@" "${extra[@]+"${extra[@]}"}"

want_reddwarf=1
for a in "$@"; do [ "$a" = "--skip-reddwarf" ] && want_reddwarf=0; done

if [ "$want_reddwarf" = 1 ] && ! "$BENCH_VENV/bin/python" -c "import reddwarf, sklearn" 2>/dev/null; then
    echo "== making $BENCH_VENV with $REDDWARF_SPEC (benchmark only)" >&2
    # The same interpreter the project venv was made from.
    base=$("$PY" -c 'import sys; print(sys._base_executable)')
    "$base" -m venv "$BENCH_VENV"
    "$BENCH_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$REDDWARF_SPEC"
fi

if [ $# -eq 0 ]; then
    # The full run is the one whose figures go into docs/benchmarks.md.
    exec "$PY" benchmarks/engine.py --write-docs --command "make bench (this part: bash benchmarks/run.sh)"
fi
exec "$PY" benchmarks/engine.py --command "bash benchmarks/run.sh $*" "$@"
