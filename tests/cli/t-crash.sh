#!/bin/bash
# kill -9 during define loses nothing: killed before the rename, the old definition stays;
# killed after it, the new one is complete. Random kills never leave a torn file.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
vn() { "$VIRTNET" --root "$ROOT" "$@"; }
U=6a0f5f1e-3c2b-4d1a-9e8f-7a6b5c4d3e2f
def() { echo "<network><name>lab</name><uuid>$U</uuid><title>$1</title><ip address='10.90.0.1' prefix='24'/></network>"; }
def old >"$T_TMP/old.xml"
def new >"$T_TMP/new.xml"
vn -q define "$T_TMP/old.xml"
netdir=$ROOT/etc/virtnet/networks

# killed with the new content written to a temp file but not yet renamed over the old
VIRTNET_STALL_AT=file-temp-written "$VIRTNET" --root "$ROOT" -q define "$T_TMP/new.xml" &
pid=$!
for i in $(seq 100); do ls -A "$netdir" | grep -q '^\.vn-tmp-' && break; sleep 0.05; done
kill -9 "$pid"; wait "$pid" 2>/dev/null
is "killed before the rename: the old definition is intact" "$(vn dumpxml lab | grep -o '<title>.*</title>')" "<title>old</title>"
vn -q list --all >/dev/null
vn -q autostart lab >/dev/null    # any change sweeps leftovers under the lock
is "the next change removed the dead writer's temp file" "$(ls -A "$netdir" | grep -c '^\.vn-tmp-' || true)" 0

# killed right after the rename: the new definition is complete
VIRTNET_STALL_AT=file-renamed "$VIRTNET" --root "$ROOT" -q define "$T_TMP/new.xml" &
pid=$!
for i in $(seq 100); do grep -q '<title>new</title>' "$netdir/lab.xml" 2>/dev/null && break; sleep 0.05; done
kill -9 "$pid"; wait "$pid" 2>/dev/null
is "killed after the rename: the new definition is complete" "$(vn dumpxml lab | grep -o '<title>.*</title>')" "<title>new</title>"

# random kills: every outcome is old or new, never torn
torn=0
for i in $(seq 60); do
	if [ $((i % 2)) = 0 ]; then f=old; else f=new; fi
	vn -q define "$T_TMP/$f.xml" &
	pid=$!
	sleep "0.00$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	t=$(vn dumpxml lab 2>&1 | grep -o '<title>[a-z]*</title>')
	case "$t" in "<title>old</title>"|"<title>new</title>") ;; *) torn=$((torn + 1)); echo "$t" | diag ;; esac
done
is "60 random kill -9 during define: never a torn or lost definition" "$torn" 0
done_testing
