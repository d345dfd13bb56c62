#!/bin/bash
# libvirt's xml2xml cases: every SUCCESS case must come out byte-exact through
# `virtnet validate --print`, every FAIL_PARSE case must be rejected with an error.
# Usage: xml2xml.sh VIRTNET [CONFORMANCE_DIR]   (prints TAP lines)
set -u
vn=$1
dir=${2:-${VIRTNET_CONFORMANCE:-$(dirname "$0")/../data/libvirt}}
if [ ! -f "$dir/MANIFEST.tsv" ]; then
	echo "ok - conformance xml2xml # SKIP no conformance data at $dir"
	exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
while IFS=$'\t' read -r suite name input expected flags result; do
	[ "$suite" = xml2xml ] || continue
	args=(--print)
	[ "$flags" = VIR_NETWORK_XML_INACTIVE ] && args+=(--inactive)
	if [ "$result" = FAIL_PARSE ]; then
		if "$vn" -q validate "${args[@]}" "$dir/$input" >"$out" 2>&1; then
			echo "not ok - xml2xml $name: accepted, libvirt rejects it"
		elif ! grep -q '^error: ' "$out"; then
			echo "not ok - xml2xml $name: rejected without an error message"
		else
			echo "ok - xml2xml $name rejected: $(tail -n1 "$out")"
		fi
		continue
	fi
	if ! "$vn" -q validate "${args[@]}" "$dir/$input" >"$out" 2>"$out.err"; then
		echo "not ok - xml2xml $name: $(tail -n1 "$out.err")"
	elif ! diff -u <(cat "$dir/$expected"; [ -n "$(tail -c1 "$dir/$expected")" ] && echo) "$out" >"$out.diff"; then
		echo "not ok - xml2xml $name: output differs"
		sed 's/^/# /' "$out.diff" | head -40
	else
		echo "ok - xml2xml $name"
	fi
	rm -f "$out.diff" "$out.err"
done <"$dir/MANIFEST.tsv"
