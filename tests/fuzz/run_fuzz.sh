#!/bin/sh
# Short libFuzzer runs of the parsers of untrusted input, one target each.
# Usage: run_fuzz.sh SECONDS OUTDIR [TARGET...]   (default: every target)
#   request   tests/fuzz/fuzz_request.c: every request parser of src/http/form.c on a split input
#   body      the same file, -DFUZZ_BODY: an application/x-www-form-urlencoded body
#   query     the same file, -DFUZZ_QUERY: a query string
#   cookie    the same file, -DFUZZ_COOKIE: a Cookie header
#   router    tests/fuzz/fuzz_router.c: the path router with ids (src/http/route_match.c)
#   redirect  tests/fuzz/fuzz_redirect.c: redirect targets and the Origin check
#   units     tests/fuzz/fuzz_units.c: money, percentage and date parsing (src/domain/units.c)
#   template  tests/fuzz/fuzz_template.c: real templates rendered with hostile HDF values
# Builds OUTDIR/fuzz_TARGET with ASan+UBSan, fuzzes a copy of tests/fuzz/corpus/TARGET/ for SECONDS
# each (the tree's corpus is never written to) and exits non-zero on any crash, leak, timeout or
# broken invariant; the crashing input is left in OUTDIR/TARGET/crash-*.
# A longer run, e.g. ten minutes per target: tests/fuzz/run_fuzz.sh 600 /tmp/fuzz
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 SECONDS OUTDIR [TARGET...]" >&2
	exit 2
fi
secs=$1
out=$2
shift 2
case $secs in
	''|*[!0-9]*) echo "$0: SECONDS must be a positive integer" >&2; exit 2 ;;
esac
targets=${*:-"request body query cookie router redirect units template form_kit"}

root=$(cd "$(dirname "$0")/../.." && pwd)
cc=${CLANG:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: '$cc' not found; libFuzzer needs clang (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$root/src
fz=$root/tests/fuzz

status=0
for t in $targets; do
	case $t in
		request) files="$fz/fuzz_request.c $src/http/form.c $src/util/num.c"; defs= ;;
		body) files="$fz/fuzz_request.c $src/http/form.c $src/util/num.c"; defs=-DFUZZ_BODY ;;
		query) files="$fz/fuzz_request.c $src/http/form.c $src/util/num.c"; defs=-DFUZZ_QUERY ;;
		cookie) files="$fz/fuzz_request.c $src/http/form.c $src/util/num.c"; defs=-DFUZZ_COOKIE ;;
		router) files="$fz/fuzz_router.c $src/http/route_match.c $src/http/form.c $src/util/num.c"; defs= ;;
		redirect) files="$fz/fuzz_redirect.c $src/http/redirect.c $src/http/origin.c"; defs= ;;
		units) files="$fz/fuzz_units.c $src/domain/units.c $src/util/clock.c $src/http/form.c $src/util/num.c"; defs= ;;
		form_kit) files="$fz/fuzz_form_kit.c $src/form/parse.c $src/domain/units.c $src/util/clock.c $src/http/form.c $src/util/num.c"; defs= ;;
		template) files="$fz/fuzz_template.c -lneo_cgi -lneo_cs -lneo_utl -lz"; defs= ;;
		*) echo "$0: unknown target $t" >&2; exit 2 ;;
	esac
	dir=$out/$t
	bin=$out/fuzz_$t
	mkdir -p "$dir"
	# UBSan findings must stop the run, not just print.
	# shellcheck disable=SC2086 # word splitting of the file and flag lists is wanted
	if ! "$cc" -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $defs -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$src" -isystem /usr/include/ClearSilver -o "$bin" $files; then
		echo "$0: build of fuzz_$t failed (is libclang-rt-14-dev installed? it provides libFuzzer)" >&2
		exit 1
	fi
	# A fresh copy each run, so the inputs libFuzzer adds never land in the tree.
	rm -rf "$dir/corpus"
	mkdir -p "$dir/corpus"
	cp "$fz/corpus/$t"/* "$dir/corpus/"
	rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* "$dir"/slow-unit-*
	rc=0
	PARLEY_ROOT=$root \
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" >"$dir/fuzz.log" 2>&1 || rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 30 "$dir/fuzz.log"
		echo "$0: fuzz_$t failed (exit $rc); see $dir/fuzz.log and:" >&2
		ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null >&2 || true
		status=1
	else
		echo "fuzz_$t: ${secs}s clean ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/fuzz.log" | grep -o '[0-9]*$') runs)"
	fi
done
exit $status
