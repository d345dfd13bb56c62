/* fuzz-frr-stanza.c - libFuzzer target: any bytes as an overlay network's FRR stanza file
 * (src/overlay/frr_conf.c, read back by the next load or unload) and as an answer on FRR's
 * vty socket. What the reader accepts passes the renderer's checks, renders to exactly the
 * text read, and its removal renders too; a frame end is found only where the protocol
 * puts it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "overlay/frr_conf.h"
#include "overlay/frr_vty.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void stanza(const char *text)
{
	vn_evpn_params p = {0};
	vn_buf b = {0};
	vn_err err = {0};

	if (frr_conf_read(text, "fuzz.conf", &p, &err) < 0)
		return;
	if (frr_conf_check(&p, &err) < 0 || frr_conf_render(&p, &b, &err) < 0 ||
	    strcmp(b.s, text) != 0)
		abort();   /* accepted means: exactly what we render */
	buf_free(&b);
	if (frr_conf_render_unload(&p, &p, 1, &b, &err) < 0 || !b.s)
		abort();
	buf_free(&b);
}

static void frame(const char *data, size_t size)
{
	int status;
	size_t n;

	if (!frr_vty_frame_end(data, size, &status, &n))
		return;
	if (n + 4 != size || data[n] || data[n + 1] || data[n + 2] ||
	    status != (unsigned char)data[n + 3])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = strndup((const char *)data, size);   /* a file with a NUL is refused before */

	if (text)
		stanza(text);
	free(text);
	frame((const char *)data, size);
	return 0;
}
