#!/usr/bin/env bash
# Benchmarks (scripts/parleyctl bench; the suite runs a short smoke of it). Starts its own
# stack, fills it with the scale generator (PARLEY_BENCH_CUSTOMERS, default 100000, and
# PARLEY_BENCH_NEGOTIATIONS negotiation records, default 1000000), then measures with wrk, in one
# run, a bare FastCGI reply (/livez: no database, no template), an authenticated page (/ as rep1:
# session lookup + template), the record page of two of rep1's records with 20 child rows — one
# showing its plan's confidential figures (a read audited on every view), one without a plan —,
# the page of a customer of rep1's showing its confidential budget, and rep1's first page of the
# record list and of the objection tracker; the KPI reports of exec1 (the company) and
# rep1 (their own) with their p95.
# Prints req/s, p50, p99 and each page's ratio to the baseline — compare ratios, not absolute
# figures (noisy machines).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${PARLEY_BUILD:-$root/build}
dir=${PARLEY_BENCH_DIR:-$build/benchstack}
port=${PARLEY_BENCH_PORT:-18082}
duration=${PARLEY_BENCH_SECONDS:-10}
conns=${PARLEY_BENCH_CONNS:-32}
customers=${PARLEY_BENCH_CUSTOMERS:-100000}
negotiations=${PARLEY_BENCH_NEGOTIATIONS:-1000000}

command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
# PARLEY_BENCH_KEEP=1 keeps the stack and its generated data after the run, and a later run with it
# reuses them when the sizes match (the app and job runner are restarted from $build, new
# migrations applied): generating a million records takes minutes.
keep=${PARLEY_BENCH_KEEP:-0}
sizes="$customers customers, $negotiations records"
seeded=
if ((keep)) && [ -f "$dir/env.sh" ] && [ -f "$dir/seeded.txt" ] && [ "$(head -n1 "$dir/seeded.txt")" = "$sizes" ]; then
	echo "reusing the kept stack in $dir ($sizes)" >&2
	"$root/scripts/teststack" app-restart "$dir" "$build" >/dev/null
	seeded=$(tail -n +2 "$dir/seeded.txt")
else
	rm -f "$dir/seeded.txt"
	PARLEY_TEST_DB_POOL=${PARLEY_BENCH_DB_POOL:-1G} PARLEY_TEST_CLOCK=0 PARLEY_TEST_PORT=$port PARLEY_TEST_WORKERS=${PARLEY_WORKERS:-4} "$root/scripts/teststack" start "$dir" "$build" >/dev/null
fi
((keep)) || trap '"$root/scripts/teststack" stop "$dir" >/dev/null 2>&1 || true' EXIT
base=http://127.0.0.1:$port

if [ -z "$seeded" ]; then
	echo "seeding $customers customers and $negotiations negotiation records" >&2
	seeded=$("$build/parley" -c "$dir/parley.conf" seed --customers "$customers" --negotiations "$negotiations")
	((keep)) && printf '%s\n%s\n' "$sizes" "$seeded" >"$dir/seeded.txt"
fi
printf '%s\n' "$seeded" >&2
record=$(printf '%s\n' "$seeded" | sed -n 's|^full record of rep1 (20 child rows): \(/negotiations/[0-9]*\)$|\1|p')
planned=$(printf '%s\n' "$seeded" | sed -n 's|^full record of rep1 with plan figures (20 child rows): \(/negotiations/[0-9]*\)$|\1|p')
customer=$(printf '%s\n' "$seeded" | sed -n 's|^customer of rep1 with a budget: \(/customers/[0-9]*\)$|\1|p')
[ -n "$record" ] && [ -n "$planned" ] && [ -n "$customer" ] ||
	{ echo "the generator named no records or customer of rep1's" >&2; exit 1; }

# Sign in as rep1 the way a browser does: pre-session cookie + CSRF token from the form.
jar=$(mktemp)
page=$(curl -fsS -c "$jar" -b "$jar" "$base/login")
token=$(printf '%s' "$page" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
	--data-urlencode "username=rep1" --data-urlencode "password=parley-demo-2026" "$base/login"
session=$(awk '$6 == "parley_session" {print $7}' "$jar")
rm -f "$jar"
[ -n "$session" ] || { echo "could not sign in as rep1" >&2; exit 1; }

measure() { # name url [header]
	local out rps p50 p99
	if [ $# -ge 3 ]; then
		out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -H "$3" "$2")
	else
		out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency "$2")
	fi
	if printf '%s' "$out" | grep -q 'Non-2xx'; then
		echo "$1: non-2xx responses during the run" >&2; printf '%s\n' "$out" >&2; exit 1
	fi
	rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
	p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
	p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
	printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99" >&2
	echo "$rps"
}

echo "wrk -t2 -c$conns -d${duration}s, $(nproc) cores, workers=${PARLEY_WORKERS:-4}" >&2
bare=$(measure "bare FastCGI (/livez)" "$base/livez")
auth=$(measure "signed-in page (/ as rep1)" "$base/" "Cookie: parley_session=$session")
plan=$(measure "record + plan figures ($planned)" "$base$planned" "Cookie: parley_session=$session")
rec=$(measure "record page ($record)" "$base$record" "Cookie: parley_session=$session")
cust=$(measure "customer + budget ($customer)" "$base$customer" "Cookie: parley_session=$session")
list=$(measure "record list (/negotiations)" "$base/negotiations" "Cookie: parley_session=$session")
objs=$(measure "objection tracker (/objections)" "$base/objections" "Cookie: parley_session=$session")
awk -v a="$auth" -v p="$plan" -v r="$rec" -v c="$cust" -v l="$list" -v o="$objs" -v b="$bare" 'BEGIN {
	printf "ratio signed-in page / bare FastCGI: %.2f\n", a / b
	printf "ratio record page with plan figures / bare FastCGI: %.2f\n", p / b
	printf "ratio record page / bare FastCGI: %.2f\n", r / b
	printf "record page with plan figures / without: %.2f\n", p / r
	printf "ratio customer page with budget / bare FastCGI: %.2f\n", c / b
	printf "ratio record list / bare FastCGI: %.2f\n", l / b
	printf "ratio objection tracker / bare FastCGI: %.2f\n", o / b
}'

# ---- KPI reports (/reports): the executive's company-wide month (12 trend periods, bars per team,
# funnel) and a rep's own. The figures are read from the kept sums (sql/009_kpi.sql), so the cost
# must not grow with the records. p95 from wrk's latency distribution (a Lua done() hook).
signin() { # username → session cookie value
	local jar page token s
	jar=$(mktemp)
	page=$(curl -fsS -c "$jar" -b "$jar" "$base/login")
	token=$(printf '%s' "$page" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
	curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
		--data-urlencode "username=$1" --data-urlencode "password=parley-demo-2026" "$base/login"
	s=$(awk '$6 == "parley_session" {print $7}' "$jar")
	rm -f "$jar"
	[ -n "$s" ] || { echo "could not sign in as $1" >&2; exit 1; }
	echo "$s"
}
p95lua=$(mktemp --suffix=.lua)
cat >"$p95lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
end
LUA
measure_p95() { # name url header → "req/s p95_ms"
	local out rps p95
	out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$p95lua" -H "$3" "$2")
	if printf '%s' "$out" | grep -q 'Non-2xx'; then
		echo "$1: non-2xx responses during the run" >&2; printf '%s\n' "$out" >&2; exit 1
	fi
	rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
	p95=$(printf '%s\n' "$out" | awk '$1 == "p95_ms" {print $2}')
	printf '%-28s %10s req/s   p95 %8s ms\n' "$1" "$rps" "$p95" >&2
	echo "$rps $p95"
}
exec_session=$(signin exec1)
kpi_exec=$(measure_p95 "KPIs, company (exec1)" "$base/reports?period=month&scope=company" "Cookie: parley_session=$exec_session")
kpi_rep=$(measure_p95 "KPIs, own (rep1)" "$base/reports?period=month" "Cookie: parley_session=$session")
rm -f "$p95lua"
awk -v e="$kpi_exec" -v r="$kpi_rep" -v b="$bare" 'BEGIN {
	split(e, E, " "); split(r, R, " ")
	printf "ratio KPI page, company (exec1) / bare FastCGI: %.2f   p95 %.1f ms (target < 100)\n", E[1] / b, E[2]
	printf "ratio KPI page, own (rep1) / bare FastCGI: %.2f   p95 %.1f ms (target < 50)\n", R[1] / b, R[2]
}'
