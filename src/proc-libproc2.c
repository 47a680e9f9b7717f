/*
 * proc-libproc2.c - processes and their namespace inodes from libproc2
 * (procps-ng 4).  The only file that includes <libproc2/pids.h>: its API
 * changed between releases (PIDS_VAL lost its info argument in 4.0.4), and
 * configure.ac checks which form this one has.
 *
 * libproc2 owns its result stacks: every value is copied out before the
 * next call.  It always reads /proc; the proc-root fd is used only to ask
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

/* The items we ask for, in this order; VAL() indexes them by position. */
enum {
	I_PID, I_PPID, I_EUID, I_EUSER, I_CMD, I_STATE, I_BEGAN,
	I_NS_MNT, I_NS_NET, I_NS_PID, I_NS_USER, I_NS_UTS, I_NS_IPC,
	I_NS_CGROUP, I_NS_TIME,
	I_COUNT
};

static enum pids_item items[I_COUNT] = {
	[I_PID] = PIDS_ID_PID,
	[I_PPID] = PIDS_ID_PPID,
	[I_EUID] = PIDS_ID_EUID,
	[I_EUSER] = PIDS_ID_EUSER,
	[I_CMD] = PIDS_CMD,
	[I_STATE] = PIDS_STATE,
	[I_BEGAN] = PIDS_TICS_BEGAN,
	/* in enum nsi_ns_type order */
	[I_NS_MNT] = PIDS_NS_MNT,
	[I_NS_NET] = PIDS_NS_NET,
	[I_NS_PID] = PIDS_NS_PID,
	[I_NS_USER] = PIDS_NS_USER,
	[I_NS_UTS] = PIDS_NS_UTS,
	[I_NS_IPC] = PIDS_NS_IPC,
	[I_NS_CGROUP] = PIDS_NS_CGROUP,
	[I_NS_TIME] = PIDS_NS_TIME,
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static struct nsi_proc *proc_from_stack(struct pids_info *info,
					struct pids_stack *stack)
{
	struct nsi_proc *p;
	int t;

	(void)info;	/* used by VAL() with the four-argument PIDS_VAL */
	p = nsi_proc_new(VAL(I_PID, s_int, stack));
	if (!p)
		return NULL;
	p->ppid = VAL(I_PPID, s_int, stack);
	p->start_time = VAL(I_BEGAN, ull_int, stack);
	p->uid = VAL(I_EUID, u_int, stack);
	p->user = dup_or_null(VAL(I_EUSER, str, stack));
	p->comm = dup_or_null(VAL(I_CMD, str, stack));
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p->ns[t] = (ino_t)VAL(I_NS_MNT + t, ul_int, stack);
	if (!p->user || !p->comm) {
		nsi_proc_free(p);
		return NULL;
	}
	return p;
}

int nsi_scan_procs(struct nsi_model *m, int procfd)
{
	struct pids_info *info = NULL;
	struct pids_fetch *fetch;
	int t, i, rc;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = nsi_ns_kernel_has(procfd, t);

	rc = procps_pids_new(&info, items, I_COUNT);
	if (rc < 0)
		return rc;
	fetch = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		rc = errno ? -errno : -EIO;
		goto out;
	}
	for (i = 0; i < fetch->counts->total; i++) {
		struct pids_stack *stack = fetch->stacks[i];
		struct nsi_proc *p = proc_from_stack(info, stack);
		int zombie = VAL(I_STATE, s_ch, stack) == 'Z';

		if (!p) {
			rc = -ENOMEM;
			goto out;
		}
		if (!nsi_proc_read_ns(m, procfd, p, zombie)) {
			m->vanished++;
			nsi_proc_free(p);
			continue;
		}
		rc = nsi_model_add_proc(m, p);
		if (rc < 0) {
			nsi_proc_free(p);
			goto out;
		}
	}
	rc = 0;
out:
	procps_pids_unref(&info);
	return rc;
}

/* Only what /proc/PID/stat holds: one file per process. */
enum { L_PID, L_PPID, L_CMD, L_STATE, L_BEGAN, L_COUNT };

static enum pids_item light_items[L_COUNT] = {
	[L_PID] = PIDS_ID_PID,
	[L_PPID] = PIDS_ID_PPID,
	[L_CMD] = PIDS_CMD,
	[L_STATE] = PIDS_STATE,
	[L_BEGAN] = PIDS_TICS_BEGAN,
};

int nsi_scan_procs_light(struct nsi_model *m, int procfd, nsi_fill_fn fill,
			 void *arg)
{
	struct pids_info *info = NULL;
	struct pids_fetch *fetch;
	int t, i, rc;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = nsi_ns_kernel_has(procfd, t);
	rc = procps_pids_new(&info, light_items, L_COUNT);
	if (rc < 0)
		return rc;
	fetch = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		rc = errno ? -errno : -EIO;
		goto out;
	}
	for (i = 0; i < fetch->counts->total; i++) {
		struct pids_stack *stack = fetch->stacks[i];
		struct nsi_proc *p = nsi_proc_new(VAL(L_PID, s_int, stack));

		if (!p || !(p->comm = dup_or_null(VAL(L_CMD, str, stack)))) {
			nsi_proc_free(p);
			rc = -ENOMEM;
			goto out;
		}
		p->ppid = VAL(L_PPID, s_int, stack);
		p->start_time = VAL(L_BEGAN, ull_int, stack);
		rc = fill(m, p, VAL(L_STATE, s_ch, stack) == 'Z', arg);
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
