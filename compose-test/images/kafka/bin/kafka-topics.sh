#!/usr/bin/env bash
# As Kafka 3.9.1's bin/kafka-topics.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"
