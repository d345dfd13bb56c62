/* api_ports.h - port-create through virtnetd (api_ports.c) */
#pragma once
#include "api/api.h"
#include "util/err.h"

/* A JSON answer in *out with its status (201, or 400/500 with the error: the ports made
 * before it are listed too); -errno with err when the request is refused before anything. */
int api_port_create(const vn_api *a, const vn_api_req *req, const char *key, int *status,
		    char **out, vn_err *err);
/* port-delete: the same answer (200 when all went) */
int api_port_delete(const vn_api *a, const vn_api_req *req, const char *key, int *status,
		    char **out, vn_err *err);
