#!/usr/bin/env bash
# The HTTP load generator of the service benchmark (benchmarks/service_load.py): Debian's wrk, when missing.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing: install it with your package manager (Debian: apt-get install wrk)." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends wrk >/dev/null
