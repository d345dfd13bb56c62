#!/bin/bash
# Parallel invocations serialize on the lock: 20 distinct defines all land with distinct
# bridges; of 20 defines of one new name only one wins; the store stays consistent.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
vn() { "$VIRTNET" --root "$ROOT" "$@"; }

for i in $(seq 1 20); do
	echo "<network><name>net$i</name><ip address='10.80.$i.1' prefix='24'/></network>" >"$T_TMP/d$i.xml"
done
echo "<network><name>same</name><ip address='10.81.0.1' prefix='24'/></network>" >"$T_TMP/same.xml"

pids=()
for i in $(seq 1 20); do vn -q define "$T_TMP/d$i.xml" >"$T_TMP/d$i.out" 2>&1 & pids+=($!); done
for i in $(seq 1 20); do vn -q define "$T_TMP/same.xml" >"$T_TMP/s$i.out" 2>&1 & pids+=($!); done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done

is "19 of the 40 parallel defines failed (all same-name losers)" "$fails" 19
is "every distinct define landed" "$(vn -q list --all --name | grep -c '^net')" 20
is "exactly one same-name define won" "$(vn -q list --all --name | grep -c '^same$')" 1
is "the losers were told why" "$(cat "$T_TMP"/s*.out | grep -c "error: network 'same' already exists with uuid")" 19
is "20 distinct generated bridges" "$(for i in $(seq 1 20); do vn dumpxml net$i; done | grep -o "bridge name='virbr[0-9]*'" | sort -u | wc -l)" 20
bad=0
for f in "$ROOT"/etc/virtnet/networks/*.xml; do vn -q validate "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done
is "every stored file parses and validates" "$bad" 0
is "no temporary files remain" "$(ls -A "$ROOT/etc/virtnet/networks" | grep -c '^\.' || true)" 0
done_testing
