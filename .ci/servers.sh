# Sourced by .ci/run: start and stop the servers the integration tests use, on loopback.
# Each server's URL (and Virtuoso's dba password, new for each run) is exported for the tests
# (tests/conftest.py reads them). tests/live_servers.py does the work, so a developer's test run
# starts the servers the same way when these variables are not set.

SERVERS_DIR="$(mktemp -d)"

start_servers() {
  # Oxigraph server (from the `oxigraph` PyPI package, a test extra) and Virtuoso Open Source
  # (virtuoso-t from .ci/apt-packages.txt), each on free loopback ports with its data in SERVERS_DIR
  local exports
  exports="$(.venv/bin/python tests/live_servers.py start "$SERVERS_DIR")" || return 1
  eval "$exports"
  echo "servers: oxigraph ${KG_TEST_OXIGRAPH_URL:-not started}, virtuoso ${KG_TEST_VIRTUOSO_URL:-not started}" >&2
}

stop_servers() {
  .venv/bin/python tests/live_servers.py stop "$SERVERS_DIR" || true
  rm -rf "$SERVERS_DIR"
}
