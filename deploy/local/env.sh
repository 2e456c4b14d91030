# Source this to run swift build / swift test by hand: `source deploy/local/env.sh`.
# make does the same for every target.
export KOMFY_HOME="${KOMFY_HOME:-$HOME/.cache/komfy}"
export PKG_CONFIG_PATH="$KOMFY_HOME/librdkafka-2.8.0/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
