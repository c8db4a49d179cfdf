#!/usr/bin/env bash
# Validates every compose file with compose-go (docker compose's own loader), since no
# Docker engine runs in CI. The checker is built once into .infra/bin from tools/compose-check.
set -euo pipefail
cd "$(dirname "$0")/.."
checker=.infra/bin/compose-check
if [ ! -x "$checker" ] || [ tools/compose-check/main.go -nt "$checker" ] || [ tools/compose-check/go.sum -nt "$checker" ]; then
  mkdir -p .infra/bin
  (cd tools/compose-check && go build -o ../../"$checker" .)
fi
"$checker" docker-compose*.yml 0*/docker-compose.yml
