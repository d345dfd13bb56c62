#!/bin/bash
# Hostile definitions (issue 9): every value that would reach dnsmasq's configuration or hosts
# files, nft text or our file names beyond what it declares is refused by validate and
# define, with the field and the rule named; nothing is stored. The values come from
# hostile_values.py: lines cut by dnsmasq's 1024-byte reader exactly on a dhcp-script=
# payload (and one byte either side), separators of each target format, line breaks,
# untrusted <dnsmasq:options>, interface names the kernel takes but nft cannot carry.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up
MARK=$T_TMP/pwned
python3 "$(dirname "$0")/hostile_values.py" "$MARK/evil.sh" >"$T_TMP/cases" || { echo "Bail out! no cases"; exit 1; }
n_cases=0
while IFS=$'\t' read -r name xml; do
	n_cases=$((n_cases + 1))
	printf '%s\n' "$xml" >"$T_TMP/$name.xml"
	run vn validate "$T_TMP/$name.xml"
	v_rc=$RC v_err=$ERR
	run vn define "$T_TMP/$name.xml"
	if [ "$v_rc" = 1 ] && [ "$RC" = 1 ] && grep -q "^error: " <<<"$ERR" && ! grep -q "out of memory\|internal error" <<<"$ERR$v_err"; then
		ok "refused: $name"
	else
		not_ok "refused: $name (validate $v_rc, define $RC)"
		printf '%s\n%s\n' "$v_err" "$ERR" | head -4 | diag
	fi
done <"$T_TMP/cases"
check "at least 150 hostile cases ran ($n_cases)" test "$n_cases" -ge 150
is "nothing was defined" "$(ls "$ROOT/etc/virtnet/networks" 2>/dev/null | grep -c '\.xml$')" "0"
is "no marker file" "$(ls "$MARK" 2>/dev/null)" ""
# what a TXT string may hold: the refusals above are the values', not the fields'
txt() {
	printf '%s\n' "<network><name>hxok</name><forward mode='nat'/><bridge name='vnhost0'/><dns><txt name='t' value='$1'/></dns><ip address='192.168.240.1' prefix='24'/></network>" >"$T_TMP/txt.xml"
	run vn validate "$T_TMP/txt.xml"
}
txt "v=spf1 include:_spf.example.com ~all"
is "an SPF record with spaces and ':' is a TXT string" "$RC" 0
txt "color#red"
is "a '#' that follows no space is one too" "$RC" 0
txt "two words #1"
is "one after a space is not (dnsmasq would cut the line there)" "$RC" 1
done_testing
