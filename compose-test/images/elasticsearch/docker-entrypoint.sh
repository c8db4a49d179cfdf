#!/usr/bin/env bash
# As the official image's /usr/local/bin/docker-entrypoint.sh: with the default command
# (eswrapper), every environment variable that looks like a setting (lower case with a dot:
# discovery.type, xpack.security.enabled, ...) and every ES_SETTING_* variable
# (ES_SETTING_XPACK_SECURITY_ENABLED -> xpack.security.enabled, __ -> _) becomes -Ename=value;
# ES_JAVA_OPTS is read by Elasticsearch itself. Any other command runs as given (elk-setup).
# Then the root-info shim starts in front (0.0.0.0:9200 -> 127.0.0.1:9201).
set -euo pipefail
if [ "${1:-eswrapper}" != eswrapper ]; then exec "$@"; fi

es_opts=()
while IFS='=' read -r -d '' name value; do
  if [[ $name =~ ^[a-z0-9_]+\.[a-z0-9_]+ ]]; then
    es_opts+=("-E$name=$value")
  elif [[ $name =~ ^ES_SETTING_([A-Z0-9_]+)$ ]]; then
    key=${BASH_REMATCH[1],,}; key=${key//__/@}; key=${key//_/.}; key=${key//@/_}
    es_opts+=("-E$key=$value")
  fi
done < <(env -0)

/usr/share/elasticsearch/bin/elasticsearch "${es_opts[@]}" &
es=$!
node /usr/local/bin/es-root-shim.mjs 9200 9201 &
shim=$!
trap 'kill -TERM $es $shim 2>/dev/null' TERM INT
# Whichever stops first stops the container (with the other).
wait -n $es $shim || code=$?
kill -TERM $es $shim 2>/dev/null || true
wait || true
exit "${code:-0}"
