#!/bin/bash
# make check: set up, build (normal and ASan+UBSan, plus the libFuzzer target), run every
# test suite, and end with one line "N passed, N failed". Logs: build/test-logs/.
set -u
cd "$(dirname "$0")/.."
top=$PWD

bash scripts/setup.sh --browser || exit 1
bash scripts/build.sh build || exit 1
bash scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
CC=clang bash scripts/build.sh build-fuzz -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false || exit 1

logs=$top/build/test-logs
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87
export CMOCKA_MESSAGE_OUTPUT=TAP
export VIRTNET_CONFORMANCE=${VIRTNET_CONFORMANCE:-$top/tests/data/libvirt}

pass=0 fail=0 skip=0
# suite NAME COMMAND...: run it, keep its log, count its TAP lines: "ok", "ok ... # SKIP" and
# "not ok" (a crash or a non-zero exit without any "not ok" line counts as one failure)
suite() {
	local name=$1 log="$logs/$1.log" p f s rc
	shift
	local t0=$SECONDS
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -cE '^ok( |$)' "$log" | tr -d ' ')
	s=$(grep -cE '^ok .*# SKIP' "$log" | tr -d ' ')
	f=$(grep -cE '^not ok' "$log" | tr -d ' ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc" >>"$log"
		f=1
	fi
	p=$((p - s))
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	printf '%-28s %4d passed, %d failed, %d skipped (%ds)\n' "$name" "$p" "$f" "$s" $((SECONDS - t0))
	grep -E '^not ok' "$log" | sed 's/^/    /' | head -20
	grep -E '^ok .*# SKIP' "$log" | sed 's/^/    /' | head -5
	return 0
}

# Each cmocka test through cmocka-tap.sh, as meson test runs it: a skip is "ok ... # SKIP"
unit_suite() {
	local dir=$1 rc=0
	for t in "$dir"/tests/unit/test-*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		tests/unit/cmocka-tap.sh "$t" || rc=1
	done
	return $rc
}

run_scripts() { # VIRTNET DIR: every t-*.sh in DIR
	local vn=$1 dir=$2 rc=0
	for t in "$dir"/t-*.sh; do
		[ -f "$t" ] || continue
		echo "# $(basename "$t")"
		VIRTNET=$vn bash "$t" || rc=1
	done
	return $rc
}

# Seeds of one fuzzer: tests/fuzz/seeds/NAME/ when it exists, else the network XML test data
# (and libvirt's corpus), which most of our fuzzers start from.
fuzz_seeds() {
	local name=$1 corpus=$2
	if [ -d "tests/fuzz/seeds/$name" ]; then
		cp tests/fuzz/seeds/"$name"/* "$corpus"/
		return
	fi
	cp tests/data/xml2xml/*.xml tests/data/xml-invalid/*.xml tests/data/xml-define-invalid/*.xml "$corpus"/
	[ -d "$VIRTNET_CONFORMANCE" ] && cp "$VIRTNET_CONFORMANCE"/networkxml2xmlin/*.xml "$corpus"/ 2>/dev/null
	[ -d tests/data/realworld ] && cp tests/data/realworld/*.xml "$corpus"/ 2>/dev/null
	return 0
}

# The "not ok" line of a fuzzer that found something says what (the sanitizer's summary,
# libFuzzer's verdict) and, when small, carries the input in base64: CI shows only these
# lines, and the artifact stays on its machine.
fuzz_failure() {
	local name=$1 log=$2 what input b64=""
	what=$(grep -m1 -E 'SUMMARY:|ERROR: libFuzzer|ALARM:|out-of-memory|==ERROR' "$log" | cut -c1-200)
	input=$(ls "$top/build/$name"-{crash,leak,timeout,oom,slow-unit}-* 2>/dev/null | head -1)
	if [ -n "$input" ] && [ "$(stat -c %s "$input")" -le 3000 ]; then
		b64=", base64 $(base64 -w0 "$input")"
	fi
	echo "not ok - $name found a problem: ${what:-see $log} (input ${input:-not saved}$b64)"
}

# Every fuzzer in build-fuzz/tests/fuzz for FUZZ_SECONDS (default 30) each; one TAP line each
# with its number of executions.
fuzz_run() {
	local f name corpus log rc runs dict
	for f in build-fuzz/tests/fuzz/fuzz-*; do
		[ -x "$f" ] && [ -f "$f" ] || continue
		name=$(basename "$f")
		corpus=$top/build/fuzz-corpus/$name
		log=$top/build/$name.log
		rm -rf "$corpus"
		mkdir -p "$corpus"
		fuzz_seeds "$name" "$corpus"
		dict=()
		[ -f "tests/fuzz/dicts/$name.dict" ] && dict=(-dict="tests/fuzz/dicts/$name.dict")
		"$f" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=16384 -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
			-print_final_stats=1 -artifact_prefix="$top/build/$name-" "$corpus" >"$log" 2>&1
		rc=$?
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		if [ $rc -eq 0 ]; then
			echo "ok - $name ran ${FUZZ_SECONDS:-30}s, ${runs:-?} executions, without a crash, leak or UBSan report"
		else
			tail -30 "$log"
			fuzz_failure "$name" "$log"
		fi
	done
}

suite unit unit_suite build
suite unit-asan unit_suite build-asan
suite conformance bash tests/conformance/xml2xml.sh build-asan/virtnet "$VIRTNET_CONFORMANCE"
suite cli run_scripts "$top/build/virtnet" tests/cli
suite cli-asan run_scripts "$top/build-asan/virtnet" tests/cli
suite fuzz fuzz_run
# running networks, with the sanitizer build: memory errors and leaks in real flows fail tests
suite netns run_scripts "$top/build-asan/virtnet" tests/netns
# the Cockpit page in headless Chromium, against cockpit-ws and virtnetd in namespaces (~2 min)
suite browser env VIRTNET="$top/build-asan/virtnet" VIRTNET_COCKPIT_PAGE="$top/build/cockpit" bash tests/browser/t-cockpit.sh
# the package (make deb) installed on a Debian 12 that boots in a container of its own
suite boot bash tests/boot/t-boot.sh

[ "$skip" -gt 0 ] && echo "($skip skipped)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
