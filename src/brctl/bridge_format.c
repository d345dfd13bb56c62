/* bridge_format.c - brctl's show, showmacs and showstp text, byte for byte (pure)
 *
 * The layouts, field widths and integer narrowings are bridge-utils 1.7's (brctl_cmd.c,
 * brctl_disp.c), so scripts written against brctl keep working. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brctl/bridge_info.h"

void bridge_format_id(vn_buf *b, const vn_br_id *id)
{
	buf_printf(b, "%.2x%.2x.%.2x%.2x%.2x%.2x%.2x%.2x", id->prio[0], id->prio[1],
		   id->addr[0], id->addr[1], id->addr[2], id->addr[3], id->addr[4], id->addr[5]);
}

/* brctl's __jiffies_to_tv() and br_show_timer(): ticks are 1/100 s; a negative value (a
 * file that did not parse) wraps through unsigned long exactly as it does there. */
static void put_timer(vn_buf *b, unsigned long ticks)
{
	unsigned long long us = 10000ULL * ticks;
	unsigned long long sec = us / 1000000;

	buf_printf(b, "%4i.%.2i", (int)sec, (int)(us - 1000000 * sec) / 10000);
}

/* ---- show ---- */

static void show_bridge(vn_buf *b, const vn_bridge *br)
{
	buf_printf(b, "%s\t\t", br->name);
	bridge_format_id(b, &br->id);
	buf_printf(b, "\t%s\t\t", (unsigned char)br->stp_state ? "yes" : "no");
	for (size_t i = 0; i < br->nports; i++)
		buf_printf(b, "%s%s", i ? "\n\t\t\t\t\t\t\t" : "", br->ports[i].name);
	buf_addc(b, '\n');
}

void bridge_format_show(vn_buf *b, const vn_bridge *v, size_t n)
{
	if (n)
		buf_add(b, "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
	for (size_t i = 0; i < n; i++)
		show_bridge(b, &v[i]);
}

void bridge_format_show_json(vn_json *j, const vn_bridge *v, size_t n)
{
	json_begin_array(j, NULL);
	for (size_t i = 0; i < n; i++) {
		vn_buf id = {0};
		bridge_format_id(&id, &v[i].id);
		json_begin_object(j, NULL);
		json_str(j, "bridge", v[i].name);
		json_str(j, "id", id.s ? id.s : "");
		json_bool(j, "stp", (unsigned char)v[i].stp_state != 0);
		json_begin_array(j, "interfaces");
		for (size_t k = 0; k < v[i].nports; k++)
			json_str(j, NULL, v[i].ports[k].name);
		json_end_array(j);
		json_end_object(j);
		j->b.oom |= id.oom;
		buf_free(&id);
	}
	json_end_array(j);
}

/* ---- showmacs ---- */

/* brctl sorts with qsort() on memcmp of the MACs; glibc's qsort is a merge sort that keeps
 * equal MACs (one per VLAN) in the kernel's order, so ties go by position here. */
static int by_mac(const void *a, const void *b)
{
	const vn_fdb_entry *const *x = a, *const *y = b;
	int r = memcmp((*x)->mac, (*y)->mac, sizeof((*x)->mac));

	return r ? r : (*x > *y) - (*x < *y);
}

static void showmacs_line(vn_buf *b, const vn_fdb_entry *f)
{
	/* brctl prints only the low byte of the port number (struct __fdb_entry's port_no) */
	buf_printf(b, "%3i\t", (int)(f->port_no & 0xff));
	buf_printf(b, "%.2x:%.2x:%.2x:%.2x:%.2x:%.2x\t", f->mac[0], f->mac[1], f->mac[2], f->mac[3],
		   f->mac[4], f->mac[5]);
	buf_printf(b, "%s\t\t", f->is_local ? "yes" : "no");
	put_timer(b, f->ageing_timer);
	buf_addc(b, '\n');
}

/* The entries in brctl's order (a new array of pointers, to free), NULL when out of memory */
static const vn_fdb_entry **sorted_fdb(const vn_fdb_entry *v, size_t n)
{
	const vn_fdb_entry **order = malloc((n ? n : 1) * sizeof(*order));

	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++)
		order[i] = &v[i];
	if (n)
		qsort(order, n, sizeof(*order), by_mac);
	return order;
}

void bridge_format_showmacs(vn_buf *b, const vn_fdb_entry *v, size_t n)
{
	const vn_fdb_entry **order = sorted_fdb(v, n);

	buf_add(b, "port no\tmac addr\t\tis local?\tageing timer\n");
	if (!order) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		showmacs_line(b, order[i]);
	free(order);
}

void bridge_format_showmacs_json(vn_json *j, const vn_fdb_entry *v, size_t n)
{
	const vn_fdb_entry **order = sorted_fdb(v, n);
	char mac[18];

	if (!order) {
		j->b.oom = true;
		return;
	}
	json_begin_array(j, NULL);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *m = order[i]->mac;

		snprintf(mac, sizeof(mac), "%.2x:%.2x:%.2x:%.2x:%.2x:%.2x", m[0], m[1], m[2], m[3],
			 m[4], m[5]);
		json_begin_object(j, NULL);
		json_uint(j, "port", order[i]->port_no);
		json_str(j, "mac", mac);
		json_bool(j, "local", order[i]->is_local);
		json_uint(j, "ageing_timer_cs", order[i]->ageing_timer);
		json_end_object(j);
	}
	json_end_array(j);
	free(order);
}

/* ---- showstp ---- */

static const char *port_state_name(int state)
{
	static const char *const names[] = { "disabled", "listening", "learning", "forwarding",
					     "blocking" };
	unsigned char s = (unsigned char)state;

	return s < 5 ? names[s] : "<INVALID STATE>";
}

static void showstp_port(vn_buf *b, const vn_br_port *p)
{
	buf_printf(b, "%s (%d)\n", p->name, p->port_no);
	buf_printf(b, " port id\t\t%.4x", (uint16_t)p->port_id);
	buf_printf(b, "\t\t\tstate\t\t%15s\n", port_state_name(p->state));
	buf_add(b, " designated root\t");
	bridge_format_id(b, &p->designated_root);
	buf_printf(b, "\tpath cost\t\t%4i\n", p->path_cost);
	buf_add(b, " designated bridge\t");
	bridge_format_id(b, &p->designated_bridge);
	buf_add(b, "\tmessage age timer\t");
	put_timer(b, (unsigned long)p->message_age_timer);
	buf_printf(b, "\n designated port\t%.4x", (uint16_t)p->designated_port);
	buf_add(b, "\t\t\tforward delay timer\t");
	put_timer(b, (unsigned long)p->forward_delay_timer);
	buf_printf(b, "\n designated cost\t%4i", p->designated_cost);
	buf_add(b, "\t\t\thold timer\t\t");
	put_timer(b, (unsigned long)p->hold_timer);
	buf_add(b, "\n flags\t\t\t");
	if ((unsigned char)p->config_pending)
		buf_add(b, "CONFIG_PENDING ");
	if ((unsigned char)p->change_ack)
		buf_add(b, "TOPOLOGY_CHANGE_ACK ");
	if ((unsigned char)p->hairpin_mode)
		buf_printf(b, "\n hairpin mode\t\t%4i", (unsigned char)p->hairpin_mode);
	buf_add(b, "\n\n");
}

/* One "name\t\tTIMER" pair of columns of the bridge part. */
static void timer_pair(vn_buf *b, const char *left, int a, const char *right, int c)
{
	buf_add(b, left);
	put_timer(b, (unsigned long)a);
	buf_add(b, right);
	put_timer(b, (unsigned long)c);
}

void bridge_format_showstp(vn_buf *b, const vn_bridge *br)
{
	buf_printf(b, "%s\n bridge id\t\t", br->name);
	bridge_format_id(b, &br->id);
	buf_add(b, "\n designated root\t");
	bridge_format_id(b, &br->root_id);
	buf_printf(b, "\n root port\t\t%4i\t\t\t", (uint16_t)br->root_port);
	buf_printf(b, "path cost\t\t%4i\n", br->root_path_cost);
	timer_pair(b, " max age\t\t", br->max_age, "\t\t\tbridge max age\t\t", br->max_age);
	timer_pair(b, "\n hello time\t\t", br->hello_time, "\t\t\tbridge hello time\t",
		   br->hello_time);
	timer_pair(b, "\n forward delay\t\t", br->forward_delay, "\t\t\tbridge forward delay\t",
		   br->forward_delay);
	buf_add(b, "\n ageing time\t\t");
	put_timer(b, (unsigned long)br->ageing_time);
	timer_pair(b, "\n hello timer\t\t", br->hello_timer, "\t\t\ttcn timer\t\t", br->tcn_timer);
	timer_pair(b, "\n topology change timer\t", br->topology_change_timer, "\t\t\tgc timer\t\t",
		   br->gc_timer);
	buf_add(b, "\n flags\t\t\t");
	if ((unsigned char)br->topology_change)
		buf_add(b, "TOPOLOGY_CHANGE ");
	if ((unsigned char)br->topology_change_detected)
		buf_add(b, "TOPOLOGY_CHANGE_DETECTED ");
	buf_add(b, "\n\n\n");
	for (size_t i = 0; i < br->nports; i++)
		showstp_port(b, &br->ports[i]);
}

/* showstp's facts as JSON: IDs as brctl writes them, port ids in hex, timers in 1/100 s */
static void json_id(vn_json *j, const char *key, const vn_br_id *id)
{
	vn_buf b = {0};

	bridge_format_id(&b, id);
	json_str(j, key, b.s ? b.s : "");
	j->b.oom |= b.oom;
	buf_free(&b);
}

static void json_hex4(vn_json *j, const char *key, int v)
{
	char s[8];

	snprintf(s, sizeof(s), "%.4x", (uint16_t)v);
	json_str(j, key, s);
}

static void showstp_port_json(vn_json *j, const vn_br_port *p)
{
	json_begin_object(j, NULL);
	json_str(j, "name", p->name);
	json_int(j, "port_no", p->port_no);
	json_hex4(j, "port_id", p->port_id);
	json_str(j, "state", port_state_name(p->state));
	json_id(j, "designated_root", &p->designated_root);
	json_int(j, "path_cost", p->path_cost);
	json_id(j, "designated_bridge", &p->designated_bridge);
	json_hex4(j, "designated_port", p->designated_port);
	json_int(j, "designated_cost", p->designated_cost);
	json_int(j, "message_age_timer_cs", p->message_age_timer);
	json_int(j, "forward_delay_timer_cs", p->forward_delay_timer);
	json_int(j, "hold_timer_cs", p->hold_timer);
	json_bool(j, "config_pending", (unsigned char)p->config_pending);
	json_bool(j, "topology_change_ack", (unsigned char)p->change_ack);
	json_bool(j, "hairpin_mode", (unsigned char)p->hairpin_mode);
	json_end_object(j);
}

void bridge_format_showstp_json(vn_json *j, const vn_bridge *br)
{
	json_begin_object(j, NULL);
	json_str(j, "bridge", br->name);
	json_id(j, "id", &br->id);
	json_id(j, "designated_root", &br->root_id);
	json_int(j, "root_port", (uint16_t)br->root_port);
	json_int(j, "path_cost", br->root_path_cost);
	json_int(j, "max_age_cs", br->max_age);
	json_int(j, "hello_time_cs", br->hello_time);
	json_int(j, "forward_delay_cs", br->forward_delay);
	json_int(j, "ageing_time_cs", br->ageing_time);
	json_int(j, "hello_timer_cs", br->hello_timer);
	json_int(j, "tcn_timer_cs", br->tcn_timer);
	json_int(j, "topology_change_timer_cs", br->topology_change_timer);
	json_int(j, "gc_timer_cs", br->gc_timer);
	json_bool(j, "topology_change", (unsigned char)br->topology_change);
	json_bool(j, "topology_change_detected", (unsigned char)br->topology_change_detected);
	json_begin_array(j, "ports");
	for (size_t i = 0; i < br->nports; i++)
		showstp_port_json(j, &br->ports[i]);
	json_end_array(j);
	json_end_object(j);
}
