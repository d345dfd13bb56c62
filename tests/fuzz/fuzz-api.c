/* fuzz-api.c - libFuzzer target: what virtnetd and the CLI read from each other. The first
 * byte picks the reader: a request (method, path, query and body, one per line after it)
 * to api_handle from a user who may only read, on a temporary root holding one network;
 * a response head (http_response_head); the list or lease rows of a JSON answer; a request
 * from another host on the overlays' lease socket (never answered 2xx: the network is no
 * overlay, and nothing else is served there); the wake
 * list an idle virtnetd's keeper reads (what parses has only valid names). Nothing
 * may crash, leak or read out of bounds; a request always gets a JSON or XML answer with
 * a status; a change is always refused (403) before it touches anything. The page's calls:
 * GET /v1/access always answers 200 and tells this reader it may not change; POST
 * /v1/validate always answers 200 (a bad document is an answer); GET /v1/draft reads its
 * query and is refused for want of a kernel session, which this one has not (fuzz-draft goes
 * on from there); the network's repairs are read from a record on disk. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/api_client.h"
#include "api/api_rows.h"
#include "supervise/sv_wake.h"
#include "types/vtype.h"
#include "util/fileio.h"

#include "fuzz_root.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vn_paths paths;
static const vn_api_peer nobody = { .uid = 65534, .gid = 65534 };
static const vn_api_peer other_host = { .uid = (uid_t)-1, .gid = (gid_t)-1, .remote = true,
					.addr = { .family = AF_INET,
						  .u.bytes = { 198, 51, 100, 9 } } };
static const vn_api api = { .paths = &paths, .admin_group = "virtnet" };

static const char network[] =
	"<network>\n  <name>fz</name>\n  <uuid>2a8c5a41-6a5b-4c1f-9a3a-5c3f1f0c6b1e</uuid>\n"
	"  <bridge name='vnfz'/>\n  <ip address='192.168.250.1' prefix='24'/>\n</network>\n";

static const char repairs[] =
	"1765100000 repaired Network fz: dnsmasq was not running; restarted (pid 4242)\n"
	"1765100009 failing Network fz: bridge vnfz could not be made: File exists\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char file[PATH_MAX];

	(void)argc;
	(void)argv;
	fuzz_root_make("fuzz-api", &paths);
	snprintf(file, sizeof(file), "%s/fz.xml", paths.networks);
	if (file_write_atomic(file, network, strlen(network), 0644, NULL) < 0)
		abort();
	snprintf(file, sizeof(file), "%s/repairs/fz.log", paths.run);
	if (file_write_atomic(file, repairs, strlen(repairs), 0644, NULL) < 0)
		abort();
	return 0;
}

/* The next line of the input (NUL-terminated in place), or "" when there is none. */
static char *next_line(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');

	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static void request(char *text, const vn_api_peer *peer)
{
	char *p = text, *method = next_line(&p), *path = next_line(&p), *query = next_line(&p);
	vn_api_req req = { .method = method, .path = path, .query = query, .body = p,
			   .len = strlen(p), .peer = peer };
	vn_api_resp resp;

	api_handle(&api, &req, &resp);
	if (resp.status < 200 || resp.status > 599 || !resp.type || !resp.body)
		abort();
	if (peer->remote && resp.status / 100 == 2)
		abort();   /* another host got an answer for a network that is no overlay */
	if (strcmp(method, "GET") != 0 && resp.status / 100 == 2 && strcmp(path, "/v1/validate") != 0)
		abort();   /* a change by a reader went through (validate changes nothing) */
	if (peer->remote) {   /* another host is answered nothing but an overlay's leases */
		api_resp_free(&resp);
		return;
	}
	if (strcmp(method, "GET") == 0 && strcmp(path, "/v1/access") == 0 &&
	    (resp.status != 200 || !strstr(resp.body, "\"change\": false")))
		abort();
	if (strcmp(method, "POST") == 0 && strcmp(path, "/v1/validate") == 0 &&
	    (resp.status != 200 || !strstr(resp.body, "\"valid\": ")))
		abort();
	if (strcmp(method, "GET") == 0 && (strcmp(path, "/v1/draft") == 0 ||
					   strcmp(path, "/v1/host/devices") == 0) &&
	    resp.status / 100 == 2)
		abort();   /* answered without the host */
	if (strcmp(method, "GET") == 0 && strcmp(path, "/v1/networks/fz/repairs") == 0 &&
	    (resp.status != 200 || !strstr(resp.body, "failing")))
		abort();
	api_resp_free(&resp);
}

static void wake_list(const char *text)
{
	vn_wake w;
	vn_err err = {0};
	vn_nlev ev = { .type = NLEV_LINK, .ifindex = 1 };

	if (wake_parse(text, &w, &err) < 0)
		return;
	if (!vt_ok(VT_NFT_NAME, w.table))
		abort();
	for (size_t i = 0; i < w.nports; i++)
		if (!vt_ok(VT_IFNAME, w.ports[i].name) || w.ports[i].bridge <= 0)
			abort();
	for (size_t i = 0; i < w.nbridges; i++)
		if (w.bridges[i] <= 0)
			abort();
	if (w.nports)
		snprintf(ev.ifname, sizeof(ev.ifname), "%s", w.ports[0].name);
	wake_on_event(&w, &ev);
	wake_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	vn_net_rows rows;
	vn_lease_row *leases;
	size_t n, body;
	int status;
	vn_err err = {0};

	if (size < 1 || size > 65536)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 6) {
	case 0:
		request(text, &nobody);
		break;
	case 5:
		request(text, &other_host);
		break;
	case 1:
		if (http_response_head(text, size - 1, &status, &body) == 0 && body > size - 1)
			abort();
		break;
	case 2:
		if (net_rows_from_json(text, &rows, &err) == 0)
			net_rows_free(&rows);
		break;
	case 3:
		if (lease_rows_from_json(text, &leases, &n, &err) == 0)
			free(leases);
		break;
	case 4:
		wake_list(text);
		break;
	}
	free(text);
	return 0;
}
