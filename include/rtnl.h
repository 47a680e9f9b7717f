/*
 * rtnl.h - the interfaces and addresses of the caller's network namespace
 * over rtnetlink(7) (src/net/rtnl.c): RTM_GETLINK and RTM_GETADDR dumps
 * into a struct nsi_netinfo.  netinfo.c runs it inside each namespace, in
 * the forked child of nsi_visit_each().
 */
#ifndef NSI_RTNL_H
#define NSI_RTNL_H

#include <stddef.h>

#include "netdetail.h"

/**
 * nsi_rtnl_read_ifs() - dump the links (RTM_GETLINK, statistics left out
 * with RTEXT_FILTER_SKIP_STATS) and then the IPv4 and IPv6 addresses
 * (RTM_GETADDR) of the caller's network namespace into @ni, its
 * interfaces sorted by ifindex, both dumps on one socket.  Each dump is
 * started again, from nothing and on a fresh socket, when the table
 * changed during it (nsi_nl_dump()); an address of an interface that
 * appeared after the link dump is left out.
 * @ni: an empty struct (nsi_netinfo_new()); on error, it may hold part of
 *      what was read (free it with nsi_netinfo_free()).
 *
 * Return: 0, or -errno of the netlink exchange (nsi_nl_dump()), -ENOMEM.
 */
int nsi_rtnl_read_ifs(struct nsi_netinfo *ni);

/**
 * nsi_rtnl_operstate_name() - IFLA_OPERSTATE (RFC 2863 values, the
 * IF_OPER_* of <linux/if.h>) as ip-link(8) prints it: "UNKNOWN",
 * "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP";
 * another value as its decimal number.
 * @state: the value.
 * @buf:   where to write it.
 * @size:  size of @buf (16 is enough).
 */
void nsi_rtnl_operstate_name(unsigned int state, char *buf, size_t size);

/**
 * nsi_rtnl_format_mac() - a link-layer address as lowercase hex bytes
 * joined by ':' ("02:42:ac:11:00:02"), as ip-link(8) prints an Ethernet
 * address.  Bytes that do not fit in @size are left out.
 * @addr: the bytes (IFLA_ADDRESS).
 * @len:  their number; 0 gives "".
 * @buf:  where to write it.
 * @size: size of @buf (at least 1).
 */
void nsi_rtnl_format_mac(const unsigned char *addr, size_t len,
			 char *buf, size_t size);

#endif /* NSI_RTNL_H */
