#!/usr/bin/env bash
# As Kafka 3.9.1's bin/kafka-configs.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
