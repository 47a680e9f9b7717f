/*
 * render-dot.c - the network topology in Graphviz dot, through libcgraph
 * (the library behind dot(1)), which quotes every name and label.  The
 * only file that includes <graphviz/cgraph.h>.
 */
#include "config.h"

#include <errno.h>
#include <graphviz/cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "netinfo.h"
#include "render.h"

/* cgraph takes char *: every string here is copied by it, never changed. */
#define S(str) ((char *)(str))

static void node_name(char *buf, size_t size, const struct nsi_ns *ns,
		      int ifindex)
{
	snprintf(buf, size, "if_%llu_%d", (unsigned long long)ns->ino,
		 ifindex);
}

/* "name\nkind\naddress/len..." with dot's \n line breaks. */
static char *iface_label(const struct nsi_netif *f)
{
	size_t len = strlen(f->name) + strlen(f->kind) + 8, i;
	char *s, *p;

	for (i = 0; i < f->naddrs; i++)
		len += strlen(f->addrs[i].addr) + 8;
	p = s = malloc(len);
	if (!s)
		return NULL;
	p += sprintf(p, "%s\\n%s", f->name, f->kind);
	for (i = 0; i < f->naddrs; i++)
		p += sprintf(p, "\\n%s/%u", f->addrs[i].addr,
			     f->addrs[i].prefixlen);
	return s;
}

static int add_namespace(Agraph_t *g, const struct nsi_ns *ns)
{
	const struct nsi_netinfo *ni = ns->net;
	char name[64], *label;
	Agraph_t *sg;
	size_t i;

	snprintf(name, sizeof(name), "cluster_%llu",
		 (unsigned long long)ns->ino);
	sg = agsubg(g, name, 1);
	label = nsi_ns_label(ns);
	if (!sg || !label) {
		free(label);
		return -ENOMEM;
	}
	snprintf(name, sizeof(name), "\\nnet:[%llu]",
		 (unsigned long long)ns->ino);
	label = realloc(label, strlen(label) + strlen(name) + 1);
	if (!label)
		return -ENOMEM;
	strcat(label, name);
	agsafeset(sg, S("label"), label, S(""));
	free(label);
	for (i = 0; ni && i < ni->nifs; i++) {
		const struct nsi_netif *f = &ni->ifs[i];
		Agnode_t *n;

		node_name(name, sizeof(name), ns, f->ifindex);
		n = agnode(sg, name, 1);
		label = iface_label(f);
		if (!n || !label) {
			free(label);
			return -ENOMEM;
		}
		agsafeset(n, S("label"), label, S(""));
		agsafeset(n, S("shape"), S(strcmp(f->kind, "bridge") == 0 ?
					   "box3d" : "box"), S("box"));
		free(label);
	}
	return 0;
}

static Agnode_t *find_node(Agraph_t *g, const struct nsi_ns *ns, int ifindex)
{
	char name[64];

	node_name(name, sizeof(name), ns, ifindex);
	return agnode(g, name, 0);
}

/* veth pairs (drawn once) and links to master bridges. */
static int add_edges(Agraph_t *g, const struct nsi_ns *ns)
{
	const struct nsi_netinfo *ni = ns->net;
	size_t i;

	for (i = 0; ni && i < ni->nifs; i++) {
		const struct nsi_netif *f = &ni->ifs[i];
		Agnode_t *a = find_node(g, ns, f->ifindex), *b;
		Agedge_t *e;

		if (f->master && (b = find_node(g, ns, f->master))) {
			e = agedge(g, a, b, NULL, 1);
			if (!e)
				return -ENOMEM;
			agsafeset(e, S("style"), S("dashed"), S(""));
			agsafeset(e, S("label"), S("master"), S(""));
		}
		if (!f->peer || !f->peer_ns)
			continue;
		/* draw each pair once: from the end with the smaller key */
		if (f->peer_ns->ino < ns->ino ||
		    (f->peer_ns == ns && f->peer->ifindex < f->ifindex))
			continue;
		b = find_node(g, f->peer_ns, f->peer->ifindex);
		if (!b)
			continue;	/* its namespace is not shown */
		e = agedge(g, a, b, NULL, 1);
		if (!e)
			return -ENOMEM;
		agsafeset(e, S("label"), S("veth"), S(""));
		agsafeset(e, S("penwidth"), S("2"), S("1"));
	}
	return 0;
}

int nsi_render_dot(FILE *out, const struct nsi_output *o)
{
	Agraph_t *g = agopen(S("netns"), Agundirected, NULL);
	size_t r;
	int rc = 0;

	if (!g)
		return -ENOMEM;
	agattr(g, AGRAPH, S("rankdir"), S("LR"));
	agattr(g, AGRAPH, S("fontname"), S("Helvetica"));
	agattr(g, AGNODE, S("fontname"), S("Helvetica"));
	agattr(g, AGEDGE, S("fontname"), S("Helvetica"));
	agattr(g, AGNODE, S("shape"), S("box"));
	agattr(g, AGEDGE, S("style"), S("solid"));
	agattr(g, AGEDGE, S("label"), S(""));
	agattr(g, AGEDGE, S("penwidth"), S("1"));
	agattr(g, AGRAPH, S("label"), S(""));
	agattr(g, AGNODE, S("label"), S("\\N"));
	for (r = 0; rc == 0 && r < o->nrows; r++)
		rc = add_namespace(g, o->rows[r]);
	for (r = 0; rc == 0 && r < o->nrows; r++)
		rc = add_edges(g, o->rows[r]);
	if (rc == 0 && agwrite(g, out) != 0)
		rc = errno ? -errno : -EIO;
	agclose(g);
	return rc;
}
