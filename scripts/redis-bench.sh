#!/usr/bin/env bash
# Redis store performance: QuantaFlow's RedisStore vs Bucket4j's Lettuce-based distributed
# bucket in the same run against the same private redis-server, on one hot key and on 1M
# keys with 64 concurrent callers, then redis-benchmark's ceiling for admit-v1.lua itself.
# Usage: scripts/redis-bench.sh [seconds per run, default 10] [callers, default 64]
# Needs redis-server, redis-cli and redis-benchmark on the PATH. Never touches port 6379.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CALLERS="${2:-64}"

PORT=$(python3 -c \
  'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
cleanup() {
  redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no \
  --daemonize yes --logfile "$DIR/redis.log" >/dev/null
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on port $PORT," \
  "$(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"

mvn -B -o -q -pl quantaflow-bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$DIR/cp.txt" >/dev/null
CP="quantaflow-bench/target/classes:$(cat "$DIR/cp.txt")"
for KEYS in 1 1000000; do
  java -cp "$CP" io.quantaflow.bench.redis.RedisLoad "redis://127.0.0.1:$PORT" \
    --callers "$CALLERS" --seconds "$SECONDS_PER_RUN" --warmup-seconds 3 --keys "$KEYS"
  redis-cli -p "$PORT" flushall >/dev/null
done

# The ceiling: redis-benchmark calling the same script (EVALSHA, Redis TIME, 1 hit) directly.
SCRIPT=quantaflow-redis/src/main/resources/io/quantaflow/redis/admit-v1.lua
SHA=$(redis-cli -p "$PORT" script load "$(cat "$SCRIPT")")
echo "redis-benchmark, EVALSHA admit-v1 ($SHA), $CALLERS connections:"
redis-benchmark -p "$PORT" -c "$CALLERS" -n 400000 -q \
  evalsha "$SHA" 1 'bench:rb:{hot}' T 10000 2 20 10000 1000 1 | tr '\r' '\n' | tail -1 \
  | sed 's/^/  one hot key: /'
redis-benchmark -p "$PORT" -c "$CALLERS" -n 400000 -r 1000000 -q \
  evalsha "$SHA" 1 'bench:rb:{k__rand_int__}' T 10000 2 20 10000 1000 1 | tr '\r' '\n' \
  | tail -1 | sed 's/^/  1M keys:     /'
redis-benchmark -p "$PORT" -c "$CALLERS" -n 400000 -q -t ping | tr '\r' '\n' \
  | grep -v '^ *$' | tail -2 | sed 's/^/  baseline:    /'
