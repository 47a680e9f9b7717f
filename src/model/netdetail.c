/*
 * netdetail.c - the plain data of a network namespace's detail
 * (struct nsi_netinfo): make, grow, sort, search and free it.  No I/O;
 * the net layer (src/net/) fills it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "netdetail.h"

struct nsi_netinfo *nsi_netinfo_new(void)
{
	struct nsi_netinfo *ni = calloc(1, sizeof(*ni));

	if (ni)
		ni->fw_rules = -1;
	return ni;
}

struct nsi_netif *nsi_netinfo_add_if(struct nsi_netinfo *ni)
{
	struct nsi_netif *nif;

	if (nsi_grow(&ni->ifs, &ni->ifs_alloc, ni->nifs + 1,
		     sizeof(*ni->ifs)) < 0)
		return NULL;
	nif = &ni->ifs[ni->nifs++];
	memset(nif, 0, sizeof(*nif));
	nif->link_netnsid = -1;
	return nif;
}

int nsi_netif_add_addr(struct nsi_netif *nif, const struct nsi_netaddr *a)
{
	if (nsi_grow(&nif->addrs, &nif->addrs_alloc, nif->naddrs + 1,
		     sizeof(*nif->addrs)) < 0)
		return -ENOMEM;
	nif->addrs[nif->naddrs++] = *a;
	return 0;
}

static int if_cmp(const void *a, const void *b)
{
	const struct nsi_netif *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

void nsi_netinfo_sort(struct nsi_netinfo *ni)
{
	if (ni->nifs)
		qsort(ni->ifs, ni->nifs, sizeof(*ni->ifs), if_cmp);
}

struct nsi_netif *nsi_netinfo_find_if(const struct nsi_netinfo *ni,
				      int ifindex)
{
	struct nsi_netif key = { .ifindex = ifindex };

	if (!ni || !ifindex || !ni->nifs)
		return NULL;
	return bsearch(&key, ni->ifs, ni->nifs, sizeof(*ni->ifs), if_cmp);
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
