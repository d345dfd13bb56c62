#!/bin/bash
# Completion: the hidden 'virtnet complete -- WORDS...' (commands, options and their values
# from the command table's usage texts, network, port, bridge and namespace names from the
# records and sysfs) and the bash script that asks it, data/bash-completion/virtnet.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
vn() { "$VIRTNET" --root "$ROOT" "$@"; }
words() { vn complete -- "$@" | paste -sd' ' -; }

mkdir -p "$ROOT/etc/virtnet/networks" "$ROOT/run/virtnet/networks" "$ROOT/run/virtnet/ports/by-name" \
	"$ROOT/run/virtnet/hostbridges"
cp "$TOP/data/networks/default.xml" "$ROOT/etc/virtnet/networks/"
sed 's/>default</>lab</' "$TOP/data/networks/default.xml" >"$ROOT/etc/virtnet/networks/lab.xml"
: >"$ROOT/run/virtnet/networks/tmp1.xml"       # a running transient network
for p in vnet0:default vnet1:lab vnet2:default; do
	echo "<portstatus><device network='${p#*:}' type='tap' name='${p%:*}'/></portstatus>" \
		>"$ROOT/run/virtnet/ports/${p%:*}.xml"
	ln -s "../${p%:*}.xml" "$ROOT/run/virtnet/ports/by-name/${p%:*}"
done
: >"$ROOT/run/virtnet/hostbridges/br7.xml"

is "commands, not the hidden complete" "$(words "")" \
	"$(vn help | sed '1,/^Commands:/d' | sed -n 's/^  \([a-z-]*\) .*/\1/p' | sort | paste -sd' ' -)"
is "a command's prefix" "$(words de)" "define destroy"
is "virsh's names when asked for them" "$(words net-st)" "net-start"
is "global options" "$(words -)" "--help --quiet --root --version -q"
is "a network name: definitions and running transient ones" "$(words start "")" "default lab tmp1"
is "through virsh's alias" "$(words net-start l)" "lab"
is "options from the usage" "$(words list --a)" "--all --autostart"
is "option values listed in the usage" "$(words port-create default --type "")" \
	"external macvlan macvtap tap veth"
is "a value given in the usage alone" "$(words hostbridge create br0 --dev eth0 --bridge-nf "")" "off"
is "the ports of the network named" "$(words port-delete default "")" "vnet0 vnet2"
is "more ports after one" "$(words port-delete lab vnet1 "")" "vnet1"
is "an option after the operands" "$(words port-delete default vnet0 --a)" "--all"
is "port-stats: every port ([DOMAIN] may be left out)" "$(words port-stats vnet)" "vnet0 vnet1 vnet2"
is "subcommands" "$(words hostbridge "")" "create delete list"
is "a subcommand's options" "$(words hostbridge create br0 --f)" "--force --forward-accept"
is "host bridges virtnet manages" "$(words hostbridge delete "")" "br7"
is "help COMMAND" "$(words help port-d)" "port-delete port-dumpxml"
is "update: its commands" "$(words update default "")" "add add-first add-last delete modify"
is "update: the sections it carries out" "$(words update default add ip-)" "ip-dhcp-host ip-dhcp-range"
is "update: every section it carries out, as update --help names them" \
	"$(words update default add "")" \
	"$(vn update --help | sed -n '/^  SECTION/,/^  XML/p' | tr '\n' ' ' | sed 's/(bridge.*//' |
		grep -o '[a-z][a-z-]*' | grep -vx 'or' | sort | paste -sd' ' -)"
is "an option's value in the same word: --opt=value" "$(words port-create default --type=ma)" \
	"--type=macvlan --type=macvtap"
is "--root before the command moves the records" "$(vn complete -- --root "$T_TMP/none" start "" | wc -l)" 0
is "nothing after a FILE: the shell completes file names" "$(words define "")" ""
is "nothing for a value without a list (a MAC)" "$(words port-create default --mac "")" ""
is "an unknown command offers nothing" "$(words frobnicate "")" ""
run vn complete
expect "no words: nothing, status 0" 0 "" ""
is "complete is not listed by help" "$(vn help | grep -c complete)" 0

# The bash script: COMPREPLY as bash would fill it on Tab
comp() {
	bash -c 'PATH=$1:$PATH; shift; . "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _virtnet
		printf "%s\n" "${COMPREPLY[@]}"' "$TOP/data/bash-completion/virtnet" \
		"$T_TMP/bin" virtnet --root "$ROOT" "$@" | paste -sd' ' -
}
mkdir -p "$T_TMP/bin"
ln -s "$VIRTNET" "$T_TMP/bin/virtnet"
is "bash: commands" "$(comp port-)" "port-create port-delete port-dumpxml port-list port-stats"
is "bash: network names" "$(comp dhcp-leases "")" "default lab tmp1"
is "bash: option values" "$(comp macgen --oui "")" "kvm local xen"
# bash splits "--oui=" at '=': the words are --oui and =, then what follows the '='
is "bash: a value after --opt=" "$(comp macgen --oui =)" "kvm local xen"
is "bash: a value begun after --opt=" "$(comp macgen --oui = l)" "local"
is "bash: the option after one given as --opt=value" "$(comp port-create default --type = tap --ow)" \
	"--owner"
is "bash: the script registers itself for virtnet" \
	"$(bash -c '. "$0"; complete -p virtnet' "$TOP/data/bash-completion/virtnet")" \
	"complete -o default -F _virtnet virtnet"

# Bridge, NIC and namespace names, from sysfs and /run/netns, in a namespace of this test's own
NS=vnt-compl-$$
if ip netns add "$NS" 2>/dev/null; then
	on_exit ip netns del "$NS"
	ip netns exec "$NS" ip link add vncbr0 type bridge
	ip netns exec "$NS" ip link add vncnic0 type veth peer name vncnic1
	inns() { ip netns exec "$NS" "$VIRTNET" --root "$ROOT" complete -- "$@" | paste -sd' ' -; }
	is "bridge names: the host's bridges" "$(inns bridge showmacs "")" "vncbr0"
	is "bridge show takes several" "$(inns bridge show vncbr0 "")" "vncbr0"
	is "a NIC: the interfaces that are not bridges, without lo" \
		"$(inns hostbridge create br0 --dev "")" "vncnic0 vncnic1"
	is "a namespace: those of ip netns" "$(inns port-create default --netns "vnt-compl-")" "$NS"
else
	skip "bridge, NIC and namespace names" "cannot create a network namespace here"
fi

done_testing
