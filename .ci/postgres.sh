#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, for CI and for developers.
#
#   .ci/postgres.sh start    make and start a cluster, print `export FORUMOPS_TEST_DATABASE_URL=...`
#   .ci/postgres.sh stop     stop it (by its pid) and delete its data
#   .ci/postgres.sh status   say whether it runs (exit 0) or not (exit 1)
#   .ci/postgres.sh env      print the export lines again
#
# Typical use:  eval "$(.ci/postgres.sh start)" && make test; .ci/postgres.sh stop
#
# Settings (environment):
#   PGTEST_DIR     where everything lives: data/, sock/, postgres.log, postgres.pid, env
#                  (default /tmp/forumops-pgtest)
#   PGTEST_PORT    TCP port on 127.0.0.1 (default 55432, or a free one if that is taken)
#   PG_BIN         PostgreSQL's binaries (default /usr/lib/postgresql/15/bin, else the newest found)
#   PGTEST_LOCALE  cluster locale (default C.UTF-8)
#
# The cluster trusts every connection (initdb --auth=trust), listens on 127.0.0.1 only, runs with
# fsync/full_page_writes/synchronous_commit off, and has a role `forumops` owning database
# `forumops_test`. As root, it runs as the `postgres` user; otherwise as you.
set -euo pipefail

PGTEST_DIR="${PGTEST_DIR:-/tmp/forumops-pgtest}"
DB_USER=forumops
DB_NAME=forumops_test
DATA="$PGTEST_DIR/data"
SOCK="$PGTEST_DIR/sock"
LOG="$PGTEST_DIR/postgres.log"
PIDFILE="$PGTEST_DIR/postgres.pid"
ENVFILE="$PGTEST_DIR/env"

die() { echo "postgres.sh: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*" >&2; }  # messages go to stderr: stdout is for the export lines

find_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then
        echo "$PG_BIN"; return
    fi
    if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
        echo /usr/lib/postgresql/15/bin; return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$newest" && -x "$newest/postgres" ]]; then
        echo "$newest"; return
    fi
    if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/postgres" ]]; then
        pg_config --bindir; return
    fi
    if command -v postgres >/dev/null 2>&1; then
        dirname "$(command -v postgres)"; return
    fi
    die "no PostgreSQL server binaries found (apt-get install postgresql, or set PG_BIN)"
}

# The prefix that runs a command as the cluster's owner: `postgres` when we are root (PostgreSQL refuses
# root), else nobody. setpriv execs in place, so `"${AS_OWNER[@]}" postgres ... &` leaves $! = the postmaster.
AS_OWNER=()
if [[ $(id -u) -eq 0 ]]; then
    AS_OWNER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

running_pid() {
    # Prints the pid and succeeds if our postmaster is alive.
    local pid
    [[ -s "$PIDFILE" ]] || return 1
    pid=$(head -n 1 "$PIDFILE")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Make sure the pid was not reused by something else.
    if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres; then
        return 1
    fi
    echo "$pid"
}

pick_port() {
    if [[ -n "${PGTEST_PORT:-}" ]]; then
        echo "$PGTEST_PORT"; return
    fi
    python3 - <<'EOF'
import socket

def free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as postgres does: TIME_WAIT is no obstacle
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return None
        return s.getsockname()[1]

print(free(55432) or free(0))
EOF
}

print_env() {
    [[ -s "$ENVFILE" ]] || die "no environment file $ENVFILE (is the cluster started?)"
    cat "$ENVFILE"
}

cmd_start() {
    local pid
    if pid=$(running_pid); then
        say "already running (pid $pid) in $PGTEST_DIR"
        print_env
        return 0
    fi

    local bin port
    bin=$(find_bin)
    port=$(pick_port)
    [[ "$port" =~ ^[0-9]+$ ]] || die "could not pick a port (got '$port')"

    if [[ $(id -u) -eq 0 ]]; then
        getent passwd postgres >/dev/null || die "running as root but there is no 'postgres' user (apt-get install postgresql)"
    fi

    # Throwaway: anything left by a previous run that is not running any more goes.
    rm -rf "$DATA" "$SOCK" "$PIDFILE" "$ENVFILE"
    mkdir -p "$PGTEST_DIR" "$DATA" "$SOCK"
    chmod 700 "$DATA"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$PGTEST_DIR" "$DATA" "$SOCK"
    fi
    : >"$LOG"

    say "initdb in $DATA ($bin)"
    # cd: the owner may not be able to read the caller's working directory (e.g. /root).
    if ! (cd "$PGTEST_DIR" && "${AS_OWNER[@]}" "$bin/initdb" -D "$DATA" -U postgres --auth=trust \
            --encoding=UTF8 --locale="${PGTEST_LOCALE:-C.UTF-8}" --no-sync >>"$LOG" 2>&1); then
        tail -n 30 "$LOG" >&2
        die "initdb failed (log: $LOG)"
    fi

    say "starting postgres on 127.0.0.1:$port"
    # setsid: a session of its own, so a Ctrl-C in the terminal that started it does not shut it down
    # (it execs in place here: a background child is never a process-group leader, so $! stays right).
    (
        cd "$PGTEST_DIR"
        setsid "${AS_OWNER[@]}" "$bin/postgres" -D "$DATA" -c listen_addresses=127.0.0.1 -p "$port" -k "$SOCK" \
            -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
            </dev/null >>"$LOG" 2>&1 &
        echo $! >"$PIDFILE"
    )
    pid=$(head -n 1 "$PIDFILE")

    local waited=0
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 30 "$LOG" >&2
            rm -f "$PIDFILE"
            die "postgres exited during start-up (log: $LOG)"
        fi
        if (( waited >= 300 )); then  # tenths of a second: 30 s
            tail -n 30 "$LOG" >&2
            cmd_stop || true
            die "postgres did not become ready in 30 s (log: $LOG)"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done

    # The postmaster's own record must name the pid we hold, or stop would kill the wrong thing.
    local own_pid
    own_pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
    if [[ "$own_pid" != "$pid" ]]; then
        say "note: postmaster.pid says $own_pid, started pid was $pid; using $own_pid"
        [[ "$own_pid" =~ ^[0-9]+$ ]] && echo "$own_pid" >"$PIDFILE"
    fi

    local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
    if ! "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN CREATEDB" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >>"$LOG" 2>&1; then
        tail -n 30 "$LOG" >&2
        cmd_stop || true
        die "could not create role/database (log: $LOG)"
    fi

    cat >"$ENVFILE" <<EOF
export FORUMOPS_TEST_DATABASE_URL=postgresql+psycopg://$DB_USER@127.0.0.1:$port/$DB_NAME
export PGTEST_PORT=$port
export PGTEST_PID=$(head -n 1 "$PIDFILE")
EOF
    say "ready: pid $(head -n 1 "$PIDFILE"), log $LOG; stop with: PGTEST_DIR=$PGTEST_DIR $0 stop"
    print_env
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        say "not running (nothing to stop in $PGTEST_DIR)"
        rm -rf "$DATA" "$SOCK" "$PIDFILE" "$ENVFILE"
        return 0
    fi
    say "stopping postgres (pid $pid)"
    # SIGINT = fast shutdown (ends open sessions); SIGQUIT = immediate; SIGKILL as the last resort.
    local sig tries
    for sig in INT QUIT KILL; do
        kill -s "$sig" "$pid" 2>/dev/null || true
        for tries in $(seq 1 100); do  # up to 10 s per signal
            kill -0 "$pid" 2>/dev/null || break 2
            sleep 0.1
        done
        say "postgres (pid $pid) still alive after SIG$sig"
    done
    if kill -0 "$pid" 2>/dev/null; then
        die "could not stop postgres (pid $pid)"
    fi
    rm -rf "$DATA" "$SOCK" "$PIDFILE" "$ENVFILE"
    say "stopped"
}

cmd_status() {
    local pid
    if pid=$(running_pid); then
        echo "running: pid $pid, $PGTEST_DIR"
        cat "$ENVFILE" 2>/dev/null || true
    else
        echo "not running ($PGTEST_DIR)"
        return 1
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|status|env   (state in \$PGTEST_DIR, default /tmp/forumops-pgtest)" >&2; exit 2 ;;
esac
