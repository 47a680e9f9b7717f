/*
 * netinfo.c - interfaces and firewall rules of network namespaces.
 *
 * A forked child (nsi_visit_each()) enters each network namespace, dumps
 * its links and addresses over rtnetlink(7) (rtnl.c), counts its
 * firewall rules (firewall.c: nftables over nfnetlink, or legacy x_tables
 * with getsockopt(2)), and writes the result as the text payload of
 * netinfo-wire.h (wire.c), which the parent parses into ns->net.  veth
 * peers are then matched across namespaces by nsi_netinfo_link_peers()
 * (peers.c).
 */
#include "config.h"

#include <errno.h>
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
	struct nsi_nl *rtnl = NULL;	/* one socket for every netnsid asked */
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
		if (nsi_netnsid(&rtnl, fd, &id) == 0)
			ns->netnsid = id;
		close(fd);
	}
	nsi_nl_close(rtnl);
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
