#!/usr/bin/env bash
# Builds Parley, starts the local stack (embedded PostgreSQL, auth server, two brokers) and opens
# the desktop client pointed at it. Closing the client stops the stack; data stays in
# ~/.local/share/parley (stack) and ~/.local/share/parley/profiles (client).
set -euo pipefail
cd "$(dirname "$0")"

./mvnw -B -q package -DskipTests -pl auth-server,fx-client -am

log=$(mktemp -t parley-stack.XXXXXX.log)
java -jar auth-server/target/parley-server.jar stack "$@" >"$log" 2>&1 &
stack_pid=$!
trap 'kill "$stack_pid" 2>/dev/null; wait "$stack_pid" 2>/dev/null || true' EXIT

deadline=$((SECONDS + 180))
until grep -q '^Parley stack ready' "$log"; do
  if ! kill -0 "$stack_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "run-local: the stack did not start; its log follows:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done
grep -E '^(Parley stack ready|Operators:)' "$log"
auth=$(grep -o 'auth http://[^ ]*' "$log" | head -n1 | cut -d' ' -f2)

java -jar fx-client/target/parley.jar --server="$auth"
