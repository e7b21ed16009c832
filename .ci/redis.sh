#!/usr/bin/env bash
# Start a throwaway Redis on a free port of 127.0.0.1 and print its REDIS_URL.
# Installs Debian's redis-server when it is missing. Usage: eval "$(.ci/redis.sh start)"; .ci/redis.sh stop
set -euo pipefail
PID_FILE=/tmp/spasm-diary-redis.pid

case "${1:-start}" in
  start)
    if ! command -v redis-server >/dev/null; then
      if [ "$(id -u)" = "0" ]; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
      else
        echo "redis-server is not installed and this user cannot install it." >&2
        exit 1
      fi
    fi
    port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    # Memory only: nothing saved to disk, nothing left behind.
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize yes --pidfile "$PID_FILE" --logfile /tmp/spasm-diary-redis.log >&2
    for _ in $(seq 50); do
      redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && { echo "export REDIS_URL=redis://127.0.0.1:$port/0"; exit 0; }
      sleep 0.1
    done
    echo "redis-server did not answer on port $port" >&2
    exit 1
    ;;
  stop)
    [ -f "$PID_FILE" ] && kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
    ;;
esac
