#!/bin/sh
# Short libFuzzer run of the request parsers (tests/fuzz/fuzz_request.c over src/http/form.c).
# Usage: run_fuzz.sh SECONDS OUTDIR
# Builds OUTDIR/fuzz_request with ASan+UBSan, fuzzes a copy of the seed corpus in
# OUTDIR/corpus (the tree's corpus is never written to) and exits non-zero on any crash,
# leak, timeout or broken invariant; the crashing input is left in OUTDIR/crash-*.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 SECONDS OUTDIR" >&2
	exit 2
fi
secs=$1
out=$2
case $secs in
	''|*[!0-9]*) echo "$0: SECONDS must be a positive integer" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$root/tests/fuzz/corpus/request
cc=${CLANG:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: '$cc' not found; libFuzzer needs clang (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$out/fuzz_request

# UBSan findings must stop the run, not just print.
if ! "$cc" -std=c11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$root/src" -o "$bin" \
	"$root/tests/fuzz/fuzz_request.c" "$root/src/http/form.c"; then
	echo "$0: build failed (is libclang-rt-14-dev installed? it provides libFuzzer)" >&2
	exit 1
fi

# A fresh copy each run, so the inputs libFuzzer adds never land in the tree.
rm -rf "$out/corpus"
mkdir -p "$out/corpus"
cp "$seeds"/* "$out/corpus/"
rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out"/slow-unit-*

status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
	-print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" >"$out/fuzz.log" 2>&1 || status=$?

tail -n 20 "$out/fuzz.log"
if [ $status -ne 0 ]; then
	echo "$0: fuzzer failed (exit $status); see $out/fuzz.log and:" >&2
	ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 2>/dev/null >&2 || true
	exit 1
fi
echo "fuzz_request: ${secs}s clean"
