#!/usr/bin/env bash
# The Python package's CI, run by the repository's .ci/run (or alone, from
# anywhere): a venv with the pinned tools of requirements-dev.txt, a Java
# runtime for PySpark where the machine lacks one, the wheel built with
# maturin and pip-installed, then pytest over tests/ (contract, offsets,
# errors, batches, threads, Arrow, Dask, and PySpark on local[2]).
#
# Environment: PYTHON (default python3), VENV (default <repo>/target/python-venv),
# CHANCERY_CLI (default: the repository's target/release/chancery, built if missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
start=$SECONDS
python="${PYTHON:-python3}"
venv="${VENV:-$repo/target/python-venv}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=
apt_install() {
    command -v apt-get >/dev/null || return 1
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq && apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

"$python" -c 'import sys; assert sys.version_info >= (3, 10), sys.version' \
    || { echo "python: the chancery wheel needs CPython 3.10 or later" >&2; exit 1; }

# A venv; Debian's Python needs python3-venv for it.
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" 2>/dev/null || {
        rm -rf "$venv"
        apt_install python3-venv || true
        "$python" -m venv "$venv"
    }
fi
# As if activated: maturin finds zig through the venv's python.
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
python -m pip install -q --disable-pip-version-check -r "$here/requirements-dev.txt"

# PySpark runs on a Java runtime: Debian's default headless JRE where there is none.
if ! command -v java >/dev/null; then
    apt_install default-jre-headless || echo "no Java runtime could be installed: the PySpark test will skip" >&2
fi

# The CLI the tests compare with.
cli="${CHANCERY_CLI:-$repo/target/release/chancery}"
if [ ! -x "$cli" ]; then (cd "$repo" && cargo build --release --locked --quiet); fi

# The wheel: abi3 (CPython >= 3.10), manylinux2014 through zig.
rm -rf "$here/target/wheels"
(cd "$here" && maturin build --release --locked --zig -o target/wheels)
python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$here"/target/wheels/chancery-*.whl
echo "python: wheel built and installed in $((SECONDS - start)) s"

export SPARK_LOCAL_IP=127.0.0.1 CHANCERY_CLI="$cli" PYSPARK_PYTHON="$venv/bin/python"
(cd "$here" && python -m pytest -q -p no:cacheprovider tests)
echo "python: done in $((SECONDS - start)) s"
