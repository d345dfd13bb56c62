#include "util/fault.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void fault_stall(const char *step)
{
	const char *stall = getenv("VIRTNET_STALL_AT");

	if (stall && strcmp(stall, step) == 0) {
		struct timespec ts = { .tv_sec = 60 };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
}

int fault_point(const char *step)
{
	const char *fail = getenv("VIRTNET_FAIL_AT");

	fault_stall(step);
	if (fail && strcmp(fail, step) == 0)
		return -EIO;
	return 0;
}
