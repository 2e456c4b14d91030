#!/usr/bin/env bash
# Installs the Debian packages Komfy builds and tests with, only those that are missing.
source "$(dirname "$0")/lib.sh"

PACKAGES=(
  build-essential pkg-config dpkg-dev ca-certificates curl unzip python3-venv
  # librdkafka's build and Komfy's C modules
  libssl-dev libsasl2-dev liblz4-dev zlib1g-dev libzstd-dev libcurl4-openssl-dev
  # the read model (GRDB) and load tools for benchmarks
  libsqlite3-dev wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  log "apt packages: all ${#PACKAGES[@]} present"
  exit 0
fi

log "apt packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "apt packages: done"
