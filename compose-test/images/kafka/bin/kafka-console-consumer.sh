#!/usr/bin/env bash
# As Kafka 3.9.1's bin/kafka-console-consumer.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
