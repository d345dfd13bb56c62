/* dnsmasq_options.h - <dnsmasq:options>: libvirt's escape hatch, passed to dnsmasq as they
 * are. Options that only shape the network's own DHCP and DNS answers are accepted with a
 * warning; the others (run a program, read or write the host's files, act beyond the
 * network's bridge, or unknown to virtnet) only when the admin trusts the definition. */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "util/err.h"

typedef enum {
	DOPT_SAFE = 0,      /* shapes only this network's DHCP/DNS service */
	DOPT_PROGRAM,       /* runs a program (as root) */
	DOPT_FILES,         /* reads or writes files of the host, or serves them */
	DOPT_BEYOND,        /* listens, serves or changes things beyond the network's bridge */
	DOPT_UNKNOWN,       /* not known to virtnet */
} vn_dopt_class;

/* The class of one option line ("dhcp-script=/x", "log-queries"). */
vn_dopt_class dnsmasq_option_class(const char *line);
/* What such an option does, for a message ("runs a program as root"). */
const char *dnsmasq_option_risk(vn_dopt_class c);
/* The first option of n that needs trust, or NULL. */
const char *dnsmasq_options_first_unsafe(const vn_network *n);

/* A warning naming every option of n (none without options). */
void dnsmasq_options_note(const vn_network *n, vn_notes *notes);
/* Admit the options of a definition coming in (define, create, edit, validate): a note
 * names every option; options that need trust are refused unless trust is given, or prev
 * (the definition it replaces, may be NULL) was trusted and had each of them. Sets
 * n->dnsmasq_options_trusted to whether n now needs and has trust; whatever the input
 * document said about it is ignored. */
int dnsmasq_options_admit(vn_network *n, bool trust, const vn_network *prev, vn_notes *notes,
			  vn_err *err);
