/* vif_time.h - the one clock vif-virtnet's bounded waits are measured with */
#pragma once
#include <time.h>

/* Milliseconds on the monotonic clock (deadlines: now + timeout). */
static inline long long vif_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
