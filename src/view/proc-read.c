/*
 * proc-read.c - the per-process read pipeline of every view: the
 * namespace view and the process view (view.c), the live view (live.c).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "holders.h"
#include "nsfs.h"
#include "proc-cmdline.h"
#include "proc-read.h"
#include "proc-security.h"
#include "proc-status.h"
#include "procfs.h"
#include "threads.h"
#include "view.h"

/* Is @p the first process of one of its namespaces (its row's COMMAND)? */
static int first_of_a_ns(struct nsi_model *m, const struct nsi_proc *p)
{
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++) {
		const struct nsi_ns *ns;

		if (!p->ns[t])
			continue;
		ns = nsi_model_get_ns(m, t, p->ns[t], 0);
		if (!ns || !ns->nprocs)	/* or known from a holder only */
			return 1;
	}
	return 0;
}

/* The status, or else the stat, as @what says: 0, 1 when gone, -ENOMEM. */
static int read_fields(const struct nsi_pin *pin, struct nsi_proc *p,
		       unsigned int what)
{
	if (what & NSI_READ_STATUS)
		return nsi_proc_read_status(pin, p);
	return (what & NSI_READ_STAT) ? nsi_proc_read_stat(pin, p) : 0;
}

/* The status and the links, in the order @what says: 0, or 1 when gone. */
static int read_status_ns(struct nsi_model *m, const struct nsi_pin *pin,
			  struct nsi_proc *p, unsigned int what,
			  const struct nsi_read_opts *o)
{
	int rc;

	if (what & NSI_READ_NS_FIRST) {
		if ((what & NSI_READ_NS) &&
		    !nsi_proc_read_ns(m, pin, p, o->zombie))
			return 1;
		return read_fields(pin, p, what);
	}
	rc = read_fields(pin, p, what);
	if (rc == 0 && (what & NSI_READ_NS) &&
	    !nsi_proc_read_ns(m, pin, p, p->status.state == 'Z'))
		rc = 1;
	return rc;
}

/* Its threads, as @what and the TIDs asked for say: 0 or -ENOMEM. */
static int read_threads(struct nsi_model *m, const struct nsi_pin *pin,
			struct nsi_proc *p, unsigned int what,
			const struct nsi_read_opts *o)
{
	unsigned int flags = 0;

	if (p->status.threads <= 1 && !o->ntids)
		return 0;
	/* a leader gone by pthread_exit(3): its threads' namespaces */
	if ((what & NSI_READ_THREADS_NS) && p->status.state == 'Z' &&
	    p->status.threads > 1)
		flags |= NSI_THREADS_LEADER_NS;
	/* capabilities are per thread: those of its threads that differ */
	if ((what & NSI_READ_THREADS_CAPS) && p->status.threads > 1)
		flags |= NSI_THREADS_CAPS;
	return nsi_proc_read_threads(m, pin, p, flags, o->tids, o->ntids);
}

/*
 * FILECAPS and LSM of @p and of the threads kept under it (those shown
 * under its row): a thread runs its process's executable, so it has its
 * file capabilities; its LSM label is its own.
 */
static int read_security(const struct nsi_pin *pin, struct nsi_proc *p,
			 unsigned int what)
{
	size_t i;
	int rc = 0;

	if ((what & NSI_READ_FILECAPS) && !p->filecaps_read)
		rc = nsi_proc_read_filecaps(pin, p);
	if (rc == 0 && (what & NSI_READ_LSM) && !p->lsm_read)
		rc = nsi_proc_read_lsm(pin, p);
	for (i = 0; rc == 0 && i < p->nthreads; i++) {
		struct nsi_proc *t = p->threads[i];

		if ((what & NSI_READ_FILECAPS) && !t->filecaps_read) {
			t->filecaps_read = 1;
			t->filecaps_errno = p->filecaps_errno;
			if (p->filecaps && !(t->filecaps = strdup(p->filecaps)))
				rc = -ENOMEM;
		}
		if (rc == 0 && (what & NSI_READ_LSM) && !t->lsm_read)
			rc = nsi_proc_read_lsm(pin, t);
	}
	return rc;
}

/*
 * A read after the scan (the command line, FILECAPS, LSM of the rows
 * shown) opens PROC/PID again: whether the pinned process is still
 * the one the scan saw, by its start time, and not another that got its
 * PID since.  A read with the status or the stat is the scan's own.
 */
static int same_process(const struct nsi_pin *pin, const struct nsi_proc *p,
			unsigned int what)
{
	struct nsi_stat st;

	if ((what & (NSI_READ_STATUS | NSI_READ_STAT)) || !p->start_time)
		return 1;
	return nsi_pin_stat(pin, &st) == 0 && st.start_time == p->start_time;
}

int nsi_proc_read(struct nsi_model *m, int procfd, struct nsi_proc *p,
		  unsigned int what, const struct nsi_read_opts *o)
{
	struct nsi_pin pin;
	int rc;

	rc = nsi_pin_open(procfd, p->pid,
			  (what & NSI_READ_HOLDERS) ? NSI_PIN_FDS : 0, &pin);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 1;	/* gone */
	if (!same_process(&pin, p, what)) {
		nsi_pin_close(&pin);
		return 1;	/* gone, its PID another's now */
	}
	rc = read_status_ns(m, &pin, p, what, o);
	if (rc == 0)
		rc = read_threads(m, &pin, p, what, o);
	if (rc == 0 && (what & NSI_READ_CONTAINER))
		rc = nsi_proc_read_container(m, &pin, p);
	/* a command line that cannot be read is only not shown */
	if (rc == 0 && ((what & NSI_READ_CMDLINE) ||
			((what & NSI_READ_CMDLINE_FIRST) &&
			 first_of_a_ns(m, p))) &&
	    nsi_proc_read_cmdline(m, &pin, p) == -ENOMEM)
		rc = -ENOMEM;
	if (rc == 0 && (what & (NSI_READ_FILECAPS | NSI_READ_LSM)))
		rc = read_security(&pin, p, what);
	if (rc == 0 && (what & NSI_READ_HOLDERS))
		rc = nsi_holders_proc(o->holders, p, &pin);
	nsi_pin_close(&pin);
	return rc;
}

/* A failure to count: not EINVAL (no LSM gives a label), not an exit. */
static int failed(int err)
{
	return err && err != EINVAL && err != ENOENT && err != ESRCH;
}

int nsi_proc_read_security(struct nsi_model *m, int procfd,
			   struct nsi_proc *const *rows, size_t nrows,
			   unsigned int what, struct nsi_report *r)
{
	static const struct nsi_read_opts none;
	size_t i;

	what &= NSI_READ_FILECAPS | NSI_READ_LSM;
	for (i = 0; what && i < nrows; i++) {
		struct nsi_proc *p = rows[i];

		/* gone (1): its values stay empty, as its command line */
		if (procfd >= 0 &&
		    nsi_proc_read(m, procfd, p, what, &none) == -ENOMEM)
			return -ENOMEM;
		if (!r)
			continue;
		if ((what & NSI_READ_FILECAPS) && failed(p->filecaps_errno)) {
			if (!r->filecaps_unreadable)
				r->filecaps_errno = p->filecaps_errno;
			if (r->filecaps_unreadable < NSI_UNREADABLE_NAMED)
				r->filecaps_pids[r->filecaps_unreadable] =
					p->pid;
			r->filecaps_unreadable++;
		}
		if ((what & NSI_READ_LSM) && failed(p->lsm_errno)) {
			if (!r->lsm_unreadable)
				r->lsm_errno = p->lsm_errno;
			if (r->lsm_unreadable < NSI_UNREADABLE_NAMED)
				r->lsm_pids[r->lsm_unreadable] = p->pid;
			r->lsm_unreadable++;
		}
	}
	return 0;
}
