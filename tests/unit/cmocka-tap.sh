#!/bin/bash
# cmocka-tap.sh TEST [ARGS...]: run a cmocka test with TAP output, its skips written as TAP
# skips. cmocka 1.1.5 prints a skipped test as "not ok N # SKIP name", which TAP readers
# (meson test among them) count as a failure; TAP's skip is "ok N - name # SKIP". The exit
# status is the test's own (a crash included). meson test and scripts/check.sh run every
# unit test through this.
set -o pipefail
export CMOCKA_MESSAGE_OUTPUT=TAP
"$@" | sed -u 's/^not ok \([0-9][0-9]*\) # SKIP \?\(.*\)$/ok \1 - \2 # SKIP/'
