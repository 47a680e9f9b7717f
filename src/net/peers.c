/*
 * peers.c - veth peers matched across network namespaces: each veth of
 * ns->net gets the interface at the other end and its namespace.  Pure:
 * it reads only what the collectors put in the model.  The veths are
 * found by a chained hash of (namespace or ifindex, ifindex or link), so
 * the work is linear in the number of interfaces.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netinfo.h"

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

/* The veths of a model and the tables that match them. */
struct peers {
	struct vent *v;
	size_t nv;
	struct htab h1;		/* (namespace, ifindex) -> veth */
	struct htab hid;	/* netnsid -> namespace */
	struct htab h2;		/* pass 2: (ifindex, link) -> veth */
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

/* Fill p->v, h1: (namespace, ifindex) -> veth, hid: netnsid -> namespace. */
static void index_veths(struct peers *p, struct nsi_model *m, size_t selfidx)
{
	size_t i, j;

	p->nv = 0;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_NET)
			continue;
		if (ns->netnsid >= 0)
			htab_add(&p->hid, (uint32_t)ns->netnsid, i);
		if (!ns->net)
			continue;
		for (j = 0; j < ns->net->nifs; j++) {
			struct nsi_netif *nif = &ns->net->ifs[j];

			if (strcmp(nif->kind, "veth") || nif->link <= 0)
				continue;
			p->v[p->nv] = (struct vent){ i, ns, nif, i == selfidx,
						     0, NONE };
			htab_add(&p->h1, key2((int)i, nif->ifindex), p->nv);
			p->nv++;
		}
	}
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
		size_t y, k, z;

		if (x->link_netnsid == -1) {
			y = v[i].nsidx;
		} else if (v[i].self) {
			k = htab_next(&p->hid, (uint32_t)x->link_netnsid, 0);
			if (!k)
				continue;	/* a namespace not in the model */
			v[i].id_known = 1;
			if (htab_next(&p->hid, (uint32_t)x->link_netnsid, k))
				continue;	/* not unique: a broken model */
			y = p->hid.node[k - 1].val;
		} else {
			continue;
		}
		if (x->peer)
			continue;
		k = htab_next(&p->h1, key2((int)y, x->link), 0);
		if (!k)
			continue;
		z = p->h1.node[k - 1].val;
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
static void pass_unique(struct peers *p)
{
	struct vent *v = p->v;
	size_t i;

	for (i = 0; i < p->nv; i++) {
		struct nsi_netif *x = v[i].nif;

		if (!x->peer && x->link_netnsid != -1)
			htab_add(&p->h2, key2(x->ifindex, x->link), i);
	}
	for (i = 0; i < p->h2.n; i++) {
		size_t x = p->h2.node[i].val;

		v[x].cand = unique_cand(&p->h2, v, x);
	}
	for (i = 0; i < p->h2.n; i++) {
		size_t x = p->h2.node[i].val, y = v[x].cand;

		if (y != NONE && v[y].cand == x && !v[x].nif->peer)
			pair(&v[x], &v[y]);
	}
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
	if (!p.v || htab_init(&p.h1, nv) < 0 || htab_init(&p.hid, nnet) < 0 ||
	    htab_init(&p.h2, nv) < 0)
		goto out;
	index_veths(&p, m, selfidx);
	pass_known(&p);
	pass_unique(&p);
	rc = 0;
out:
	htab_free(&p.h1);
	htab_free(&p.hid);
	htab_free(&p.h2);
	free(p.v);
	return rc;
}
