#!/usr/bin/env bash
# Reproduces the numbers in docs/performance.md (engine section): builds the benchmarks jar,
# prints the machine, runs every engine benchmark with its peers in ONE JMH run, and prints
# the ratio table QuantaFlow / peer from that run's CSV.
#
# Usage: scripts/bench.sh [extra JMH options, e.g. -prof gc]
# Output: quantaflow-bench/target/jmh-result.csv and jmh-result.md (the table), and the
# JMH log on stdout. Takes about 9 minutes on 2 cores. MVN_FLAGS=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q ${MVN_FLAGS:-} -pl quantaflow-bench -am package -DskipTests

echo "== machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo || true
java -version 2>&1
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

JAR=quantaflow-bench/target/benchmarks.jar
CSV=quantaflow-bench/target/jmh-result.csv
set -x
java -jar "$JAR" 'io\.quantaflow\.bench\.(SingleKeyBenchmark|KeyedBenchmark|PoolMintBenchmark)\.' \
    -f 1 -wi 2 -w 1s -i 4 -r 2s -rf csv -rff "$CSV" "$@"
set +x
java -cp "$JAR" io.quantaflow.bench.Ratios "$CSV" | tee quantaflow-bench/target/jmh-result.md
