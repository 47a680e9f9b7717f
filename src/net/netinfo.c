/*
 * netinfo.c - interfaces and firewall rules of network namespaces.
 *
 * A forked child (nsi_visit_each()) enters each network namespace, dumps
 * its links and addresses over rtnetlink(7), counts its nftables rules
 * over nfnetlink (or, without nf_tables, its legacy x_tables rules with
 * getsockopt(2)), and writes the result as the text payload of
 * netinfo-wire.h, which the parent parses into ns->net.  veth peers are
 * then matched across namespaces by nsi_netinfo_link_peers().
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/rtnetlink.h>

#include "netinfo.h"
#include "netinfo-wire.h"
#include "nsenter.h"
#include "procfs.h"
#include "source.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Growing arrays: the capacity of an array of n > 0 elements is the
 * smallest power of two >= n, so it grows when n is 0 or a power of two. */

static int grow(void **arr, size_t n, size_t elem)
{
	void *p;

	if (n & (n - 1))
		return 0;	/* room left */
	if (n > SIZE_MAX / 2 / elem)
		return -ENOMEM;
	p = realloc(*arr, (n ? n * 2 : 1) * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

/* A new zeroed interface at the end of ni->ifs, or NULL. */
static struct nsi_netif *if_append(struct nsi_netinfo *ni)
{
	struct nsi_netif *nif;

	if (grow((void **)&ni->ifs, ni->nifs, sizeof(*ni->ifs)) < 0)
		return NULL;
	nif = &ni->ifs[ni->nifs++];
	memset(nif, 0, sizeof(*nif));
	nif->link_netnsid = -1;
	return nif;
}

static int addr_append(struct nsi_netif *nif, const struct nsi_netaddr *a)
{
	if (grow((void **)&nif->addrs, nif->naddrs, sizeof(*nif->addrs)) < 0)
		return -ENOMEM;
	nif->addrs[nif->naddrs++] = *a;
	return 0;
}

static int if_cmp(const void *a, const void *b)
{
	const struct nsi_netif *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static struct nsi_netif *if_find(struct nsi_netinfo *ni, int ifindex)
{
	struct nsi_netif key = { .ifindex = ifindex };

	if (!ni->nifs)
		return NULL;
	return bsearch(&key, ni->ifs, ni->nifs, sizeof(*ni->ifs), if_cmp);
}

const struct nsi_netif *nsi_netinfo_find_if(const struct nsi_netinfo *ni,
					    int ifindex)
{
	return ni && ifindex ? if_find((struct nsi_netinfo *)ni, ifindex) :
		NULL;
}

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

void nsi_netinfo_operstate_name(unsigned int state, char *buf, size_t size)
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

void nsi_netinfo_format_mac(const unsigned char *addr, size_t len,
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

#define NL_BUF_SIZE	32768	/* a dump skb is at most 32 KiB */
#define NL_DUMP_TRIES	5

/*
 * Send the dump request @req on a fresh socket and run @cb on each answer
 * until NLMSG_DONE.  A fresh socket per attempt, so that what is left of
 * an interrupted dump is never read as part of the next attempt.
 * Return: 0 or -errno; -EINTR when the dump was interrupted
 * (NLM_F_DUMP_INTR: the table changed meanwhile).
 */
static int nl_dump_once(int proto, struct nlmsghdr *req, mnl_cb_t cb,
			void *data)
{
	struct mnl_socket *nl;
	unsigned int portid;
	char *buf;
	ssize_t n;
	int rc, ret;

	buf = malloc(NL_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	nl = mnl_socket_open(proto);
	if (!nl) {
		rc = -errno;
		free(buf);
		return rc;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	req->nlmsg_seq = (unsigned int)time(NULL);
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, NL_BUF_SIZE);
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			goto out;
		}
		errno = 0;
		ret = mnl_cb_run(buf, (size_t)n, req->nlmsg_seq, portid, cb,
				 data);
		if (ret < 0) {
			rc = errno ? -errno : -EIO;
			goto out;
		}
		if (ret == MNL_CB_STOP)
			break;
	}
	rc = 0;
out:
	mnl_socket_close(nl);
	free(buf);
	return rc;
}

static int nl_dump(int proto, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		   void (*reset)(void *data))
{
	int tries, rc = -EINTR;

	for (tries = 0; tries < NL_DUMP_TRIES && rc == -EINTR; tries++) {
		if (tries)
			reset(data);
		rc = nl_dump_once(proto, req, cb, data);
	}
	return rc;
}

/* The request buffer: a header and one small family header. */
union nl_req {
	struct nlmsghdr nlh;
	char buf[MNL_NLMSG_HDRLEN + 64];
};

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

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	struct attr_tab t = { tb, IFLA_MAX };
	struct nsi_netinfo *ni = data;
	const struct ifinfomsg *ifi;
	struct nsi_netif *nif;
	uint32_t v;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	ifi = mnl_nlmsg_get_payload(nlh);
	if (ifi->ifi_index <= 0)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifi), attr_cb, &t);

	nif = if_append(ni);
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
		nsi_netinfo_operstate_name(mnl_attr_get_u8(tb[IFLA_OPERSTATE]),
					   nif->operstate,
					   sizeof(nif->operstate));
	if (tb[IFLA_ADDRESS])
		nsi_netinfo_format_mac(mnl_attr_get_payload(tb[IFLA_ADDRESS]),
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

static void links_reset(void *data)
{
	struct nsi_netinfo *ni = data;
	size_t i;

	for (i = 0; i < ni->nifs; i++)
		free(ni->ifs[i].addrs);
	ni->nifs = 0;
}

static int dump_links(struct nsi_netinfo *ni)
{
	union nl_req req;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req.buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	/* The statistics are not needed: smaller messages. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return nl_dump(NETLINK_ROUTE, nlh, link_cb, ni, links_reset);
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

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return MNL_CB_OK;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return MNL_CB_OK;
	if (ifa->ifa_index > INT_MAX ||
	    !(nif = if_find(ni, (int)ifa->ifa_index)))
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
	if (addr_append(nif, &na) < 0) {
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
	}
}

static int dump_addrs(struct nsi_netinfo *ni)
{
	union nl_req req;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req.buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	return nl_dump(NETLINK_ROUTE, nlh, addr_cb, ni, addrs_reset);
}

/* --- nftables --- */

static int nft_rule_cb(const struct nlmsghdr *nlh, void *data)
{
	long *n = data;

	if (nlh->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE))
		(*n)++;
	return MNL_CB_OK;
}

static void count_reset(void *data)
{
	*(long *)data = 0;
}

/* The nftables rules of every family and table, or -errno. */
static long nft_count_rules(void)
{
	union nl_req req;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req.buf);
	struct nfgenmsg *nfg;
	long n = 0;
	int rc;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = NFPROTO_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(0);
	rc = nl_dump(NETLINK_NETFILTER, nlh, nft_rule_cb, &n, count_reset);
	return rc < 0 ? rc : n;
}

/* --- legacy x_tables --- */

_Static_assert(sizeof(struct ipt_getinfo) == sizeof(struct ip6t_getinfo) &&
	       offsetof(struct ipt_getinfo, size) ==
	       offsetof(struct ip6t_getinfo, size),
	       "ipt_getinfo and ip6t_getinfo differ");
_Static_assert(offsetof(struct ipt_get_entries, size) ==
	       offsetof(struct ip6t_get_entries, size),
	       "ipt_get_entries and ip6t_get_entries differ");
_Static_assert(NF_INET_NUMHOOKS == NSI_XT_NUMHOOKS, "NF_INET_NUMHOOKS");

struct xt_family {
	const char *names;	/* PROC/self/net/ file listing the tables */
	int domain, level, so_info, so_entries;
	size_t get_hdr;		/* sizeof(struct ipt_get_entries) */
	size_t entries_off;	/* offsetof(..., entrytable) */
	size_t entry_size;	/* sizeof(struct ipt_entry) */
	size_t target_off;	/* offsetof(struct ipt_entry, target_offset) */
	size_t next_off;	/* offsetof(struct ipt_entry, next_offset) */
};

static const struct xt_family xt_families[2] = {
	{
		"self/net/ip_tables_names", AF_INET, IPPROTO_IP,
		IPT_SO_GET_INFO, IPT_SO_GET_ENTRIES,
		sizeof(struct ipt_get_entries),
		offsetof(struct ipt_get_entries, entrytable),
		sizeof(struct ipt_entry),
		offsetof(struct ipt_entry, target_offset),
		offsetof(struct ipt_entry, next_offset),
	}, {
		"self/net/ip6_tables_names", AF_INET6, IPPROTO_IPV6,
		IP6T_SO_GET_INFO, IP6T_SO_GET_ENTRIES,
		sizeof(struct ip6t_get_entries),
		offsetof(struct ip6t_get_entries, entrytable),
		sizeof(struct ip6t_entry),
		offsetof(struct ip6t_entry, target_offset),
		offsetof(struct ip6t_entry, next_offset),
	},
};

/* What the walk needs to know of one entry. */
struct xt_ent {
	int error;		/* an ERROR target: a chain head or the end */
	int std;		/* a standard target ... */
	int verdict;		/* ... and its verdict */
};

static int xt_entry(const struct xt_family *f, const unsigned char *base,
		    size_t size, size_t off, size_t *next, struct xt_ent *e)
{
	const unsigned char *p = base + off;
	struct xt_entry_target t;
	uint16_t toff, noff;
	size_t room;

	if (off % XT_ALIGN(1) || size - off < f->entry_size)
		return -EPROTO;
	memcpy(&toff, p + f->target_off, sizeof(toff));
	memcpy(&noff, p + f->next_off, sizeof(noff));
	if (toff < f->entry_size || noff > size - off || toff > noff ||
	    (size_t)(noff - toff) < sizeof(t))
		return -EPROTO;
	room = noff - toff;
	memcpy(&t, p + toff, sizeof(t));
	if (t.u.user.target_size < sizeof(t) || t.u.user.target_size > room ||
	    !memchr(t.u.user.name, '\0', sizeof(t.u.user.name)))
		return -EPROTO;
	e->error = strcmp(t.u.user.name, XT_ERROR_TARGET) == 0;
	e->std = strcmp(t.u.user.name, XT_STANDARD_TARGET) == 0 &&
		 t.u.user.target_size >= sizeof(struct xt_standard_target);
	e->verdict = 0;
	if (e->std)
		memcpy(&e->verdict, p + toff +
		       offsetof(struct xt_standard_target, verdict),
		       sizeof(e->verdict));
	*next = off + noff;
	return 0;
}

long nsi_xt_count_rules(const struct nsi_xt_table *t, int ipv6)
{
	const struct xt_family *f = &xt_families[ipv6 ? 1 : 0];
	const unsigned char *base = t->entries;
	struct xt_ent e, prev = { 0 };
	size_t off = 0, next, n = 0;
	long rules = 0;
	int in_user = 0, last_error = 0, h;

	while (off < t->size) {
		int starts = 0, policy = 0;

		if (xt_entry(f, base, t->size, off, &next, &e) < 0)
			return -EPROTO;
		for (h = 0; h < NSI_XT_NUMHOOKS; h++) {
			if (!(t->valid_hooks & (1U << h)))
				continue;
			starts |= t->hook_entry[h] == off;
			policy |= t->underflow[h] == off;
		}
		/* A chain starts here: the user chain before it ended with
		 * the previous entry, its RETURN, which is no rule. */
		if ((e.error || starts) && in_user) {
			if (prev.error || !prev.std || prev.verdict != XT_RETURN)
				return -EPROTO;
			rules--;
			in_user = 0;
		}
		if (e.error) {
			if (starts || policy)
				return -EPROTO;
			in_user = 1;	/* unless it is the final entry */
		} else if (policy) {
			if (!e.std)
				return -EPROTO;
		} else {
			rules++;
		}
		last_error = e.error;
		prev = e;
		off = next;
		n++;
	}
	/* The last entry is the final ERROR, which heads no chain. */
	if (!last_error || n != t->num_entries || off != t->size)
		return -EPROTO;
	return rules;
}

/* The rules of one legacy table, or -errno. */
static long xt_count_table(const struct xt_family *f, int fd, const char *name)
{
	struct ipt_getinfo info;
	struct nsi_xt_table t;
	unsigned char *buf;
	socklen_t len;
	size_t l = strlen(name);
	long rc = -EAGAIN;
	int tries, h;

	if (l >= sizeof(info.name))
		return -EPROTO;
	for (tries = 0; tries < NL_DUMP_TRIES && rc == -EAGAIN; tries++) {
		memset(&info, 0, sizeof(info));
		memcpy(info.name, name, l + 1);
		len = sizeof(info);
		if (getsockopt(fd, f->level, f->so_info, &info, &len) < 0)
			return -errno;
		if (info.size > (1U << 30))
			return -EPROTO;
		buf = calloc(1, f->get_hdr + info.size);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, info.name, sizeof(info.name));
		memcpy(buf + offsetof(struct ipt_get_entries, size), &info.size,
		       sizeof(info.size));
		len = (socklen_t)(f->get_hdr + info.size);
		if (getsockopt(fd, f->level, f->so_entries, buf, &len) < 0) {
			rc = -errno;	/* EAGAIN: changed since GET_INFO */
			free(buf);
			continue;
		}
		t.valid_hooks = info.valid_hooks;
		for (h = 0; h < NSI_XT_NUMHOOKS; h++) {
			t.hook_entry[h] = info.hook_entry[h];
			t.underflow[h] = info.underflow[h];
		}
		t.num_entries = info.num_entries;
		t.entries = buf + f->entries_off;
		t.size = info.size;
		rc = nsi_xt_count_rules(&t, f == &xt_families[1]);
		free(buf);
	}
	return rc;
}

/*
 * The legacy rules of every IPv4 and IPv6 table of the current network
 * namespace, or -errno; -ENOENT when the kernel has no x_tables.
 * @tables is set when some table exists.
 */
static long xt_count_rules(int procfd, int *tables)
{
	long total = 0, n;
	int found = 0, err = 0;
	size_t i;

	*tables = 0;
	for (i = 0; i < 2; i++) {
		const struct xt_family *f = &xt_families[i];
		char name[XT_TABLE_MAXNAMELEN + 2];
		FILE *names;
		int fd = -1, nfd;

		/* /proc/self/net follows the reader's network namespace. */
		nfd = nsi_procfs_open_file(procfd, f->names);
		if (nfd < 0)
			continue;
		names = fdopen(nfd, "r");
		if (!names) {
			close(nfd);
			err = -ENOMEM;
			continue;
		}
		found = 1;
		while (fgets(name, sizeof(name), names)) {
			size_t l = strcspn(name, "\n");

			if (name[l] != '\n' || !l) {
				err = -EPROTO;	/* too long or empty */
				break;
			}
			name[l] = '\0';
			*tables = 1;
			if (fd < 0) {
				fd = socket(f->domain, SOCK_RAW | SOCK_CLOEXEC,
					    IPPROTO_RAW);
				if (fd < 0) {
					err = -errno;
					break;
				}
			}
			n = xt_count_table(f, fd, name);
			if (n < 0)
				err = (int)n;
			else
				total += n;
		}
		fclose(names);
		if (fd >= 0)
			close(fd);
	}
	if (err)
		return err;
	return found ? total : -ENOENT;
}

/*
 * nftables first; the legacy tables when nf_tables cannot be asked, or
 * when it holds no rule but legacy tables do (a host on iptables-legacy).
 */
static void count_firewall(struct nsi_netinfo *ni, int procfd)
{
	long nft = nft_count_rules(), xt;
	int tables;

	if (nft > 0) {
		ni->fw_rules = nft;
		ni->fw_backend = "nftables";
		return;
	}
	xt = xt_count_rules(procfd, &tables);
	if (nft == 0 && (!tables || xt == 0)) {
		ni->fw_rules = 0;
		ni->fw_backend = "nftables";
	} else if (tables || xt == 0) {
		ni->fw_rules = xt >= 0 ? xt : -1;
		ni->fw_backend = "iptables";
	}
}

/* --- the visit --- */

static int net_visit(struct nsi_ns *ns, FILE *out, void *arg)
{
	const int *procfd = arg;
	struct nsi_netinfo *ni;
	int rc;

	(void)ns;
	ni = calloc(1, sizeof(*ni));
	if (!ni)
		return -ENOMEM;
	ni->fw_rules = -1;
	rc = dump_links(ni);
	if (rc == 0) {
		if (ni->nifs)
			qsort(ni->ifs, ni->nifs, sizeof(*ni->ifs), if_cmp);
		rc = dump_addrs(ni);
	}
	if (rc == 0) {
		count_firewall(ni, *procfd);
		rc = nsi_netinfo_write(ni, out);
	}
	nsi_netinfo_free(ni);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The payload. */

static void put_str(FILE *out, const char *s, size_t size)
{
	size_t i, n = strnlen(s, size);

	if (!n) {
		fputc('-', out);
		return;
	}
	if (n == 1 && s[0] == '-') {
		fputs("\\x2d", out);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

int nsi_netinfo_write(const struct nsi_netinfo *ni, FILE *out)
{
	size_t i, j;

	fprintf(out, "nsinet 1\nfw %ld %s\n", ni->fw_rules < 0 ? -1 :
		ni->fw_rules, ni->fw_backend ? ni->fw_backend : "-");
	for (i = 0; i < ni->nifs; i++) {
		const struct nsi_netif *nif = &ni->ifs[i];

		fprintf(out, "if %d ", nif->ifindex);
		put_str(out, nif->name, sizeof(nif->name));
		fputc(' ', out);
		put_str(out, nif->kind, sizeof(nif->kind));
		fputc(' ', out);
		put_str(out, nif->operstate, sizeof(nif->operstate));
		fputc(' ', out);
		put_str(out, nif->mac, sizeof(nif->mac));
		fprintf(out, " %d %d %d\n", nif->master, nif->link,
			nif->link_netnsid);
		for (j = 0; j < nif->naddrs; j++) {
			const struct nsi_netaddr *a = &nif->addrs[j];

			fprintf(out, "addr %d ", a->family == AF_INET6 ? 6 : 4);
			put_str(out, a->addr, sizeof(a->addr));
			fprintf(out, " %u\n", a->prefixlen);
		}
	}
	fputs("end\n", out);
	return ferror(out) ? -EIO : 0;
}

/* Unescape @tok into @dst of @size bytes; -EINVAL when malformed. */
static int get_str(const char *tok, char *dst, size_t size)
{
	size_t o = 0;

	if (!strcmp(tok, "-")) {
		dst[0] = '\0';
		return 0;
	}
	while (*tok) {
		int c = (unsigned char)*tok++;

		if (c == '\\') {
			int hi, lo;

			if (*tok != 'x')
				return -EINVAL;
			tok++;
			hi = nsi_hexval(*tok);
			lo = hi < 0 ? -1 : nsi_hexval(tok[1]);
			if (lo < 0)
				return -EINVAL;
			tok += 2;
			c = hi << 4 | lo;
			if (!c)
				return -EINVAL;
		}
		if (o + 1 >= size)
			return -EINVAL;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

static int get_long(const char *tok, long min, long max, long *v)
{
	char *end;
	long n;

	if (!*tok || (*tok != '-' && (*tok < '0' || *tok > '9')))
		return -EINVAL;
	errno = 0;
	n = strtol(tok, &end, 10);
	if (errno || *end || n < min || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

static int get_int(const char *tok, long min, long max, int *v)
{
	long n;

	if (get_long(tok, min, max, &n) < 0)
		return -EINVAL;
	*v = (int)n;
	return 0;
}

#define WIRE_MAX_TOKENS 10

/* Split @line at single spaces; -1 for an empty token or too many. */
static int split(char *line, char **tok)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *sp = strchr(p, ' ');

		if (n == WIRE_MAX_TOKENS)
			return -1;
		tok[n++] = p;
		if (sp)
			*sp = '\0';
		if (!*p)
			return -1;
		if (!sp)
			return n;
		p = sp + 1;
	}
}

static int parse_if(struct nsi_netinfo *ni, char **tok)
{
	struct nsi_netif *nif = if_append(ni);

	if (!nif)
		return -ENOMEM;
	if (get_int(tok[1], 1, INT_MAX, &nif->ifindex) < 0 ||
	    get_str(tok[2], nif->name, sizeof(nif->name)) < 0 ||
	    get_str(tok[3], nif->kind, sizeof(nif->kind)) < 0 ||
	    get_str(tok[4], nif->operstate, sizeof(nif->operstate)) < 0 ||
	    get_str(tok[5], nif->mac, sizeof(nif->mac)) < 0 ||
	    get_int(tok[6], 0, INT_MAX, &nif->master) < 0 ||
	    get_int(tok[7], 0, INT_MAX, &nif->link) < 0 ||
	    get_int(tok[8], -1, INT_MAX, &nif->link_netnsid) < 0)
		return -EINVAL;
	return 0;
}

static int parse_addr(struct nsi_netinfo *ni, char **tok)
{
	struct nsi_netaddr a = { 0 };
	unsigned char bin[sizeof(struct in6_addr)];
	int fam, plen;

	if (!ni->nifs || get_int(tok[1], 4, 6, &fam) < 0 || fam == 5)
		return -EINVAL;
	a.family = fam == 4 ? AF_INET : AF_INET6;
	if (get_str(tok[2], a.addr, sizeof(a.addr)) < 0 ||
	    inet_pton(a.family, a.addr, bin) != 1 ||
	    get_int(tok[3], 0, fam == 4 ? 32 : 128, &plen) < 0)
		return -EINVAL;
	a.prefixlen = (unsigned int)plen;
	return addr_append(&ni->ifs[ni->nifs - 1], &a);
}

int nsi_netinfo_parse(const void *buf, size_t len, struct nsi_netinfo **out)
{
	const char *p = buf, *end = p + len;
	char line[NSI_WIRE_LINE_MAX + 1], *tok[WIRE_MAX_TOKENS];
	enum { HEADER, FW, BODY, END } state = HEADER;
	struct nsi_netinfo *ni;
	size_t i;
	int rc, n;

	ni = calloc(1, sizeof(*ni));
	if (!ni)
		return -ENOMEM;
	ni->fw_rules = -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll;

		if (!nl || state == END)
			goto bad;
		ll = (size_t)(nl - p);
		if (ll > NSI_WIRE_LINE_MAX || memchr(p, '\0', ll))
			goto bad;
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = nl + 1;
		n = split(line, tok);
		if (n < 0)
			goto bad;

		if (state == HEADER) {
			if (n != 2 || strcmp(tok[0], "nsinet") ||
			    strcmp(tok[1], "1"))
				goto bad;
			state = FW;
			continue;
		}
		if (state == FW) {
			if (n != 3 || strcmp(tok[0], "fw") ||
			    get_long(tok[1], -1, LONG_MAX, &ni->fw_rules) < 0)
				goto bad;
			if (!strcmp(tok[2], "nftables"))
				ni->fw_backend = "nftables";
			else if (!strcmp(tok[2], "iptables"))
				ni->fw_backend = "iptables";
			else if (strcmp(tok[2], "-"))
				goto bad;
			state = BODY;
			continue;
		}
		if (n == 9 && !strcmp(tok[0], "if")) {
			rc = parse_if(ni, tok);
		} else if (n == 4 && !strcmp(tok[0], "addr")) {
			rc = parse_addr(ni, tok);
		} else if (n == 1 && !strcmp(tok[0], "end")) {
			state = END;
			continue;
		} else {
			goto bad;
		}
		if (rc == -ENOMEM)
			goto fail;
		if (rc < 0)
			goto bad;
	}
	if (state != END)
		goto bad;
	if (ni->nifs)
		qsort(ni->ifs, ni->nifs, sizeof(*ni->ifs), if_cmp);
	for (i = 1; i < ni->nifs; i++)
		if (ni->ifs[i].ifindex == ni->ifs[i - 1].ifindex)
			goto bad;
	*out = ni;
	return 0;
bad:
	rc = -EINVAL;
fail:
	nsi_netinfo_free(ni);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The parent. */

static int net_collect(struct nsi_ns *ns, int err, const void *payload,
		       size_t len, void *arg)
{
	struct nsi_netinfo *ni = NULL;
	int rc;

	(void)arg;
	if (!err) {
		rc = nsi_netinfo_parse(payload, len, &ni);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0)
			err = -EBADMSG;
	}
	if (err) {
		ni = calloc(1, sizeof(*ni));
		if (!ni)
			return -ENOMEM;
		ni->fw_rules = -1;
		ni->err = -err;
	}
	nsi_netinfo_free(ns->net);
	ns->net = ni;
	return 0;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * Listing its links makes the kernel give a netnsid to each namespace a
 * veth peer of the current namespace lives in, if it had none (so that
 * IFLA_LINK_NETNSID can name it).  Ask again for the namespaces still
 * without one when a veth of ours names a netnsid no namespace has.
 */
static void refresh_netnsids(struct nsi_model *m, int procfd, ino_t self)
{
	struct nsi_netinfo *sni = NULL;
	size_t i, nids = 0;
	int *ids, missing = 0;

	for (i = 0; i < m->nns; i++)
		if (m->ns[i]->type == NSI_NS_NET && m->ns[i]->ino == self &&
		    self)
			sni = m->ns[i]->net;
	if (!sni || !sni->nifs)
		return;
	ids = malloc(m->nns * sizeof(*ids) + 1);
	if (!ids)
		return;
	for (i = 0; i < m->nns; i++)
		if (m->ns[i]->type == NSI_NS_NET && m->ns[i]->netnsid >= 0)
			ids[nids++] = m->ns[i]->netnsid;
	if (nids)
		qsort(ids, nids, sizeof(*ids), int_cmp);
	for (i = 0; i < sni->nifs && !missing; i++) {
		const struct nsi_netif *nif = &sni->ifs[i];

		if (!strcmp(nif->kind, "veth") && nif->link_netnsid >= 0 &&
		    !(nids && bsearch(&nif->link_netnsid, ids, nids,
				      sizeof(*ids), int_cmp)))
			missing = 1;
	}
	free(ids);
	for (i = 0; missing && i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		int fd, id;

		if (ns->type != NSI_NS_NET || !ns->ino || ns->ino == self ||
		    ns->netnsid >= 0)
			continue;
		fd = nsi_ns_open(ns, procfd);
		if (fd < 0)
			continue;
		if (nsi_netnsid(fd, &id) == 0)
			ns->netnsid = id;
		close(fd);
	}
}

int nsi_netinfo_collect(struct nsi_model *m, int procfd)
{
	struct stat st;
	ino_t self = 0;
	int rc;

	if (fstatat(procfd, "self/ns/net", &st, 0) == 0)
		self = st.st_ino;
	rc = nsi_visit_each(m, procfd, NSI_NS_NET, net_visit, net_collect,
			    &procfd);
	/* -EIO: the child died; the namespaces it did not get to have
	 * net->err set, the others are complete. */
	if (rc < 0 && rc != -EIO)
		return rc;
	refresh_netnsids(m, procfd, self);
	return nsi_netinfo_link_peers(m, self);
}

/* ------------------------------------------------------------------ */
/* veth peers. */

/* A chained hash of 64-bit keys to indexes; node i + 1 is a link. */
struct hnode {
	uint64_t key;
	size_t val;
	size_t next;
};

struct htab {
	size_t *head;
	size_t mask;
	struct hnode *node;
	size_t n;
};

static int htab_init(struct htab *h, size_t cap)
{
	size_t nb = 16;

	h->head = NULL;
	h->node = NULL;
	h->n = 0;
	if (cap > SIZE_MAX / 4 / sizeof(*h->node))
		return -ENOMEM;
	while (nb < cap * 2)
		nb <<= 1;
	h->mask = nb - 1;
	h->head = calloc(nb, sizeof(*h->head));
	h->node = malloc((cap ? cap : 1) * sizeof(*h->node));
	if (!h->head || !h->node)
		return -ENOMEM;	/* htab_free() frees what was had */
	return 0;
}

static void htab_free(struct htab *h)
{
	free(h->head);
	free(h->node);
}

static size_t hash64(uint64_t k)
{
	/* the finalizer of splitmix64 */
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (size_t)k;
}

/* The caller allocated room for every node it adds (htab_init). */
static void htab_add(struct htab *h, uint64_t key, size_t val)
{
	struct hnode *nd = &h->node[h->n];
	size_t b = hash64(key) & h->mask;

	nd->key = key;
	nd->val = val;
	nd->next = h->head[b];
	h->head[b] = ++h->n;
}

/* The first node (index + 1) with @key after node @from, or 0. */
static size_t htab_next(const struct htab *h, uint64_t key, size_t from)
{
	size_t i = from ? h->node[from - 1].next :
		h->head[hash64(key) & h->mask];

	while (i && h->node[i - 1].key != key)
		i = h->node[i - 1].next;
	return i;
}

struct vent {
	size_t nsidx;		/* index of its namespace in m->ns */
	struct nsi_ns *ns;
	struct nsi_netif *nif;
	int self;		/* in the current namespace */
	int id_known;		/* self: its link_netnsid names a namespace */
	size_t cand;		/* the unique candidate of pass 2, or none */
};

#define NONE SIZE_MAX

static uint64_t key2(int a, int b)
{
	return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

static void pair(struct vent *x, struct vent *y)
{
	x->nif->peer = y->nif;
	x->nif->peer_ns = y->ns;
	y->nif->peer = x->nif;
	y->nif->peer_ns = x->ns;
}

/*
 * Whether @b's namespace can hold the peer of @a as far as the netnsids
 * of the current namespace tell: the current namespace names the peer's
 * namespace by link_netnsid, so a namespace with another netnsid cannot
 * be it, and one without any only when that netnsid names no namespace.
 */
static int id_fits(const struct vent *a, const struct vent *b)
{
	if (!a->self)
		return 1;
	if (b->ns->netnsid >= 0)
		return b->ns->netnsid == a->nif->link_netnsid;
	return !a->id_known;
}

/*
 * Pass 2: the only veth left without a peer, in another namespace, whose
 * ifindex is x's link and whose link is x's ifindex, and whose namespace
 * the netnsids allow; NONE when there are none or several.
 */
static size_t unique_cand(const struct htab *h2, struct vent *v, size_t x)
{
	uint64_t key = key2(v[x].nif->link, v[x].nif->ifindex);
	size_t i = 0, found = NONE;

	while ((i = htab_next(h2, key, i))) {
		size_t y = h2->node[i - 1].val;

		if (v[y].nsidx == v[x].nsidx || !id_fits(&v[x], &v[y]) ||
		    !id_fits(&v[y], &v[x]))
			continue;
		if (found != NONE)
			return NONE;
		found = y;
	}
	return found;
}

int nsi_netinfo_link_peers(struct nsi_model *m, ino_t self_net)
{
	struct htab h1 = { 0 }, hid = { 0 }, h2 = { 0 };
	struct vent *v = NULL;
	size_t i, j, nv = 0, nnet = 0, selfidx = NONE;
	int rc = -ENOMEM;

	/* Forget what an earlier call found; count the veths. */
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_NET)
			continue;
		nnet++;
		if (self_net && ns->ino == self_net)
			selfidx = i;
		if (!ns->net)
			continue;
		for (j = 0; j < ns->net->nifs; j++) {
			struct nsi_netif *nif = &ns->net->ifs[j];

			nif->peer = NULL;
			nif->peer_ns = NULL;
			if (!strcmp(nif->kind, "veth") && nif->link > 0)
				nv++;
		}
	}
	if (!nv)
		return 0;
	v = malloc(nv * sizeof(*v));
	if (!v || htab_init(&h1, nv) < 0 || htab_init(&hid, nnet) < 0 ||
	    htab_init(&h2, nv) < 0)
		goto out;

	/* h1: (namespace, ifindex) -> veth; hid: netnsid -> namespace. */
	nv = 0;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_NET)
			continue;
		if (ns->netnsid >= 0)
			htab_add(&hid, (uint32_t)ns->netnsid, i);
		if (!ns->net)
			continue;
		for (j = 0; j < ns->net->nifs; j++) {
			struct nsi_netif *nif = &ns->net->ifs[j];

			if (strcmp(nif->kind, "veth") || nif->link <= 0)
				continue;
			v[nv] = (struct vent){ i, ns, nif, i == selfidx, 0,
					       NONE };
			htab_add(&h1, key2((int)i, nif->ifindex), nv);
			nv++;
		}
	}

	/* Pass 1: the peer's namespace is known: the same one (no
	 * IFLA_LINK_NETNSID), or, for a veth of the current namespace, the
	 * one it gave that netnsid. */
	for (i = 0; i < nv; i++) {
		struct nsi_netif *x = v[i].nif;
		size_t y, k, z;

		if (x->link_netnsid == -1) {
			y = v[i].nsidx;
		} else if (v[i].self) {
			k = htab_next(&hid, (uint32_t)x->link_netnsid, 0);
			if (!k)
				continue;	/* a namespace not in the model */
			v[i].id_known = 1;
			if (htab_next(&hid, (uint32_t)x->link_netnsid, k))
				continue;	/* not unique: a broken model */
			y = hid.node[k - 1].val;
		} else {
			continue;
		}
		if (x->peer)
			continue;
		k = htab_next(&h1, key2((int)y, x->link), 0);
		if (!k)
			continue;
		z = h1.node[k - 1].val;
		if (z == i || v[z].nif->peer || v[z].nif->link != x->ifindex ||
		    (v[z].nif->link_netnsid == -1) != (y == v[i].nsidx))
			continue;
		pair(&v[i], &v[z]);
	}

	/* Pass 2: a veth of another namespace names the namespace of its
	 * peer by a netnsid we cannot translate.  Match the veths left by
	 * (ifindex, link), when each is the other's only candidate. */
	for (i = 0; i < nv; i++) {
		struct nsi_netif *x = v[i].nif;

		if (!x->peer && x->link_netnsid != -1)
			htab_add(&h2, key2(x->ifindex, x->link), i);
	}
	for (i = 0; i < h2.n; i++) {
		size_t x = h2.node[i].val;

		v[x].cand = unique_cand(&h2, v, x);
	}
	for (i = 0; i < h2.n; i++) {
		size_t x = h2.node[i].val, y = v[x].cand;

		if (y != NONE && v[y].cand == x && !v[x].nif->peer)
			pair(&v[x], &v[y]);
	}
	rc = 0;
out:
	htab_free(&h1);
	htab_free(&hid);
	htab_free(&h2);
	free(v);
	return rc;
}

void nsi_netinfo_free(struct nsi_netinfo *ni)
{
	size_t i;

	if (!ni)
		return;
	for (i = 0; i < ni->nifs; i++)
		free(ni->ifs[i].addrs);
	free(ni->ifs);
	free(ni);
}
