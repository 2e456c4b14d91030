#!/usr/bin/env bash
# Builds librdkafka (and its rdkafka_performance tool) into KOMFY_HOME from Debian trixie's source
# package. Bookworm ships 2.0.2, which cannot parse the ApiVersion v3 answers of the Tansu broker.
# The system's apt configuration is left untouched: trixie's deb-src line lives in a private list.
source "$(dirname "$0")/lib.sh"

STAMP="librdkafka-$LIBRDKAFKA_VERSION"
if has_stamp "$STAMP" && [ -f "$LIBRDKAFKA_PREFIX/lib/pkgconfig/rdkafka.pc" ] \
   && [ -x "$LIBRDKAFKA_PREFIX/bin/rdkafka_performance" ]; then
  log "librdkafka $LIBRDKAFKA_VERSION: cached at $LIBRDKAFKA_PREFIX"
  exit 0
fi

work="$KOMFY_DOWNLOADS/librdkafka-src"
apt_state="$work/apt-state"
rm -rf "$work" "$LIBRDKAFKA_PREFIX"
mkdir -p "$apt_state/lists/partial" "$work/src"
echo "deb-src http://deb.debian.org/debian trixie main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$apt_state/lists" -o "Dir::Cache=$apt_state/cache"
          -o "APT::Sandbox::User=root")

log "librdkafka $LIBRDKAFKA_VERSION: fetching Debian trixie's source package"
apt-get "${apt_opts[@]}" update -qq
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only librdkafka >/dev/null)
dsc=$(ls "$work/src"/librdkafka_"$LIBRDKAFKA_VERSION"*.dsc | head -1)
[ -n "$dsc" ] || fail "librdkafka source package $LIBRDKAFKA_VERSION not found in trixie"
(cd "$work/src" && dpkg-source --no-check -x "$dsc" tree >/dev/null)

log "librdkafka $LIBRDKAFKA_VERSION: building (about 30 s on 2 cores)"
cd "$work/src/tree"
./configure --prefix="$LIBRDKAFKA_PREFIX" --disable-gssapi >"$work/configure.log" 2>&1 \
  || fail "configure failed, see $work/configure.log"
make -j"$(nproc)" -C src >"$work/make.log" 2>&1 || fail "build failed, see $work/make.log"
make -C src install >>"$work/make.log" 2>&1
make -C examples rdkafka_performance >>"$work/make.log" 2>&1 || fail "rdkafka_performance failed, see $work/make.log"
mkdir -p "$LIBRDKAFKA_PREFIX/bin"
# The example links the static library, so the tool has no run-time dependency on the prefix.
cp examples/rdkafka_performance "$LIBRDKAFKA_PREFIX/bin/"

cd /
rm -rf "$work"
write_stamp "$STAMP"
log "librdkafka $LIBRDKAFKA_VERSION: installed at $LIBRDKAFKA_PREFIX"
