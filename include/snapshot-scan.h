/*
 * snapshot-scan.h - the scan of --snapshot (snapshot-scan.c): what every
 * one-shot view reads, read once, for render-snapshot.c to write.
 */
#ifndef NSI_SNAPSHOT_SCAN_H
#define NSI_SNAPSHOT_SCAN_H

#include <stdint.h>

#include "model.h"
#include "snapshot.h"

/**
 * nsi_view_snapshot_caps() - the capabilities --snapshot needs: those of
 * the namespace view with HOSTNAME, UID_MAP and GID_MAP, and with
 * @net_detail those of --detail (nsi_view_caps()).
 * @net_detail: 1 for --snapshot --detail.
 * @procfd:     a proc-root fd.
 *
 * Return: a mask of capability numbers.
 */
uint64_t nsi_view_snapshot_caps(int net_detail, int procfd);

/**
 * nsi_view_snapshot() - the scan of a snapshot: every process with its
 * status, namespace links, threads whose namespaces or capability sets
 * differ, container and command line (NSI_READS_SNAPSHOT); every
 * namespace with its holders, nsfs paths, owner, parent and netnsid, the
 * host names of uts namespaces and the ID maps of user namespaces; with
 * @net_detail the interfaces and firewall rules of network namespaces;
 * the engines' names of the containers.  Then @meta: this build's
 * version, the host name and kernel release (uname(2)), the time the scan
 * began (RFC 3339, UTC), and the report of what could not be read.
 * @m:          an empty model (nsi_model_init()).
 * @procfd:     a proc-root fd.
 * @net_detail: 1 to read inside network namespaces (--detail).
 * @meta:       filled.
 *
 * Return: 0, or -errno when the process list cannot be read at all, or
 * -ENOMEM.
 */
int nsi_view_snapshot(struct nsi_model *m, int procfd, int net_detail,
		      struct nsi_snapshot_meta *meta);

#endif /* NSI_SNAPSHOT_SCAN_H */
