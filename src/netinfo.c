/*
 * netinfo.c - interfaces and firewall rules of network namespaces.
 * (Being written: only nsi_netinfo_free() so far.)
 */
#include "config.h"

#include <stdlib.h>

#include "netinfo.h"

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
