# tests/lib.sh - TAP helpers for the shell test suites (sourced)
# Every test prints "ok N - what" or "not ok N - what"; failures add "# " detail lines.
T_N=0
T_FAILED=0
T_TMP=$(mktemp -d /tmp/virtnet-test.XXXXXX)
T_CLEANUPS=()

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }
diag() { sed 's/^/# /'; }

# check DESC CMD...: the command succeeds (its output is shown only when it fails)
check() {
	local d=$1
	shift
	if "$@" >"$T_TMP/check.out" 2>&1; then
		ok "$d"
	else
		not_ok "$d"
		tail -n 15 "$T_TMP/check.out" | diag
	fi
}

# is DESC GOT WANT: exact text comparison
is() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diff -u <(printf '%s\n' "$3") <(printf '%s\n' "$2") | tail -n +3 | diag
	fi
}

# run CMD...: sets OUT (stdout), ERR (stderr), RC
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	RC=$?
	OUT=$(cat "$T_TMP/out")
	ERR=$(cat "$T_TMP/err")
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T_TMP/err"; then
		not_ok "sanitizer report from: $*"
		head -30 "$T_TMP/err" | diag
	fi
}

# expect DESC RC STDOUT STDERR: the last run ended like this
expect() {
	if [ "$RC" == "$2" ] && [ "$OUT" == "$3" ] && [ "$ERR" == "$4" ]; then
		ok "$1"
	else
		not_ok "$1"
		{ echo "exit: got $RC want $2"; diff -u <(printf '%s\n' "$3") <(printf '%s\n' "$OUT") | tail -n +3
		  diff -u <(printf '%s\n' "$4") <(printf '%s\n' "$ERR") | tail -n +3; } | diag
	fi
}

# wait_until TIMEOUT_S CMD...: run CMD every 0.1 s until it succeeds (0), for at most
# TIMEOUT_S whole seconds (then 1). CMD's output is discarded, so it must not print TAP
# lines (no run, check or is in it); it runs in this shell: a function may set variables.
wait_until() {
	local end=$((${EPOCHREALTIME//[.,]/} + $1 * 1000000))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "${EPOCHREALTIME//[.,]/}" -lt "$end" ] || return 1
		sleep 0.1
	done
}

on_exit() { T_CLEANUPS+=("$*"); }
t_cleanup() {
	local i
	for ((i = ${#T_CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${T_CLEANUPS[$i]}" >/dev/null 2>&1; done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

done_testing() { [ "$T_FAILED" -eq 0 ]; }

: "${VIRTNET:?set VIRTNET to the virtnet binary}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
