/*
 * diff-input.c - the two models of --diff (diff-input.h).
 */
#include "config.h"

#include "diff-input.h"
#include "snapshot-view.h"

int nsi_view_diff_load(struct nsi_diff_input *in, int procfd)
{
	int rc;

	nsi_model_init(&in->old);
	nsi_model_init(&in->new);
	in->bad_path = in->old_path;
	rc = nsi_snapshot_read_path(in->old_path, &in->old, &in->old_meta,
				    &in->err);
	if (rc < 0)
		return rc;
	if (in->new_path) {
		in->bad_path = in->new_path;
		return nsi_snapshot_read_path(in->new_path, &in->new,
					      &in->new_meta, &in->err);
	}
	in->bad_path = NULL;
	/* the scan of --snapshot, so that both sides read the same */
	rc = nsi_view_snapshot(&in->new, procfd, 0, &in->new_meta);
	in->report = in->new_meta.report;
	return rc;
}

void nsi_view_diff_release(struct nsi_diff_input *in)
{
	nsi_model_release(&in->old);
	nsi_model_release(&in->new);
}
