#!/bin/bash
# The thin virtnet: it loads no library but libc and jansson (no libxml2, ICU, libstdc++,
# libnftables, libnftnl, libgmp, libxtables, libmnl), so a start costs what a small C
# program's does; what it does not do itself (no virtnetd here) virtnet-direct, found beside
# it, does on the same command line: the same output and status.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
DIRECT=$(dirname "$VIRTNET")/virtnet-direct

# its own libraries (the sanitizer runtimes of an ASan build aside), and all it loads; linked
# statically (meson's static_cli, the default where libc.a and libjansson.a are installed),
# it has no loader to run and loads nothing
if command -v readelf >/dev/null; then
	needed=$(readelf -d "$VIRTNET" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
		grep -vE '^lib(asan|ubsan)\.so' | sort | tr '\n' ' ')
	if readelf -l "$VIRTNET" | grep -q INTERP; then
		is "virtnet needs only libc and jansson" "$needed" "libc.so.6 libjansson.so.4 "
	else
		is "virtnet is linked statically: no loader, no library" "$needed" ""
	fi
else
	skip "virtnet needs only libc and jansson" "no readelf"
fi
unloaded="virtnet loads no libxml2, ICU, libstdc++, libnftables, libnftnl, libgmp, libxtables, libmnl"
if readelf -l "$VIRTNET" 2>/dev/null | grep -q INTERP; then
	all=$(LD_TRACE_LOADED_OBJECTS=1 "$VIRTNET" | awk '{print $1}' | sed 's|.*/||')
	unwanted='xml2|icu|stdc\+\+|nftables|nftnl|gmp|xtables|mnl'
	grep -q '^libasan' <<<"$all" && unwanted='xml2|icu|nftables|nftnl|gmp|xtables|mnl'  # ASan's
	loaded=$(grep -E "^lib($unwanted)" <<<"$all" | tr '\n' ' ')
	is "$unloaded" "$loaded" ""
else
	# linked statically: nothing of those libraries may be linked in (their functions'
	# prefixes in its symbol table; the build tree's binary is not stripped)
	syms=$(nm "$VIRTNET" 2>/dev/null | awk '{print $NF}')
	foreign=$(grep -E '^(xml[A-Z]|nft_|nftnl_|mnl_|__gmp|u_[a-z]+_[0-9]|xtables_)' <<<"$syms" | head -3 | tr '\n' ' ')
	check "virtnet (static) has a symbol table to read ($(wc -l <<<"$syms") symbols)" [ "$(wc -l <<<"$syms")" -gt 100 ]
	is "$unloaded: none of their functions is linked in" "$foreign" ""
fi
check "virtnet-direct is built beside it" test -x "$DIRECT"
# virtnetd's keeper, which is all that runs of the daemon while it has no work, the same way
KEEPER=$(dirname "$VIRTNET")/virtnetd
if command -v readelf >/dev/null; then
	needed=$(readelf -d "$KEEPER" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
		grep -vE '^lib(asan|ubsan)\.so' | sort | tr '\n' ' ')
	is "virtnetd's keeper needs only libc and libmnl" "$needed" "libc.so.6 libmnl.so.0 "
else
	skip "virtnetd's keeper needs only libc and libmnl" "no readelf"
fi

# same DESC ARGS...: virtnet and virtnet-direct print the same (stdout, stderr, status)
same() {
	local d=$1 rc1 out1 err1
	shift
	run "$VIRTNET" "$@"
	rc1=$RC out1=$OUT err1=$ERR
	run "$DIRECT" "$@"
	if [ "$RC" == "$rc1" ] && [ "$OUT" == "$out1" ] && [ "$ERR" == "$err1" ]; then
		ok "$d"
	else
		not_ok "$d"
		{ echo "status: thin $rc1, direct $RC"; diff <(echo "$out1"; echo "$err1") \
			<(echo "$OUT"; echo "$ERR"); } | diag
	fi
}
same "version (the thin program's own)" version
same "--help" --help
same "help port-create" help port-create
same "an unknown command" frobnicate
same "an unknown global option" --frobnicate list
same "list (no daemon: virtnet-direct's)" --root "$ROOT" list --all
run "$VIRTNET" --root "$ROOT" define "$TOP/data/networks/default.xml"
expect "define (no daemon: virtnet-direct's)" 0 \
	"Network default defined from $TOP/data/networks/default.xml" ""
same "define of a name that is taken" --root "$ROOT" define "$TOP/data/networks/default.xml"
same "info (virtnet-direct only)" --root "$ROOT" info default
same "dumpxml --json" --root "$ROOT" dumpxml default --json
same "port-create --count 0 (refused before anything is asked)" --root "$ROOT" \
	port-create default --count 0
echo "<network><name>v</name><uuid>$(cat /proc/sys/kernel/random/uuid)</uuid></network>" \
	>"$T_TMP/v.xml"
same "validate --print" validate "$T_TMP/v.xml" --print
same "start of a network that does not exist" --root "$ROOT" start nope

# define - : what the thin program read of standard input virtnet-direct gets as its own
run "$VIRTNET" --root "$ROOT" define - <<<"<network><name>fromstdin</name></network>"
expect "define - through virtnet-direct reads the same standard input" 0 \
	"Network fromstdin defined from -" ""
run "$VIRTNET" --root "$ROOT" define - <<<"<network><name>bad</"
expect "define - of text that does not parse: the parser's error" 1 "" \
	"error: Failed to define network from -
error: malformed XML in standard input at line 2: expected '>'"
is "list --name after them" "$("$VIRTNET" --root "$ROOT" -q list --all --name)" "default
fromstdin"

# alone (an installed copy without virtnet-direct beside it): the installed virtnet-direct
mkdir -p "$T_TMP/alone"
cp "$VIRTNET" "$T_TMP/alone/virtnet"
run "$T_TMP/alone/virtnet" --root "$ROOT" info default
if [ "$RC" == 1 ] && grep -qE '^error: cannot run /.*/virtnet/virtnet-direct: ' <<<"$ERR"; then
	ok "alone, it runs the installed virtnet-direct (here: none)"
else
	run "$DIRECT" --root "$ROOT" info default
	is "alone, it runs the installed virtnet-direct" "$RC" "0"
fi
done_testing
