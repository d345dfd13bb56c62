#!/bin/bash
# Hostile input, proven by effects on running networks (issue 9): a definition may shape its
# own DHCP and DNS service only. With every dnsmasq-bound value at the longest its type
# allows, dnsmasq reads each line as written: no script runs (a marker file never appears),
# a guest gets a lease, only the declared names and TXT strings are answered, a reserved
# address goes only to its MAC. The positive control: an admin-trusted dhcp-script does
# run and writes the marker, so the marker would have shown an injected one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
MARK=$T_TMP/marker
cat >"$T_TMP/hook.sh" <<SH
#!/bin/sh
echo "\$(id -u) \$*" >>"$MARK"
SH
chmod 755 "$T_TMP/hook.sh"

# the positive control: trusted, the script runs as root on a lease
cat >"$T_TMP/trusted.xml" <<XML
<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>
  <name>hxtrust</name>
  <forward mode='nat'/>
  <bridge name='vnhxt0'/>
  <ip address='192.168.241.1' prefix='24'><dhcp><range start='192.168.241.10' end='192.168.241.20'/></dhcp></ip>
  <dnsmasq:options><dnsmasq:option value='dhcp-script=$T_TMP/hook.sh'/></dnsmasq:options>
</network>
XML
run vn define "$T_TMP/trusted.xml"
is "without trust the script option is refused" "$RC" 1
check "naming the option and the fix" grep -q "dhcp-script=.*runs a program as root.*--trust-dnsmasq-options" <<<"$ERR"
run vn define --trust-dnsmasq-options "$T_TMP/trusted.xml"
is "with --trust-dnsmasq-options it is defined" "$RC" 0
check "with a warning naming the option" grep -q "warning: network 'hxtrust' gives dnsmasq 1 option as they are.*dhcp-script=" <<<"$ERR"
run vn start hxtrust
is "and starts" "$RC" 0
add_guest t1 vnhxt0 52:54:00:00:0a:01
ipt=$(dhcp t1)
check "its guest gets a lease ($ipt)" grep -q '^192\.168\.241\.' <<<"$ipt"
wait_until 10 test -s "$MARK"
check "the trusted script ran as root on that lease (the marker works)" grep -q "^0 add 52:54:00:00:0a:01 $ipt" "$MARK"
run vn destroy hxtrust
rm -f "$MARK"

# every dnsmasq-bound value at its longest, with the characters its type allows
long_label=$(printf 'l%.0s' $(seq 63))
domain=$(printf '%s.' "$long_label" "$long_label" "$long_label")$(printf 'd%.0s' $(seq 61))   # 253 bytes
txt="v=1 $(printf 'x%.0s' $(seq 240))#ok:end"                                                    # 255 bytes
txt=${txt:0:255}
boot=$(printf 'b%.0s' $(seq 250)).0123                                                           # 255 bytes
tftp=$T_TMP/tftp
for i in 1 2 3 4; do tftp=$tftp/$(printf 't%.0s' $(seq 200)); done
mkdir -p "$tftp" && chmod -R 755 "$T_TMP/tftp"
tftp=${tftp:0:1000}
mkdir -p "$tftp"
host=$(printf 'h%.0s' $(seq 63))
cat >"$T_TMP/long.xml" <<XML
<network>
  <name>hxlong</name>
  <forward mode='nat'/>
  <bridge name='vnhxlong0123456'/>
  <domain name='$domain' localOnly='yes'/>
  <dns>
    <forwarder domain='$domain' addr='192.0.2.2'/>
    <txt name='info.$long_label' value='$txt'/>
    <host ip='192.168.242.9'><hostname>$host</hostname><hostname>$host.$long_label</hostname></host>
    <srv service='ldap' protocol='tcp' domain='$long_label' target='$host.$long_label' port='389'/>
  </dns>
  <ip address='192.168.242.1' prefix='24'>
    <tftp root='$tftp'/>
    <dhcp>
      <range start='192.168.242.10' end='192.168.242.20'/>
      <host mac='52:54:00:00:0b:01' name='$host' ip='192.168.242.50'/>
      <bootp file='$boot'/>
    </dhcp>
  </ip>
</network>
XML
run vn define "$T_TMP/long.xml"
expect "values at their longest are accepted" 0 "Network hxlong defined from $T_TMP/long.xml" ""
run vn start hxlong
expect "and the network starts" 0 "Network hxlong started" ""
conf=$(cat "$ROOT"/run/virtnet/dnsmasq/*.conf)
is "no line of its configuration is longer than 1023 bytes" "$(awk 'length($0) > 1023' <<<"$conf" | wc -l)" "0"
is "and none runs a script" "$(grep -c 'script' <<<"$conf")" "0"
is "the TXT line is the one declared" "$(grep '^txt-record=' <<<"$conf")" "txt-record=info.$long_label,$txt"
add_guest r1 vnhxlong0123456 52:54:00:00:0b:01
add_guest o1 vnhxlong0123456 52:54:00:00:0b:02
ipr=$(dhcp r1)
ipo=$(dhcp o1)
is "the reserved address goes to its MAC" "$ipr" "192.168.242.50"
check "and another MAC gets one of the range ($ipo)" grep -qE '^192\.168\.242\.(1[0-9]|20)$' <<<"$ipo"
sleep 2   # dnsmasq's script helper would have run by now (the control above took < 1 s)
check "no script ran (no marker)" test ! -e "$MARK"
res=$(guest o1 busybox nslookup -type=txt "info.$long_label" 192.168.242.1 2>&1)
check "the TXT record answers exactly its value" grep -qF "$txt" <<<"$res"
res=$(guest o1 busybox nslookup "$host.$long_label" 192.168.242.1 2>&1)
check "a declared name resolves" grep -q "Address: 192.168.242.9" <<<"$res"
run vn destroy hxlong
check "nothing left" nothing_left vnhxlong0123456
done_testing
