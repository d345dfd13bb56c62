#!/bin/bash
# t-overlay.sh's scenario with control='evpn': the same three hosts, guests, moves and
# failures, the overlay's MACs and flood lists learned through virtnet's own FRR (BGP EVPN,
# route types 2 and 3) instead of a static peer list; and FRR killed under virtnetd.
OVL_CONTROL=evpn exec bash "$(dirname "$0")/t-overlay.sh"
