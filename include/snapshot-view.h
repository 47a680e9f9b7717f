/*
 * snapshot-view.h - snapshots in the views (snapshot-view.c): the scan of
 * --snapshot (what every one-shot view reads, read once, for
 * render-snapshot.c to write) and the model of --input (a snapshot
 * loaded, for any one-shot view to show with nothing read from this
 * machine).
 */
#ifndef NSI_SNAPSHOT_VIEW_H
#define NSI_SNAPSHOT_VIEW_H

#include <stdint.h>

#include "model.h"
#include "snapshot.h"
#include "view.h"

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

/**
 * nsi_view_input() - the model of --input: the snapshot @path ("-":
 * standard input) loaded (nsi_snapshot_read_path()), and @r the report
 * of the scan that took it, as the live view @q would have told it (the
 * process view reads no mount table nor open files).  Then the view runs
 * as on a live model with procfd -1: nsi_view_rows(), nsi_view_prepare()
 * and nsi_view_read_cmdline() read nothing.
 * @path: the snapshot.
 * @q:    the query.
 * @cols: the columns chosen, @ncols of them (RULES needs the network
 *        detail).
 * @m:    an empty model (nsi_model_init()).
 * @meta: filled with the snapshot's metadata.
 * @r:    filled.
 * @err:  the reason and JSON path when the document is refused.
 *
 * Return: 0; -ENODATA when the view needs the network detail (--detail,
 * --graph, RULES) and the snapshot was taken without it; else as
 * nsi_snapshot_read_path().
 */
int nsi_view_input(const char *path, const struct nsi_query *q,
		   const int *cols, size_t ncols, struct nsi_model *m,
		   struct nsi_snapshot_meta *meta, struct nsi_report *r,
		   struct nsi_snapshot_error *err);

#endif /* NSI_SNAPSHOT_VIEW_H */
