# shellcheck shell=bash
# Common pieces of a Parley stack (MariaDB + FastCGI workers + nginx) under one
# instance directory. Sourced by scripts/parleyctl (var/) and scripts/teststack
# (a throw-away directory per test run). Nothing here touches system services:
# every daemon has its own config, socket, pid file and logs under the instance
# directory, so several stacks can run side by side.
#
# Callers set PARLEY_ROOT, then call stack_init DIR before anything else.

# Packages needed to build and run; tests need a few more.
# shellcheck disable=SC2034 # used by the scripts that source this
STACK_PKGS=(build-essential cmake pkg-config libfcgi-dev mariadb-server mariadb-client
	libmariadb-dev clearsilver-dev zlib1g-dev libssl-dev libcmocka-dev libxlsxwriter-dev
	libargon2-dev nginx-light curl python3 wrk)
# shellcheck disable=SC2034
STACK_TEST_PKGS=(clang libclang-rt-14-dev valgrind chromium fonts-noto-cjk nodejs npm gnumeric)

log() { printf '%s: %s\n' "${STACK_PROG:-parley}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ------------------------------------------------------------------ packages

# A package counts as present when dpkg has it installed. npm is also satisfied
# by a nodejs build that bundles it (NodeSource's nodejs "Provides: npm" and
# conflicts with Debian's npm), so for it the command is what matters.
stack_pkg_present() {
	local p=$1
	if [[ $p == npm ]] && command -v npm >/dev/null 2>&1; then
		return 0
	fi
	[[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]]
}

stack_install_packages() {
	local missing=() p
	# One dpkg-query for the common case where everything is there.
	if [[ $(dpkg-query -W -f='${db:Status-Abbrev}\n' "$@" 2>/dev/null | grep -c '^ii') -eq $# ]]; then
		return 0
	fi
	for p in "$@"; do
		stack_pkg_present "$p" || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	[[ $EUID -eq 0 ]] || die "missing packages (run as root, or install them): ${missing[*]}"
	log "installing: ${missing[*]}"
	# Without systemd, maintainer scripts would try to start the system MariaDB
	# and nginx through init.d; we run private instances instead, so deny that.
	local policy=/usr/sbin/policy-rc.d made_policy=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\n# temporary, from parley stack.sh\nexit 101\n' >"$policy"
		chmod 0755 "$policy"
		made_policy=1
	fi
	local rc=0 aptopts=(-y -q -o DPkg::Lock::Timeout=900)
	{
		DEBIAN_FRONTEND=noninteractive apt-get "${aptopts[@]}" update &&
			DEBIAN_FRONTEND=noninteractive apt-get "${aptopts[@]}" install "${missing[@]}"
	} || rc=$?
	if ((rc)); then
		# A postinst that could not start a service leaves the package
		# half-configured; what counts is whether the files are there.
		log "apt-get exited $rc; finishing configuration"
		DEBIAN_FRONTEND=noninteractive dpkg --configure -a || true
	fi
	((made_policy)) && rm -f "$policy"
	local still=()
	for p in "${missing[@]}"; do
		stack_pkg_present "$p" || still+=("$p")
	done
	((${#still[@]} == 0)) || die "could not install: ${still[*]}"
}

# ------------------------------------------------------------------ layout

# stack_init DIR: sets the paths of one instance.
stack_init() {
	[[ -n ${PARLEY_ROOT:-} ]] || die "PARLEY_ROOT not set"
	S_VAR=$(realpath -m "$1")
	S_DB_CNF=$S_VAR/mariadb.cnf
	S_DB_SOCK=$S_VAR/run/mysqld.sock
	S_DB_PID=$S_VAR/run/mysqld.pid
	S_APP_CONF=$S_VAR/parley.conf
	S_APP_SOCK=$S_VAR/run/parley.sock
	S_APP_PID=$S_VAR/run/parley.pid
	S_APP_LOG=$S_VAR/log/parley.log
	S_NGINX_DIR=$S_VAR/nginx
	S_NGINX_CONF=$S_NGINX_DIR/nginx.conf
	S_NGINX_PID=$S_VAR/run/nginx.pid
	S_SECRETS=$S_VAR/secrets
	S_EXPORTS=$S_VAR/exports
	S_JOBS_PID=$S_VAR/run/jobs.pid
	# sun_path holds 107 bytes plus NUL.
	((${#S_APP_SOCK} <= 107)) || die "instance path too long for a unix socket: $S_APP_SOCK"
}

stack_make_dirs() {
	mkdir -p "$S_VAR"/{db,run,log,nginx,secrets,tmp}
	chmod 0755 "$S_VAR"
	# run/ holds the app's socket (the app makes it 0666: this directory is
	# what keeps other local users away from it). Only nginx's group gets in.
	chmod 0750 "$S_VAR/run"
	if [[ $EUID -eq 0 ]] && getent group www-data >/dev/null; then
		chgrp www-data "$S_VAR/run"
	fi
	chmod 0700 "$S_SECRETS" "$S_VAR/db" "$S_VAR/tmp"
	# Export files: written by the app (0640), read by nginx's workers through the
	# directory's group (set-group-id, so new files get it); nobody else gets in.
	mkdir -p "$S_EXPORTS"
	chmod 2750 "$S_EXPORTS"
	if [[ $EUID -eq 0 ]] && getent group www-data >/dev/null; then
		chgrp www-data "$S_EXPORTS"
	fi
	local t
	for t in client_body proxy fastcgi uwsgi scgi; do
		mkdir -p "$S_NGINX_DIR/$t"
	done
}

stack_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# Each secret is written once and never rewritten: the data depends on them.
stack_secret() {
	local f=$S_SECRETS/$1 content=$2
	[[ -s $f ]] && return 0
	(umask 077 && printf '%s\n' "$content" >"$f.tmp" && mv "$f.tmp" "$f")
	chmod 0600 "$f"
}

stack_secrets() {
	chmod 0700 "$S_SECRETS"
	stack_secret session.key "$(stack_hex 32)"
	stack_secret audit.key "$(stack_hex 32)"
	stack_secret field.keys "1 $(stack_hex 32)"
	stack_secret db.pass "$(stack_hex 24)"
}

# stack_render TEMPLATE OUT KEY=VALUE...: replaces @KEY@ by VALUE; writes OUT
# only when the text changed. Returns 0 if written, 1 if it was already so.
stack_render() {
	local tpl=$1 out=$2 text kv
	shift 2
	text=$(<"$tpl")
	for kv in "$@"; do
		text=${text//"@${kv%%=*}@"/"${kv#*=}"}
	done
	if [[ $text =~ @[A-Z_]+@ ]]; then
		die "$tpl: placeholder ${BASH_REMATCH[0]} left unreplaced"
	fi
	if [[ -f $out ]] && [[ $(<"$out") == "$text" ]]; then
		return 1
	fi
	printf '%s\n' "$text" >"$out.tmp"
	mv "$out.tmp" "$out"
}

# ------------------------------------------------------------------ processes

# stack_running PIDFILE PATTERN: the pid in PIDFILE is alive and its command
# line contains PATTERN (guards against a reused pid).
stack_running() {
	local pidfile=$1 pattern=$2 pid
	[[ -s $pidfile ]] || return 1
	pid=$(<"$pidfile")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	stack_alive "$pid" || return 1
	[[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"$pattern"* ]]
}

# stack_alive PID: exists and is not a zombie (whoever reaps orphans here may
# take its time, and kill -0 succeeds on a zombie).
stack_alive() {
	local st
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	st=${st##*) }
	[[ ${st%% *} != Z ]]
}

# stack_wait_gone PID SECONDS
stack_wait_gone() {
	local pid=$1 n=$(($2 * 10))
	while stack_alive "$pid"; do
		((n-- > 0)) || return 1
		sleep 0.1
	done
}

# stack_kill PIDFILE PATTERN SIGNAL SECONDS NAME: signal, wait, then SIGKILL.
stack_kill() {
	local pidfile=$1 pattern=$2 sig=$3 secs=$4 name=$5 pid
	if ! stack_running "$pidfile" "$pattern"; then
		rm -f "$pidfile"
		return 0
	fi
	pid=$(<"$pidfile")
	log "stopping $name (pid $pid)"
	kill "-$sig" "$pid" 2>/dev/null || true
	if ! stack_wait_gone "$pid" "$secs"; then
		log "$name did not stop in ${secs}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		stack_wait_gone "$pid" 5 || true
	fi
	rm -f "$pidfile"
}

# Run a daemon in the background, detached from our terminal and from any
# pipe of the caller (ctest waits for its pipes to close).
stack_spawn() {
	local logfile=$1
	shift
	setsid "$@" </dev/null >>"$logfile" 2>&1 &
	S_SPAWNED=$!
}

# ------------------------------------------------------------------ MariaDB

stack_db_conf() {
	local extra=${1:-} pool=${2:-128M} userline=
	[[ $EUID -eq 0 ]] && userline='user = root'
	stack_render "$PARLEY_ROOT/conf/mariadb.cnf.in" "$S_DB_CNF" \
		"VAR=$S_VAR" "SOCKET=$S_DB_SOCK" "USER_LINE=$userline" \
		"BUFFER_POOL=$pool" "EXTRA=$extra" || true
}

stack_sql() { mariadb --defaults-file="$S_DB_CNF" "$@"; }

stack_db_start() {
	if stack_running "$S_DB_PID" "$S_DB_CNF"; then
		log "mariadb already running (pid $(<"$S_DB_PID"))"
		return 0
	fi
	if [[ ! -d $S_VAR/db/mysql ]]; then
		log "initialising MariaDB datadir $S_VAR/db"
		local out
		if ! out=$(mariadb-install-db --defaults-file="$S_DB_CNF" \
			--auth-root-authentication-method=socket --skip-test-db --skip-name-resolve 2>&1); then
			printf '%s\n' "$out" >&2
			die "mariadb-install-db failed"
		fi
	fi
	rm -f "$S_DB_PID"
	log "starting mariadb"
	stack_spawn "$S_VAR/log/mariadb.out" mariadbd --defaults-file="$S_DB_CNF"
	local pid=$S_SPAWNED n=300
	until mariadb-admin --defaults-file="$S_DB_CNF" --connect-timeout=2 ping >/dev/null 2>&1; do
		if ! stack_alive "$pid"; then
			tail -n 30 "$S_VAR/log/mariadb.err" >&2 2>/dev/null || true
			die "mariadbd exited during start-up (log: $S_VAR/log/mariadb.err)"
		fi
		((n-- > 0)) || die "mariadbd did not answer within 30s"
		sleep 0.1
	done
	# mariadbd writes its pid file itself; make sure it is there for stop/status.
	[[ -s $S_DB_PID ]] || printf '%s\n' "$pid" >"$S_DB_PID"
}

stack_db_stop() {
	stack_running "$S_DB_PID" "$S_DB_CNF" || {
		rm -f "$S_DB_PID"
		return 0
	}
	local pid
	pid=$(<"$S_DB_PID")
	log "stopping mariadb (pid $pid)"
	mariadb-admin --defaults-file="$S_DB_CNF" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
	if ! stack_wait_gone "$pid" 60; then
		log "mariadb did not stop in 60s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		stack_wait_gone "$pid" 5 || true
	fi
	rm -f "$S_DB_PID"
}

# Database, application user and its grants; safe to repeat.
stack_db_setup() {
	local pass
	pass=$(tr -d '\n' <"$S_SECRETS/db.pass")
	[[ $pass =~ ^[0-9a-f]+$ ]] || die "$S_SECRETS/db.pass: expected hex"
	stack_sql <<SQL
CREATE DATABASE IF NOT EXISTS parley CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'parley'@'localhost' IDENTIFIED BY '$pass';
ALTER USER 'parley'@'localhost' IDENTIFIED BY '$pass';
GRANT SELECT, INSERT, UPDATE, DELETE ON parley.* TO 'parley'@'localhost';
FLUSH PRIVILEGES;
SQL
}

# Apply sql/NNN_*.sql not yet recorded in schema_migrations, in order. Each
# file and its record go to the server in one batch; the client stops at the
# first error, so a failed migration is not recorded.
stack_migrate() {
	local dir=${1:-$PARLEY_ROOT/sql} f v applied n=0
	stack_sql parley <<'SQL'
CREATE TABLE IF NOT EXISTS schema_migrations (
  version VARCHAR(64) NOT NULL,
  applied_at DATETIME NOT NULL,
  PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
SQL
	applied=$(stack_sql -N -B parley -e 'SELECT version FROM schema_migrations')
	shopt -s nullglob
	local files=("$dir"/[0-9][0-9][0-9]_*.sql)
	shopt -u nullglob
	for f in "${files[@]}"; do
		v=$(basename "$f" .sql)
		[[ $v =~ ^[0-9]{3}_[A-Za-z0-9_]+$ ]] || die "bad migration file name: $f"
		grep -qxF "$v" <<<"$applied" && continue
		log "applying migration $v"
		if ! { cat "$f" && printf "\nINSERT INTO schema_migrations (version, applied_at) VALUES ('%s', UTC_TIMESTAMP());\n" "$v"; } |
			stack_sql parley; then
			die "migration $v failed (not recorded; the database may hold part of it)"
		fi
		n=$((n + 1))
	done
	((n)) || log "migrations up to date"
}

# ------------------------------------------------------------------ application

# stack_app_conf WORKERS CLOCK_FILE PORT: the site's origin is http://127.0.0.1:PORT (and localhost).
stack_app_conf() {
	local workers=$1 clock=${2:-} port=${3:-8080}
	[[ $workers =~ ^[0-9]+$ ]] || die "workers must be a number: $workers"
	local text
	text="# Generated by scripts/lib/stack.sh; see conf/parley.conf.example.
db_socket=$S_DB_SOCK
db_name=parley
db_user=parley
db_password_file=$S_SECRETS/db.pass
secrets_dir=$S_SECRETS
fcgi_socket=$S_APP_SOCK
workers=$workers
templates_dir=$PARLEY_ROOT/templates
pid_file=$S_APP_PID
clock_offset_file=$clock
origin=http://127.0.0.1:$port http://localhost:$port
secure_cookies=0
exports_dir=$S_EXPORTS
jobs_pid_file=$S_JOBS_PID
job_lease_seconds=${PARLEY_JOB_LEASE_SECONDS:-30}"
	if [[ -f $S_APP_CONF ]] && [[ $(<"$S_APP_CONF") == "$text" ]]; then
		return 0
	fi
	printf '%s\n' "$text" >"$S_APP_CONF.tmp"
	mv "$S_APP_CONF.tmp" "$S_APP_CONF"
}

# The user nginx workers run as: www-data when we are root and it can reach
# the static files and the socket directory; root when it cannot (e.g. the
# repository lives under /root); nobody to choose when not root.
stack_nginx_user() {
	if [[ $EUID -ne 0 ]]; then
		S_NGINX_USER=
	elif id www-data >/dev/null 2>&1 &&
		runuser -u www-data -- test -x "$PARLEY_ROOT/static" -a -x "$S_VAR/run" 2>/dev/null &&
		{ [[ ! -e $PARLEY_ROOT/static/parley.css ]] ||
			runuser -u www-data -- test -r "$PARLEY_ROOT/static/parley.css"; }; then
		S_NGINX_USER=www-data
	else
		S_NGINX_USER=root
	fi
}

# Let nginx's workers connect to the app socket; only nginx's group may.
stack_app_socket_perms() {
	[[ -S $S_APP_SOCK ]] || return 0
	stack_nginx_user
	if [[ $S_NGINX_USER == www-data ]]; then
		chgrp www-data "$S_APP_SOCK"
		chmod 0660 "$S_APP_SOCK"
	fi
}

# stack_app_start TIMEOUT CMD...: runs the master (CMD ends in "serve"), waits
# for its socket. A running master is left alone.
stack_app_start() {
	local timeout=$1
	shift
	if stack_running "$S_APP_PID" "$S_APP_CONF"; then
		log "app already running (pid $(<"$S_APP_PID"))"
		stack_app_socket_perms
		return 0
	fi
	rm -f "$S_APP_PID"
	[[ -S $S_APP_SOCK ]] && rm -f "$S_APP_SOCK"
	log "starting app: $*"
	printf '\n==== %s start: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$S_APP_LOG"
	stack_spawn "$S_APP_LOG" "$@"
	local pid=$S_SPAWNED n=$((timeout * 10))
	until [[ -S $S_APP_SOCK ]]; do
		if ! stack_alive "$pid"; then
			tail -n 30 "$S_APP_LOG" >&2 || true
			die "app exited during start-up (log: $S_APP_LOG)"
		fi
		((n-- > 0)) || {
			tail -n 30 "$S_APP_LOG" >&2 || true
			die "app socket $S_APP_SOCK did not appear within ${timeout}s"
		}
		sleep 0.1
	done
	# The master writes pid_file itself; if it has not, record the pid we know.
	n=20
	until [[ -s $S_APP_PID ]] || ((n-- == 0)); do sleep 0.1; done
	[[ -s $S_APP_PID ]] || printf '%s\n' "$pid" >"$S_APP_PID"
	stack_app_socket_perms
}

stack_app_stop() {
	stack_kill "$S_APP_PID" "$S_APP_CONF" TERM "${1:-30}" app
	rm -f "$S_APP_SOCK"
}

# stack_jobs_start CMD...: the job runner (CMD ends in "jobs"); it writes its own
# pid file. A running one is left alone.
stack_jobs_start() {
	if stack_running "$S_JOBS_PID" "$S_APP_CONF"; then
		log "job runner already running (pid $(<"$S_JOBS_PID"))"
		return 0
	fi
	rm -f "$S_JOBS_PID"
	log "starting job runner: $*"
	stack_spawn "$S_APP_LOG" "$@"
	local pid=$S_SPAWNED n=600
	until [[ -s $S_JOBS_PID ]]; do
		if ! stack_alive "$pid"; then
			tail -n 30 "$S_APP_LOG" >&2 || true
			die "job runner exited during start-up (log: $S_APP_LOG)"
		fi
		((n-- > 0)) || die "job runner did not start within 60s"
		sleep 0.1
	done
}

# A runner hands its job back when stopped; one busy writing a batch gets the
# lease time to finish it.
stack_jobs_stop() { stack_kill "$S_JOBS_PID" "$S_APP_CONF" TERM "${1:-30}" "job runner"; }

# ------------------------------------------------------------------ nginx

stack_nginx_conf() {
	local port=$1 userline=
	stack_nginx_user
	case $S_NGINX_USER in
	www-data) userline='user www-data;' ;;
	root) userline="# www-data cannot reach $PARLEY_ROOT/static or $S_VAR/run, so workers run as root.
user root;" ;;
	esac
	S_NGINX_CHANGED=0
	if stack_render "$PARLEY_ROOT/conf/nginx.conf.in" "$S_NGINX_CONF" \
		"VAR=$S_VAR" "ROOT=$PARLEY_ROOT" "PORT=$port" "APP_SOCKET=$S_APP_SOCK" "EXPORTS=$S_EXPORTS" \
		"USER_LINE=$userline"; then
		S_NGINX_CHANGED=1
	fi
}

stack_port_free() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
		die "port $1 is already in use by another program"
	fi
}

stack_nginx() { nginx -p "$S_NGINX_DIR/" -c nginx.conf -e "$S_VAR/log/nginx-error.log" "$@"; }

stack_nginx_start() {
	local port=$1 out
	if ! out=$(stack_nginx -t -q 2>&1); then
		printf '%s\n' "$out" >&2
		die "nginx configuration test failed ($S_NGINX_CONF)"
	fi
	if stack_running "$S_NGINX_PID" "$S_NGINX_DIR"; then
		if ((S_NGINX_CHANGED)); then
			log "nginx configuration changed; reloading"
			kill -HUP "$(<"$S_NGINX_PID")"
		else
			log "nginx already running (pid $(<"$S_NGINX_PID"))"
		fi
		return 0
	fi
	rm -f "$S_NGINX_PID"
	stack_port_free "$port"
	log "starting nginx on 127.0.0.1:$port"
	stack_spawn "$S_VAR/log/nginx.out" nginx -p "$S_NGINX_DIR/" -c nginx.conf -e "$S_VAR/log/nginx-error.log"
	local pid=$S_SPAWNED n=100
	until [[ -s $S_NGINX_PID ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		if ! stack_alive "$pid"; then
			tail -n 20 "$S_VAR/log/nginx-error.log" "$S_VAR/log/nginx.out" >&2 2>/dev/null || true
			die "nginx exited during start-up"
		fi
		((n-- > 0)) || die "nginx did not listen on port $port within 10s"
		sleep 0.1
	done
}

stack_nginx_stop() { stack_kill "$S_NGINX_PID" "$S_NGINX_DIR" QUIT 15 nginx; }

# ------------------------------------------------------------------ health

# stack_wait_healthz URL SECONDS: waits for 200 "ok"; prints logs on failure.
stack_wait_healthz() {
	local url=$1 secs=$2 body='' n
	n=$((secs * 5))
	while :; do
		body=$(curl -fsS --max-time 5 "$url/healthz" 2>/dev/null) || body=
		[[ $body == ok* ]] && return 0
		((n-- > 0)) || break
		sleep 0.2
	done
	log "no 'ok' from $url/healthz within ${secs}s; recent logs:"
	local f
	for f in "$S_APP_LOG" "$S_VAR/log/nginx-error.log" "$S_VAR/log/mariadb.err"; do
		[[ -f $f ]] || continue
		printf '==> %s <==\n' "$f" >&2
		tail -n 20 "$f" >&2
	done
	return 1
}

# stack_status URL: one line per component.
stack_status() {
	local url=$1 rc=0 name pidfile pattern
	for name in mariadb app jobs nginx; do
		case $name in
		mariadb) pidfile=$S_DB_PID pattern=$S_DB_CNF ;;
		app) pidfile=$S_APP_PID pattern=$S_APP_CONF ;;
		jobs) pidfile=$S_JOBS_PID pattern=$S_APP_CONF ;;
		nginx) pidfile=$S_NGINX_PID pattern=$S_NGINX_DIR ;;
		esac
		if stack_running "$pidfile" "$pattern"; then
			printf '%-8s running (pid %s)\n' "$name" "$(<"$pidfile")"
		else
			printf '%-8s stopped\n' "$name"
			rc=1
		fi
	done
	local body
	if body=$(curl -fsS --max-time 5 "$url/healthz" 2>&1); then
		printf '%-8s %s -> %s\n' healthz "$url/healthz" "$body"
	else
		printf '%-8s %s -> FAIL (%s)\n' healthz "$url/healthz" "$body"
		rc=1
	fi
	return $rc
}

# Stop the whole instance, front to back.
stack_stop_all() {
	stack_nginx_stop
	stack_jobs_stop "${1:-30}"
	stack_app_stop "${1:-30}"
	stack_db_stop
}
