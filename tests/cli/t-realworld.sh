#!/bin/bash
# Real-world network definitions (tests/data/realworld, sources in SOURCES.md): every file that
# libvirt accepts is accepted by validate and define, and its dumpxml parses again and is a fixed
# point; the few that libvirt refuses too are listed as "refuse" in EXPECTED and stay refused.
# Each file gets fresh --root folders (two files may use the same bridge or subnet); nothing is started.
. "$(dirname "$0")/../lib.sh"
DATA=$TOP/tests/data/realworld
EXPECTED=$DATA/EXPECTED

declare -A want
while read -r file verdict; do
	case $file in '' | '#'*) continue ;; esac
	want[$file]=$verdict
done <"$EXPECTED"

# every file has exactly one expectation and a line in SOURCES.md, and no expectation is stale
files=()
for f in "$DATA"/*.xml; do files+=("$(basename "$f")"); done
missing=() unsourced=() stale=()
for b in "${files[@]}"; do
	[ -n "${want[$b]:-}" ] || missing+=("$b")
	grep -qF "| $b |" "$DATA/SOURCES.md" || unsourced+=("$b")
done
for b in "${!want[@]}"; do [ -f "$DATA/$b" ] || stale+=("$b"); done
is "EXPECTED has a line for every file" "${missing[*]}" ""
is "SOURCES.md has a row for every file" "${unsourced[*]}" ""
is "EXPECTED names no missing file" "${stale[*]}" ""
is "EXPECTED has one line per file" "$(grep -cvE '^(#|$)' "$EXPECTED")" "${#files[@]}"

n=0
for b in "${files[@]}"; do
	n=$((n + 1))
	f=$DATA/$b
	root=$T_TMP/r$n
	verdict=${want[$b]:-accept}
	if [ "${verdict%%:*}" = refuse ]; then
		run "$VIRTNET" --root "$root" validate "$f"
		if [ "$RC" = 1 ] && grep -q '^error: ' <<<"$ERR"; then ok "$b: validate refuses it (${verdict#refuse: })"; else
			not_ok "$b: validate refuses it (${verdict#refuse: })"
			printf 'exit %s\n%s\n' "$RC" "$ERR" | diag
		fi
		run "$VIRTNET" --root "$root" define "$f"
		if [ "$RC" = 1 ] && [ -z "$("$VIRTNET" --root "$root" -q list --all --name 2>&1)" ]; then
			ok "$b: define refuses it and defines nothing"
		else
			not_ok "$b: define refuses it and defines nothing"
			printf 'exit %s\n%s\n%s\n' "$RC" "$OUT" "$ERR" | diag
		fi
		continue
	fi

	run "$VIRTNET" --root "$root" validate "$f"
	if [ "$RC" = 0 ]; then ok "$b: validate"; else
		not_ok "$b: validate"
		printf '%s\n' "$ERR" | diag
	fi
	run "$VIRTNET" --root "$root" define "$f"
	name=$("$VIRTNET" --root "$root" -q list --all --name 2>&1)
	if [ "$RC" = 0 ] && [ -n "$name" ] && [ "$(wc -l <<<"$name")" = 1 ]; then
		ok "$b: define ($name)"
	else
		not_ok "$b: define"
		printf 'exit %s\n%s\n%s\nlist: %s\n' "$RC" "$OUT" "$ERR" "$name" | diag
		continue
	fi
	run "$VIRTNET" --root "$root" -q dumpxml "$name"
	printf '%s\n' "$OUT" >"$T_TMP/dump$n.xml"
	if [ "$RC" != 0 ]; then
		not_ok "$b: dumpxml"
		printf '%s\n' "$ERR" | diag
		continue
	fi
	check "$b: its dumpxml validates again" "$VIRTNET" --root "$T_TMP/v$n" validate "$T_TMP/dump$n.xml"
	# defining the dump elsewhere gives the same document back (nothing lost or invented on the way)
	"$VIRTNET" --root "$T_TMP/d$n" define "$T_TMP/dump$n.xml" >/dev/null 2>&1
	is "$b: dumpxml is a fixed point of define" "$("$VIRTNET" --root "$T_TMP/d$n" -q dumpxml "$name" 2>&1)" "$OUT"
done
done_testing
