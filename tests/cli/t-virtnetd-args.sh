#!/bin/bash
# virtnetd's command line, refused before it touches anything: the admin group's name is
# typed (a user or group name), --idle-exit whole seconds; --help names the group option.
# Each run is bounded: a virtnetd that wrongly started is stopped by timeout (status 124).
. "$(dirname "$0")/../lib.sh"
VIRTNETD=$(dirname "$VIRTNET")/virtnetd
ROOT=$T_TMP/root

run timeout 5 "$VIRTNETD" --root "$ROOT" --group 'wheel users'
expect "a group name with a space is refused" 1 "" \
	"virtnetd: --group 'wheel users' is not a user name: use 1-32 letters, digits, '_', '.' or '-', not starting with '-'"
run timeout 5 "$VIRTNETD" --root "$ROOT" --group -virtnet
expect "a group name starting with '-'" 1 "" \
	"virtnetd: --group '-virtnet' is not a user name: use 1-32 letters, digits, '_', '.' or '-', not starting with '-'"
run timeout 5 "$VIRTNETD" --root "$ROOT" --group "$(printf 'g%.0s' $(seq 33))"
check "a group name of 33 bytes" [ "$RC" = 1 ]
run timeout 5 "$VIRTNETD" --root "$ROOT" --idle-exit 1.5
expect "--idle-exit takes whole seconds" 1 "" "virtnetd: --idle-exit '1.5': give whole seconds, 0 to 86400"
check "nothing was made under the root" [ ! -e "$ROOT" ]
run timeout 5 "$VIRTNETD" --help
check "--help names the group and its default" grep -qF -- "--group NAME         the group whose members may change things (default: virtnet)" <<<"$OUT"
done_testing
