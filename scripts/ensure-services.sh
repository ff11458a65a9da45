#!/usr/bin/env bash
# Makes sure PostgreSQL, MariaDB and Redis answer on 127.0.0.1, starting the ones installed
# on this machine that do not. Services given by URL in the environment are left alone.
set -u

wait_for() { # name, check command
  for _ in $(seq 1 30); do eval "$2" >/dev/null 2>&1 && { echo "$1: up"; return 0; }; sleep 1; done
  echo "$1: not reachable" >&2; return 1
}

if [ -z "${POSTGRES_URL:-}" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  wait_for postgresql "pg_isready -h 127.0.0.1 -p 5432" || exit 1
fi

if [ -z "${MYSQL_URL:-}" ]; then
  if ! mariadb-admin -h 127.0.0.1 -uroot ping >/dev/null 2>&1; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  fi
  wait_for mariadb "mariadb-admin -h 127.0.0.1 -uroot ping" || exit 1
fi

if [ -z "${REDIS_URL:-}" ]; then
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  wait_for redis "redis-cli -h 127.0.0.1 -p 6379 ping" || exit 1
fi
exit 0
