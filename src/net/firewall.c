/*
 * firewall.c - the number of firewall rules of the caller's network
 * namespace: nftables rules counted over nfnetlink (NFT_MSG_GETRULE
 * dump), or, without nf_tables, the legacy x_tables rules read with
 * getsockopt(2) and walked.  Run in the child of nsi_visit_each(), inside
 * each network namespace (netinfo.c).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>	/* netdetail.h: before any <linux/...> header */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include "firewall.h"
#include "netlink.h"
#include "procfs.h"

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
	union nsi_nl_req req;
	struct nfgenmsg *nfg;
	long n = 0;
	int rc;

	nfg = nsi_nl_req_init(&req, (NFNL_SUBSYS_NFTABLES << 8) |
			      NFT_MSG_GETRULE, NLM_F_DUMP, sizeof(*nfg));
	nfg->nfgen_family = NFPROTO_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(0);
	rc = nsi_nl_dump(NULL, NETLINK_NETFILTER, &req.nlh, nft_rule_cb, &n,
			 count_reset);
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

/* One family's row: PFX is IPT or IP6T, ipt ipt or ip6t. */
#define XT_FAMILY(names, domain, level, PFX, ipt) {			\
		names, domain, level,					\
		PFX##_SO_GET_INFO, PFX##_SO_GET_ENTRIES,		\
		sizeof(struct ipt##_get_entries),			\
		offsetof(struct ipt##_get_entries, entrytable),		\
		sizeof(struct ipt##_entry),				\
		offsetof(struct ipt##_entry, target_offset),		\
		offsetof(struct ipt##_entry, next_offset),		\
	}

static const struct xt_family xt_families[2] = {
	XT_FAMILY("self/net/ip_tables_names", AF_INET, IPPROTO_IP, IPT, ipt),
	XT_FAMILY("self/net/ip6_tables_names", AF_INET6, IPPROTO_IPV6, IP6T,
		  ip6t),
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
	for (tries = 0; tries < NSI_NL_DUMP_TRIES && rc == -EAGAIN; tries++) {
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
void nsi_firewall_count(struct nsi_netinfo *ni, int procfd)
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
