#!/usr/bin/env bash
# Runs the nginx end-to-end test: nginx (auth_request) in front of a tiny upstream, asking
# QuantaFlow's /check endpoint, under a bounded load from a second process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/ensure-nginx.sh
mvn -B -q -pl quantaflow-server -am test -Dtest='io.quantaflow.server.NginxEndToEndTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
