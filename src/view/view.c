/*
 * view.c - the default columns of each view, and the collectors each view
 * needs (the rows of each view: view-rows.c).
 */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "containers.h"
#include "engines.h"
#include "hidden-tasks.h"
#include "holders.h"
#include "listns.h"
#include "mounts.h"
#include "netinfo.h"
#include "nsfs.h"
#include "nsinfo.h"
#include "podman.h"
#include "podman-rootless.h"
#include "proc-cmdline.h"
#include "proc-read.h"
#include "procfs.h"
#include "scan.h"
#include "threads.h"
#include "view.h"

/* What the fills of the one-shot views need. */
struct fill_arg {
	int procfd;
	const struct nsi_query *q;
	struct nsi_holders *holders;	/* NULL: none to look for */
	pid_t *tids, *tgids;	/* thread IDs asked for, and their PIDs */
	size_t ntids;
};

/* The TIDs asked for that are threads of @p, moved to the front. */
static size_t tids_of(struct fill_arg *a, const struct nsi_proc *p,
		      const pid_t **tids)
{
	size_t i, n = 0;
	pid_t t, g;

	for (i = 0; i < a->ntids; i++) {
		if (a->tgids[i] != p->pid)
			continue;
		t = a->tids[i];
		g = a->tgids[i];
		a->tids[i] = a->tids[n];
		a->tgids[i] = a->tgids[n];
		a->tids[n] = t;
		a->tgids[n++] = g;
	}
	*tids = a->tids;
	return n;
}

/*
 * The PIDs of the query that are thread IDs (as getpcaps(8) takes them):
 * their processes read those threads (nsi_proc_read_threads()).
 */
static int find_asked_threads(struct fill_arg *a, int procfd,
			      const struct nsi_query *q)
{
	const pid_t *pids = q->npids ? q->pids : &q->pid;
	size_t i, n = q->npids ? q->npids : (q->pid ? 1 : 0);

	a->tids = calloc(n + 1, sizeof(*a->tids));
	a->tgids = calloc(n + 1, sizeof(*a->tgids));
	if (!a->tids || !a->tgids)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		pid_t tgid = nsi_thread_of(procfd, pids[i]);

		if (!tgid)
			continue;
		a->tids[a->ntids] = pids[i];
		a->tgids[a->ntids++] = tgid;
	}
	return 0;
}

/* Is @p a row of the process view (all are, without -p)? */
static int asked_for(const struct nsi_query *q, const struct nsi_proc *p)
{
	size_t i;

	for (i = 0; i < q->npids; i++)
		if (q->pids[i] == p->pid)
			return 1;
	return q->npids == 0;
}

/*
 * Whether the namespace view may show a namespace that no process is in
 * (held by an open file, a socket, a bind mount elsewhere): not with -p
 * or --container, whose rows are namespaces of the processes asked for.
 * The open files are read in any case: HOLDER and HELD_BY show what else
 * holds a namespace that processes are in too (an LXC monitor's fds).
 */
static int shows_held_only(const struct nsi_query *q)
{
	return !q->pid && !q->container;
}

unsigned int nsi_view_reads(enum nsi_reads which, const struct nsi_query *q)
{
	switch (which) {
	/*
	 * The namespace view: the stat of the process (its parent, state,
	 * threads) and the owner of its /proc/PID (USER), not its status,
	 * unless its capabilities are judged (--audit, the metrics); its
	 * links, its fd directory (the holder search) and its cgroup; the
	 * command line of the first process of each namespace (its row's
	 * COMMAND).
	 */
	case NSI_READS_NS:
		return (q->caps ? NSI_READ_STATUS : NSI_READ_STAT) |
			NSI_READ_NS | NSI_READ_THREADS_NS |
			NSI_READ_CONTAINER | NSI_READ_HOLDERS |
			(q->command ? NSI_READ_CMDLINE_FIRST : 0);
	/*
	 * The process view: the status, the user namespace link (what its
	 * capabilities are relative to) and the container; for its rows
	 * the threads whose capabilities differ and the command line.
	 */
	case NSI_READS_PROC_ROW:
		return NSI_READ_STATUS | NSI_READ_NS | NSI_READ_CONTAINER |
			NSI_READ_THREADS_CAPS |
			(q->command ? NSI_READ_CMDLINE : 0);
	case NSI_READS_PROC:
		return NSI_READ_STATUS | NSI_READ_NS | NSI_READ_CONTAINER;
	/*
	 * The live view: all of a new or changed process, the links first
	 * (libproc2's stat told whether it is a zombie).
	 */
	case NSI_READS_LIVE:
		return NSI_READ_NS_FIRST | NSI_READ_NS | NSI_READ_STATUS |
			NSI_READ_THREADS_NS | NSI_READ_CONTAINER |
			NSI_READ_CMDLINE;
	/* what may change without an event: see read_turn() in live.c */
	case NSI_READS_LIVE_TURN:
		return NSI_READ_NS_FIRST | NSI_READ_NS | NSI_READ_STATUS |
			NSI_READ_THREADS_NS;
	/*
	 * A snapshot: the namespace view's reads and the process view's
	 * (threads whose capabilities differ, FILECAPS, LSM), every
	 * command line.
	 */
	case NSI_READS_SNAPSHOT:
		return NSI_READ_STATUS | NSI_READ_NS | NSI_READ_THREADS_NS |
			NSI_READ_THREADS_CAPS | NSI_READ_CONTAINER |
			NSI_READ_HOLDERS | NSI_READ_CMDLINE |
			NSI_READ_FILECAPS | NSI_READ_LSM;
	}
	return 0;
}

/*
 * The one-shot views: what nsi_view_reads() says, through one pin
 * (nsi_proc_read()).  The namespace view's is its fd directory, which
 * the holder search lists, and whose lookups fail once the process is
 * reaped.  A PID given to a new process meanwhile thus shows as an exit
 * (the process is skipped), never as a mix of two processes.
 */
static int fill(struct nsi_model *m, struct nsi_proc *p, int zombie,
		void *arg)
{
	struct fill_arg *a = arg;
	struct nsi_read_opts o = { .holders = a->holders };
	enum nsi_reads which = a->q->snapshot ? NSI_READS_SNAPSHOT :
		a->q->view == NSI_VIEW_NS ? NSI_READS_NS :
		asked_for(a->q, p) ? NSI_READS_PROC_ROW : NSI_READS_PROC;

	(void)zombie;
	o.ntids = tids_of(a, p, &o.tids);
	return nsi_proc_read(m, a->procfd, p, nsi_view_reads(which, a->q),
			     &o);
}

int nsi_view_scan(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  struct nsi_report *r)
{
	static const int userns_only[NSI_NS_NTYPES] = { [NSI_NS_USER] = 1 };
	struct fill_arg a = { procfd, q, NULL, NULL, NULL, 0 };
	struct nsi_engines engines;
	int rc;

	*r = (struct nsi_report){ .pidns_initial = -1 };
	rc = find_asked_threads(&a, procfd, q);
	if (rc < 0) {
		free(a.tids);
		free(a.tgids);
		return rc;
	}
	/*
	 * The namespace view reads the links of the types it shows (all of
	 * them for -p, --container and the parent/owner trees, whose rows
	 * or relations span types); the process view the user namespace
	 * alone (one readlink(2) per process).
	 */
	if (q->view == NSI_VIEW_NS) {
		a.holders = nsi_holders_new(m, procfd, NSI_HOLDERS_ALL);
		rc = a.holders ? nsi_scan_procs(m, procfd, q->types, 0,
						fill, &a) : -ENOMEM;
	} else {
		rc = nsi_scan_procs(m, procfd, userns_only, 0, fill, &a);
	}
	free(a.tids);
	free(a.tgids);
	a.tids = a.tgids = NULL;
	if (rc < 0) {
		nsi_holders_free(a.holders);
		return rc;
	}
	/* the run's one request to each engine, within one budget */
	nsi_engines_init(&engines, NSI_ENGINES_BUDGET_MS);
	/* the process view shows no namespace: nothing is missing */
	rc = nsi_view_finish(m, procfd, q->view == NSI_VIEW_NS, a.holders,
			     &engines, r);
	nsi_engines_release(&engines);
	return rc;
}

/* Holders past NSI_NS_HOLDERS_MAX: counted, not recorded; say so. */
static void count_omitted(const struct nsi_model *m, struct nsi_report *r)
{
	size_t i;

	for (i = 0; i < m->nns; i++) {
		if (!m->ns[i]->holders_omitted)
			continue;
		r->holders_omitted += m->ns[i]->holders_omitted;
		r->ns_over_limit++;
	}
}

/*
 * The initial user namespace, and whether each process is in it.  The
 * initial one is the host's (nsi_model_host_ns()): its inode is the one
 * the kernel fixes (PROC_USER_INIT_INO), so it is known even from inside
 * a user namespace, where NS_GET_PARENT tells no ancestor apart (it fails
 * with EPERM above our own, ioctl_ns(2)).
 */
static void mark_userns(struct nsi_model *m)
{
	size_t i;

	m->init_userns = nsi_model_host_ns(m, NSI_NS_USER);
	for (i = 0; i < m->nprocs; i++) {
		struct nsi_proc *p = m->procs[i];
		size_t j;

		p->userns_initial = !p->ns[NSI_NS_USER] || !m->init_userns ?
			-1 : p->ns[NSI_NS_USER] == m->init_userns;
		/*
		 * Its threads are in its user namespace: a thread of a
		 * multithreaded process can neither unshare(2) nor setns(2)
		 * into another one (EINVAL, user_namespaces(7)).
		 */
		for (j = 0; j < p->nthreads; j++) {
			p->threads[j]->ns[NSI_NS_USER] = p->ns[NSI_NS_USER];
			p->threads[j]->userns_initial = p->userns_initial;
		}
	}
}

/* Sort and settle the model, then each engine's default caps. */
static int finish_model(struct nsi_model *m)
{
	int rc = nsi_model_finish(m);

	if (rc == 0)
		nsi_cap_defaults_fill(m);
	return rc;
}

/*
 * Our mount table, read once (nsfs mounts, /proc's hidepid=, FUSE mount
 * points), then the holder search's end, which needs our own mounts
 * (others' copies of them are no holders), then what hidepid= hides.
 * Frees @holders on -ENOMEM of the mount table, as the caller would.
 */
static int finish_mounts(struct nsi_model *m, int procfd, int namespaces,
			 struct nsi_holders *holders, struct nsi_report *r)
{
	struct nsi_holders_report hr;
	struct nsi_mounts_self self;
	int rc;

	rc = nsi_mounts_read_self(m, procfd, NSI_MOUNTS_HIDEPID |
				  NSI_MOUNTS_FUSE |
				  (namespaces ? NSI_MOUNTS_NSFS : 0), &self);
	if (rc == -ENOMEM) {
		nsi_holders_free(holders);
		return rc;
	}
	if (rc < 0 && namespaces)
		r->mounts_errno = -rc;
	if (holders) {
		rc = nsi_holders_finish(holders, &hr);
		if (rc < 0)
			return rc;
		r->fds_unreadable = hr.fds_unreadable;
		r->fds_errno = hr.fds_errno;
	}
	/* hidepid=invisible: how many are there that we could not see? */
	if (self.hidepid_set) {
		snprintf(r->hidepid, sizeof(r->hidepid), "%s", self.hidepid);
		r->hidden_tasks = nsi_hidden_tasks(procfd, m);
	}
	if (r->hidden_tasks == 0)
		r->hidepid[0] = '\0';	/* nothing hidden: nothing to say */
	return 0;
}

int nsi_view_finish(struct nsi_model *m, int procfd, int namespaces,
		    struct nsi_holders *holders, struct nsi_engines *engines,
		    struct nsi_report *r)
{
	struct nsi_podman_report pr;
	/* the one-shot view (the live view passes no holder search) */
	int ancestors = namespaces && holders;
	int rc;

	/* the process view reads no pid links: PID 1's (or 2's) alone */
	if (nsi_ns_link_ino(procfd, 1, NSI_NS_PID, &m->pidns) < 0)
		nsi_ns_link_ino(procfd, 2, NSI_NS_PID, &m->pidns);
	/* the process view reads the user namespace links */
	r->unreadable = m->unreadable;
	r->unreadable_errno = m->unreadable_errno;
	memcpy(r->unreadable_pids, m->unreadable_pids,
	       sizeof(r->unreadable_pids));
	rc = finish_mounts(m, procfd, namespaces, holders, r);
	if (rc < 0)
		return rc;
	rc = finish_model(m);
	if (rc < 0)
		return rc;
	/* ancestors no process is in, then sorted in */
	if (ancestors) {
		size_t added;

		rc = nsi_ns_ancestors(m, procfd, &added);
		if (rc < 0)
			return rc;
		if (added && (rc = finish_model(m)) < 0)
			return rc;
		/*
		 * What the kernel lists that no scan found: listns(2) when
		 * the run-time probe finds it (Linux 6.19); else nothing.
		 */
		rc = nsi_listns_add(m, &added);
		if (rc < 0)
			return rc;
		if (added && (rc = finish_model(m)) < 0)
			return rc;
	}
	mark_userns(m);
	r->pidns = m->pidns;
	r->pidns_initial = m->pidns_initial;
	/* rootless Podman's containers, which have no cgroup of their own */
	rc = nsi_podman_rootless(m, procfd, NSI_RUN_USER, &pr);
	if (rc < 0)
		return rc;
	r->podman_refused = pr.refused;
	r->podman_skipped = pr.skipped;
	if (rc > 0 && (rc = finish_model(m)) < 0)
		return rc;
	count_omitted(m, r);
	r->threads_unreadable = m->threads_unreadable;
	r->threads_errno = m->threads_errno;
	r->bundles_unreadable = m->bundles_unreadable;
	r->bundles_errno = m->bundles_errno;
	r->cgroups_forged = m->cgroups_forged;
	r->not_nsfs += m->nsfs_covered;
	if (!engines)
		return 0;
	rc = nsi_engines_ask(engines, m);
	r->engine_errno = engines->docker_errno;
	r->podman_errno = engines->podman.err;
	r->podman_cut = engines->podman.cut;
	snprintf(r->podman_socket, sizeof(r->podman_socket), "%s",
		 engines->podman.where);
	return rc;
}


/* Insert @col before the last column (COMMAND). */
static size_t insert_before_last(int *cols, size_t n, int col)
{
	cols[n] = cols[n - 1];
	cols[n - 1] = col;
	return n + 1;
}

size_t nsi_view_default_columns(const struct nsi_query *q, int any_nsfs,
				int any_container, int *cols)
{
	static const int ns_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_COMMAND, -1
	};
	static const int ns_nsfs_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_NSFS,
		NSI_NSCOL_COMMAND, -1
	};
	static const int net_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_NETNSID,
		NSI_NSCOL_NSFS, NSI_NSCOL_COMMAND, -1
	};
	static const int caps_pid_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_USER, NSI_PCOL_COMMAND, NSI_PCOL_CAPINH,
		NSI_PCOL_CAPPRM, NSI_PCOL_CAPEFF, NSI_PCOL_CAPBND,
		NSI_PCOL_CAPAMB, NSI_PCOL_CAPTEXT, NSI_PCOL_NNP,
		NSI_PCOL_SECCOMP, NSI_PCOL_USERNS, NSI_PCOL_INITIAL_USERNS,
		NSI_PCOL_CONTAINER, -1
	};
	/*
	 * Listing every process, as pscap(8) does: its NAME (read with the
	 * status) rather than its command line, which the kernel copies out
	 * of each process's memory.  -o +COMMAND adds it.
	 */
	static const int caps_all_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_PPID, NSI_PCOL_USER, NSI_PCOL_CAPTEXT,
		NSI_PCOL_CAPAMB, NSI_PCOL_NNP, NSI_PCOL_SECCOMP,
		NSI_PCOL_NAME, -1
	};
	const int *src;
	size_t n;

	if (q->view == NSI_VIEW_PROC)
		src = q->npids ? caps_pid_cols : caps_all_cols;
	else if (q->ntypes == 1 && q->types[NSI_NS_NET])
		src = net_cols;
	else
		src = (any_nsfs & NSI_ANY_NSFS) ? ns_nsfs_cols : ns_cols;
	for (n = 0; src[n] >= 0; n++)
		cols[n] = src[n];
	/* threads of their own (capabilities): TID after PID */
	if (q->view == NSI_VIEW_PROC && (any_nsfs & NSI_ANY_THREAD)) {
		memmove(cols + 2, cols + 1, (n - 1) * sizeof(*cols));
		cols[1] = NSI_PCOL_TID;
		n++;
	}
	/* namespaces that no process is in: say what holds them */
	if (q->view == NSI_VIEW_NS && (any_nsfs & NSI_ANY_TID))
		n = insert_before_last(cols, n, NSI_NSCOL_TID);
	if (q->view == NSI_VIEW_NS && (any_nsfs & NSI_ANY_HOLDER)) {
		n = insert_before_last(cols, n, NSI_NSCOL_HOLDER);
		n = insert_before_last(cols, n, NSI_NSCOL_HELD_BY);
	}
	/* the user namespace, which tables mark with "*" after NAME */
	if (src == caps_all_cols && q->json) {
		n = insert_before_last(cols, n, NSI_PCOL_USERNS);
		n = insert_before_last(cols, n, NSI_PCOL_INITIAL_USERNS);
	}
	if (any_container && src != caps_pid_cols)
		n = insert_before_last(cols, n, q->view == NSI_VIEW_NS ?
				       NSI_NSCOL_CONTAINER :
				       NSI_PCOL_CONTAINER);
	if (q->view != NSI_VIEW_NS || q->ntypes != 1)
		return n;
	if (q->types[NSI_NS_UTS])
		n = insert_before_last(cols, n, NSI_NSCOL_HOSTNAME);
	if (q->types[NSI_NS_USER]) {
		n = insert_before_last(cols, n, NSI_NSCOL_UID_MAP);
		n = insert_before_last(cols, n, NSI_NSCOL_GID_MAP);
	}
	return n;
}

static int wants(const int *cols, size_t ncols, int col)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (cols[i] == col)
			return 1;
	return 0;
}

int nsi_view_shows_command(const struct nsi_query *q, const int *cols,
			   size_t ncols)
{
	return wants(cols, ncols, q->view == NSI_VIEW_NS ? NSI_NSCOL_COMMAND :
		     NSI_PCOL_COMMAND);
}

void nsi_view_read_cmdline(struct nsi_model *m, int procfd,
			   struct nsi_proc *p)
{
	static const struct nsi_read_opts none;

	/* a command line that cannot be read is only not shown; none is
	 * read of a snapshot's model (procfd -1: nsi_view_input()) */
	if (!p->cmdline_read && procfd >= 0)
		(void)nsi_proc_read(m, procfd, p, NSI_READ_CMDLINE, &none);
}

/* FILECAPS and LSM of the process view's rows, when shown. */
static int read_security(struct nsi_model *m, int procfd,
			 const struct nsi_query *q, const int *cols,
			 size_t ncols, void *const *rows, size_t nrows,
			 struct nsi_report *r)
{
	if (q->view != NSI_VIEW_PROC)
		return 0;
	return nsi_proc_read_security(m, procfd,
		(struct nsi_proc *const *)rows, nrows,
		(wants(cols, ncols, NSI_PCOL_FILECAPS) ? NSI_READ_FILECAPS : 0) |
		(wants(cols, ncols, NSI_PCOL_LSM) ? NSI_READ_LSM : 0), r);
}

/*
 * What nsi_ns_resolve() asks for the namespace view: owners and parents
 * for PNS, ONS and the parent and owner trees; netnsids for NETNSID and
 * --detail (whose veth peers are found by them).
 */
static unsigned int resolve_what(const struct nsi_query *q, const int *cols,
				 size_t ncols)
{
	unsigned int what = 0;

	if ((q->tree && q->tree != NSI_TREE_PROCESS) || q->net_detail ||
	    wants(cols, ncols, NSI_NSCOL_PNS) ||
	    wants(cols, ncols, NSI_NSCOL_ONS))
		what |= NSI_RESOLVE_ANCESTRY;
	if (q->net_detail || wants(cols, ncols, NSI_NSCOL_NETNSID))
		what |= NSI_RESOLVE_NETNSID;
	return what;
}

int nsi_view_prepare(struct nsi_model *m, int procfd,
		     const struct nsi_query *q, const int *cols, size_t ncols,
		     void *const *rows, size_t nrows, struct nsi_report *r)
{
	enum nsi_view view = q->view;
	int rc, command;
	size_t i;

	/* a snapshot's model (nsi_view_input()): all was read when it was
	 * taken; what the columns do not read, a live run does not tell */
	if (procfd < 0) {
		if (!wants(cols, ncols, NSI_NSCOL_UID_MAP) &&
		    !wants(cols, ncols, NSI_NSCOL_GID_MAP))
			r->maps_timed_out = 0;
		if (!q->net_detail && !wants(cols, ncols, NSI_NSCOL_RULES))
			r->netinfo_errno = 0;
		if (view != NSI_VIEW_NS)
			r->maps_timed_out = r->netinfo_errno = 0;
		return read_security(m, procfd, q, cols, ncols, rows, nrows,
				     r);
	}
	if (view == NSI_VIEW_NS && resolve_what(q, cols, ncols))
		nsi_ns_resolve(m, procfd, resolve_what(q, cols, ncols));
	if (view == NSI_VIEW_NS && wants(cols, ncols, NSI_NSCOL_HOSTNAME)) {
		rc = nsi_uts_collect(m, procfd);
		if (rc == -ENOMEM)
			return rc;
	}
	if (view == NSI_VIEW_NS && (wants(cols, ncols, NSI_NSCOL_UID_MAP) ||
				    wants(cols, ncols, NSI_NSCOL_GID_MAP))) {
		rc = nsi_userns_maps_read(m, procfd);
		if (rc < 0)
			return rc;
		r->maps_timed_out = m->maps_timed_out;
	}
	if (view == NSI_VIEW_NS &&
	    (q->net_detail || wants(cols, ncols, NSI_NSCOL_RULES))) {
		rc = nsi_netinfo_collect(m, procfd);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0)
			r->netinfo_errno = -rc;
	}

	/* the scan read those of the first process of each ns */
	command = nsi_view_shows_command(q, cols, ncols);
	for (i = 0; command && i < nrows; i++) {
		struct nsi_ns *ns = rows[i];
		struct nsi_proc *p = view != NSI_VIEW_NS ? rows[i] :
			ns->rep ? ns->rep : ns->held_by;

		if (p)
			nsi_view_read_cmdline(m, procfd, p);
	}
	r->cmdlines_cut = m->cmdlines_cut;
	return read_security(m, procfd, q, cols, ncols, rows, nrows, r);
}

#define CAP(c)	(UINT64_C(1) << (c))

uint64_t nsi_view_caps(const struct nsi_query *q, const int *cols,
		       size_t ncols, int procfd)
{
	uint64_t keep;

	/*
	 * The process view: every /proc/PID/ns/user link (a ptrace read
	 * check), and under hidepid= the /proc/PID directories themselves.
	 */
	(void)procfd;
	/* rootless Podman's files and API services (nsi_podman_query()) */
	keep = nsi_podman_users_caps();
	if (q->view == NSI_VIEW_PROC)
		return keep | CAP(CAP_SYS_PTRACE);
	/* the links of every process, their open files and sockets */
	keep |= CAP(CAP_SYS_PTRACE) | CAP(CAP_DAC_READ_SEARCH);
	/* listns(2) and open_by_handle_at(2) show others' namespaces only
	 * to CAP_SYS_ADMIN (nsi_listns_add(), in the views that show
	 * namespaces no process is in) */
	if (shows_held_only(q) && nsi_listns_probe())
		keep |= CAP(CAP_SYS_ADMIN);
	if (q->types[NSI_NS_NET])
		keep |= CAP(CAP_NET_ADMIN);
	/* nsi_view_prepare(): what is read inside namespaces; a user
	 * namespace no process is in is entered to read its maps */
	if (wants(cols, ncols, NSI_NSCOL_HOSTNAME) ||
	    wants(cols, ncols, NSI_NSCOL_UID_MAP) ||
	    wants(cols, ncols, NSI_NSCOL_GID_MAP))
		keep |= CAP(CAP_SYS_ADMIN);
	if (q->net_detail || wants(cols, ncols, NSI_NSCOL_RULES))
		keep |= CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN) |
			CAP(CAP_NET_RAW);
	return keep;
}

uint64_t nsi_view_live_caps(void)
{
	return CAP(CAP_SYS_PTRACE) | CAP(CAP_DAC_READ_SEARCH) |
		CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN) | CAP(CAP_NET_RAW);
}
