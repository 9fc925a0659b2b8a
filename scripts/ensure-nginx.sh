#!/usr/bin/env bash
# Installs nginx (the Debian package) when it is missing, so that the nginx end-to-end test
# (quantaflow-server NginxEndToEndTest) runs instead of skipping. Safe to run repeatedly.
set -euo pipefail

if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then
  echo "nginx present: $( (command -v nginx || echo /usr/sbin/nginx) | head -1)"
  exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
  sudo=sudo
else
  sudo=
fi
echo "nginx missing; installing the Debian package"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx
# The package may start a system nginx on port 80; the test starts its own on a free port.
