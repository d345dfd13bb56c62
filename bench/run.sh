#!/bin/bash
# One run, both tools: libvirt 9.0 (Debian's) and virtnet on the same work, through
# ../shared/bench/libvirt_baseline.sh, then the ratios virtnet / libvirt.
#   bash bench/run.sh [--quick] [--skip-libvirt FILE]   (as root; installs libvirt itself)
set -u
cd "$(dirname "$0")/.."
top=$PWD
BENCH=${BENCH:-$top/../shared/bench/libvirt_baseline.sh}
out=$top/build/bench
mkdir -p "$out"
quick=() lv_report=""
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=(--quick) ;;
	--skip-libvirt) lv_report=$2; shift ;;   # reuse a libvirt report from an earlier run
	*) echo "usage: $0 [--quick] [--skip-libvirt REPORT]" >&2; exit 2 ;;
	esac
	shift
done
[ -f "$BENCH" ] || { echo "error: $BENCH not found" >&2; exit 1; }
bash scripts/setup.sh && bash scripts/build.sh build || exit 1
# the benchmark script counts iptables rules too
dpkg-query -W iptables >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iptables time >/dev/null

# The machine is shared, and the kernel keeps deleting links for a while after a run:
# let it settle (1-minute load below 0.3, at most 3 minutes) before each measurement.
settle() {
	for _ in $(seq 180); do
		awk '{exit !($1 < 0.3)}' /proc/loadavg && return
		sleep 1
	done
}
if [ -z "$lv_report" ]; then
	lv_report=$out/libvirt.md
	settle
	bash "$BENCH" --install "${quick[@]}" --out "$lv_report" >"$out/libvirt.log" 2>&1 || { tail "$out/libvirt.log"; exit 1; }
fi
settle
bash "$BENCH" "${quick[@]}" --driver "$top/bench/virtnet_driver.sh" --out "$out/virtnet.md" >"$out/virtnet.log" 2>&1 || { tail "$out/virtnet.log"; exit 1; }

# median of a timing row, or the value of a "key value" line in the raw values
median() { awk -F'|' -v k="$2" '$2 ~ k {gsub(/ /, "", $3); print $3; exit}' "$1"; }
value() { awk -F'\t' -v k="$2" '$1 == k {print $2}' "$1" | tail -1; }
# PSS of the daemon (none for virtnet) plus the per-network helpers (dnsmasq), from the raw values
pss_total() {
	awk -F'\t' -v d="mem_N$2_daemon_pss_kb" -v h="mem_N$2_helpers_pss_kb" \
		'$1 == d {s += $2; f = 1} $1 == h {s += $2; f = 1} END {if (f) print s}' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.3f", a / b }'; }

N=$(awk -F"NLIST='" '/^- run:/ {split($2, a, "'"'"'"); n = split(a[1], v, " "); print v[n]; exit}' "$out/virtnet.md")
{
echo "# virtnet / libvirt, one run ($(date -Is))"
echo
echo "| measurement | libvirt | virtnet | virtnet / libvirt | target |"
echo "|---|---:|---:|---:|---:|"
row() { # label regex target
	local l v
	l=$(median "$lv_report" "$2"); v=$(median "$out/virtnet.md" "$2")
	echo "| $1 | $l ms | $v ms | $(ratio "$v" "$l") | $3 |"
}
row "define + start, 1 NAT+DHCP network" "\\(a\\) net-define \\+ net-start" "<= 0.1"
row "destroy, 1 network" "\\(b\\) net-destroy" "<= 0.15"
row "start $N networks, one command each" "\\(c\\) N=$N start all, one client per net: TOTAL" "<= 0.1"
row "  first 10 starts (each)" "\\(c\\) N=$N   single start, first 10" ""
row "  last 10 starts (each)" "\\(c\\) N=$N   single start, last 10" "as first"
row "destroy $N networks" "N=$N destroy all \\(one client per net\\)" "<= 0.12"
row "list --all with $N active" "\\(f\\) net-list --all, $N active" ""
row "restart with $N active, until it answers" "\\(g\\) daemon start with $N active" "<= 0.01"
lm=$(pss_total "$lv_report" "$N"); vm=$(pss_total "$out/virtnet.md" "$N")
echo "| memory kept running at $N networks (PSS) | $lm kB | $vm kB | $(ratio "$vm" "$lm") | <= 0.4 |"
lr=$(value "$lv_report" "rules_N${N}_rules"); vr=$(value "$out/virtnet.md" "rules_N${N}_nft_rules")
echo "| firewall rules at $N networks, all tables | $lr | $vr | $(ratio "$vr" "$lr") | |"
} | tee "$out/ratios.md"
echo
echo "reports: $lv_report, $out/virtnet.md, $out/ratios.md"
