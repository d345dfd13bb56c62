/* status_mark.c - which network journals may be doing or undoing, without reading them all
 *
 * A command on one network looks for interrupted starts and destroys of any network; it
 * used to read the first line of every journal, a cost that grew with the networks
 * running. A journal about to be doing or undoing is marked first (an empty file of its
 * name in <dir>/.unfinished/), and unmarked once it is done or removed: every unfinished
 * journal is marked (a kill between the two leaves a stale mark, which its journal's
 * phase then contradicts), so the marks are all there is to look at. */
#include "state/status.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKS ".unfinished"

/* The mark of a journal file: <dir>/.unfinished/<file>; dir_only: <dir>/.unfinished */
static int mark_path(const char *journal, bool dir_only, char *out, size_t len)
{
	const char *slash = strrchr(journal, '/');
	int n;

	if (!slash)
		return -EINVAL;
	if (dir_only)
		n = snprintf(out, len, "%.*s/" MARKS, (int)(slash - journal), journal);
	else
		n = snprintf(out, len, "%.*s/" MARKS "%s", (int)(slash - journal), journal, slash);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int status_mark(const char *journal, vn_err *err)
{
	char dir[PATH_MAX], mark[PATH_MAX];
	int fd;

	if (mark_path(journal, true, dir, sizeof(dir)) < 0 ||
	    mark_path(journal, false, mark, sizeof(mark)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "the path of %s is too long", journal);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return vn_err_set(err, errno, "cannot create %s: %s", dir, strerror(errno));
	fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot create %s: %s", mark, strerror(errno));
	close(fd);
	return 0;
}

void status_unmark(const char *journal)
{
	char mark[PATH_MAX];

	if (mark_path(journal, false, mark, sizeof(mark)) == 0)
		unlink(mark);
}

int status_marked_each(const char *dir, int (*fn)(const char *file, void *ctx), void *ctx)
{
	char marks[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int r = 0;

	if (snprintf(marks, sizeof(marks), "%s/" MARKS, dir) >= (int)sizeof(marks))
		return -ENAMETOOLONG;
	d = opendir(marks);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (r == 0 && (e = readdir(d)))
		if (e->d_name[0] != '.')
			r = fn(e->d_name, ctx);
	closedir(d);
	return r;
}
