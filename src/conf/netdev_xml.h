/* netdev_xml.h - <bandwidth>, <vlan>, <virtualport> and <portgroup>:
 * shared by network and port XML */
#pragma once
#include <libxml/tree.h>

#include "conf/net_def.h"
#include "util/buf.h"
#include "util/err.h"

/* class_id: where a classID attribute goes, NULL where it is not allowed (networks). */
int bandwidth_parse(xmlNodePtr node, bool allow_floor, unsigned *class_id, vn_bandwidth **out,
		    vn_err *err);
void bandwidth_format(vn_buf *b, const vn_bandwidth *bw, unsigned class_id);
/* tc's limits on rates and burst. */
int bandwidth_check_limits(const vn_bandwidth *bw, vn_err *err);

int vlan_parse(xmlNodePtr node, vn_vlan *out, vn_err *err);
void vlan_format(vn_buf *b, const vn_vlan *v);

#define VPORT_REQUIRE_TYPE 1u
int vport_parse(xmlNodePtr node, unsigned flags, vn_vport **out, vn_err *err);
void vport_format(vn_buf *b, const vn_vport *v);

int portgroup_parse(xmlNodePtr node, vn_portgroup *out, vn_err *err);
void portgroup_format(vn_buf *b, const vn_portgroup *pg);
