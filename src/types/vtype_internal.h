/* vtype_internal.h - the checks behind vn_vtype, one per type */
#pragma once
#include <stdbool.h>

#include "types/vtype.h"

bool vt_ifname_ok(const char *s);
bool vt_ifname_template_ok(const char *s);
bool vt_dns_name_ok(const char *s);
bool vt_host_name_ok(const char *s);
bool vt_nft_name_ok(const char *s);
bool vt_sysctl_ok(const char *s);
bool vt_txt_ok(const char *s);
bool vt_abs_path_ok(const char *s);
bool vt_boot_file_ok(const char *s);
bool vt_duid_ok(const char *s);
bool vt_file_name_ok(const char *s);
bool vt_dnsmasq_option_ok(const char *s);
bool vt_srv_service_ok(const char *s);
bool vt_srv_protocol_ok(const char *s);
bool vt_user_name_ok(const char *s);
bool vt_sysctl_value_ok(const char *s);
