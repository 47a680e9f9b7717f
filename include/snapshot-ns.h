/*
 * snapshot-ns.h - the namespaces of a snapshot (snapshot-ns.c), for the
 * loader (snapshot-read.c).
 */
#ifndef NSI_SNAPSHOT_NS_H
#define NSI_SNAPSHOT_NS_H

#include <json-c/json.h>

#include "model.h"
#include "snapshot-json.h"

/**
 * nsi_snapshot_read_ns() - the "namespaces" array of a snapshot into @m,
 * after its processes (which made the namespaces they are in): each
 * namespace once (a second of the same type and inode is refused), with
 * its owner, parent, netnsid, host name, ID maps, network detail (net
 * only), holders (through nsi_ns_add_holder() and nsi_ns_add_via(): a
 * parent or owner names the namespace it was reached from, which must be
 * in the document), nsfs paths, and the counts the model keeps of them.
 * @c:   the loader's context.
 * @top: the document.
 * @m:   the model.
 *
 * Return: 0, -EINVAL (the reason in @c) or -ENOMEM.
 */
int nsi_snapshot_read_ns(struct nsi_sj *c, struct json_object *top,
			 struct nsi_model *m);

#endif /* NSI_SNAPSHOT_NS_H */
