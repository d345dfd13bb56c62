/* direct_port.c - the direct path of port-create and port-delete: the exclusive lock, the
 * kernel sessions, and the library's requests */
#include <stdio.h>

#include "cli/cli_store.h"
#include "cli/commands.h"
#include "cli/direct.h"
#include "port/port_request.h"

static void say_made(vn_ctx *ctx, const vn_portlist *made, const char *file)
{
	for (size_t i = 0; i < made->n; i++) {
		char u[VN_UUID_STRLEN];
		const vn_port *p = made->v[i];
		uuid_format(p->uuid, u);
		if (file)
			out_info(ctx, "Network port %s created from %s (device %s)\n", u, file,
				 p->ifname);
		else
			out_info(ctx, "Network port %s created (device %s)\n", u, p->ifname);
		out_blank(ctx);
	}
}

static int create(vn_ctx *ctx, vn_run *r, vn_netlist *l, vn_netobj *o, const vn_port_request *q)
{
	vn_portlist made;
	vn_port_req_failure failure;
	vn_err err = {0};
	int rc = port_request_create(r, l, o, q, &made, &failure, &err);

	say_made(ctx, &made, q->file);
	portlist_free(&made);
	if (rc == 0)
		return 0;
	if (failure == PORT_REQ_BAD_FILE)
		return out_fail_err(&err, "Failed to read network port from %s", q->file);
	if (failure == PORT_REQ_FAILED)
		return out_fail_err(&err, "Failed to create network port on network %s",
				    store_current(o)->name);
	return out_fail_err(&err, NULL);
}

int port_create_direct(vn_ctx *ctx, const char *key, const vn_port_request *q)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int rc = 1;

	if (run_prologue(ctx, NULL, &l, &r, &notes) < 0)
		return 1;
	vn_netobj *o = ctx_lookup(&l, key);
	if (o)
		rc = create(ctx, &r, &l, o, q);
	run_epilogue(&l, &r, &notes);
	return rc;
}

static int delete_ports(vn_ctx *ctx, vn_run *r, vn_netobj *o, char **keys, size_t nkeys, bool all)
{
	vn_portlist ports = {0};
	vn_port_req_failure failure;
	vn_notes notes = {0};
	vn_err err = {0};
	int rc = port_delete_request(r, o, keys, nkeys, all, &ports, &failure, &notes, &err);

	out_notes(&notes);
	if (rc < 0 && failure == PORT_REQ_FAILED)
		out_fail_err(&err, "Failed to delete network port%s of network %s",
			     ports.n == 1 ? "" : "s", store_current(o)->name);
	else if (rc < 0)
		out_fail_err(&err, NULL);
	for (size_t i = 0; rc == 0 && i < ports.n; i++) {
		char u[VN_UUID_STRLEN];
		uuid_format(ports.v[i]->uuid, u);
		out_info(ctx, "Network port %s deleted (device %s)\n", u, ports.v[i]->ifname);
	}
	if (rc == 0)
		out_blank(ctx);
	portlist_free(&ports);
	return rc < 0 ? 1 : 0;
}

int port_delete_direct(vn_ctx *ctx, const char *key, char **keys, size_t nkeys, bool all)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int rc = 1;

	if (run_prologue(ctx, key, &l, &r, &notes) < 0)
		return 1;
	vn_netobj *o = ctx_lookup(&l, key);
	if (o)
		rc = delete_ports(ctx, &r, o, keys, nkeys, all);
	run_epilogue(&l, &r, &notes);
	return rc;
}
