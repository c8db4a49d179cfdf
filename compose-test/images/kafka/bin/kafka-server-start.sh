#!/usr/bin/env bash
# As Kafka's bin/kafka-server-start.sh: log4j.properties from config/, heap 1G unless set.
[ $# -ge 1 ] || { echo "USAGE: $0 server.properties [--override property=value]*" >&2; exit 1; }
base_dir=$(cd "$(dirname "$0")/.." && pwd)
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base_dir/config/log4j.properties}
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}
exec "$base_dir/bin/kafka-run-class.sh" -name kafkaServer kafka.Kafka "$@"
