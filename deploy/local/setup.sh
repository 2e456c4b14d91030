#!/usr/bin/env bash
# Installs everything Komfy builds, runs and tests with, idempotently, cached under KOMFY_HOME.
# `make setup` runs it; a second run with everything cached takes about a second.
source "$(dirname "$0")/lib.sh"
here="$(dirname "$0")"
start=$(date +%s)
log "installing into $KOMFY_HOME"
"$here/install-apt.sh"
"$here/install-librdkafka.sh"
"$here/install-tansu.sh"
"$here/install-tools.sh"
"$here/install-comfyui.sh"
log "setup complete in $(( $(date +%s) - start )) s"
