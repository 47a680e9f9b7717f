/*
 * metrics.c - the command --metrics[=FILE] [--interval S]
 * (cli-metrics.h) and every line it prints on stderr.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "cli-metrics.h"
#include "cli-snapshot.h"
#include "messages.h"
#include "metrics.h"
#include "model.h"
#include "privs.h"
#include "render-metrics.h"
#include "sigfd.h"
#include "util.h"

void cli_unreadable(struct nsi_unreadable *u, const struct nsi_report *r)
{
	u->namespaces = r->unreadable;
	u->open_files = r->fds_unreadable;
	u->status = r->status_unreadable;
	u->threads = r->threads_unreadable;
	u->id_maps = r->maps_timed_out;
	u->filecaps = r->filecaps_unreadable;
	u->lsm = r->lsm_unreadable;
	u->err = r->unreadable ? r->unreadable_errno :
		r->fds_unreadable ? r->fds_errno :
		r->status_unreadable ? r->status_errno :
		r->threads_unreadable ? r->threads_errno :
		r->filecaps_unreadable ? r->filecaps_errno : r->lsm_errno;
	u->hidepid = r->hidepid[0] ? r->hidepid : NULL;
	u->hidden_tasks = r->hidden_tasks;
	u->not_nsfs = r->not_nsfs;
}

/*
 * One scan (or the snapshot), counted and written; @first prints the
 * scan's warnings.  A write to FILE that fails exits 1 the first time,
 * later only warns (the next interval tries again).
 */
static int metrics_once(const struct options *o, int procfd, int first)
{
	struct nsi_unreadable u = { 0 };
	struct nsi_metrics mx;
	struct nsi_report r;
	struct nsi_model m;
	int rc;

	nsi_model_init(&m);
	if (o->input)		/* a snapshot's (cli-snapshot.h) */
		rc = cli_input_metrics(o, &m, &r, &mx);
	else
		rc = nsi_view_metrics_scan(&m, procfd, &r, &mx);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the process list");
	if (first)
		cli_report(&r);
	cli_unreadable(&u, &r);
	if (o->metrics_file) {
		rc = nsi_render_metrics_file(o->metrics_file, &mx, &u);
		if (rc < 0 && first)
			errc(EXIT_FAILURE, -rc, "cannot write '%s'",
			     o->metrics_file);
		if (rc < 0)
			warnc(-rc, "cannot write '%s'", o->metrics_file);
		rc = 0;
	} else {
		rc = nsi_render_metrics(stdout, &mx, &u);
	}
	nsi_metrics_release(&mx);
	nsi_model_release(&m);
	return rc;
}

/*
 * Wait until @next_ms (CLOCK_MONOTONIC) or a signal: 1 when a signal.
 * The signals are looked at once even when the time is already past (a
 * scan longer than the interval), or they would wait for ever.
 */
static int wait_until(int sfd, long long next_ms)
{
	struct pollfd pfd = { sfd, POLLIN, 0 };
	long long t;
	int rc;

	do {
		t = next_ms - nsi_monotonic_ms();
		rc = poll(&pfd, 1, t <= 0 ? 0 : t > 60000 ? 60000 : (int)t);
		if (rc < 0 && errno != EINTR)
			errc(EXIT_FAILURE, errno, "cannot wait");
		if (rc > 0) {
			rc = nsi_sigfd_take(sfd);
			if (rc < 0)
				errc(EXIT_FAILURE, -rc, "cannot read a signal");
			return 1;
		}
	} while (t > 0);
	return 0;
}

int cli_run_metrics(const struct options *o, int procfd)
{
	long long start;
	sigset_t old;
	int rc, sfd;

	if (procfd >= 0) {
		rc = nsi_privs_drop(nsi_view_metrics_caps(procfd));
		if (rc < 0)
			errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	}
	if (!o->watch_interval_ms)
		return metrics_once(o, procfd, 1);
	sfd = nsi_sigfd_open(&old);
	if (sfd < 0)
		errc(EXIT_FAILURE, -sfd, "cannot block SIGTERM and SIGINT");
	start = nsi_monotonic_ms();
	rc = metrics_once(o, procfd, 1);
	while (rc == 0 && !wait_until(sfd, start + o->watch_interval_ms)) {
		start = nsi_monotonic_ms();
		rc = metrics_once(o, procfd, 0);
	}
	nsi_sigfd_close(sfd, &old);
	return rc;
}
