/*
 * test-netinfo.c - unit tests of the net layer's pure parts: veth peers
 * matched across synthetic models (peers.c, nsi_netinfo_link_peers()),
 * the payload the child sends the parent (wire.c, netinfo-wire.h: write,
 * parse, malformed input), the text helpers of rtnl.c and the count of
 * legacy x_tables rules on built blobs (firewall.c).
 * Live reads of real namespaces are left to the integration tests.
 *
 * Run once under valgrind to check that everything is freed:
 *   valgrind --leak-check=full --error-exitcode=1 \
 *	env CK_FORK=no tests/unit/test-netinfo
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <net/if.h>	/* before any <linux/...> header */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "model.h"
#include "netinfo.h"
#include "netinfo-wire.h"
#include "firewall.h"
#include "rtnl.h"
#include "check-tap.h"

#define INO(n)	((ino_t)(4026531840ULL + (n)))
#define SELF	INO(1)

/* ------------------------------------------------------------------ */
/* Synthetic models. */

/* A network namespace with an empty netinfo. */
static struct nsi_ns *mknet(struct nsi_model *m, ino_t ino, int netnsid)
{
	struct nsi_ns *ns = nsi_model_get_ns(m, NSI_NS_NET, ino, 1);

	ck_assert_ptr_nonnull(ns);
	ns->netnsid = netnsid;
	ns->net = calloc(1, sizeof(*ns->net));
	ck_assert_ptr_nonnull(ns->net);
	ns->net->fw_rules = -1;
	return ns;
}

/* Append an interface; pointers into ns->net->ifs move, use ifp(). */
static void addif(struct nsi_ns *ns, int ifindex, const char *name,
		  const char *kind, int link, int link_netnsid)
{
	struct nsi_netinfo *ni = ns->net;
	struct nsi_netif *nif = nsi_netinfo_add_if(ni);

	ck_assert_ptr_nonnull(nif);
	nif->ifindex = ifindex;
	snprintf(nif->name, sizeof(nif->name), "%s", name);
	snprintf(nif->kind, sizeof(nif->kind), "%s", kind);
	snprintf(nif->operstate, sizeof(nif->operstate), "UP");
	nif->link = link;
	nif->link_netnsid = link_netnsid;
}

static void addveth(struct nsi_ns *ns, int ifindex, const char *name,
		    int link, int link_netnsid)
{
	addif(ns, ifindex, name, "veth", link, link_netnsid);
}

static struct nsi_netif *ifp(struct nsi_ns *ns, int ifindex)
{
	size_t i;

	for (i = 0; i < ns->net->nifs; i++)
		if (ns->net->ifs[i].ifindex == ifindex)
			return &ns->net->ifs[i];
	ck_abort_msg("no ifindex %d in net:[%llu]", ifindex,
		     (unsigned long long)ns->ino);
	return NULL;
}

/* Interface a of namespace x and b of y are each other's peer. */
#define ck_peers(x, a, y, b) do {					\
	struct nsi_netif *pa_ = ifp((x), (a)), *pb_ = ifp((y), (b));	\
	ck_assert_msg(pa_->peer == pb_ && pa_->peer_ns == (y),		\
		      "%s of [%llu] is not paired with %s of [%llu]",	\
		      pa_->name, (unsigned long long)(x)->ino,		\
		      pb_->name, (unsigned long long)(y)->ino);		\
	ck_assert_msg(pb_->peer == pa_ && pb_->peer_ns == (x),		\
		      "%s of [%llu] is not paired back",		\
		      pb_->name, (unsigned long long)(y)->ino);		\
} while (0)

#define ck_no_peer(x, a) do {						\
	struct nsi_netif *p_ = ifp((x), (a));				\
	ck_assert_msg(!p_->peer && !p_->peer_ns,			\
		      "%s of [%llu] has a peer: %s",			\
		      p_->name, (unsigned long long)(x)->ino,		\
		      p_->peer ? p_->peer->name : "(ns only)");		\
} while (0)

/*
 * The host (the current namespace) has veth5, veth6 and veth7, bridged,
 * to containers c0, c1 and c2 (netnsids 0, 1, 2), each with eth0 of
 * ifindex 2.  A nested namespace n (netnsid 3) holds its own veth5 whose
 * peer is eth0 (ifindex 2) of c3, to which the host gave no netnsid.
 * c0's eth0 and c3's eth0 both have (ifindex 2, link 5), and the host's
 * veth5 and n's veth5 both (5, 2): pairing by indexes alone cannot tell
 * them apart.
 */
struct topo {
	struct nsi_ns *host, *c[4], *n;
};

static void build_topo(struct nsi_model *m, struct topo *t, int host_ids)
{
	int i;

	nsi_model_init(m);
	t->host = mknet(m, SELF, -1);
	addif(t->host, 1, "lo", "loopback", 0, -1);
	addif(t->host, 2, "eth0", "device", 0, -1);
	addif(t->host, 4, "docker0", "bridge", 0, -1);
	addveth(t->host, 5, "veth5", 2, 0);
	addveth(t->host, 6, "veth6", 2, 1);
	addveth(t->host, 7, "veth7", 2, 2);
	for (i = 5; i <= 7; i++)
		ifp(t->host, i)->master = 4;
	for (i = 0; i < 4; i++) {
		t->c[i] = mknet(m, INO(10 + i), host_ids && i < 3 ? i : -1);
		addif(t->c[i], 1, "lo", "loopback", 0, -1);
		/* each numbers its parent 0 */
		addveth(t->c[i], 2, "eth0", i < 3 ? 5 + i : 5, 0);
	}
	t->n = mknet(m, INO(20), host_ids ? 3 : -1);
	addif(t->n, 1, "lo", "loopback", 0, -1);
	addveth(t->n, 5, "veth5", 2, 0);
}

START_TEST(test_host_netnsid_disambiguates)
{
	struct nsi_model m;
	struct topo t;

	build_topo(&m, &t, 1);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(t.host, 5, t.c[0], 2);
	ck_peers(t.host, 6, t.c[1], 2);
	ck_peers(t.host, 7, t.c[2], 2);
	/* Once c0's eth0 is taken, n's veth5 and c3's eth0 are each
	 * other's only candidate. */
	ck_peers(t.n, 5, t.c[3], 2);
	ck_no_peer(t.host, 1);
	ck_no_peer(t.host, 2);
	ck_no_peer(t.host, 4);
	ck_no_peer(t.c[0], 1);

	/* Again: the same answer, nothing stale. */
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(t.host, 5, t.c[0], 2);
	ck_peers(t.n, 5, t.c[3], 2);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_without_netnsids)
{
	struct nsi_model m;
	struct topo t;

	/* No namespace has a netnsid: only unique (ifindex, link) pairs
	 * can be matched, and (2, 5) / (5, 2) are not. */
	build_topo(&m, &t, 0);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(t.host, 6, t.c[1], 2);
	ck_peers(t.host, 7, t.c[2], 2);
	ck_no_peer(t.host, 5);
	ck_no_peer(t.c[0], 2);
	ck_no_peer(t.c[3], 2);
	ck_no_peer(t.n, 5);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_stale_peers_cleared)
{
	struct nsi_model m;
	struct topo t;

	build_topo(&m, &t, 1);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(t.host, 5, t.c[0], 2);
	/* The host is no longer the current namespace: its netnsids mean
	 * nothing, so veth5 of the host and of n are both candidates. */
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, INO(99)), 0);
	ck_no_peer(t.host, 5);
	ck_no_peer(t.c[0], 2);
	ck_no_peer(t.c[3], 2);
	ck_no_peer(t.n, 5);
	ck_peers(t.host, 6, t.c[1], 2);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_pair_in_one_namespace)
{
	struct nsi_model m;
	struct nsi_ns *a, *b;

	nsi_model_init(&m);
	a = mknet(&m, INO(30), -1);
	addif(a, 1, "lo", "loopback", 0, -1);
	addveth(a, 3, "va", 4, -1);
	addveth(a, 4, "vb", 3, -1);
	/* Same indexes in another namespace, same-namespace pair too. */
	b = mknet(&m, INO(31), -1);
	addveth(b, 3, "va", 4, -1);
	addveth(b, 4, "vb", 3, -1);
	/* A veth whose IFLA_LINK is itself is nobody's peer. */
	addveth(b, 9, "self", 9, -1);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(a, 3, a, 4);
	ck_peers(b, 3, b, 4);
	ck_no_peer(b, 9);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_ambiguous_unresolved)
{
	struct nsi_model m;
	struct nsi_ns *a, *b, *c;

	/* a and b each have a veth 3 -> 4 in the namespace they number 0;
	 * c has veth 4 -> 3: two candidates, no match. */
	nsi_model_init(&m);
	a = mknet(&m, INO(40), -1);
	b = mknet(&m, INO(41), -1);
	c = mknet(&m, INO(42), -1);
	addveth(a, 3, "x", 4, 0);
	addveth(b, 3, "y", 4, 0);
	addveth(c, 4, "z", 3, 0);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_no_peer(a, 3);
	ck_no_peer(b, 3);
	ck_no_peer(c, 4);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_unknown_netnsid)
{
	struct nsi_model m;
	struct nsi_ns *host, *d, *e;

	nsi_model_init(&m);
	host = mknet(&m, SELF, -1);
	/* netnsid 42 names no namespace of the model */
	addveth(host, 9, "veth9", 2, 42);
	/* d has netnsid 5: the host says veth9's peer is in 42, not d */
	d = mknet(&m, INO(50), 5);
	addveth(d, 2, "eth0", 9, 0);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_no_peer(host, 9);
	ck_no_peer(d, 2);

	/* e has no netnsid known (nsi_ns_resolve() could not ask): it may
	 * be netnsid 42, and it is the only candidate. */
	e = mknet(&m, INO(51), -1);
	addveth(e, 2, "eth0", 9, 0);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_peers(host, 9, e, 2);
	ck_no_peer(d, 2);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_netnsid_to_wrong_peer)
{
	struct nsi_model m;
	struct nsi_ns *host, *c, *d;

	/* netnsid 1 is c, but c's eth0 does not link back to veth8: no
	 * pair, and d's matching eth0 is not taken instead. */
	nsi_model_init(&m);
	host = mknet(&m, SELF, -1);
	addveth(host, 8, "veth8", 2, 1);
	c = mknet(&m, INO(60), 1);
	addveth(c, 2, "eth0", 77, 0);
	d = mknet(&m, INO(61), -1);
	addveth(d, 2, "eth0", 8, 0);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_no_peer(host, 8);
	ck_no_peer(c, 2);
	ck_no_peer(d, 2);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_not_veth_and_empty)
{
	struct nsi_model m;
	struct nsi_ns *a, *b, *u;

	nsi_model_init(&m);
	a = mknet(&m, INO(70), -1);
	b = mknet(&m, INO(71), -1);
	/* macvlan and vlan carry IFLA_LINK too, but have no peer */
	addif(a, 3, "mv0", "macvlan", 4, 0);
	addif(b, 4, "mv1", "macvlan", 3, 0);
	addif(a, 5, "vlan5", "vlan", 6, -1);
	addif(a, 6, "vlan6", "vlan", 5, -1);
	/* an unreadable namespace and one never read */
	u = mknet(&m, INO(72), -1);
	u->net->err = EPERM;
	ck_assert_ptr_nonnull(nsi_model_get_ns(&m, NSI_NS_NET, INO(73), 1));
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	ck_no_peer(a, 3);
	ck_no_peer(b, 4);
	ck_no_peer(a, 5);
	nsi_model_release(&m);

	nsi_model_init(&m);
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_many_containers)
{
	enum { N = 3000 };
	struct nsi_model m;
	struct nsi_ns *host, *c[N];
	int i;

	/* Docker-like: every container has eth0 of ifindex 2 to a host
	 * veth; half the host's netnsids are unknown to the model. */
	nsi_model_init(&m);
	host = mknet(&m, SELF, -1);
	for (i = 0; i < N; i++) {
		char name[16];

		snprintf(name, sizeof(name), "veth%d", i);
		addveth(host, 10 + i, name, 2, i);
	}
	for (i = 0; i < N; i++) {
		c[i] = mknet(&m, INO(1000 + i), i % 2 ? i : -1);
		addif(c[i], 1, "lo", "loopback", 0, -1);
		addveth(c[i], 2, "eth0", 10 + i, 0);
	}
	ck_assert_int_eq(nsi_netinfo_link_peers(&m, SELF), 0);
	for (i = 0; i < N; i++)
		ck_peers(host, 10 + i, c[i], 2);
	nsi_model_release(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The payload. */

static char *write_buf(const struct nsi_netinfo *ni, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(nsi_netinfo_write(ni, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static void addaddr(struct nsi_netif *nif, int family, const char *addr,
		    unsigned int plen)
{
	struct nsi_netaddr a = { .family = family, .prefixlen = plen };

	snprintf(a.addr, sizeof(a.addr), "%s", addr);
	ck_assert_int_eq(nsi_netif_add_addr(nif, &a), 0);
}

static void ck_same_if(const struct nsi_netif *a, const struct nsi_netif *b)
{
	size_t i;

	ck_assert_int_eq(a->ifindex, b->ifindex);
	ck_assert_str_eq(a->name, b->name);
	ck_assert_str_eq(a->kind, b->kind);
	ck_assert_str_eq(a->operstate, b->operstate);
	ck_assert_str_eq(a->mac, b->mac);
	ck_assert_int_eq(a->master, b->master);
	ck_assert_int_eq(a->link, b->link);
	ck_assert_int_eq(a->link_netnsid, b->link_netnsid);
	ck_assert_uint_eq(a->naddrs, b->naddrs);
	for (i = 0; i < a->naddrs; i++) {
		ck_assert_int_eq(a->addrs[i].family, b->addrs[i].family);
		ck_assert_str_eq(a->addrs[i].addr, b->addrs[i].addr);
		ck_assert_uint_eq(a->addrs[i].prefixlen, b->addrs[i].prefixlen);
	}
	ck_assert_ptr_null(b->peer);
	ck_assert_ptr_null(b->peer_ns);
}

START_TEST(test_round_trip)
{
	struct nsi_model m;
	struct nsi_ns *ns;
	struct nsi_netinfo *in, *out = NULL;
	struct nsi_netif *nif;
	char *buf;
	size_t len;

	nsi_model_init(&m);
	ns = mknet(&m, INO(1), -1);
	in = ns->net;
	in->fw_rules = 123456789012L;
	in->fw_backend = "nftables";
	/* out of ifindex order on purpose */
	addveth(ns, 7, "veth649abc9", 6, 0);
	addif(ns, 1, "lo", "loopback", 0, -1);
	addif(ns, 5, "docker0", "bridge", 0, -1);
	addif(ns, 9, "-", "device", 0, -1);		/* the name "-" */
	addif(ns, 10, "a b\\c\x01\xff", "dummy", 0, -1);	/* escapes */
	addif(ns, 11, "x", "", 0, -1);		/* empty strings */
	nif = ifp(ns, 11);
	nif->operstate[0] = '\0';
	nif = ifp(ns, 7);
	nif->master = 5;
	snprintf(nif->mac, sizeof(nif->mac), "5a:99:0a:bd:aa:f0");
	addaddr(nif, AF_INET6, "fe80::5899:aff:febd:aaf0", 64);
	nif = ifp(ns, 1);
	snprintf(nif->operstate, sizeof(nif->operstate), "UNKNOWN");
	snprintf(nif->mac, sizeof(nif->mac), "00:00:00:00:00:00");
	addaddr(nif, AF_INET, "127.0.0.1", 8);
	addaddr(nif, AF_INET6, "::1", 128);
	nif = ifp(ns, 5);
	addaddr(nif, AF_INET, "172.17.0.1", 16);
	nif->link_netnsid = 2147483647;
	nif->link = 2147483647;

	buf = write_buf(in, &len);
	ck_assert_msg(strncmp(buf, "nsinet 1\nfw 123456789012 nftables\n",
			      34) == 0, "payload starts: %.40s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "\nif 9 \\x2d device "));
	ck_assert_ptr_nonnull(strstr(buf, "\nif 10 a\\x20b\\x5cc\\x01\\xff "));
	ck_assert_ptr_nonnull(strstr(buf, "\nif 11 x - - - 0 0 -1\n"));
	ck_assert_int_eq(nsi_netinfo_parse(buf, len, &out), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(out->err, 0);
	ck_assert(out->fw_rules == 123456789012L);
	ck_assert_str_eq(out->fw_backend, "nftables");
	ck_assert_uint_eq(out->nifs, 6);
	/* sorted by ifindex */
	ck_same_if(ifp(ns, 1), &out->ifs[0]);
	ck_same_if(ifp(ns, 5), &out->ifs[1]);
	ck_same_if(ifp(ns, 7), &out->ifs[2]);
	ck_same_if(ifp(ns, 9), &out->ifs[3]);
	ck_same_if(ifp(ns, 10), &out->ifs[4]);
	ck_same_if(ifp(ns, 11), &out->ifs[5]);
	ck_assert_str_eq(out->ifs[3].name, "-");
	nsi_netinfo_free(out);
	free(buf);

	/* No NUL terminator is needed: parse a copy of exact length. */
	in->fw_rules = -1;
	in->fw_backend = NULL;
	buf = write_buf(in, &len);
	{
		char *copy = malloc(len);

		ck_assert_ptr_nonnull(copy);
		memcpy(copy, buf, len);
		out = NULL;
		ck_assert_int_eq(nsi_netinfo_parse(copy, len, &out), 0);
		ck_assert(out->fw_rules == -1);
		ck_assert_ptr_null(out->fw_backend);
		nsi_netinfo_free(out);
		free(copy);
	}
	free(buf);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_round_trip_empty)
{
	struct nsi_netinfo in = { .fw_rules = 0, .fw_backend = "iptables" };
	struct nsi_netinfo *out = NULL;
	char *buf;
	size_t len;

	buf = write_buf(&in, &len);
	ck_assert_str_eq(buf, "nsinet 1\nfw 0 iptables\nend\n");
	ck_assert_int_eq(nsi_netinfo_parse(buf, len, &out), 0);
	ck_assert_uint_eq(out->nifs, 0);
	ck_assert_ptr_null(out->ifs);
	ck_assert(out->fw_rules == 0);
	ck_assert_str_eq(out->fw_backend, "iptables");
	nsi_netinfo_free(out);
	free(buf);
}
END_TEST

static const char *const bad_payloads[] = {
	"",
	"nsinet 1\n",
	"nsinet 2\nfw 0 -\nend\n",
	"nsinet 1\nend\n",
	"nsinet 1\nfw 0 -\n",					/* no end */
	"nsinet 1\nfw 0 -\nend",				/* no newline */
	"nsinet 1\nfw 0 -\nend\nend\n",				/* after end */
	"nsinet 1\nfw 0 -\nend\nif 1 lo loopback UP - 0 0 -1\n",
	"nsinet 1\nfw 0 pf\nend\n",				/* backend */
	"nsinet 1\nfw -2 -\nend\n",
	"nsinet 1\nfw 1x -\nend\n",
	"nsinet 1\nfw 99999999999999999999 -\nend\n",
	"nsinet 1\nfw 0 -\nfw 0 -\nend\n",
	"nsinet  1\nfw 0 -\nend\n",				/* two spaces */
	"nsinet 1 \nfw 0 -\nend\n",
	"nsinet 1\nfw 0 -\nbogus\nend\n",
	"nsinet 1\nfw 0 -\naddr 4 10.0.0.1 8\nend\n",		/* no if */
	"nsinet 1\nfw 0 -\nif 0 lo loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif -1 lo loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -2\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - -1 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 2147483648 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1 7\nend\n",
	"nsinet 1\nfw 0 -\nif 1 0123456789abcdef device UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\x loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\x4 loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\x4g loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\y41 loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\ loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo\\x00 loopback UP - 0 0 -1\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"if 1 lo2 loopback UP - 0 0 -1\nend\n",			/* duplicate */
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 5 10.0.0.1 8\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 4 10.0.0.256 8\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 4 ::1 8\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 4 10.0.0.1 33\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 6 ::1 129\nend\n",
	"nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
	"addr 6 ::1\nend\n",
};

START_TEST(test_parse_malformed)
{
	struct nsi_netinfo *out = (struct nsi_netinfo *)&out;
	const char *p = bad_payloads[_i];

	ck_assert_msg(nsi_netinfo_parse(p, strlen(p), &out) == -EINVAL,
		      "accepted payload %d: \"%s\"", _i, p);
	ck_assert_ptr_eq(out, (struct nsi_netinfo *)&out);
}
END_TEST

START_TEST(test_parse_bounds)
{
	static const char good[] = "nsinet 1\nfw 3 nftables\n"
		"if 1 lo loopback UP - 0 0 -1\naddr 4 127.0.0.1 8\nend\n";
	struct nsi_netinfo *out = NULL;
	char *buf, *line;
	size_t len = sizeof(good) - 1, i;

	/* Every strict prefix is rejected, and nothing past len is read
	 * (valgrind would see it: the copy is exactly len bytes). */
	for (i = 0; i < len; i++) {
		buf = malloc(i ? i : 1);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, good, i);
		ck_assert_int_eq(nsi_netinfo_parse(buf, i, &out), -EINVAL);
		free(buf);
	}
	ck_assert_int_eq(nsi_netinfo_parse(good, len, &out), 0);
	ck_assert_uint_eq(out->nifs, 1);
	ck_assert_uint_eq(out->ifs[0].naddrs, 1);
	nsi_netinfo_free(out);

	/* A NUL inside the payload. */
	buf = strdup(good);
	ck_assert_ptr_nonnull(buf);
	buf[strlen("nsinet 1\nfw 3 nftables\nif 1 l")] = '\0';
	out = NULL;
	ck_assert_int_eq(nsi_netinfo_parse(buf, len, &out), -EINVAL);
	ck_assert_ptr_null(out);
	free(buf);

	/* A line longer than NSI_WIRE_LINE_MAX. */
	line = malloc(2 * NSI_WIRE_LINE_MAX + 128);
	ck_assert_ptr_nonnull(line);
	len = (size_t)snprintf(line, 128,
			       "nsinet 1\nfw 0 -\nif 1 lo loopback UP - 0 0 -1\n"
			       "addr 4 127.0.0.1 8");
	memset(line + len, ' ', NSI_WIRE_LINE_MAX);	/* trailing spaces */
	line[len + NSI_WIRE_LINE_MAX] = '\n';
	ck_assert_int_eq(nsi_netinfo_parse(line, len + NSI_WIRE_LINE_MAX + 1,
					   &out), -EINVAL);
	free(line);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Text helpers. */

START_TEST(test_operstate_names)
{
	static const char *const want[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
		"TESTING", "DORMANT", "UP",
	};
	char buf[16];
	unsigned int i;

	for (i = 0; i < 7; i++) {
		nsi_rtnl_operstate_name(i, buf, sizeof(buf));
		ck_assert_str_eq(buf, want[i]);
	}
	nsi_rtnl_operstate_name(7, buf, sizeof(buf));
	ck_assert_str_eq(buf, "7");
	nsi_rtnl_operstate_name(255, buf, sizeof(buf));
	ck_assert_str_eq(buf, "255");
}
END_TEST

START_TEST(test_format_mac)
{
	static const unsigned char mac[] = { 0x02, 0x42, 0xac, 0x11, 0x00,
					     0x02 };
	unsigned char ib[20];
	char buf[64];

	nsi_rtnl_format_mac(mac, sizeof(mac), buf, sizeof(buf));
	ck_assert_str_eq(buf, "02:42:ac:11:00:02");
	nsi_rtnl_format_mac(mac, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	nsi_rtnl_format_mac(mac, 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "02");
	/* truncated to whole bytes */
	nsi_rtnl_format_mac(mac, sizeof(mac), buf, 9);
	ck_assert_str_eq(buf, "02:42:ac");
	/* an InfiniBand address (20 bytes) fits in struct nsi_netif */
	memset(ib, 0xab, sizeof(ib));
	nsi_rtnl_format_mac(ib, sizeof(ib), buf, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), 59);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Legacy x_tables blobs, laid out as the kernel returns them. */

struct blob {
	unsigned char buf[8192];
	size_t size;
	unsigned int n;
};

static unsigned int put_entry(struct blob *b, const char *target,
			      int verdict, const char *errname, size_t match)
{
	struct ipt_entry *e = (struct ipt_entry *)(b->buf + b->size);
	struct xt_entry_target *t;
	size_t tsize = errname ? XT_ALIGN(sizeof(struct xt_error_target)) :
		XT_ALIGN(sizeof(struct xt_standard_target));
	unsigned int off = (unsigned int)b->size;

	ck_assert(b->size + sizeof(*e) + match + tsize <= sizeof(b->buf));
	memset(e, 0, sizeof(*e) + match + tsize);
	e->target_offset = (uint16_t)(sizeof(*e) + match);
	e->next_offset = (uint16_t)(sizeof(*e) + match + tsize);
	t = (struct xt_entry_target *)((unsigned char *)e + e->target_offset);
	t->u.user.target_size = (uint16_t)tsize;
	snprintf(t->u.user.name, sizeof(t->u.user.name), "%s", target);
	if (errname)
		snprintf(((struct xt_error_target *)t)->errorname,
			 XT_FUNCTION_MAXNAMELEN, "%s", errname);
	else
		((struct xt_standard_target *)t)->verdict = verdict;
	b->size += e->next_offset;
	b->n++;
	return off;
}

#define ACCEPT	(-NF_ACCEPT - 1)
#define DROP	(-NF_DROP - 1)

static unsigned int rule(struct blob *b)
{
	return put_entry(b, XT_STANDARD_TARGET, ACCEPT, NULL, 48);
}

/*
 * The filter table of
 *   -P FORWARD DROP
 *   -N FOO, -N EMPTY
 *   -A INPUT -s 10.0.0.1 -j ACCEPT; -A INPUT -j FOO
 *   -A FOO -j LOG-like; -A FOO -j RETURN
 *   -A OUTPUT -j DROP
 * as iptables-legacy lays it out: 5 rules.
 */
static void filter_table(struct blob *b, struct nsi_xt_table *t)
{
	memset(b, 0, sizeof(*b));
	memset(t, 0, sizeof(*t));
	t->valid_hooks = 1U << NF_INET_LOCAL_IN | 1U << NF_INET_FORWARD |
		1U << NF_INET_LOCAL_OUT;
	t->hook_entry[NF_INET_LOCAL_IN] = rule(b);
	rule(b);	/* -j FOO: a jump is a standard target too */
	t->underflow[NF_INET_LOCAL_IN] =
		put_entry(b, XT_STANDARD_TARGET, ACCEPT, NULL, 0);
	t->hook_entry[NF_INET_FORWARD] = t->underflow[NF_INET_FORWARD] =
		put_entry(b, XT_STANDARD_TARGET, DROP, NULL, 0);
	t->hook_entry[NF_INET_LOCAL_OUT] =
		put_entry(b, XT_STANDARD_TARGET, DROP, NULL, 0);
	t->underflow[NF_INET_LOCAL_OUT] =
		put_entry(b, XT_STANDARD_TARGET, ACCEPT, NULL, 0);
	put_entry(b, XT_ERROR_TARGET, 0, "EMPTY", 0);
	put_entry(b, XT_STANDARD_TARGET, XT_RETURN, NULL, 0);
	put_entry(b, XT_ERROR_TARGET, 0, "FOO", 0);
	put_entry(b, "LOG", 0, NULL, 16);
	put_entry(b, XT_STANDARD_TARGET, XT_RETURN, NULL, 0);	/* a rule */
	put_entry(b, XT_STANDARD_TARGET, XT_RETURN, NULL, 0);	/* the end */
	put_entry(b, XT_ERROR_TARGET, 0, "ERROR", 0);
	t->num_entries = b->n;
	t->entries = b->buf;
	t->size = b->size;
}

START_TEST(test_xt_count)
{
	struct blob b;
	struct nsi_xt_table t;

	filter_table(&b, &t);
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), 5);
}
END_TEST

START_TEST(test_xt_count_initial_table)
{
	struct blob b;
	struct nsi_xt_table t;
	int h;

	/* A table nobody touched: three policies and the end. */
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	for (h = NF_INET_LOCAL_IN; h <= NF_INET_LOCAL_OUT; h++) {
		t.valid_hooks |= 1U << h;
		t.hook_entry[h] = t.underflow[h] =
			put_entry(&b, XT_STANDARD_TARGET, ACCEPT, NULL, 0);
	}
	put_entry(&b, XT_ERROR_TARGET, 0, "ERROR", 0);
	t.num_entries = b.n;
	t.entries = b.buf;
	t.size = b.size;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), 0);

	/* A user chain placed before a built-in one. */
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	put_entry(&b, XT_ERROR_TARGET, 0, "U", 0);
	rule(&b);
	put_entry(&b, XT_STANDARD_TARGET, XT_RETURN, NULL, 0);
	t.valid_hooks = 1U << NF_INET_PRE_ROUTING;
	t.hook_entry[NF_INET_PRE_ROUTING] = rule(&b);
	t.underflow[NF_INET_PRE_ROUTING] =
		put_entry(&b, XT_STANDARD_TARGET, ACCEPT, NULL, 0);
	put_entry(&b, XT_ERROR_TARGET, 0, "ERROR", 0);
	t.num_entries = b.n;
	t.entries = b.buf;
	t.size = b.size;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), 2);
}
END_TEST

START_TEST(test_xt_count_malformed)
{
	struct blob b;
	struct nsi_xt_table t;
	struct ipt_entry *e;

	filter_table(&b, &t);
	t.num_entries--;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	filter_table(&b, &t);
	t.size -= 8;			/* the last entry cut */
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	filter_table(&b, &t);
	e = (struct ipt_entry *)b.buf;
	e->next_offset = 0xfff8;	/* beyond the blob */
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	filter_table(&b, &t);
	e = (struct ipt_entry *)b.buf;
	e->next_offset = 4;		/* smaller than an entry */
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	filter_table(&b, &t);
	e = (struct ipt_entry *)b.buf;
	e->target_offset = e->next_offset;	/* no room for a target */
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	/* A user chain that does not end in RETURN. */
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	put_entry(&b, XT_ERROR_TARGET, 0, "U", 0);
	rule(&b);
	put_entry(&b, XT_ERROR_TARGET, 0, "ERROR", 0);
	t.num_entries = b.n;
	t.entries = b.buf;
	t.size = b.size;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	/* No final ERROR entry. */
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	t.valid_hooks = 1U << NF_INET_LOCAL_IN;
	t.hook_entry[NF_INET_LOCAL_IN] = t.underflow[NF_INET_LOCAL_IN] =
		put_entry(&b, XT_STANDARD_TARGET, ACCEPT, NULL, 0);
	t.num_entries = b.n;
	t.entries = b.buf;
	t.size = b.size;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);

	/* Empty. */
	t.size = 0;
	t.num_entries = 0;
	ck_assert_int_eq(nsi_xt_count_rules(&t, 0), -EPROTO);
}
END_TEST

static Suite *netinfo_suite(void)
{
	Suite *s = suite_create("netinfo");
	TCase *tc;

	tc = tcase_create("link-peers");
	tcase_add_test(tc, test_host_netnsid_disambiguates);
	tcase_add_test(tc, test_without_netnsids);
	tcase_add_test(tc, test_stale_peers_cleared);
	tcase_add_test(tc, test_pair_in_one_namespace);
	tcase_add_test(tc, test_ambiguous_unresolved);
	tcase_add_test(tc, test_unknown_netnsid);
	tcase_add_test(tc, test_netnsid_to_wrong_peer);
	tcase_add_test(tc, test_not_veth_and_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("link-peers-stress");
	/* Generous for valgrind with CK_FORK=no (no timeout there anyway). */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_many_containers);
	suite_add_tcase(s, tc);

	tc = tcase_create("wire");
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_round_trip_empty);
	tcase_add_loop_test(tc, test_parse_malformed, 0,
			    (int)(sizeof(bad_payloads) /
				  sizeof(bad_payloads[0])));
	tcase_add_test(tc, test_parse_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_operstate_names);
	tcase_add_test(tc, test_format_mac);
	suite_add_tcase(s, tc);

	tc = tcase_create("x_tables");
	tcase_add_test(tc, test_xt_count);
	tcase_add_test(tc, test_xt_count_initial_table);
	tcase_add_test(tc, test_xt_count_malformed);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(netinfo_suite());
}
