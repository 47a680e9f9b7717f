/*
 * rtnl.c - the links and addresses of the caller's network namespace over
 * rtnetlink(7): RTM_GETLINK and RTM_GETADDR dumps (nsi_nl_dump()) parsed
 * into a struct nsi_netinfo.  Run in the child of nsi_visit_each(), inside
 * each network namespace (netinfo.c).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "netlink.h"
#include "rtnl.h"

/* Copy a possibly unterminated string into a field, truncating. */
static void copy_str(char *dst, size_t size, const void *src, size_t len)
{
	const char *s = src;
	size_t n = strnlen(s, len);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* Text helpers. */

void nsi_rtnl_operstate_name(unsigned int state, char *buf, size_t size)
{
	/* IF_OPER_UNKNOWN (0) .. IF_OPER_UP (6), RFC 2863 */
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
		"TESTING", "DORMANT", "UP",
	};

	if (state < sizeof(names) / sizeof(names[0]))
		snprintf(buf, size, "%s", names[state]);
	else
		snprintf(buf, size, "%u", state);
}

void nsi_rtnl_format_mac(const unsigned char *addr, size_t len,
			 char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		size_t need = i ? 3 : 2;

		if (o + need >= size)
			break;
		if (i)
			buf[o++] = ':';
		buf[o++] = hex[addr[i] >> 4];
		buf[o++] = hex[addr[i] & 0xf];
	}
	buf[o] = '\0';
}

/* ------------------------------------------------------------------ */
/* Netlink dumps (run in the child). */

/* --- links --- */

struct attr_tab {
	const struct nlattr **tb;
	unsigned int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct attr_tab *t = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

static int u32_attr(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return 0;
	*v = mnl_attr_get_u32(a);
	return 1;
}

static void link_kind(const struct nlattr *linkinfo, char *kind, size_t size)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1] = { NULL };
	struct attr_tab t = { tb, IFLA_INFO_MAX };

	if (mnl_attr_parse_nested(linkinfo, attr_cb, &t) < 0 ||
	    !tb[IFLA_INFO_KIND])
		return;
	copy_str(kind, size, mnl_attr_get_payload(tb[IFLA_INFO_KIND]),
		 mnl_attr_get_payload_len(tb[IFLA_INFO_KIND]));
}

/* The family header of a message of @type, NULL for another message or
 * one too short for @len bytes of it. */
static const void *payload_of(const struct nlmsghdr *nlh, uint16_t type,
			      size_t len)
{
	if (nlh->nlmsg_type != type || mnl_nlmsg_get_payload_len(nlh) < len)
		return NULL;
	return mnl_nlmsg_get_payload(nlh);
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	struct attr_tab t = { tb, IFLA_MAX };
	struct nsi_netinfo *ni = data;
	const struct ifinfomsg *ifi;
	struct nsi_netif *nif;
	uint32_t v;

	ifi = payload_of(nlh, RTM_NEWLINK, sizeof(*ifi));
	if (!ifi || ifi->ifi_index <= 0)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifi), attr_cb, &t);

	nif = nsi_netinfo_add_if(ni);
	if (!nif) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	nif->ifindex = ifi->ifi_index;
	if (tb[IFLA_IFNAME])
		copy_str(nif->name, sizeof(nif->name),
			 mnl_attr_get_payload(tb[IFLA_IFNAME]),
			 mnl_attr_get_payload_len(tb[IFLA_IFNAME]));
	if (ifi->ifi_flags & IFF_LOOPBACK)
		snprintf(nif->kind, sizeof(nif->kind), "loopback");
	else if (tb[IFLA_LINKINFO])
		link_kind(tb[IFLA_LINKINFO], nif->kind, sizeof(nif->kind));
	if (!nif->kind[0])
		snprintf(nif->kind, sizeof(nif->kind), "device");
	if (tb[IFLA_OPERSTATE] &&
	    mnl_attr_validate(tb[IFLA_OPERSTATE], MNL_TYPE_U8) == 0)
		nsi_rtnl_operstate_name(mnl_attr_get_u8(tb[IFLA_OPERSTATE]),
					   nif->operstate,
					   sizeof(nif->operstate));
	if (tb[IFLA_ADDRESS])
		nsi_rtnl_format_mac(mnl_attr_get_payload(tb[IFLA_ADDRESS]),
				       mnl_attr_get_payload_len(tb[IFLA_ADDRESS]),
				       nif->mac, sizeof(nif->mac));
	if (u32_attr(tb[IFLA_MASTER], &v) && v <= INT_MAX)
		nif->master = (int)v;
	if (u32_attr(tb[IFLA_LINK], &v) && v <= INT_MAX)
		nif->link = (int)v;
	if (u32_attr(tb[IFLA_LINK_NETNSID], &v))
		nif->link_netnsid = (int32_t)v < -1 ? -1 : (int32_t)v;
	return MNL_CB_OK;
}

static void addrs_reset(void *data);

static void links_reset(void *data)
{
	struct nsi_netinfo *ni = data;

	addrs_reset(ni);	/* frees each interface's addresses */
	ni->nifs = 0;
}

static int dump_links(struct nsi_netinfo *ni, struct nsi_nl **rtnl)
{
	union nsi_nl_req req;
	struct ifinfomsg *ifi;

	ifi = nsi_nl_req_init(&req, RTM_GETLINK, NLM_F_DUMP, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	/* The statistics are not needed: smaller messages. */
	mnl_attr_put_u32(&req.nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return nsi_nl_dump(rtnl, NETLINK_ROUTE, &req.nlh, link_cb, ni,
			   links_reset);
}

/* --- addresses --- */

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFA_MAX + 1] = { NULL };
	struct attr_tab t = { tb, IFA_MAX };
	struct nsi_netinfo *ni = data;
	const struct ifaddrmsg *ifa;
	const struct nlattr *a;
	struct nsi_netaddr na = { 0 };
	struct nsi_netif *nif;
	size_t alen;

	ifa = payload_of(nlh, RTM_NEWADDR, sizeof(*ifa));
	if (!ifa || (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return MNL_CB_OK;
	if (ifa->ifa_index > INT_MAX ||
	    !(nif = nsi_netinfo_find_if(ni, (int)ifa->ifa_index)))
		return MNL_CB_OK;	/* appeared after the link dump */
	mnl_attr_parse(nlh, sizeof(*ifa), attr_cb, &t);

	/* IPv4: IFA_LOCAL is the address, IFA_ADDRESS the peer of a
	 * point-to-point link; IPv6: IFA_ADDRESS is the address. */
	a = ifa->ifa_family == AF_INET && tb[IFA_LOCAL] ? tb[IFA_LOCAL] :
		tb[IFA_ADDRESS];
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	if (!a || mnl_attr_get_payload_len(a) != alen)
		return MNL_CB_OK;
	na.family = ifa->ifa_family;
	na.prefixlen = ifa->ifa_prefixlen;
	if (!inet_ntop(na.family, mnl_attr_get_payload(a), na.addr,
		       sizeof(na.addr)))
		return MNL_CB_OK;
	if (nsi_netif_add_addr(nif, &na) < 0) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static void addrs_reset(void *data)
{
	struct nsi_netinfo *ni = data;
	size_t i;

	for (i = 0; i < ni->nifs; i++) {
		free(ni->ifs[i].addrs);
		ni->ifs[i].addrs = NULL;
		ni->ifs[i].naddrs = 0;
		ni->ifs[i].addrs_alloc = 0;
	}
}

static int dump_addrs(struct nsi_netinfo *ni, struct nsi_nl **rtnl)
{
	union nsi_nl_req req;
	struct ifaddrmsg *ifa;

	ifa = nsi_nl_req_init(&req, RTM_GETADDR, NLM_F_DUMP, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	return nsi_nl_dump(rtnl, NETLINK_ROUTE, &req.nlh, addr_cb, ni,
			   addrs_reset);
}

int nsi_rtnl_read_ifs(struct nsi_netinfo *ni)
{
	struct nsi_nl *rtnl = NULL;	/* one socket for both dumps */
	int rc = dump_links(ni, &rtnl);

	if (rc == 0) {
		/* sorted for the address dump's nsi_netinfo_find_if() */
		nsi_netinfo_sort(ni);
		rc = dump_addrs(ni, &rtnl);
	}
	nsi_nl_close(rtnl);
	return rc;
}
