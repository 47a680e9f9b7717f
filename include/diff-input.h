/*
 * diff-input.h - the two models --diff compares (diff-input.c): each a
 * snapshot file (snapshot.h) or, for NEW, a scan of the live system as
 * --snapshot makes (nsi_view_snapshot(), snapshot-view.h), so that a
 * snapshot and the live system are read alike.
 */
#ifndef NSI_DIFF_INPUT_H
#define NSI_DIFF_INPUT_H

#include "model.h"
#include "snapshot.h"
#include "view.h"

/**
 * struct nsi_diff_input - what --diff compares, and why a side failed.
 * @old_path:  the OLD snapshot ("-": standard input); borrowed.
 * @new_path:  the NEW snapshot, or NULL for the live system; borrowed.
 * @old, @new: the models, after nsi_view_diff_load().
 * @old_meta, @new_meta: the snapshots' metadata (of this run for the
 *             live system).
 * @report:    what the live scan could not read (zeroed for a file).
 * @bad_path:  on error: the file that failed (@old_path or @new_path),
 *             or NULL when the live scan failed.
 * @err:       on error from the loader: its reason and JSON path.
 */
struct nsi_diff_input {
	const char *old_path;
	const char *new_path;
	struct nsi_model old;
	struct nsi_model new;
	struct nsi_snapshot_meta old_meta;
	struct nsi_snapshot_meta new_meta;
	struct nsi_report report;
	const char *bad_path;
	struct nsi_snapshot_error err;
};

/**
 * nsi_view_diff_load() - load OLD, then NEW or scan the live system.
 * @in:     @old_path and @new_path set, the rest zeroed; filled.  Release
 *          it with nsi_view_diff_release() whatever the result.
 * @procfd: a proc-root fd for the live system; unused (may be -1) with
 *          @new_path.
 *
 * Return: 0; the -errno of nsi_snapshot_read_path() (with @bad_path, and
 * @err when it names a reason); the -errno of the live scan (@bad_path
 * NULL: nsi_view_snapshot()'s).
 */
int nsi_view_diff_load(struct nsi_diff_input *in, int procfd);

/**
 * nsi_view_diff_release() - free both models of @in.
 * @in: the input.
 */
void nsi_view_diff_release(struct nsi_diff_input *in);

#endif /* NSI_DIFF_INPUT_H */
