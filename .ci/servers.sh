# Sourced by .ci/run: start and stop the servers the integration tests use, on loopback.
# Each server's URL is exported for the tests (tests/conftest.py reads them).

SERVERS_DIR="$(mktemp -d)"

start_servers() {
  : # servers are added here as the tests that need them arrive
}

stop_servers() {
  for pidfile in "$SERVERS_DIR"/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$SERVERS_DIR"
}
