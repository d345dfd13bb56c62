/* fault.h - named fault-injection points for tests
 *
 * VIRTNET_FAIL_AT=<step>   makes fault_point(<step>) fail with -EIO
 * VIRTNET_STALL_AT=<step>  makes it stop there (up to 60 s) so a test can kill -9 the process
 * Both are read from the environment at each point; unset, a point costs one getenv. */
#pragma once

int fault_point(const char *step);
/* A point where only stalling makes sense (failing there would report a change that was made). */
void fault_stall(const char *step);
