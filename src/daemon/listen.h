/* listen.h - the API socket, <root>/run/virtnet/virtnetd.sock: made by virtnetd's keeper,
 * which holds it for its whole life and hands it to each worker it starts */
#pragma once
#include <stddef.h>

#include "state/state.h"

/* Listening (mode 0666: everyone may read; api.h decides who may change), non-blocking,
 * close-on-exec; -1 with why filled in. */
int api_listen(const vn_paths *paths, char *why, size_t len);
