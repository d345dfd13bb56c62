#!/bin/bash
# edit: $EDITOR on a copy; a valid edit is saved, an invalid one refused with the old definition intact.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
vn() { "$VIRTNET" --root "$ROOT" "$@"; }

run vn -q define "$TOP/data/networks/default.xml"
orig=$(vn dumpxml default)

cat >"$T_TMP/ed-title" <<'SH'
#!/bin/sh
sed -i "s|<name>default</name>|<name>default</name><title>Edited</title>|" "$1"
SH
cat >"$T_TMP/ed-break" <<'SH'
#!/bin/sh
sed -i "s|<forward mode='nat'/>|<forward mode='teleport'/>|" "$1"
SH
cat >"$T_TMP/ed-garbage" <<'SH'
#!/bin/sh
echo '<network><name>default' >"$1"
SH
printf '#!/bin/sh\nexit 0\n' >"$T_TMP/ed-nothing"
printf '#!/bin/sh\nexit 3\n' >"$T_TMP/ed-fail"
chmod +x "$T_TMP"/ed-*

run env EDITOR="$T_TMP/ed-nothing" "$VIRTNET" --root "$ROOT" edit default
expect "an unchanged edit says so" 0 "Network default XML configuration not changed." ""
run env VISUAL="$T_TMP/ed-break" EDITOR=false "$VIRTNET" --root "$ROOT" edit default </dev/null
expect "an invalid edit is refused (VISUAL wins over EDITOR)" 1 "" "error: Failed to define network from the edited XML
error: unknown forwarding type 'teleport' in network 'default' (use nat, route, open, bridge, private, vepa, passthrough or hostdev)"
is "the old definition is intact after an invalid edit" "$(vn dumpxml default)" "$orig"
run env EDITOR="$T_TMP/ed-garbage" "$VIRTNET" --root "$ROOT" edit default </dev/null
check "malformed edited XML is refused with its line" grep -q "^error: malformed XML in .*virtnet-edit-.*\.xml at line [0-9]" <<<"$ERR"
is "the old definition is intact after a malformed edit" "$(vn dumpxml default)" "$orig"
run env EDITOR="$T_TMP/ed-fail" "$VIRTNET" --root "$ROOT" edit default
expect "a failing editor changes nothing" 1 "" "error: editor failed (Operation canceled); network default is unchanged"
run env EDITOR="$T_TMP/ed-title" "$VIRTNET" --root "$ROOT" edit default
expect "a valid edit is saved" 0 "Network default XML configuration edited." ""
check "the edit is in the stored definition" grep -q "<title>Edited</title>" <<<"$(vn dumpxml --inactive default)"
is "no edit copies are left behind" "$(ls /tmp | grep -c "^virtnet-edit-" || true)" "0"
run vn edit nope
expect "edit of an unknown network" 1 "" "error: failed to get network 'nope'
error: Network not found: no network with matching name or uuid 'nope' (list them with: virtnet list --all)"
done_testing
