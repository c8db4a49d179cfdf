#!/usr/bin/env bash
# The official image's entrypoint adds certificates from /certificates (when mounted) to the
# JVM's trust store, then runs its arguments. Nothing is mounted there in this demo.
exec "$@"
