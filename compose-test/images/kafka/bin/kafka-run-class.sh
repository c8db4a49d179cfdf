#!/usr/bin/env bash
# Stand-in for Kafka's bin/kafka-run-class.sh (the distribution's bin/ is not on Maven
# Central): the same environment variables (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,
# KAFKA_LOG4J_OPTS, KAFKA_OPTS, ...), classpath libs/*; -daemon, -name and -loggc are ignored.
set -u
base_dir=$(cd "$(dirname "$0")/.." && pwd)
while [ $# -gt 0 ]; do
  case $1 in
    -daemon | -loggc) shift ;;
    -name) shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "USAGE: $0 classname [opts]" >&2; exit 1; }
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx256M}
KAFKA_JVM_PERFORMANCE_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}
KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base_dir/config/tools-log4j.properties}
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_GC_LOG_OPTS:-} ${KAFKA_JMX_OPTS:-} \
  $KAFKA_LOG4J_OPTS -cp "$base_dir/libs/*" ${KAFKA_OPTS:-} "$@"
