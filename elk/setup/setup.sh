#!/usr/bin/env bash
# One-shot set-up, run by the `elk-setup` compose service once Elasticsearch and Kibana are
# healthy: the index template for the demo's logs, then the Kibana data view over them.
# Idempotent: running it again overwrites both with the same content.
set -euo pipefail
ES=${ELASTICSEARCH_URL:-http://elasticsearch:9200}
KIBANA=${KIBANA_URL:-http://kibana:5601}
TEMPLATE=${TEMPLATE_FILE:-/setup/index-template.json}
# What a person opens: kibana:5601 resolves only inside the compose network; compose
# publishes Kibana on the host's loopback.
KIBANA_PUBLIC=${KIBANA_PUBLIC_URL:-http://127.0.0.1:5601}

echo "index template demo-logs -> $ES"
curl -fsS -X PUT "$ES/_index_template/demo-logs" -H 'content-type: application/json' \
  --data-binary "@$TEMPLATE"
echo

echo "data view demo-logs-* -> $KIBANA"
curl -fsS -X POST "$KIBANA/api/data_views/data_view" -H 'kbn-xsrf: true' -H 'content-type: application/json' \
  -d '{"override": true, "data_view": {"id": "demo-logs", "name": "Demo logs", "title": "demo-logs-*", "timeFieldName": "@timestamp"}}' \
  -o /dev/null
echo "done: open $KIBANA_PUBLIC/app/discover and pick the \"Demo logs\" data view"
