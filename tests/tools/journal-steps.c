/* journal-steps.c - the fault points of a journal type's steps, one a line, for the fault and
 * kill -9 tests (tests/netns/t-faults.sh, t-vif-*.sh through vif_steps in tests/netns/lib.sh:
 * they loop over them instead of a list by hand). journal-steps network|vif */
#include <stdio.h>
#include <string.h>

#include "helpers/xen/vif_journal.h"
#include "hostbridge/hostbridge.h"
#include "state/status.h"

int main(int argc, char **argv)
{
	const vn_jtype *types[] = { &status_journal_type, &hb_journal_type, &vif_journal_type };

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		if (argc != 2 || strcmp(argv[1], types[t]->object) != 0)
			continue;
		for (int k = 0; k < types[t]->nkinds; k++) {
			char point[128];
			journal_fault_point(types[t], k, "", point);
			printf("%s\n", point);
		}
		return 0;
	}
	fprintf(stderr, "usage: journal-steps network|hostbridge|vif\n");
	return 2;
}
