/* sv_wake.c - the wake list read back, checked, and what of the kernel's news it wants */
#include "supervise/sv_wake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/vtype.h"

/* A positive int of at most 10 digits, the whole of s */
static bool parse_positive(const char *s, long *v)
{
	char *end;

	if (*s < '1' || *s > '9' || strlen(s) > 10)
		return false;
	errno = 0;
	*v = strtol(s, &end, 10);
	return errno == 0 && *end == '\0' && *v <= 0x7fffffff;
}

static int grow(void **v, size_t n, size_t size)
{
	if (n >= WAKE_MAX)
		return -E2BIG;
	if (n & (n - 1))   /* not a power of two: room is left */
		return 0;
	void *p = realloc(*v, (n ? n * 2 : 1) * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	return 0;
}

static int add_number(const char *value, bool bridge, vn_wake *w)
{
	long v;
	int rc;

	if (!parse_positive(value, &v))
		return -EINVAL;
	if (bridge) {
		rc = grow((void **)&w->bridges, w->nbridges, sizeof(*w->bridges));
		if (rc == 0)
			w->bridges[w->nbridges++] = (int)v;
		return rc;
	}
	rc = grow((void **)&w->pids, w->npids, sizeof(*w->pids));
	if (rc == 0)
		w->pids[w->npids++] = (pid_t)v;
	return rc;
}

/* "port NAME BRIDGE" */
static int add_port(char *value, vn_wake *w)
{
	char *bridge = strchr(value, ' ');
	long v;
	int rc;

	if (!bridge)
		return -EINVAL;
	*bridge++ = '\0';
	if (!vt_ok(VT_IFNAME, value) || !parse_positive(bridge, &v))
		return -EINVAL;
	rc = grow((void **)&w->ports, w->nports, sizeof(*w->ports));
	if (rc < 0)
		return rc;
	snprintf(w->ports[w->nports].name, IF_NAMESIZE, "%s", value);
	w->ports[w->nports++].bridge = (int)v;
	return 0;
}

static int add_line(char *line, vn_wake *w)
{
	char *value = strchr(line, ' ');

	if (!value)
		return -EINVAL;
	*value++ = '\0';
	if (strcmp(line, "bridge") == 0 || strcmp(line, "pid") == 0)
		return add_number(value, line[0] == 'b', w);
	if (strcmp(line, "port") == 0)
		return add_port(value, w);
	if (strcmp(line, "table") != 0 || !vt_ok(VT_NFT_NAME, value) || w->table[0])
		return -EINVAL;
	snprintf(w->table, sizeof(w->table), "%s", value);
	return 0;
}

int wake_parse(const char *text, vn_wake *w, vn_err *err)
{
	char *copy = strdup(text), *save = NULL;
	int rc = copy ? 0 : -ENOMEM;

	*w = (vn_wake){0};
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l && rc == 0;
	     l = strtok_r(NULL, "\n", &save)) {
		char shown[80];
		snprintf(shown, sizeof(shown), "%s", l);
		rc = add_line(l, w);
		if (rc < 0)
			vn_err_set(err, -rc, "wake list: bad line '%s'", shown);
	}
	free(copy);
	if (rc == 0 && !w->table[0])
		rc = vn_err_set(err, EINVAL, "wake list: no table");
	if (rc < 0)
		wake_free(w);
	return rc;
}

static bool is_bridge(const vn_wake *w, int ifindex)
{
	for (size_t i = 0; i < w->nbridges; i++)
		if (w->bridges[i] == ifindex)
			return true;
	return false;
}

/* Its port entry, NULL when it is none of ours */
static const vn_wake_port *port_of(const vn_wake *w, const char *name)
{
	for (size_t i = 0; i < w->nports; i++)
		if (strcmp(w->ports[i].name, name) == 0)
			return &w->ports[i];
	return NULL;
}

bool wake_on_event(const vn_wake *w, const vn_nlev *ev)
{
	const vn_wake_port *port;

	switch (ev->type) {
	case NLEV_LINK:
		port = port_of(w, ev->ifname);
		return (is_bridge(w, ev->ifindex) && !ev->up) || (port && port->bridge != ev->master);
	case NLEV_LINK_GONE:
		return is_bridge(w, ev->ifindex) || port_of(w, ev->ifname);
	case NLEV_ADDR_GONE:
		return is_bridge(w, ev->ifindex);
	case NLEV_NFT_DEL:
		return strcmp(ev->table, w->table) == 0;
	case NLEV_OVERRUN:
		return true;
	default:
		return false;
	}
}

void wake_free(vn_wake *w)
{
	free(w->bridges);
	free(w->ports);
	free(w->pids);
	*w = (vn_wake){0};
}
