#!/usr/bin/env bash
# The demo's infrastructure without Docker: real Kafka, Elasticsearch and Jaeger as local
# processes on 127.0.0.1, fetched from Maven Central and the Go module proxy, cached in .infra/.
#
#   bash infra/local/infra.sh up [COMPONENT...]     default: kafka, elasticsearch, jaeger (all-in-one)
#   bash infra/local/infra.sh up production         step 04: kafka, elasticsearch and the four
#                                                   Jaeger binaries (collector, agent, ingester, query)
#   bash infra/local/infra.sh down [COMPONENT...]   default: whatever is running
#   bash infra/local/infra.sh status | install | logs COMPONENT
#
# Same ports as the compose files: Kafka 9092, Elasticsearch 9200 (through es-shim, see below),
# Jaeger 16686 (UI/API), 6831/6832 udp (agent), 5778 (sampling), 14268 (collector HTTP).
# The all-in-one and the production Jaeger use the same ports: one or the other.
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
SAMPLING_FILE="$ROOT/04-real-life/jaeger/sampling-strategies.json"

# Every component, in start order (`down` stops in reverse order).
ALL=(kafka elasticsearch es-shim jaeger jaeger-collector jaeger-agent jaeger-ingester jaeger-query)
DEFAULT_SET=(kafka elasticsearch es-shim jaeger)
PRODUCTION_JAEGER=(jaeger-collector jaeger-agent jaeger-ingester jaeger-query)

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

# A process that exited stays a zombie until PID 1 reaps it (here that can take seconds): not alive.
alive() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]; }
pid_of() { local f="$RUN/$1.pid"; [ -f "$f" ] && alive "$(cat "$f")" && cat "$f"; }
running() { pid_of "$1" >/dev/null; }

wait_for() { # component seconds check-command...
  local component=$1 seconds=$2; shift 2
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    running "$component" || fail "$component exited during start-up" "$component"
    [ $SECONDS -lt $end ] || fail "$component not ready after ${seconds}s" "$component"
    sleep 0.5
  done
}

spawn() { # component command...: run in the background, log to logs/COMPONENT.log, pid in run/
  local component=$1; shift
  nohup "$@" >>"$LOGS/$component.log" 2>&1 &
  echo $! >"$RUN/$component.pid"
}

http_ok() { curl -fsS -o /dev/null "$1"; }

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

kafka_create_topic() { # topic: created with 1 partition unless it exists (auto-create would also
  # make it, with the broker's defaults; being explicit keeps the collector's first write clean)
  (cd "$ROOT" && node -e "
    const { Kafka, logLevel } = require('kafkajs');
    const admin = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING }).admin();
    admin.connect()
      .then(() => admin.createTopics({ topics: [{ topic: '$1', numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true }))
      .then(() => admin.disconnect()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });")
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
  # Port 9201: clients use 9200, where es-shim answers GET / and forwards the rest here.
  cat >"$conf/elasticsearch.yml" <<EOF
cluster.name: demo
node.name: demo-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: 9201
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
  wait_for elasticsearch 120 http_ok "http://127.0.0.1:9201/_cluster/health?wait_for_status=yellow&timeout=1s"
}

# The integration-test Elasticsearch answers 405 to GET / and HEAD /, which Jaeger's client
# pings before anything else. es-root-shim.mjs answers those two with the node's own info
# and forwards everything else to 9201 (see README.md).
es_shim_ready() {
  http_ok "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s" &&
    curl -fsS http://127.0.0.1:9200/ | grep -q '"number": "[0-9]'
}

start_es_shim() {
  spawn es-shim node "$HERE/es-root-shim.mjs" 9200 9201
  wait_for es-shim 30 es_shim_ready
}

jaeger_bin() { echo "$INFRA_DIR/jaeger-$JAEGER_VERSION/bin/$1"; }

start_jaeger() { # all-in-one: every Jaeger role in one process, spans in memory
  # Step 04's strategies too: its apps sample remotely, and the all-in-one's own default
  # (0.1% of traces) would look broken. Steps 01-03 use the const sampler: no change there.
  spawn jaeger env SAMPLING_STRATEGIES_FILE="$SAMPLING_FILE" SAMPLING_STRATEGIES_RELOAD_INTERVAL=1s \
    "$(jaeger_bin all-in-one)" \
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
    --admin.http.host-port=127.0.0.1:14269
  wait_for jaeger 60 http_ok http://127.0.0.1:16686/api/services
}

# Production Jaeger (step 04): the settings are the environment variables of
# 04-real-life/docker-compose.yml; the flags only bind every port to 127.0.0.1.

start_jaeger_collector() { # spans in (agent gRPC, HTTP, OTLP) -> Kafka topic jaeger-spans, as JSON
  [ -f "$SAMPLING_FILE" ] || fail "missing $SAMPLING_FILE (the collector's sampling strategies)"
  kafka_create_topic jaeger-spans >>"$LOGS/jaeger-collector.log" 2>&1 ||
    fail "could not create the Kafka topic jaeger-spans" jaeger-collector
  spawn jaeger-collector env SPAN_STORAGE_TYPE=kafka \
    KAFKA_PRODUCER_BROKERS=127.0.0.1:9092 KAFKA_PRODUCER_TOPIC=jaeger-spans KAFKA_PRODUCER_ENCODING=json \
    SAMPLING_CONFIG_TYPE=file SAMPLING_STRATEGIES_FILE="$SAMPLING_FILE" SAMPLING_STRATEGIES_RELOAD_INTERVAL=1s \
    "$(jaeger_bin collector)" \
    --collector.grpc-server.host-port=127.0.0.1:14250 \
    --collector.http-server.host-port=127.0.0.1:14268 \
    --collector.otlp.grpc.host-port=127.0.0.1:4317 \
    --collector.otlp.http.host-port=127.0.0.1:4318 \
    --admin.http.host-port=127.0.0.1:14269
  wait_for jaeger-collector 60 http_ok http://127.0.0.1:14269/
}

start_jaeger_agent() { # UDP from jaeger-client -> collector gRPC; serves sampling strategies on 5778
  spawn jaeger-agent env REPORTER_GRPC_HOST_PORT=127.0.0.1:14250 \
    "$(jaeger_bin agent)" \
    --processor.jaeger-binary.server-host-port=127.0.0.1:6832 \
    --processor.jaeger-compact.server-host-port=127.0.0.1:6831 \
    --processor.zipkin-compact.server-host-port=127.0.0.1:5775 \
    --http-server.host-port=127.0.0.1:5778 \
    --admin.http.host-port=127.0.0.1:14271
  wait_for jaeger-agent 60 http_ok http://127.0.0.1:14271/
  # Ready for the apps once it can answer a sampling request (it asks the collector).
  wait_for jaeger-agent 30 http_ok "http://127.0.0.1:5778/sampling?service=infra-check"
}

# The ingester's Kafka client starts a group that has no committed offset at the topic's END
# (sarama's default; Jaeger 1.62 has no flag for it). An ingester stopped before it ever
# committed would skip every span buffered meanwhile: give such a group the topic's start.
kafka_group_from_start() { # group topic: only partitions without a committed offset
  (cd "$ROOT" && node -e "
    const { Kafka, logLevel } = require('kafkajs');
    const admin = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING }).admin();
    (async () => {
      await admin.connect();
      const [committed] = await admin.fetchOffsets({ groupId: '$1', topics: ['$2'] });
      const starts = await admin.fetchTopicOffsets('$2');
      const partitions = committed.partitions.filter((p) => p.offset === '-1')
        .map((p) => ({ partition: p.partition, offset: starts.find((s) => s.partition === p.partition).low }));
      if (partitions.length) await admin.setOffsets({ groupId: '$1', topic: '$2', partitions });
      console.log('$1 on $2: ' + (partitions.length ? 'starts at the beginning of ' + partitions.length + ' partition(s)' : 'continues from its committed offsets'));
      await admin.disconnect();
    })().then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });")
}

start_jaeger_ingester() { # Kafka topic jaeger-spans (JSON) -> Elasticsearch jaeger-span-* indices
  mkdir -p "$LOGS"
  { kafka_create_topic jaeger-spans && kafka_group_from_start jaeger-ingester jaeger-spans; } >>"$LOGS/jaeger-ingester.log" 2>&1 ||
    fail "could not prepare the ingester's consumer group on jaeger-spans (Kafka up?)" jaeger-ingester
  spawn jaeger-ingester env SPAN_STORAGE_TYPE=elasticsearch \
    KAFKA_CONSUMER_BROKERS=127.0.0.1:9092 KAFKA_CONSUMER_TOPIC=jaeger-spans KAFKA_CONSUMER_ENCODING=json \
    KAFKA_CONSUMER_GROUP_ID=jaeger-ingester \
    ES_SERVER_URLS=http://127.0.0.1:9200 ES_NUM_SHARDS=1 ES_NUM_REPLICAS=0 \
    "$(jaeger_bin ingester)" \
    --admin.http.host-port=127.0.0.1:14270
  wait_for jaeger-ingester 60 http_ok http://127.0.0.1:14270/
}

start_jaeger_query() { # UI/API on 16686, reading Elasticsearch (it creates no index or template)
  spawn jaeger-query env SPAN_STORAGE_TYPE=elasticsearch ES_SERVER_URLS=http://127.0.0.1:9200 \
    "$(jaeger_bin query)" \
    --query.http-server.host-port=127.0.0.1:16686 \
    --query.grpc-server.host-port=127.0.0.1:16685 \
    --admin.http.host-port=127.0.0.1:16687
  wait_for jaeger-query 60 http_ok http://127.0.0.1:16687/
  wait_for jaeger-query 30 http_ok http://127.0.0.1:16686/api/services
}

stop() {
  local component=$1 pid
  pid=$(pid_of "$component") || { rm -f "$RUN/$component.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do alive "$pid" || break; sleep 0.2; done
  if alive "$pid"; then
    say "$component did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$component.pid"
  say "$component stopped"
}

ports_of() {
  case $1 in
    kafka) echo "9092" ;;
    elasticsearch) echo "9201 (clients use 9200: es-shim)" ;;
    es-shim) echo "9200 -> 9201" ;;
    jaeger) echo "16686 UI/API, 6831/6832 udp, 5778, 14250, 14268, 4317/4318, 14269 admin" ;;
    jaeger-collector) echo "14250 gRPC, 14268 HTTP, 4317/4318 OTLP, 14269 admin" ;;
    jaeger-agent) echo "6831/6832 udp, 5778 sampling, 14271 admin" ;;
    jaeger-ingester) echo "14270 admin" ;;
    jaeger-query) echo "16686 UI/API, 16685 gRPC, 16687 admin" ;;
  esac
}

status() {
  local c
  for c in "${ALL[@]}"; do
    if running "$c"; then printf '%-17s running  pid %-7s 127.0.0.1: %s\n' "$c" "$(pid_of "$c")" "$(ports_of "$c")"
    else printf '%-17s stopped\n' "$c"; fi
  done
}

# ---------- which components a command means ----------

expand() { # up|down NAME...: the components meant, in start order
  local cmd=$1 name c; shift
  local wanted=()
  [ $# -gt 0 ] || { if [ "$cmd" = down ]; then wanted=("${ALL[@]}"); else wanted=("${DEFAULT_SET[@]}"); fi; }
  for name in "$@"; do
    case $name in
      production) wanted+=(kafka elasticsearch es-shim "${PRODUCTION_JAEGER[@]}") ;;
      elasticsearch) wanted+=(elasticsearch es-shim) ;; # clients need both
      jaeger) wanted+=(jaeger)
        # `down jaeger` stops whichever Jaeger runs (all-in-one or production)
        [ "$cmd" = down ] && wanted+=("${PRODUCTION_JAEGER[@]}") ;;
      kafka | es-shim | jaeger-collector | jaeger-agent | jaeger-ingester | jaeger-query) wanted+=("$name") ;;
      *) fail "unknown component '$name' (production, ${ALL[*]})" ;;
    esac
  done
  for c in "${ALL[@]}"; do [[ " ${wanted[*]} " == *" $c "* ]] && echo "$c"; done
}

check_one_jaeger() { # COMPONENT...: the all-in-one and the production Jaeger share ports
  local c p
  for c in "$@"; do
    if [ "$c" = jaeger ]; then
      for p in "${PRODUCTION_JAEGER[@]}"; do
        running "$p" && fail "the production Jaeger ($p, ...) is running and uses the same ports: stop it first with \`npm run infra:local -- down jaeger\`"
      done
    elif [[ $c == jaeger-* ]] && running jaeger; then
      fail "the Jaeger all-in-one is running and uses the same ports: stop it first with \`npm run infra:local -- down jaeger\`"
    fi
  done
  return 0
}

install_for() {
  case $1 in
    kafka | elasticsearch) "install_$1" ;;
    jaeger*) install_jaeger ;;
    es-shim) need node "the Elasticsearch root-info shim runs on Node" ;;
  esac
}

main() {
  local cmd=${1:-} c list=()
  [ $# -gt 0 ] && shift
  mkdir -p "$INFRA_DIR" "$RUN" "$LOGS"
  case $cmd in
    install)
      mapfile -t list < <(expand up "$@")
      [ ${#list[@]} -gt 0 ] || exit 1
      for c in "${list[@]}"; do install_for "$c"; done ;;
    up)
      mapfile -t list < <(expand up "$@")
      [ ${#list[@]} -gt 0 ] || exit 1
      check_one_jaeger "${list[@]}"
      for c in "${list[@]}"; do install_for "$c"; done
      for c in "${list[@]}"; do
        if running "$c"; then say "$c already running (pid $(pid_of "$c"))"; continue; fi
        local t=$SECONDS
        say "starting $c"
        "start_${c//-/_}"
        say "$c ready in $((SECONDS - t)) s (127.0.0.1: $(ports_of "$c"))"
      done ;;
    down)
      mapfile -t list < <(expand down "$@")
      [ ${#list[@]} -gt 0 ] || exit 1
      for ((i = ${#list[@]} - 1; i >= 0; i--)); do stop "${list[i]}"; done ;;
    status) status ;;
    logs)
      [[ " ${ALL[*]} " == *" ${1:-?} "* ]] || fail "usage: infra.sh logs COMPONENT (${ALL[*]})"
      tail -n 100 "$LOGS/$1.log" ;;
    *)
      echo "usage: infra.sh up|down|install [production | COMPONENT...] | status | logs COMPONENT" >&2
      echo "       components: ${ALL[*]}" >&2
      exit 2 ;;
  esac
}

main "$@"
