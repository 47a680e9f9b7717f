/*
 * diff-input.c - the two models of --diff (diff-input.h).
 */
#include "config.h"

#include <string.h>

#include "diff-input.h"

int nsi_view_diff_load(struct nsi_diff_input *in, int procfd)
{
	struct nsi_query q = { .view = NSI_VIEW_NS };
	int t, rc;

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
	for (t = 0; t < NSI_NS_NTYPES; t++)
		q.types[t] = 1;
	return nsi_view_scan(&in->new, procfd, &q, &in->report);
}

void nsi_view_diff_release(struct nsi_diff_input *in)
{
	nsi_model_release(&in->old);
	nsi_model_release(&in->new);
}
