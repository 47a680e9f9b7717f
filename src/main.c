/*
 * main.c - nsinspect's command line: parse options (options.c), dispatch
 * to the view (view.c) and to one renderer.  The only file that prints
 * errors (with messages.c, its warnings).
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "caps.h"
#include "changes.h"
#include "cli-metrics.h"
#include "cli-snapshot.h"
#include "columns.h"
#include "messages.h"
#include "model.h"
#include "options.h"
#include "privs.h"
#include "proc-cmdline.h"
#include "proc-read.h"
#include "procfs.h"
#include "render.h"
#include "tree.h"
#include "tui.h"
#include "view.h"

/* The process --audit judges: -p PID, or the container's lowest PID. */
static int run_audit(const struct options *o, struct nsi_model *m,
		     int procfd, const struct nsi_report *r)
{
	struct nsi_report asked = *r;
	struct nsi_proc *p;
	struct nsi_audit a;

	if (o->q.container) {
		struct nsi_container *c =
			nsi_model_find_container(m, o->q.container);

		if (!c)
			cli_no_container(o->q.container, errno, r);
		p = c->rep;
		if (o->q.pid && (!(p = nsi_model_find_proc(m, o->q.pid)) ||
				 p->container != c))
			cli_fatal(EXIT_FAILURE, 0, "no process with PID %d "
				  "in container '%s'", (int)o->q.pid,
				  o->q.container);
	} else {
		p = nsi_model_find_proc(m, o->q.pid);
		/* -p TID: that thread's own namespaces and sets */
		if (!p && (p = nsi_model_find_thread(m, o->q.pid)))
			warnx("%d is a thread of PID %d", (int)p->tid,
			      (int)p->pid);
	}
	if (!p)
		errx(EXIT_FAILURE, "no process with PID %d", (int)o->q.pid);
	/* as the other views: after a wrong PID or name, of it alone */
	nsi_view_report_asked(&asked, (void *const *)&p, 1);
	cli_report(&asked);
	/* the scan read the status, with the links, through one pin */
	if (!p->have_status)
		errc(EXIT_FAILURE, p->status_errno, "cannot read "
		     "'/proc/%d/status'", (int)p->pid);
	nsi_view_read_cmdline(m, procfd, p);
	/* its LSM label and file capabilities; a failure is in the text */
	if (nsi_proc_read_security(m, procfd, &p, 1, NSI_READ_FILECAPS |
				   NSI_READ_LSM, NULL) < 0)
		errc(EXIT_FAILURE, ENOMEM, "cannot read the process");
	nsi_view_audit(m, p, &a);
	return o->json ? nsi_render_audit_json(stdout, &a, 1) :
		nsi_render_audit_text(stdout, &a, 1);
}

/* --decode MASK: its names, in capsh --decode's form. */
static int run_decode(const struct options *o)
{
	char *names = nsi_cap_list(o->decode_mask, ",");

	if (!names)
		errc(EXIT_FAILURE, ENOMEM, "cannot decode the mask");
	printf("0x%016llx=%s\n", (unsigned long long)o->decode_mask, names);
	free(names);
	return EXIT_SUCCESS;
}

/* --tui: the live view, with the capabilities it keeps. */
static int run_tui(struct options *o)
{
	int rc;

	if (!o->tui_opts.interval_ms)
		o->tui_opts.interval_ms = 2000;
	rc = nsi_privs_drop(nsi_view_live_caps());
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	rc = nsi_tui_run(&o->tui_opts);
	if (rc == -ENOTTY)
		errx(EXIT_FAILURE, "--tui needs a terminal: standard "
		     "input and output must be one");
	if (rc == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "'/proc' is not a proc file system");
	if (rc == -ENOEXEC)
		errx(EXIT_FAILURE, "--tui needs a terminal that can move the "
		     "cursor: TERM is unset, unknown or dumb");
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "the live view failed");
	return EXIT_SUCCESS;
}

/* /proc, checked to be procfs: every read trusts it (PROC_SUPER_MAGIC). */
static int open_proc(void)
{
	int procfd, rc;

	procfd = nsi_procfs_open("/proc");
	if (procfd < 0)
		errc(EXIT_FAILURE, -procfd, "cannot open '/proc'");
	rc = nsi_procfs_check(procfd);
	if (rc == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "'/proc' is not a proc file system");
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot check '/proc'");
	return procfd;
}

/* --snapshot[=FILE]: of this machine, or again of the --input file. */
static int run_snapshot(const struct options *o)
{
	struct nsi_snapshot_meta meta;
	struct nsi_report r;
	struct nsi_model m;
	int procfd, rc;

	nsi_model_init(&m);
	if (o->input) {
		cli_input(o, NULL, 0, &m, &meta, &r);
	} else {
		procfd = open_proc();
		cli_snapshot_scan(o, procfd, &m, &meta);
		close(procfd);
	}
	rc = cli_snapshot_write(o, &m, &meta);
	if (rc < 0 && ferror(stdout))
		cli_write_error(-rc);	/* the one line close_stdout() says */
	if (rc < 0 && rc != -EPIPE)
		errc(EXIT_FAILURE, -rc, "cannot print the output");
	nsi_model_release(&m);
	return EXIT_SUCCESS;
}

/*
 * The model of a one-shot view: this machine's, scanned with the
 * capabilities the view needs; or, with --input, a snapshot's, read with
 * none and nothing of this machine (the procfd returned is then -1).
 */
static int scan(const struct options *o, struct nsi_model *m,
		const int *cols, size_t ncols, struct nsi_report *r)
{
	struct nsi_snapshot_meta meta;
	int procfd, rc;

	if (o->input) {
		cli_input(o, o->audit ? NULL : cols, o->audit ? 0 : ncols, m,
			  &meta, r);
		return -1;
	}
	procfd = open_proc();
	/* keep only the capabilities this view needs, before any scan */
	rc = nsi_privs_drop(nsi_view_caps(&o->q, o->audit ? NULL : cols,
					  o->audit ? 0 : ncols, procfd));
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	rc = nsi_view_scan(m, procfd, &o->q, r);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the process list");
	return procfd;
}

/* The rows of the view, with one line for each way they can fail. */
static void choose_rows(const struct options *o, struct nsi_model *m,
			void ***rows, size_t *nrows, struct nsi_report *r)
{
	int rc = nsi_view_rows(m, &o->q, rows, nrows, r);

	if (rc == -ESRCH)
		errx(EXIT_FAILURE, "no process with PID %d", (int)r->missing_pid);
	if (rc < 0 && r->missing_pid)
		errc(EXIT_FAILURE, -rc, "cannot read '/proc/%d/status'",
		     (int)r->missing_pid);
	if (rc == -ENOENT || rc == -EINVAL)
		cli_no_container(o->q.container, -rc, r);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot choose the rows");
	/* -p TID: the rows are that thread's namespaces; say whose it is */
	if (r->thread_of)
		warnx("%d is a thread of PID %d", (int)o->q.pid,
		      (int)r->thread_of);
	/* as lsns(8): a namespace asked for by inode must be there */
	if (o->q.ns_filter && !*nrows)
		errx(EXIT_FAILURE, "no namespace with inode %llu%s",
		     (unsigned long long)o->q.ns_filter,
		     o->q.ntypes ? " of the types given" : "");
}

/* What the renderers are told of the options and of the report. */
static void set_output(struct nsi_output *out, const struct options *o,
		       const struct nsi_report *r)
{
	out->view = o->q.view;
	out->raw = o->raw;
	out->noheadings = o->noheadings;
	out->notruncate = o->notruncate;
	out->nowrap = o->nowrap;
	out->json_key = o->q.view == NSI_VIEW_NS ? "namespaces" : "processes";
	out->net_detail = o->q.net_detail;
	out->tree_command = o->q.tree == NSI_TREE_PROCESS;
	cli_unreadable(&out->unreadable, r);
	out->host_pidns = r->pidns_initial;
	out->omitted.holders = r->holders_omitted;
	out->omitted.namespaces = r->ns_over_limit;
	out->omitted.command_lines = r->cmdlines_cut;
	out->omitted.command_line_budget = NSI_CMDLINE_BUDGET;
	/* Five capability sets of one process read best one per line. */
	out->vertical = o->q.view == NSI_VIEW_PROC && o->q.npids &&
		!o->output && !o->raw;
}

/* The rows of the view, read and printed: 0 or the renderer's -errno. */
static int run_view(struct options *o, struct nsi_model *m, int procfd,
		    int *cols, size_t ncols, struct nsi_report *r)
{
	struct nsi_output out = { 0 };
	long *parent = NULL;
	size_t nrows;
	void **rows;
	int rc;

	choose_rows(o, m, &rows, &nrows, r);
	cli_choose_columns(o, o->q.view == NSI_VIEW_NS ?
		       nsi_view_any_nsfs(rows, nrows) :
		       nsi_view_any_thread(rows, nrows),
		       nsi_view_any_container(o->q.view, rows, nrows),
		       cols, &ncols);
	rc = nsi_view_prepare(m, procfd, &o->q, cols, ncols, rows, nrows, r);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the namespaces");
	rc = o->q.tree ? nsi_view_tree(rows, nrows, o->q.tree, &parent) : 0;
	/* a loop: never the kernel's, but a snapshot may say anything */
	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "cannot build the tree: the namespaces' "
		     "parents or owners make a loop");
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot build the tree");
	/* getpcaps --iab's lines show no namespace: none is missing there */
	if (o->iab)
		r->unreadable = r->fds_unreadable = 0;
	cli_report(r);

	set_output(&out, o, r);
	out.cols = cols;
	out.ncols = ncols;
	out.rows = rows;
	out.nrows = nrows;
	out.parent = parent;
	if (o->graph)
		rc = nsi_render_dot(stdout, &out);
	else if (o->json)
		rc = nsi_render_json(stdout, &out);
	else if (o->iab)
		rc = nsi_render_getpcaps(stdout, &out);
	else
		rc = nsi_render_table(stdout, &out);
	free(parent);
	free(rows);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { .q.view = NSI_VIEW_NS };
	struct nsi_report r;
	struct nsi_model m;
	int cols[NSI_MAX_COLS];
	size_t ncols;
	int procfd, rc;

	/*
	 * The terminal's character set, as lsns reads it: a UTF-8 locale
	 * shows names as written and draws trees with line-drawing
	 * characters; what it cannot show is still escaped (textsafe.h).
	 * LC_CTYPE only: numbers (--metrics, JSON) keep the C locale's '.'.
	 */
	setlocale(LC_CTYPE, "");
	/* before anything else: no privileges from a set-user-ID exec */
	if (nsi_privs_check_exec() < 0)
		errx(EXIT_FAILURE, "will not run set-user-ID, set-group-ID or "
		     "with file capabilities unless the real user is root");
	/*
	 * A closed stdout fails now, as a full one does at exit: else the
	 * next file opened would take its number and receive the output.
	 */
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF)
		cli_write_error(EBADF);
	atexit(cli_close_stdout);	/* before --help and --version print */
	cli_parse_args(&o, argc, argv);
	if (o.decode)
		return run_decode(&o);
	if (o.tui)
		return run_tui(&o);
	if (o.watch)
		return cli_run_watch(&o, open_proc());
	if (o.diff)
		return cli_run_diff(&o, o.diff_new ? -1 : open_proc());
	if (o.snapshot)
		return run_snapshot(&o);
	if (o.metrics) {
		procfd = o.input ? -1 : open_proc();
		rc = cli_run_metrics(&o, procfd);
		if (procfd >= 0)
			close(procfd);
		if (rc < 0)
			cli_write_error(-rc);
		return EXIT_SUCCESS;
	}

	/* Check -o before the scan: a wrong column is a quick error. */
	cli_choose_columns(&o, 0, 0, cols, &ncols);
	/* command lines are read only when shown */
	o.q.command = o.audit || nsi_view_shows_command(&o.q, cols, ncols);
	/* and every capability set only when judged */
	o.q.caps = o.audit;

	nsi_model_init(&m);
	procfd = scan(&o, &m, cols, ncols, &r);
	if (o.audit) {
		rc = run_audit(&o, &m, procfd, &r);
	} else {
		rc = run_view(&o, &m, procfd, cols, ncols, &r);
	}
	if (rc < 0 && ferror(stdout))
		cli_write_error(-rc);	/* the one line close_stdout() says */
	if (rc < 0 && rc != -EPIPE)
		errc(EXIT_FAILURE, -rc, "cannot print the output");
	free(o.pids);
	nsi_model_release(&m);
	if (procfd >= 0)
		close(procfd);
	return EXIT_SUCCESS;
}
