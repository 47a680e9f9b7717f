/*
 * netinfo.c - interfaces and firewall rules of network namespaces.
 *
 * A child process (nsi_visit_each()) enters each network namespace, dumps
 * its links and addresses over rtnetlink(7) (rtnl.c), counts its
 * firewall rules (firewall.c: nftables over nfnetlink, or legacy x_tables
 * with getsockopt(2)), and writes the result as the text payload of
 * netinfo-wire.h (wire.c), which the parent parses into ns->net.  veth
 * peers are then matched across namespaces by nsi_netinfo_link_peers()
 * (peers.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firewall.h"
#include "netinfo.h"
#include "netinfo-wire.h"
#include "netlink.h"
#include "nsenter.h"
#include "nsfs.h"
#include "rtnl.h"

/* --- the visit (in the child) --- */

static int net_visit(struct nsi_ns *ns, FILE *out, void *arg)
{
	const int *procfd = arg;
	struct nsi_netinfo *ni;
	int rc;

	(void)ns;
	ni = nsi_netinfo_new();
	if (!ni)
		return -ENOMEM;
	rc = nsi_rtnl_read_ifs(ni);
	if (rc == 0) {
		nsi_firewall_count(ni, *procfd);
		rc = nsi_netinfo_write(ni, out);
	}
	nsi_netinfo_free(ni);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The parent. */

/*
 * The live view reads one namespace again within a model: the veths of
 * other namespaces that name one of @ni's as their peer forget it before
 * @ni is freed (none is left pointing into freed memory when a re-read
 * fails).
 */
static void unlink_peers(struct nsi_netinfo *ni)
{
	size_t i;

	for (i = 0; ni && i < ni->nifs; i++) {
		struct nsi_netif *peer = ni->ifs[i].peer;

		if (peer && peer->peer == &ni->ifs[i]) {
			peer->peer = NULL;
			peer->peer_ns = NULL;
		}
	}
}

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
		ni = nsi_netinfo_new();
		if (!ni)
			return -ENOMEM;
		ni->err = -err;
	}
	unlink_peers(ns->net);
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
	if (missing)
		nsi_ns_ask_netnsids(m, procfd, self);
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
/*
 * One namespace and the ones its veths lead to (the live view's detail
 * pane): its veths name the namespace of their peer by a netnsid of its
 * own, which only a socket inside it can translate: the child asks, from
 * inside, the netnsid of the namespaces the last call found first (a
 * check each), and of every other one only for the netnsids still
 * unnamed.  Its payload is "peers K", K lines "peer NETNSID INDEX" (the
 * index in m->ns), then the netinfo-wire.h payload.
 */

#define NONE ((size_t)-1)
#define GONE (NONE - 1)	/* a netnsid not searched for again */

struct one {
	int procfd;
	struct nsi_model *m;
	const struct nsi_ns *sel;	/* the namespace whose peers are named */
	const struct nsi_netids *hint;	/* the last call's, or NULL */
	int same_set;	/* the network namespaces are those of @hint's call */
	/* the child's answer for @sel: netnsid -> index in m->ns */
	int *id;
	size_t *idx;
	size_t n;
};

static size_t ns_index(const struct nsi_model *m, const struct nsi_ns *ns)
{
	size_t i;

	for (i = 0; i < m->nns; i++)
		if (m->ns[i] == ns)
			return i;
	return NONE;
}

/* The netnsids the veths of @ni name, sorted (one per veth), into @ids. */
static size_t veth_ids(const struct nsi_netinfo *ni, int *ids)
{
	size_t i, n = 0;

	for (i = 0; i < ni->nifs; i++)
		if (!strcmp(ni->ifs[i].kind, "veth") && ni->ifs[i].link > 0 &&
		    ni->ifs[i].link_netnsid >= 0)
			ids[n++] = ni->ifs[i].link_netnsid;
	if (n)
		qsort(ids, n, sizeof(*ids), int_cmp);
	return n;
}

/* What the child's search of the netnsids of @sel has. */
struct search {
	struct nsi_nl *rtnl;	/* a socket inside @sel */
	const int *ids;		/* the netnsids to name, sorted */
	size_t nids, left;
	size_t *found;		/* per netnsid: the index in m->ns, NONE, GONE */
	int fds[NSI_NETNSID_BATCH];
	size_t at[NSI_NETNSID_BATCH], nfds;
};

/* Ask the namespaces open in @s their netnsid here; note the wanted. */
static void search_flush(struct search *s)
{
	int got[NSI_NETNSID_BATCH];
	size_t j;

	if (!s->nfds)
		return;
	if (nsi_netnsid_many(&s->rtnl, s->fds, s->nfds, got) < 0)
		for (j = 0; j < s->nfds; j++)
			got[j] = -1;
	for (j = 0; j < s->nfds; j++) {
		const int *p = got[j] < 0 ? NULL : bsearch(&got[j], s->ids,
				s->nids, sizeof(*s->ids), int_cmp);
		size_t k;

		close(s->fds[j]);
		if (!p)
			continue;
		/* the veths with that netnsid: side by side */
		for (k = (size_t)(p - s->ids); k > 0 && s->ids[k - 1] == got[j];)
			k--;
		for (; k < s->nids && s->ids[k] == got[j]; k++) {
			if (s->found[k] != NONE)
				continue;
			s->found[k] = s->at[j];
			s->left--;
		}
	}
	s->nfds = 0;
}

/* Open m->ns[@i] into the batch of @s. */
static void search_add(struct search *s, const struct one *a, size_t i)
{
	int fd = nsi_ns_open(a->m->ns[i], a->procfd);

	if (fd < 0)
		return;
	s->fds[s->nfds] = fd;
	s->at[s->nfds++] = i;
	if (s->nfds == NSI_NETNSID_BATCH)
		search_flush(s);
}

/* In the child, inside @a->sel: find the namespace of each netnsid. */
static void search(struct search *s, const struct one *a)
{
	const struct nsi_model *m = a->m;
	size_t i, k;

	for (k = 0; a->hint && k < a->hint->n; k++) {
		const struct nsi_ns *p = a->hint->peer[k] ?
			nsi_model_get_ns(a->m, NSI_NS_NET, a->hint->peer[k], 0) :
			NULL;

		if (p && p != a->sel && (i = ns_index(m, p)) != NONE)
			search_add(s, a, i);
	}
	search_flush(s);
	/* one that no namespace had, and the namespaces are the same: none
	 * has it now either */
	for (k = 0; a->same_set && k < a->hint->n; k++)
		for (i = 0; !a->hint->peer[k] && i < s->nids; i++)
			if (s->ids[i] == a->hint->id[k] && s->found[i] == NONE) {
				s->found[i] = GONE;
				s->left--;
			}
	for (i = 0; s->left && i < m->nns; i++) {
		if (m->ns[i]->type != NSI_NS_NET || !m->ns[i]->ino ||
		    m->ns[i] == a->sel)
			continue;
		search_add(s, a, i);	/* each batch full is asked */
	}
	search_flush(s);
}

/* Write "peers K" and the lines of the netnsids of @ni named. */
static int write_peers(const struct one *a, const struct nsi_ns *ns,
		       const struct nsi_netinfo *ni, FILE *out)
{
	struct search s = { .rtnl = NULL };
	int *ids = NULL;
	size_t k, named = 0;

	if (ns == a->sel) {
		ids = malloc(ni->nifs * sizeof(*ids) + 1);
		s.found = malloc(ni->nifs * sizeof(*s.found) + 1);
		if (!ids || !s.found) {
			free(ids);
			free(s.found);
			return -ENOMEM;
		}
		s.ids = ids;
		s.nids = s.left = veth_ids(ni, ids);
		for (k = 0; k < s.nids; k++)
			s.found[k] = NONE;
		if (s.nids)
			search(&s, a);
		nsi_nl_close(s.rtnl);
	}
	/* each netnsid once (several veths may have it) */
	for (k = 0; k < s.nids; k++)
		s.found[k] = k && ids[k] == ids[k - 1] ? NONE : s.found[k];
	for (k = 0; k < s.nids; k++)
		named += s.found[k] < GONE;
	fprintf(out, "peers %zu\n", named);
	for (k = 0; k < s.nids; k++)
		if (s.found[k] < GONE)
			fprintf(out, "peer %d %zu\n", ids[k], s.found[k]);
	free(ids);
	free(s.found);
	return 0;
}

static int one_visit(struct nsi_ns *ns, FILE *out, void *arg)
{
	const struct one *a = arg;
	struct nsi_netinfo *ni;
	int rc;

	ni = nsi_netinfo_new();
	if (!ni)
		return -ENOMEM;
	rc = nsi_rtnl_read_ifs(ni);
	if (rc == 0) {
		nsi_firewall_count(ni, a->procfd);
		rc = write_peers(a, ns, ni, out);
	}
	if (rc == 0)
		rc = nsi_netinfo_write(ni, out);
	nsi_netinfo_free(ni);
	return rc;
}

/*
 * Read the "peers" lines at *@p (up to @end) into @a when @ns is the one
 * selected; *@p is left at the netinfo payload.  0 or -EBADMSG.
 */
static int parse_peers(struct one *a, const struct nsi_ns *ns,
		       const char **p, const char *end)
{
	unsigned long k, n, idx;
	long id;
	char *e;

	if (end - *p < 6 || strncmp(*p, "peers ", 6) != 0)
		return -EBADMSG;
	n = strtoul(*p + 6, &e, 10);
	if (e >= end || *e != '\n' || (n && ns != a->sel) || n > a->m->nns)
		return -EBADMSG;
	*p = e + 1;
	if (ns != a->sel)
		return 0;
	free(a->id);
	free(a->idx);
	a->n = 0;
	a->id = calloc(n + 1, sizeof(*a->id));
	a->idx = calloc(n + 1, sizeof(*a->idx));
	if (!a->id || !a->idx)
		return -ENOMEM;
	for (k = 0; k < n; k++, *p = e + 1) {
		if (end - *p < 5 || strncmp(*p, "peer ", 5) != 0)
			return -EBADMSG;
		id = strtol(*p + 5, &e, 10);
		if (e >= end || *e != ' ' || id < 0 || id > INT32_MAX)
			return -EBADMSG;
		idx = strtoul(e + 1, &e, 10);
		if (e >= end || *e != '\n' || idx >= a->m->nns ||
		    a->m->ns[idx]->type != NSI_NS_NET || a->m->ns[idx] == ns)
			return -EBADMSG;
		a->id[a->n] = (int)id;
		a->idx[a->n++] = idx;
	}
	return 0;
}

static int one_collect(struct nsi_ns *ns, int err, const void *payload,
		       size_t len, void *arg)
{
	struct one *a = arg;
	const char *p = payload;

	int rc = err ? 0 : parse_peers(a, ns, &p, p + len);

	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		err = -EBADMSG;
	return net_collect(ns, err, err ? NULL : p,
			   err ? 0 : len - (size_t)(p - (const char *)payload),
			   NULL);
}

/* Pair veth @f of @x with the interface its link names in @p, if it is
 * the veth whose link is @f. */
static void pair_with(struct nsi_netif *f, struct nsi_ns *x, struct nsi_ns *p)
{
	struct nsi_netif *g = nsi_netinfo_find_if(p->net, f->link);

	if (!g || g == f || strcmp(g->kind, "veth") != 0 ||
	    g->link != f->ifindex || (g->link_netnsid == -1) != (p == x))
		return;
	f->peer = g;
	f->peer_ns = p;
	g->peer = f;
	g->peer_ns = x;
}

/* The veths of @x with their peers, from what @a found. */
static void pair_found(struct nsi_model *m, struct nsi_ns *x,
		       const struct one *a)
{
	size_t i, k;

	for (i = 0; x->net && i < x->net->nifs; i++) {
		struct nsi_netif *f = &x->net->ifs[i];

		if (strcmp(f->kind, "veth") != 0 || f->link <= 0 || f->peer)
			continue;
		if (f->link_netnsid == -1) {
			pair_with(f, x, x);
			continue;
		}
		for (k = 0; k < a->n; k++)
			if (a->id[k] == f->link_netnsid)
				pair_with(f, x, m->ns[a->idx[k]]);
	}
}

/* Whether @a found the namespace of netnsid @id. */
static int was_found(const struct one *a, int id)
{
	size_t k;

	for (k = 0; k < a->n; k++)
		if (a->id[k] == id)
			return 1;
	return 0;
}

/*
 * Keep in @ids what @a found of @ns for the next call, and, with peer 0,
 * the netnsids of its veths none was found for.  0 or -ENOMEM.
 */
static int keep_ids(struct nsi_netids *ids, const struct nsi_model *m,
		    const struct nsi_ns *ns, const struct one *a)
{
	size_t k, n = a->n, nifs = ns->net ? ns->net->nifs : 0;
	int *id = realloc(ids->id, (n + nifs + 1) * sizeof(*id));
	ino_t *peer;

	if (!id)
		return -ENOMEM;
	ids->id = id;	/* ids->n entries still the last call's */
	peer = realloc(ids->peer, (n + nifs + 1) * sizeof(*peer));
	if (!peer)
		return -ENOMEM;
	ids->peer = peer;
	for (k = 0; k < a->n; k++) {
		id[k] = a->id[k];
		peer[k] = m->ns[a->idx[k]]->ino;
	}
	for (k = 0; k < nifs; k++) {
		const struct nsi_netif *f = &ns->net->ifs[k];

		if (!strcmp(f->kind, "veth") && f->link > 0 &&
		    f->link_netnsid >= 0 && !was_found(a, f->link_netnsid)) {
			id[n] = f->link_netnsid;	/* repeats are harmless */
			peer[n++] = 0;
		}
	}
	ids->ino = ns->ino;
	ids->n = n;
	return 0;
}

/* A signature of the network namespaces of @m (FNV-1a of the inodes). */
static uint64_t net_set(const struct nsi_model *m)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < m->nns; i++)
		if (m->ns[i]->type == NSI_NS_NET)
			h = (h ^ (uint64_t)m->ns[i]->ino) * 1099511628211ULL;
	return h;
}

void nsi_netids_release(struct nsi_netids *ids)
{
	free(ids->id);
	free(ids->peer);
	*ids = (struct nsi_netids){ .ino = 0 };
}

int nsi_netinfo_collect_one(struct nsi_model *m, int procfd,
			    struct nsi_ns *ns, struct nsi_netids *ids)
{
	struct one a = { .procfd = procfd, .m = m, .sel = ns };
	unsigned char *want;
	size_t i, k, x = ns_index(m, ns);
	int rc, more = 0;

	if (x == NONE || ns->type != NSI_NS_NET || !ns->ino)
		return -EINVAL;
	want = calloc(m->nns + 1, 1);
	if (!want)
		return -ENOMEM;
	a.hint = ids && ids->ino == ns->ino ? ids : NULL;
	a.same_set = a.hint && a.hint->set == net_set(m);
	want[x] = 1;	/* and the peers it had: read in the same child */
	for (k = 0; a.hint && k < a.hint->n; k++) {
		const struct nsi_ns *p = a.hint->peer[k] ?
			nsi_model_get_ns(m, NSI_NS_NET, a.hint->peer[k], 0) :
			NULL;

		if (p && (i = ns_index(m, p)) != NONE)
			want[i] = 1;
	}
	rc = nsi_visit_some(m, procfd, NSI_NS_NET, want, one_visit,
			    one_collect, &a);
	/* -EIO: the child died; what it did not get to has net->err set */
	memset(want, 0, m->nns);
	for (k = 0; (rc == 0 || rc == -EIO) && k < a.n; k++)
		if (!m->ns[a.idx[k]]->net)
			more = want[a.idx[k]] = 1;
	if (more)	/* peers new since the last call */
		rc = nsi_visit_some(m, procfd, NSI_NS_NET, want, one_visit,
				    one_collect, &a);
	free(want);
	if (rc == 0 || rc == -EIO) {
		pair_found(m, ns, &a);
		rc = ids ? keep_ids(ids, m, ns, &a) : 0;
		if (ids && rc == 0)
			ids->set = net_set(m);
	}
	free(a.id);
	free(a.idx);
	return rc;
}
