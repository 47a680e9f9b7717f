/*
 * snapshot-ctr.h - the containers of a snapshot (snapshot-ctr.c), for
 * the loader (snapshot-read.c).
 */
#ifndef NSI_SNAPSHOT_CTR_H
#define NSI_SNAPSHOT_CTR_H

#include <json-c/json.h>
#include <stddef.h>

#include "model.h"
#include "snapshot-json.h"

/**
 * nsi_snapshot_read_containers() - the "containers" array of a snapshot
 * into @m: each new (a second of the same runtime, ID and owner is
 * refused), its runtime and its default set's name mapped to the static
 * strings the collectors use ("other" for a name this build does not
 * know), at most NSI_CONTAINER_NAMES_MAX names each.
 * @c:     the loader's context.
 * @top:   the document.
 * @m:     the model.
 * @ctrs:  set to a malloc'd array of the containers (borrowed from @m) in
 *         the document's order, which the processes refer to by index;
 *         the caller frees it, also on error.
 * @nctrs: set to the number loaded.
 *
 * Return: 0, -EINVAL (the reason in @c) or -ENOMEM.
 */
int nsi_snapshot_read_containers(struct nsi_sj *c, struct json_object *top,
				 struct nsi_model *m,
				 struct nsi_container ***ctrs, size_t *nctrs);

#endif /* NSI_SNAPSHOT_CTR_H */
