/*
 * changes.c - the commands --diff and --watch (changes.h).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "changes.h"
#include "diff-input.h"
#include "messages.h"
#include "privs.h"
#include "render-diff.h"
#include "snapshot-view.h"
#include "watch.h"

/* Why a side of --diff could not be had: one line, exit 2. */
static void __attribute__((noreturn))
load_error(const struct nsi_diff_input *in, int rc)
{
	if (!in->bad_path)
		cli_fatal(EXIT_USAGE, -rc, "cannot read the process list");
	if (in->err.reason[0] && in->err.path[0])
		cli_fatal(EXIT_USAGE, 0, "'%s' is not a snapshot: %s at %s",
		     in->bad_path, in->err.reason, in->err.path);
	if (in->err.reason[0])
		cli_fatal(EXIT_USAGE, 0, "'%s' is not a snapshot: %s", in->bad_path,
		     in->err.reason);
	cli_fatal(EXIT_USAGE, -rc, "cannot read '%s'", in->bad_path);
}

int cli_run_diff(const struct options *o, int procfd)
{
	struct nsi_diff_input *in = calloc(1, sizeof(*in));
	struct nsi_diff d = { 0 };
	int rc, status;

	if (!in)
		errc(EXIT_USAGE, ENOMEM, "cannot compare");
	in->old_path = o->diff_old;
	in->new_path = o->diff_new;
	/* a file needs no privilege; the live system --snapshot's */
	rc = nsi_privs_drop(procfd < 0 ? 0 :
			    nsi_view_snapshot_caps(0, procfd));
	if (rc < 0)
		errc(EXIT_USAGE, -rc, "cannot drop capabilities");
	rc = nsi_view_diff_load(in, procfd);
	if (rc < 0)
		load_error(in, rc);
	if (procfd >= 0)
		cli_report(&in->report);
	rc = nsi_diff_models(&in->old, &in->new, 0, &d);
	if (rc < 0)
		errc(EXIT_USAGE, -rc, "cannot compare");
	rc = o->json ? nsi_render_diff_json(stdout, &d, in) :
		nsi_render_diff_text(stdout, &d);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	if (rc == -EPIPE)
		_exit(d.n ? 1 : 0);	/* the reader had enough */
	if (rc < 0)
		errc(EXIT_USAGE, -rc, rc == -ENOMEM ? "cannot compare" :
		     "write error");
	status = d.n ? 1 : 0;
	nsi_diff_release(&d);
	nsi_view_diff_release(in);
	free(in);
	return status;
}

static int emit(const struct nsi_change *c, const struct timespec *when,
		void *arg)
{
	(void)arg;
	return nsi_render_event(stdout, c, when);
}

/* After the first scan: what it could not see, and how changes are seen. */
static void started(const struct nsi_report *r, int events_errno, void *arg)
{
	const struct options *o = arg;

	cli_report(r);
	if (events_errno)
		warnc(events_errno, "no process events: changes are seen at "
		      "each full rescan, every %.1f s",
		      (double)o->watch_interval_ms / 1000);
}

int cli_run_watch(const struct options *o, int procfd)
{
	static char line_buf[1 << 16];
	struct options oo = *o;
	struct nsi_watch_opts w = {
		.emit = emit, .started = started, .arg = &oo,
	};
	int rc;

	if (!oo.watch_interval_ms)
		oo.watch_interval_ms = NSI_WATCH_INTERVAL_MS;
	w.interval_ms = oo.watch_interval_ms;
	rc = nsi_privs_drop(nsi_view_live_caps());
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	/*
	 * A reader gone is EPIPE, and the end.  Each line goes out whole,
	 * in one write(2): nsi_render_event() flushes after each, and the
	 * buffer holds a line of every capability set (line buffering
	 * would write one longer than BUFSIZ in pieces).
	 */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, line_buf, _IOFBF, sizeof(line_buf));
	rc = nsi_watch_run(procfd, &w);
	if (rc == -EPIPE || (rc < 0 && ferror(stdout)))
		cli_write_error(-rc);	/* EPIPE: exit 0, quietly */
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot watch");
	return EXIT_SUCCESS;
}
