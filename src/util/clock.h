/* clock.h - the one clock bounded waits are measured with */
#pragma once
#include <time.h>

/* Milliseconds on the monotonic clock (deadlines: now + timeout). */
static inline long long vn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
