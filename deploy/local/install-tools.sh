#!/usr/bin/env bash
# Installs the Python tools the checks and tests run, in their own venv ($TOOLS_VENV):
# jsonschema validates encoded job events against topics/schemas (deploy/local/check_event_schemas.py,
# run by KomfyEventsTests), pyyaml reads the topic definitions. Every package is pinned, the
# dependencies of jsonschema too, so the check behaves the same on every machine.
source "$(dirname "$0")/lib.sh"

TOOLS_REQUIREMENTS=(
  "jsonschema==4.26.0"
  "pyyaml==6.0.3"
  # jsonschema asserts the date-time format only when this is installed
  "rfc3339-validator==0.1.4"
  # jsonschema's own dependencies
  "attrs==26.1.0" "jsonschema-specifications==2025.9.1" "referencing==0.37.0" "rpds-py==2026.9.1"
  "six==1.17.0" "typing_extensions==4.16.0"
)
# The stamp names the exact set, so changing a pin above reinstalls.
STAMP="tools-$(printf '%s\n' "${TOOLS_REQUIREMENTS[@]}" | cksum | cut -d' ' -f1)"

if has_stamp "$STAMP" && [ -x "$TOOLS_VENV/bin/python" ]; then
  log "tools venv: cached at $TOOLS_VENV"
  exit 0
fi

log "tools venv: installing ${TOOLS_REQUIREMENTS[*]:0:2} (and their pinned dependencies)"
rm -rf "$TOOLS_VENV"
"$(komfy_python)" -m venv "$TOOLS_VENV"
"$TOOLS_VENV/bin/pip" install --progress-bar off -q --disable-pip-version-check --no-deps \
  "${TOOLS_REQUIREMENTS[@]}" || fail "pip could not install the tools; is PyPI reachable?"
"$TOOLS_VENV/bin/pip" check -q >/dev/null || fail "the tools venv has unmet dependencies: $("$TOOLS_VENV/bin/pip" check)"
"$TOOLS_VENV/bin/python" - <<'EOF' || fail "the tools venv is incomplete; rerun make setup"
import jsonschema, referencing, yaml
assert "date-time" in jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers
EOF
write_stamp "$STAMP"
log "tools venv: installed at $TOOLS_VENV"
