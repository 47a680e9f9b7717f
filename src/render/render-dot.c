/*
 * render-dot.c - the network topology in Graphviz dot, through libcgraph
 * (the library behind dot(1)), which quotes every name and label; the
 * text of labels is escaped by label_text().  The only file that includes
 * <graphviz/cgraph.h>.
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
#include "textsafe.h"

/* cgraph takes char *: every string here is copied by it, never changed. */
#define S(str) ((char *)(str))

static void node_name(char *buf, size_t size, const struct nsi_ns *ns,
		      int ifindex)
{
	snprintf(buf, size, "if_%llu_%d", (unsigned long long)ns->ino,
		 ifindex);
}

/*
 * Write untrusted @s to @m as label text: escaped by textsafe.h (in
 * UTF-8, Graphviz's charset, whatever our locale), then each backslash
 * doubled, since a label turns \N, \G, \E, \H, \T, \L into names and
 * \n, \l, \r into line breaks, and \\ into \; and each & as &amp;, since
 * a label decodes HTML entities.  agwrite() puts a \ before each ", and
 * dot reads back \\ as two characters: a backslash and a quote of @s
 * never make an escaped quote.  Returns -ENOMEM.
 */
static int label_text(FILE *m, const char *s)
{
	char *t = nsi_text_escape(s, 0), *p;

	if (!t)
		return -ENOMEM;
	for (p = t; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", m);
		else if (*p == '&')
			fputs("&amp;", m);
		else
			fputc(*p, m);
	}
	free(t);
	return 0;
}

/*
 * Close @m, an open_memstream(3) of *@text: *@text (malloc'd), or NULL
 * (ENOMEM) when it or @rc failed.
 */
static char *memstream_text(FILE *m, char **text, int rc)
{
	if (fclose(m) != 0 || rc < 0) {
		free(*text);
		return NULL;
	}
	return *text;
}

/* "name\nkind\naddress/len..." with dot's \n line breaks. */
static char *iface_label(const struct nsi_netif *f)
{
	char *s = NULL;
	size_t len, i;
	FILE *m = open_memstream(&s, &len);
	int rc;

	if (!m)
		return NULL;
	rc = label_text(m, f->name);
	fputs("\\n", m);
	if (rc == 0)
		rc = label_text(m, f->kind);
	for (i = 0; rc == 0 && i < f->naddrs; i++) {
		fputs("\\n", m);
		rc = label_text(m, f->addrs[i].addr);
		fprintf(m, "/%u", f->addrs[i].prefixlen);
	}
	return memstream_text(m, &s, rc);
}

/* The namespace's name (nsi_ns_label()), then "net:[INODE]". */
static char *ns_label(const struct nsi_ns *ns)
{
	char *s = NULL, *name = nsi_ns_label(ns);
	size_t len;
	FILE *m;
	int rc;

	if (!name)
		return NULL;
	m = open_memstream(&s, &len);
	if (!m) {
		free(name);
		return NULL;
	}
	rc = label_text(m, name);
	fprintf(m, "\\nnet:[%llu]", (unsigned long long)ns->ino);
	free(name);
	return memstream_text(m, &s, rc);
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
	label = ns_label(ns);
	if (!sg || !label) {
		free(label);
		return -ENOMEM;
	}
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
