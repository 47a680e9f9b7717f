/*
 * snapshot.c - --snapshot and --input on the command line
 * (cli-snapshot.h): each failure in one line on stderr, exit 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-snapshot.h"
#include "messages.h"
#include "metrics.h"
#include "privs.h"
#include "render-snapshot.h"
#include "snapshot-view.h"

void cli_snapshot_scan(const struct options *o, int procfd,
		       struct nsi_model *m, struct nsi_snapshot_meta *meta)
{
	int rc = nsi_privs_drop(nsi_view_snapshot_caps(o->q.net_detail, procfd));
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	rc = nsi_view_snapshot(m, procfd, o->q.net_detail, meta);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the process list");
	cli_report(&meta->report);
}

int cli_snapshot_write(const struct options *o, const struct nsi_model *m,
		       const struct nsi_snapshot_meta *meta)
{
	const char *file = o->snapshot_file;
	int rc;

	if (!file || !strcmp(file, "-"))
		return nsi_render_snapshot(stdout, m, meta);
	rc = nsi_render_snapshot_file(file, m, meta);
	if (rc < 0)
		cli_fatal(EXIT_FAILURE, -rc, "cannot write the snapshot '%s'",
			  file);
	return 0;
}

void cli_input(const struct options *o, const int *cols, size_t ncols,
	       struct nsi_model *m, struct nsi_snapshot_meta *meta,
	       struct nsi_report *r)
{
	const char *f = o->input;
	struct nsi_snapshot_error e;
	int rc = nsi_privs_drop(0);

	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	rc = nsi_view_input(f, &o->q, cols, ncols, m, meta, r, &e);
	switch (rc) {
	case 0:
		return;
	case -ENODATA:
		cli_fatal(EXIT_FAILURE, 0, "'%s' was taken without --detail: it holds "
		     "no network detail", f);
	case -EPROTONOSUPPORT:
		cli_fatal(EXIT_FAILURE, 0, "'%s': %s", f, e.reason);
	case -EBADMSG:
	case -EFBIG:
		cli_fatal(EXIT_FAILURE, 0, "'%s': not a snapshot: %s", f, e.reason);
	case -EINVAL:
		cli_fatal(EXIT_FAILURE, 0, "'%s': not a valid snapshot: %s at %s", f,
		     e.reason, e.path);
	default:
		cli_fatal(EXIT_FAILURE, -rc, "cannot read '%s'", f);
	}
}

int cli_input_metrics(const struct options *o, struct nsi_model *m,
		      struct nsi_report *r, struct nsi_metrics *mx)
{
	struct nsi_snapshot_meta meta;
	struct tm tm = { 0 };
	const char *end;
	int rc;

	cli_input(o, NULL, 0, m, &meta, r);
	rc = nsi_view_metrics(m, mx);
	if (rc < 0)
		return rc;
	/* the loader checked the characters, not the date: one more check */
	end = strptime(meta.time, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end && !*end)
		mx->scan_time = (double)timegm(&tm);
	return 0;
}
