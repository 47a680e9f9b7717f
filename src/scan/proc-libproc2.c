/*
 * proc-libproc2.c - processes from libproc2 (procps-ng 4).  The only file
 * that includes <libproc2/pids.h>: its API changed between releases
 * (PIDS_VAL lost its info argument in 4.0.4), and configure.ac checks
 * which form this one has.
 *
 * libproc2 lists the processes.  We ask it only for the items a view
 * needs, since each item costs reads: for the live view, what
 * /proc/PID/stat holds (its start time tells a process from a later one
 * with the same PID).  Everything else, the namespace links included,
 * the fill callback reads through one pin per process (nsi_pin_open()),
 * so that a PID given to a new process mid-scan never mixes two
 * processes' files; libproc2 reads by path.  The one-shot
 * views take the parent, the command name and the state from the fill's
 * read through the pin: of /proc/PID/status where they show capabilities,
 * of /proc/PID/stat in the namespace view (nsi_proc_read_stat()).
 *
 * libproc2 owns its result stacks: every value is copied out before the
 * next call.  It always reads /proc.
 */
#include "config.h"

#include <errno.h>
#include <libproc2/pids.h>
#include <stdlib.h>
#include <string.h>

#include "nsfs.h"
#include "scan.h"

#ifdef NSI_PIDS_VAL_HAS_INFO
# define VAL(item, type, stack) PIDS_VAL(item, type, stack, info)
#else
# define VAL(item, type, stack) PIDS_VAL(item, type, stack)
#endif

/* The PID, then what /proc/PID/stat holds (with NSI_SCAN_STAT). */
enum { I_PID, I_PPID, I_CMD, I_STATE, I_BEGAN, I_BASE };

static const enum pids_item base_items[I_BASE] = {
	[I_PID] = PIDS_ID_PID,
	[I_PPID] = PIDS_ID_PPID,
	[I_CMD] = PIDS_CMD,
	[I_STATE] = PIDS_STATE,
	[I_BEGAN] = PIDS_TICS_BEGAN,
};

/*
 * Without libproc2's stat, the command, parent and state come from the
 * status or the stat the fill read (nsi_proc_read_stat()).
 */
static int from_status(struct nsi_proc *p)
{
	int known = nsi_proc_has_fields(p);

	p->ppid = known ? p->status.ppid : 0;
	p->comm = strdup(known && p->status.name[0] ? p->status.name : "?");
	return p->comm ? 0 : -ENOMEM;
}

/* What nsi_scan_procs() and nsi_scan_pids() share. */
struct scan {
	struct nsi_model *m;
	int procfd;
	unsigned int flags;
	enum pids_item items[I_BASE];
	int nitems;
	struct pids_info *info;
};

static int scan_start(struct scan *s, struct nsi_model *m, int procfd,
		      const int *types, unsigned int flags)
{
	int t;

	*s = (struct scan){ .m = m, .procfd = procfd, .flags = flags };
	s->nitems = (flags & NSI_SCAN_STAT) ? I_BASE : 1;
	memcpy(s->items, base_items, sizeof(base_items));
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = types && types[t] &&
			nsi_ns_kernel_has(procfd, t);
	return procps_pids_new(&s->info, s->items, s->nitems);
}

/* Add the processes of @fetch to the model. */
static int scan_add(struct scan *s, struct pids_fetch *fetch,
		    nsi_fill_fn fill, void *arg)
{
	struct pids_info *info = s->info;	/* for VAL() before 4.0.4 */
	int stat = s->flags & NSI_SCAN_STAT;
	int i, rc;

	(void)info;
	for (i = 0; i < fetch->counts->total; i++) {
		struct pids_stack *stack = fetch->stacks[i];
		struct nsi_proc *p = nsi_proc_new(VAL(I_PID, s_int, stack));
		int zombie = 0;

		if (!p)
			return -ENOMEM;
		if (stat) {
			const char *comm = VAL(I_CMD, str, stack);

			p->comm = strdup(comm ? comm : "?");
			if (!p->comm) {
				nsi_proc_free(p);
				return -ENOMEM;
			}
			p->ppid = VAL(I_PPID, s_int, stack);
			p->start_time = VAL(I_BEGAN, ull_int, stack);
			zombie = VAL(I_STATE, s_ch, stack) == 'Z';
		}
		rc = fill ? fill(s->m, p, zombie, arg) : 0;
		if (rc == 0 && !stat)
			rc = from_status(p);
		if (rc == 0)
			rc = nsi_model_add_proc(s->m, p);
		if (rc != 0)
			nsi_proc_free(p);
		if (rc < 0)
			return rc;
		if (rc > 0)
			s->m->vanished++;
	}
	return 0;
}

int nsi_scan_procs(struct nsi_model *m, int procfd, const int *types,
		   unsigned int flags, nsi_fill_fn fill, void *arg)
{
	struct pids_fetch *fetch;
	struct scan s;
	int rc;

	rc = scan_start(&s, m, procfd, types, flags);
	if (rc < 0)
		return rc;
	fetch = procps_pids_reap(s.info, PIDS_FETCH_TASKS_ONLY);
	rc = fetch ? scan_add(&s, fetch, fill, arg) :
		(errno ? -errno : -EIO);
	procps_pids_unref(&s.info);
	return rc;
}

/* procps_pids_select(3) takes at most this many PIDs at once */
#define SELECT_MAX 255

int nsi_scan_pids(struct nsi_model *m, int procfd, const int *types,
		  unsigned int flags, const pid_t *pids, size_t npids,
		  nsi_fill_fn fill, void *arg)
{
	unsigned int these[SELECT_MAX];
	struct pids_fetch *fetch;
	struct scan s;
	size_t i, n;
	int rc;

	rc = scan_start(&s, m, procfd, types, flags);
	if (rc < 0)
		return rc;
	for (i = 0; rc == 0 && i < npids; i += n) {
		size_t j;

		n = npids - i < SELECT_MAX ? npids - i : SELECT_MAX;
		for (j = 0; j < n; j++)
			these[j] = (unsigned int)pids[i + j];
		errno = 0;
		fetch = procps_pids_select(s.info, these, (int)n,
					   PIDS_SELECT_PID);
		/* none of them left is not an error */
		if (!fetch)
			rc = errno && errno != ENOENT && errno != ESRCH ?
				-errno : 0;
		else
			rc = scan_add(&s, fetch, fill, arg);
	}
	procps_pids_unref(&s.info);
	return rc;
}
