#!/usr/bin/env bash
# The demo's infrastructure without Docker: real Kafka, Elasticsearch and Jaeger as local
# processes on 127.0.0.1, fetched from Maven Central and the Go module proxy, cached in .infra/.
#
#   bash infra/local/infra.sh up [kafka] [elasticsearch] [jaeger]   (default: all three)
#   bash infra/local/infra.sh down | status | install | logs COMPONENT
#
# Same ports as the compose files: Kafka 9092, Elasticsearch 9200, Jaeger 16686 (UI/API),
# 6831/6832 udp (agent), 5778 (sampling), 14268 (collector HTTP).
set -euo pipefail

KAFKA_VERSION=3.9.1
ES_VERSION=8.19.21
JAEGER_VERSION=1.62.0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/infra/local"
INFRA_DIR=${INFRA_DIR:-$ROOT/.infra}
RUN="$INFRA_DIR/run"
LOGS="$INFRA_DIR/logs"
ES_USER=${ES_USER:-infra-es}
ALL=(kafka elasticsearch jaeger)

say() { printf '[infra] %s\n' "$*"; }
fail() {
  printf '[infra] ERROR: %s\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -f "$LOGS/$2.log" ]; then
    printf '[infra] last lines of %s:\n' "$LOGS/$2.log" >&2
    tail -n 40 "$LOGS/$2.log" >&2
  fi
  exit 1
}
need() { command -v "$1" >/dev/null || fail "$1 is required ($2)"; }

# ---------- install (idempotent: a marker file per component and version) ----------

install_kafka() {
  local dir="$INFRA_DIR/kafka-$KAFKA_VERSION"
  [ -f "$dir/.installed" ] && return
  need mvn "Maven fetches the Kafka jars"; need java "Kafka runs on Java 17"
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central"
  mkdir -p "$dir/libs"
  (cd "$dir" && sed "s/\${env.KAFKA_VERSION}/$KAFKA_VERSION/" "$HERE/kafka-pom.xml" >pom.xml &&
    mvn -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory="$dir/libs" -DincludeScope=runtime \
      >"$LOGS/kafka-fetch.log" 2>&1) || fail "could not fetch the Kafka jars" kafka-fetch
  touch "$dir/.installed"
}

install_elasticsearch() {
  local dir="$INFRA_DIR/elasticsearch-$ES_VERSION"
  [ -f "$dir/.installed" ] && return
  need mvn "Maven fetches Elasticsearch"; need unzip "to unpack Elasticsearch"
  say "fetching Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central"
  mkdir -p "$INFRA_DIR/downloads"
  mvn -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$INFRA_DIR/downloads" >"$LOGS/elasticsearch-fetch.log" 2>&1 ||
    fail "could not fetch Elasticsearch $ES_VERSION" elasticsearch-fetch
  rm -rf "$dir" && mkdir -p "$INFRA_DIR/unpack"
  unzip -q -o "$INFRA_DIR/downloads/elasticsearch-$ES_VERSION.zip" -d "$INFRA_DIR/unpack"
  mv "$INFRA_DIR/unpack/elasticsearch-$ES_VERSION" "$dir" && rmdir "$INFRA_DIR/unpack"
  touch "$dir/.installed"
}

install_jaeger() {
  local dir="$INFRA_DIR/jaeger-$JAEGER_VERSION"
  [ -f "$dir/.installed" ] && return
  need go "Go builds Jaeger from the module proxy"
  say "building Jaeger $JAEGER_VERSION (all-in-one, agent, collector, ingester, query); first time takes minutes"
  mkdir -p "$dir/build" "$dir/bin"
  # Jaeger's go.mod has a replace directive, so `go install pkg@version` refuses it:
  # build from a throwaway main module that requires it and repeats the replace.
  cat >"$dir/build/go.mod" <<EOF
module jaeger-local

go 1.23

require github.com/jaegertracing/jaeger v$JAEGER_VERSION

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
EOF
  cat >"$dir/build/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/jaegertracing/jaeger/cmd/all-in-one"
EOF
  local pkgs=() c
  for c in all-in-one agent collector ingester query; do pkgs+=("github.com/jaegertracing/jaeger/cmd/$c"); done
  (cd "$dir/build" && GOFLAGS=-mod=mod go mod tidy >"$LOGS/jaeger-build.log" 2>&1 &&
    GOFLAGS=-mod=mod go build -trimpath -o "$dir/bin/" "${pkgs[@]}" >>"$LOGS/jaeger-build.log" 2>&1) ||
    fail "could not build Jaeger $JAEGER_VERSION" jaeger-build
  touch "$dir/.installed"
}

# ---------- processes ----------

pid_of() { local f="$RUN/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }
running() { pid_of "$1" >/dev/null; }

wait_for() { # component seconds check-command...
  local component=$1 seconds=$2; shift 2
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    running "$component" || fail "$component exited during start-up" "$component"
    [ $SECONDS -lt $end ] || fail "$component not ready after ${seconds}s" "$component"
    sleep 1
  done
}

kafka_ready() {
  if [ -d "$ROOT/node_modules/kafkajs" ]; then
    # Real readiness: the broker answers metadata requests (what the apps do first).
    (cd "$ROOT" && node -e "
      const { Kafka, logLevel } = require('kafkajs');
      const admin = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      admin.connect().then(() => admin.describeCluster()).then(() => admin.disconnect()).then(() => process.exit(0), () => process.exit(1));")
  else
    (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null
  fi
}

start_kafka() {
  local dir="$INFRA_DIR/kafka-$KAFKA_VERSION" data="$INFRA_DIR/data/kafka"
  mkdir -p "$data" "$RUN" "$LOGS"
  cat >"$INFRA_DIR/kafka.properties" <<EOF
# Single-node KRaft: broker and controller in one process, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
EOF
  cat >"$INFRA_DIR/kafka-log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$LOGS/kafka.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.kafka.controller=INFO
EOF
  local java_cmd=(java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$INFRA_DIR/kafka-log4j.properties" -cp "$dir/libs/*")
  if [ ! -f "$data/meta.properties" ]; then
    "${java_cmd[@]}" kafka.tools.StorageTool format -t "$(cat /proc/sys/kernel/random/uuid | tr -d - | head -c 22)" \
      -c "$INFRA_DIR/kafka.properties" >>"$LOGS/kafka.log" 2>&1 || fail "could not format Kafka's storage" kafka
  fi
  nohup "${java_cmd[@]}" kafka.Kafka "$INFRA_DIR/kafka.properties" >>"$LOGS/kafka.log" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  wait_for kafka 90 kafka_ready
}

start_elasticsearch() {
  local dir="$INFRA_DIR/elasticsearch-$ES_VERSION" conf="$INFRA_DIR/es-config" data="$INFRA_DIR/data/elasticsearch"
  mkdir -p "$data" "$RUN" "$LOGS/elasticsearch"
  if [ ! -d "$conf" ]; then cp -r "$dir/config" "$conf"; fi
  mkdir -p "$conf/jvm.options.d"
  printf -- '-Xms512m\n-Xmx512m\n' >"$conf/jvm.options.d/heap.options"
  cat >"$conf/elasticsearch.yml" <<EOF
cluster.name: demo
node.name: demo-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: 9200
path.data: $data
path.logs: $LOGS/elasticsearch
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  local java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  local as_user=()
  if [ "$(id -u)" = 0 ]; then
    # Elasticsearch refuses to run as root.
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$dir" "$conf" "$data" "$LOGS/elasticsearch"
    touch "$LOGS/elasticsearch.log" && chown "$ES_USER" "$LOGS/elasticsearch.log" "$RUN"
    as_user=(runuser -u "$ES_USER" --)
  fi
  rm -f "$RUN/elasticsearch.pid"
  "${as_user[@]}" env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$conf" \
    "$dir/bin/elasticsearch" -d -p "$RUN/elasticsearch.pid" >>"$LOGS/elasticsearch.log" 2>&1 ||
    fail "Elasticsearch did not start" elasticsearch
  for _ in $(seq 1 30); do [ -s "$RUN/elasticsearch.pid" ] && break; sleep 1; done
  wait_for elasticsearch 120 curl -fsS "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s"
}

start_jaeger() {
  local bin="$INFRA_DIR/jaeger-$JAEGER_VERSION/bin"
  mkdir -p "$RUN" "$LOGS"
  nohup "$bin/all-in-one" \
    --memory.max-traces=100000 \
    --query.http-server.host-port=127.0.0.1:16686 \
    --query.grpc-server.host-port=127.0.0.1:16685 \
    --processor.jaeger-binary.server-host-port=127.0.0.1:6832 \
    --processor.jaeger-compact.server-host-port=127.0.0.1:6831 \
    --processor.zipkin-compact.server-host-port=127.0.0.1:5775 \
    --http-server.host-port=127.0.0.1:5778 \
    --collector.http-server.host-port=127.0.0.1:14268 \
    --collector.grpc-server.host-port=127.0.0.1:14250 \
    --collector.otlp.grpc.host-port=127.0.0.1:4317 \
    --collector.otlp.http.host-port=127.0.0.1:4318 \
    --admin.http.host-port=127.0.0.1:14269 \
    >>"$LOGS/jaeger.log" 2>&1 &
  echo $! >"$RUN/jaeger.pid"
  wait_for jaeger 60 curl -fsS http://127.0.0.1:16686/api/services
}

stop() {
  local component=$1 pid
  pid=$(pid_of "$component") || { rm -f "$RUN/$component.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$component did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$component.pid"
  say "$component stopped"
}

port_of() { case $1 in kafka) echo 9092 ;; elasticsearch) echo 9200 ;; jaeger) echo 16686 ;; esac; }

status() {
  local c
  for c in "${ALL[@]}"; do
    if running "$c"; then printf '%-14s running  pid %-7s 127.0.0.1:%s\n' "$c" "$(pid_of "$c")" "$(port_of "$c")"
    else printf '%-14s stopped\n' "$c"; fi
  done
}

components() { # validates names; none means all
  local c
  if [ $# -eq 0 ]; then echo "${ALL[@]}"; return; fi
  for c in "$@"; do
    case $c in kafka | elasticsearch | jaeger) ;; *) fail "unknown component '$c' (kafka, elasticsearch, jaeger)" ;; esac
  done
  echo "$@"
}

main() {
  local cmd=${1:-} c
  [ $# -gt 0 ] && shift
  mkdir -p "$INFRA_DIR" "$RUN" "$LOGS"
  case $cmd in
    install)
      for c in $(components "$@"); do "install_$c"; done ;;
    up)
      for c in $(components "$@"); do "install_$c"; done
      for c in $(components "$@"); do
        if running "$c"; then say "$c already running (pid $(pid_of "$c"))"; continue; fi
        local t=$SECONDS
        say "starting $c"
        "start_$c"
        say "$c ready on 127.0.0.1:$(port_of "$c") in $((SECONDS - t)) s"
      done ;;
    down)
      local list; read -ra list <<<"$(components "$@")"
      for ((i = ${#list[@]} - 1; i >= 0; i--)); do stop "${list[i]}"; done ;;
    status) status ;;
    logs)
      [ -n "${1:-}" ] || fail "usage: infra.sh logs kafka|elasticsearch|jaeger"
      tail -n 100 "$LOGS/$1.log" ;;
    *)
      echo "usage: infra.sh up|down|status|install [kafka] [elasticsearch] [jaeger] | logs COMPONENT" >&2
      exit 2 ;;
  esac
}

main "$@"
