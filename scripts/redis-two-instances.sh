#!/usr/bin/env bash
# Two `quantaflow serve` instances sharing one private redis-server: 400 proxy checks for
# tenant "acme" (10 per second, burst 10 in examples/quantaflow.yaml), alternating between
# the instances as fast as curl goes. Prints what both admitted together and the bound
# plan(W) + B + 1 for the elapsed time W. Then the same with two in-memory instances, which
# each keep their own state and together admit about twice as much.
# Needs redis-server, redis-cli and curl. Never touches port 6379.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() {
  python3 -c \
    'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
DIR=$(mktemp -d)
PIDS=()
REDIS_PORT=$(free_port)
cleanup() {
  grep -h "Redis at" "$DIR"/redis-*.log 2>/dev/null | head -5 || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DIR" --save "" \
  --appendonly no --daemonize yes --logfile "$DIR/redis.log" >/dev/null
mvn -B -o -q -pl quantaflow-cli -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$DIR/cp.txt" >/dev/null
CP="quantaflow-cli/target/classes:$(cat "$DIR/cp.txt")"

start() {  # start NAME [extra serve options...]; prints the HTTP port
  local name=$1; shift
  local port; port=$(free_port)
  java -cp "$CP" io.quantaflow.cli.Main serve --config examples/quantaflow.yaml \
    --grpc-port -1 --http-port "$port" --reload-interval-ms 0 "$@" \
    >"$DIR/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "$port"
}

run() {  # run LABEL PORT_A PORT_B
  local label=$1 a=$2 b=$3 allowed=0
  local start_ms; start_ms=$(date +%s%3N)
  for i in $(seq 200); do
    for port in "$a" "$b"; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant: acme' \
        "http://127.0.0.1:$port/check")
      [ "$code" = 200 ] && allowed=$((allowed + 1))
    done
  done
  local elapsed_ms=$(( $(date +%s%3N) - start_ms ))
  # 10 per second over the elapsed time (rounded up to whole ms ticks), burst 10, plus one.
  local bound=$(( (elapsed_ms + 1) * 10 / 1000 + 10 + 1 ))
  echo "$label: $allowed of 400 admitted in $elapsed_ms ms (one instance's bound: $bound)"
}

# A generous timeout: on a busy machine a 5 ms timeout lets the failure policy answer.
A=$(start redis-a --redis "redis://127.0.0.1:$REDIS_PORT" --redis-timeout-ms 1000)
B=$(start redis-b --redis "redis://127.0.0.1:$REDIS_PORT" --redis-timeout-ms 1000)
run "two instances, one Redis " "$A" "$B"
C=$(start memory-c)
D=$(start memory-d)
run "two instances, in memory " "$C" "$D"
