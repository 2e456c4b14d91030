#!/usr/bin/env bash
# Runs every test once: builds, starts one Tansu broker for the whole run (tests share it through
# KOMFY_TEST_BOOTSTRAP, each on topics of its own), runs the suites in parallel, stops the broker.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

port=$("$(komfy_python)" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log_file="$(mktemp -t komfy-test-tansu.XXXXXX.log)"
"$TANSU_BIN" broker --storage-engine memory://tansu/ --listener-url "tcp://127.0.0.1:$port" \
  --advertised-listener-url "tcp://127.0.0.1:$port" >"$log_file" 2>&1 &
broker=$!
# Tansu ignores SIGTERM and keeps nothing on disk: SIGKILL is its clean stop.
stop_broker() { kill -9 $broker 2>/dev/null || true; wait $broker 2>/dev/null || true; rm -f "$log_file"; }
trap stop_broker EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 $broker 2>/dev/null || fail "the test broker did not start: $(cat "$log_file")"
  sleep 0.1
done
export KOMFY_TEST_BOOTSTRAP="127.0.0.1:$port"
log "test broker (Tansu) on $KOMFY_TEST_BOOTSTRAP"

status=0
swift test --skip-build "$@" || status=$?
stop_broker
trap - EXIT
exit $status
