/* network_boot.c - the networks marked autostart, started once per boot
 *
 * A marker under <root>/run/virtnet holds the boot's id (/proc/sys/kernel/random/boot_id)
 * once the autostart networks were started: a daemon started again in the same boot (after
 * a crash, an upgrade) leaves them as they are, even those an admin destroyed since. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net/network.h"
#include "util/addr.h"
#include "util/cleanup.h"
#include "util/fileio.h"

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"
#define BOOT_ID_MAX 64

static int boot_id(char out[BOOT_ID_MAX], vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int rc = file_read_all(BOOT_ID_PATH, BOOT_ID_MAX - 1, &data, &len, err);

	if (rc < 0)
		return rc;
	data[strcspn(data, "\n")] = '\0';
	uint8_t uuid[16];
	if (uuid_parse(data, uuid) < 0)
		return vn_err_set(err, EINVAL, "%s does not hold a boot id", BOOT_ID_PATH);
	snprintf(out, BOOT_ID_MAX, "%s", data);
	return 0;
}

static bool marked(const char *marker, const char *id)
{
	_cleanup_free_ char *data = NULL;
	size_t len;

	if (file_read_all(marker, BOOT_ID_MAX, &data, &len, NULL) < 0)
		return false;
	data[strcspn(data, "\n")] = '\0';
	return strcmp(data, id) == 0;
}

static void start_marked(vn_run *r, vn_netlist *l, vn_autostarted told, void *data)
{
	for (size_t i = 0; i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		vn_err err = {0};
		if (!o->autostart || !o->def || o->live)
			continue;
		int rc = network_start_defined(r, o, &err);
		told(data, o->def->name, rc, err.msg);
	}
}

int network_autostart_boot(vn_run *r, vn_netlist *l, vn_autostarted told, void *data,
			   vn_err *err)
{
	char id[BOOT_ID_MAX], marker[PATH_MAX];
	int rc = boot_id(id, err);

	if (rc < 0)
		return rc;
	if (snprintf(marker, sizeof(marker), "%s/autostarted", r->paths->run) >=
	    (int)sizeof(marker))
		return vn_err_set(err, ENAMETOOLONG, "%s/autostarted: path too long",
				  r->paths->run);
	if (marked(marker, id))
		return 0;
	start_marked(r, l, told, data);
	return file_write_atomic(marker, id, strlen(id), 0644, err);
}
