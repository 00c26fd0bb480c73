#!/usr/bin/env bash
# PostgreSQL for the record store's tests (tests/postgresql.py starts a throwaway cluster with initdb and
# pg_ctl): Debian's postgresql package, when its server programs are missing. Run as root, or through sudo.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "PostgreSQL is missing: install it with your package manager (Debian: apt-get install postgresql);" \
        "the PostgreSQL tests skip without it (and fail under CI)." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL is missing and there is no apt-get here: install it with your package manager." >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
