/*
 * peers.c - veth peers matched across network namespaces: each veth of
 * ns->net gets the interface at the other end and its namespace.  Pure:
 * it reads only what the collectors put in the model.  The veths are
 * found by hash maps (hashmap.h: keyed, so the ifindexes a user chooses in
 * its own namespaces cannot collide) of (namespace or ifindex, ifindex or
 * link), so the work is linear in the number of interfaces.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "netinfo.h"

struct vent {
	size_t nsidx;		/* index of its namespace in m->ns */
	struct nsi_ns *ns;
	struct nsi_netif *nif;
	int self;		/* in the current namespace */
	int id_known;		/* self: its link_netnsid names a namespace */
	size_t cand;		/* the unique candidate of pass 2, or none */
	int in2;		/* in h2 (pass 2) */
	size_t next2;		/* the veth (index + 1) in h2 before it with
				 * its key, or 0 */
};

#define NONE SIZE_MAX

/*
 * The values of the maps: a veth's or namespace's index + 1, so that NULL
 * (0) is none; DUP in hid: several namespaces have that netnsid.
 */
#define IDX_VAL(i) ((void *)(uintptr_t)((i) + 1))
#define DUP ((void *)UINTPTR_MAX)

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
static size_t unique_cand(const struct nsi_hmap *h2, struct vent *v, size_t x)
{
	uint64_t key = key2(v[x].nif->link, v[x].nif->ifindex);
	size_t i, found = NONE;

	for (i = (uintptr_t)nsi_hmap_get(h2, nsi_hkey_u64(key)); i;
	     i = v[i - 1].next2) {
		size_t y = i - 1;

		if (v[y].nsidx == v[x].nsidx || !id_fits(&v[x], &v[y]) ||
		    !id_fits(&v[y], &v[x]))
			continue;
		if (found != NONE)
			return NONE;
		found = y;
	}
	return found;
}

/* The veths of a model and the tables that match them. */
struct peers {
	struct vent *v;
	size_t nv;
	struct nsi_hmap h1;	/* (namespace, ifindex) -> veth */
	struct nsi_hmap hid;	/* netnsid -> namespace, or DUP */
	struct nsi_hmap h2;	/* pass 2: (ifindex, link) -> the last veth
				 * added with it, the others by next2 */
};

/*
 * Forget what an earlier call found; count the veths (into @nv) and the
 * network namespaces (@nnet), and find the current one (@selfidx, NONE
 * when it is not in the model).
 */
static void count_veths(struct nsi_model *m, ino_t self_net, size_t *nv,
			size_t *nnet, size_t *selfidx)
{
	size_t i, j;

	*nv = *nnet = 0;
	*selfidx = NONE;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_NET)
			continue;
		(*nnet)++;
		if (self_net && ns->ino == self_net)
			*selfidx = i;
		if (!ns->net)
			continue;
		for (j = 0; j < ns->net->nifs; j++) {
			struct nsi_netif *nif = &ns->net->ifs[j];

			nif->peer = NULL;
			nif->peer_ns = NULL;
			if (!strcmp(nif->kind, "veth") && nif->link > 0)
				(*nv)++;
		}
	}
}

/*
 * Fill p->v, h1: (namespace, ifindex) -> veth (the last one added when a
 * broken model has several), hid: netnsid -> namespace (DUP when several
 * have it).  0 or -ENOMEM.
 */
static int index_veths(struct peers *p, struct nsi_model *m, size_t selfidx)
{
	size_t i, j;
	int rc;

	p->nv = 0;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_NET)
			continue;
		if (ns->netnsid >= 0) {
			struct nsi_hkey k = nsi_hkey_u64((uint32_t)ns->netnsid);

			rc = nsi_hmap_add(&p->hid, k, IDX_VAL(i));
			if (rc == 0)
				rc = nsi_hmap_set(&p->hid, k, DUP);
			if (rc < 0)
				return rc;
		}
		if (!ns->net)
			continue;
		for (j = 0; j < ns->net->nifs; j++) {
			struct nsi_netif *nif = &ns->net->ifs[j];

			if (strcmp(nif->kind, "veth") || nif->link <= 0)
				continue;
			p->v[p->nv] = (struct vent){ i, ns, nif, i == selfidx,
						     0, NONE, 0, 0 };
			rc = nsi_hmap_set(&p->h1,
					  nsi_hkey_u64(key2((int)i, nif->ifindex)),
					  IDX_VAL(p->nv));
			if (rc < 0)
				return rc;
			p->nv++;
		}
	}
	return 0;
}

/*
 * Pass 1: the peer's namespace is known: the same one (no
 * IFLA_LINK_NETNSID), or, for a veth of the current namespace, the one it
 * gave that netnsid.
 */
static void pass_known(struct peers *p)
{
	struct vent *v = p->v;
	size_t i;

	for (i = 0; i < p->nv; i++) {
		struct nsi_netif *x = v[i].nif;
		size_t y, z;
		void *ns;

		if (x->link_netnsid == -1) {
			y = v[i].nsidx;
		} else if (v[i].self) {
			ns = nsi_hmap_get(&p->hid, nsi_hkey_u64(
					(uint32_t)x->link_netnsid));
			if (!ns)
				continue;	/* a namespace not in the model */
			v[i].id_known = 1;
			if (ns == DUP)
				continue;	/* not unique: a broken model */
			y = (uintptr_t)ns - 1;
		} else {
			continue;
		}
		if (x->peer)
			continue;
		z = (uintptr_t)nsi_hmap_get(&p->h1,
					    nsi_hkey_u64(key2((int)y, x->link)));
		if (!z--)
			continue;
		if (z == i || v[z].nif->peer || v[z].nif->link != x->ifindex ||
		    (v[z].nif->link_netnsid == -1) != (y == v[i].nsidx))
			continue;
		pair(&v[i], &v[z]);
	}
}

/*
 * Pass 2: a veth of another namespace names the namespace of its peer by
 * a netnsid we cannot translate.  Match the veths left by (ifindex, link),
 * when each is the other's only candidate.
 */
static int pass_unique(struct peers *p)
{
	struct vent *v = p->v;
	size_t x, y;

	for (x = 0; x < p->nv; x++) {
		struct nsi_netif *f = v[x].nif;
		struct nsi_hkey k = nsi_hkey_u64(key2(f->ifindex, f->link));

		if (f->peer || f->link_netnsid == -1)
			continue;
		v[x].next2 = (uintptr_t)nsi_hmap_get(&p->h2, k);
		if (nsi_hmap_set(&p->h2, k, IDX_VAL(x)) < 0)
			return -ENOMEM;
		v[x].in2 = 1;
	}
	for (x = 0; x < p->nv; x++)
		if (v[x].in2)
			v[x].cand = unique_cand(&p->h2, v, x);
	for (x = 0; x < p->nv; x++) {
		y = v[x].cand;
		if (v[x].in2 && y != NONE && v[y].cand == x && !v[x].nif->peer)
			pair(&v[x], &v[y]);
	}
	return 0;
}

int nsi_netinfo_link_peers(struct nsi_model *m, ino_t self_net)
{
	struct peers p = { 0 };
	size_t nv, nnet, selfidx;
	int rc = -ENOMEM;

	count_veths(m, self_net, &nv, &nnet, &selfidx);
	if (!nv)
		return 0;
	p.v = malloc(nv * sizeof(*p.v));
	if (!p.v || nsi_hmap_reserve(&p.h1, nv) < 0 ||
	    nsi_hmap_reserve(&p.hid, nnet) < 0 ||
	    nsi_hmap_reserve(&p.h2, nv) < 0 ||
	    index_veths(&p, m, selfidx) < 0)
		goto out;
	pass_known(&p);
	rc = pass_unique(&p);
out:
	nsi_hmap_release(&p.h1);
	nsi_hmap_release(&p.hid);
	nsi_hmap_release(&p.h2);
	free(p.v);
	return rc;
}
