/*
 * proc-libproc2.c - processes from libproc2 (procps-ng 4).  The only file
 * that includes <libproc2/pids.h>: its API changed between releases
 * (PIDS_VAL lost its info argument in 4.0.4), and configure.ac checks
 * which form this one has.
 *
 * We ask only for the items a view needs, since each item costs reads:
 * the namespace links of the types shown and, for the live view, what
 * /proc/PID/stat holds (its start time tells a process from a later one
 * with the same PID).  The one-shot views take the parent, the command
 * name, the state and the effective UID from our own read of
 * /proc/PID/status, which they make anyway for the capabilities: asking
 * libproc2 for them would read stat, or status a second time.
 *
 * libproc2 owns its result stacks: every value is copied out before the
 * next call.  It always reads /proc; the proc-root fd is used to ask
 * again, with fstatat(2), why a namespace link came back empty.
 */
#include "config.h"

#include <errno.h>
#include <libproc2/pids.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "source.h"

#ifdef NSI_PIDS_VAL_HAS_INFO
# define VAL(item, type, stack) PIDS_VAL(item, type, stack, info)
#else
# define VAL(item, type, stack) PIDS_VAL(item, type, stack)
#endif

/*
 * The PID, then what /proc/PID/stat holds (with NSI_SCAN_STAT), then the
 * namespace items, per type (with NSI_SCAN_LINKS).
 */
enum { I_PID, I_PPID, I_CMD, I_STATE, I_BEGAN, I_BASE };

static const enum pids_item base_items[I_BASE] = {
	[I_PID] = PIDS_ID_PID,
	[I_PPID] = PIDS_ID_PPID,
	[I_CMD] = PIDS_CMD,
	[I_STATE] = PIDS_STATE,
	[I_BEGAN] = PIDS_TICS_BEGAN,
};

/* Without stat, the command, parent and state come from the status. */
static int from_status(struct nsi_proc *p)
{
	p->ppid = p->have_status ? p->status.ppid : 0;
	p->comm = strdup(p->have_status && p->status.name[0] ?
			 p->status.name : "?");
	return p->comm ? 0 : -ENOMEM;
}

/* in enum nsi_ns_type order */
static const enum pids_item ns_items[NSI_NS_NTYPES] = {
	PIDS_NS_MNT, PIDS_NS_NET, PIDS_NS_PID, PIDS_NS_USER,
	PIDS_NS_UTS, PIDS_NS_IPC, PIDS_NS_CGROUP, PIDS_NS_TIME,
};

int nsi_scan_procs(struct nsi_model *m, int procfd, const int *types,
		   unsigned int flags, nsi_fill_fn fill, void *arg)
{
	enum pids_item items[I_BASE + NSI_NS_NTYPES];
	int stat = flags & NSI_SCAN_STAT, item_of[NSI_NS_NTYPES];
	struct pids_info *info = NULL;
	struct pids_fetch *fetch;
	int t, i, n, rc;

	n = stat ? I_BASE : 1;
	memcpy(items, base_items, sizeof(base_items));
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		m->have_type[t] = types && types[t] &&
			nsi_ns_kernel_has(procfd, t);
		item_of[t] = -1;
		if (m->have_type[t] && (flags & NSI_SCAN_LINKS)) {
			item_of[t] = n;
			items[n++] = ns_items[t];
		}
	}
	rc = procps_pids_new(&info, items, n);
	if (rc < 0)
		return rc;
	fetch = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		rc = errno ? -errno : -EIO;
		goto out;
	}
	for (i = 0; i < fetch->counts->total; i++) {
		struct pids_stack *stack = fetch->stacks[i];
		struct nsi_proc *p = nsi_proc_new(VAL(I_PID, s_int, stack));
		int zombie = 0;

		if (!p) {
			rc = -ENOMEM;
			goto out;
		}
		if (stat) {
			const char *comm = VAL(I_CMD, str, stack);

			p->comm = strdup(comm ? comm : "?");
			if (!p->comm) {
				nsi_proc_free(p);
				rc = -ENOMEM;
				goto out;
			}
			p->ppid = VAL(I_PPID, s_int, stack);
			p->start_time = VAL(I_BEGAN, ull_int, stack);
			zombie = VAL(I_STATE, s_ch, stack) == 'Z';
		}
		for (t = 0; t < NSI_NS_NTYPES; t++)
			if (item_of[t] >= 0)
				p->ns[t] = (ino_t)VAL(item_of[t], ul_int,
						      stack);
		rc = fill ? fill(m, p, zombie, arg) : 0;
		if (rc == 0 && !stat) {
			rc = from_status(p);
			zombie = p->status.state == 'Z';
		}
		/* links libproc2 left empty: exited, zombie or unreadable */
		if (rc == 0 && (flags & NSI_SCAN_LINKS) &&
		    !nsi_proc_read_ns(m, procfd, p, zombie))
			rc = 1;
		if (rc == 0)
			rc = nsi_model_add_proc(m, p);
		if (rc != 0)
			nsi_proc_free(p);
		if (rc < 0)
			goto out;
		if (rc > 0)
			m->vanished++;
	}
	rc = 0;
out:
	procps_pids_unref(&info);
	return rc;
}
