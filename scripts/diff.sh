#!/usr/bin/env bash
# Shows what tracing adds to a step: the diff between its logging/ and tracing/ variants.
#   npm run diff:01            (add --stat for the size only)
set -euo pipefail
cd "$(dirname "$0")/.."
step=$(ls -d "$1"-*/ 2>/dev/null | head -1)
[ -n "$step" ] || { echo "no step $1" >&2; exit 2; }
shift
git --no-pager diff --no-index "$@" "${step}logging" "${step}tracing" || [ $? -eq 1 ]
