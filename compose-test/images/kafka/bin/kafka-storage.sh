#!/usr/bin/env bash
# As Kafka 3.9.1's bin/kafka-storage.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
