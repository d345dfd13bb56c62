/* fuzz_root.h - a fuzzer's own --root: a temporary folder with virtnet's folders in it,
 * removed, with all it holds, when the fuzzer exits */
#pragma once
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "state/state.h"
#include "util/fileio.h"

static char fuzz_root_dir[64];

static int fuzz_root_remove_one(const char *path, const struct stat *st, int flag,
				struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void fuzz_root_remove(void)
{
	nftw(fuzz_root_dir, fuzz_root_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The root's paths, its folders made, <run>/repairs too; aborts when it cannot */
static void fuzz_root_make(const char *name, vn_paths *paths)
{
	char dir[PATH_MAX];

	snprintf(fuzz_root_dir, sizeof(fuzz_root_dir), "/tmp/%s.XXXXXX", name);
	if (!mkdtemp(fuzz_root_dir) || atexit(fuzz_root_remove) != 0 ||
	    state_paths_init(paths, fuzz_root_dir, NULL) < 0 || state_mkdirs(paths, NULL) < 0)
		abort();
	snprintf(dir, sizeof(dir), "%s/repairs", paths->run);
	if (mkdir_p(dir, 0755) < 0)
		abort();
}
