/*
 * strset.c - a set of borrowed strings (strset.h): a struct nsi_hmap
 * whose keys are the strings' bytes.
 */
#include "config.h"

#include "strset.h"

int nsi_strset_add(struct nsi_strset *set, const char *s)
{
	return nsi_hmap_add(&set->map, nsi_hkey_str(s), NULL);
}

int nsi_strset_has(const struct nsi_strset *set, const char *s)
{
	return nsi_hmap_has(&set->map, nsi_hkey_str(s));
}

void nsi_strset_release(struct nsi_strset *set)
{
	nsi_hmap_release(&set->map);
}
