/*
 * threads.c - the threads of a process, where they differ from their
 * leader: namespaces and capabilities are per thread (unshare(2),
 * setns(2) and capset(2) act on the calling thread), and a leader that
 * called pthread_exit(3) is a zombie whose /proc/PID/ns links fail with
 * ENOENT while its threads live on.  Read through the process's pin
 * (/proc/PID/task/TID/..., proc(5)), for processes with Threads > 1.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsfs.h"
#include "proc-status.h"
#include "procfs.h"
#include "threads.h"

struct walk {
	struct nsi_model *m;
	struct nsi_proc *p;
	unsigned int flags;
	const pid_t *tids;
	size_t ntids;
	int taskfd;
};

/* A pin of thread @tid: its files are "TID/..." below the task dir. */
static void task_pin(int taskfd, long tid, struct nsi_pin *tp)
{
	*tp = (struct nsi_pin){ .dirfd = taskfd, .fd_dir = -1 };
	snprintf(tp->prefix, sizeof(tp->prefix), "%ld/", tid);
}

static int asked(const struct walk *w, long tid)
{
	size_t i;

	for (i = 0; i < w->ntids; i++)
		if (w->tids[i] == tid)
			return 1;
	return 0;
}

static int caps_differ(const struct nsi_status *a, const struct nsi_status *b)
{
	int set;

	if (a->cap_known != b->cap_known)
		return 1;
	for (set = 0; set < NSI_CAP_NSETS; set++)
		if ((a->cap_known & (1u << set)) && a->cap[set] != b->cap[set])
			return 1;
	return 0;
}

/* The links of thread @t of the types the model reads. */
static void thread_ns(const struct walk *w, struct nsi_proc *t)
{
	int type;

	for (type = 0; type < NSI_NS_NTYPES; type++) {
		char link[48];
		int rc;

		if (!w->m->have_type[type])
			continue;
		snprintf(link, sizeof(link), "%d/ns/%s", (int)t->tid,
			 nsi_ns_type_name(type));
		rc = nsi_ns_link_ino_at(w->taskfd, link, type, &t->ns[type]);
		t->ns_errno[type] = rc < 0 ? -rc : 0;
	}
}

/* Read thread @tid; keep it when asked for or when its caps differ. */
static int one_thread(struct walk *w, long tid, int want_caps)
{
	struct nsi_proc *p = w->p, *t;
	struct nsi_pin tp;
	int rc, keep = asked(w, tid);

	if (!keep && !want_caps)
		return 0;
	t = nsi_proc_new(p->pid);
	if (!t)
		return -ENOMEM;
	t->tid = (pid_t)tid;
	t->ppid = p->ppid;
	t->start_time = p->start_time;
	t->container = p->container;
	task_pin(w->taskfd, tid, &tp);
	rc = nsi_proc_read_status(&tp, t);
	if (rc == 0 && !t->have_status) {
		/* not ours to read: counted; gone: skipped */
		if (t->status_errno != ENOENT && t->status_errno != ESRCH &&
		    !w->m->threads_unreadable++)
			w->m->threads_errno = t->status_errno;
		rc = 1;
	}
	if (rc == 0) {
		if (t->status.ppid >= 0)	/* its process's parent */
			t->ppid = t->status.ppid;
		t->caps_differ = caps_differ(&t->status, &p->status);
		keep |= want_caps && t->caps_differ;
		t->comm = strdup(t->status.name);
		if (!t->comm)
			rc = -ENOMEM;
	}
	if (rc == 0 && keep) {
		if (asked(w, tid))
			thread_ns(w, t);
		rc = nsi_proc_add_thread(p, t);
		if (rc == 0)
			return 0;
	}
	nsi_proc_free(t);
	return rc == -ENOMEM ? rc : 0;	/* 1: gone meanwhile */
}

/* A zombie leader's missing links, from live thread @tid. */
static void leader_ns(struct walk *w, long tid)
{
	struct nsi_proc *p = w->p;
	int type;

	for (type = 0; type < NSI_NS_NTYPES; type++) {
		char link[48];

		if (!w->m->have_type[type] || p->ns[type] ||
		    p->ns_errno[type] != ENOENT)
			continue;
		snprintf(link, sizeof(link), "%ld/ns/%s", tid,
			 nsi_ns_type_name(type));
		if (nsi_ns_link_ino_at(w->taskfd, link, type,
				       &p->ns[type]) == 0)
			p->ns_errno[type] = 0;
	}
}

static int each_task(const char *name, void *arg)
{
	struct walk *w = arg;
	char *end;
	long tid = strtol(name, &end, 10);

	if (*end || tid <= 0 || tid == w->p->pid)
		return 0;
	if (w->flags & NSI_THREADS_LEADER_NS)
		leader_ns(w, tid);
	return one_thread(w, tid, !!(w->flags & NSI_THREADS_CAPS));
}

int nsi_proc_read_threads(struct nsi_model *m, const struct nsi_pin *pin,
			  struct nsi_proc *p, unsigned int flags,
			  const pid_t *tids, size_t ntids)
{
	struct walk w = { m, p, flags, tids, ntids, -1 };
	char path[32];
	size_t i;
	int rc = 0;

	if (!flags && !ntids)
		return 0;
	w.taskfd = openat(pin->dirfd, nsi_pin_name(pin, "task", path,
						   sizeof(path)),
			  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w.taskfd < 0)
		return 0;	/* gone, or not ours to read */
	if (flags) {
		rc = nsi_procfs_each_entry(w.taskfd, each_task, &w);
	} else {
		/* only the threads asked for: no listing */
		for (i = 0; rc == 0 && i < ntids; i++)
			rc = one_thread(&w, tids[i], 0);
	}
	close(w.taskfd);
	return rc == -ENOMEM ? rc : 0;
}

pid_t nsi_thread_of(int procfd, pid_t tid)
{
	struct nsi_status st;
	int rc = nsi_status_read(procfd, tid, &st);

	if ((rc == 0 || rc == -EBADMSG) && st.tgid > 0 && st.tgid != tid)
		return st.tgid;
	return 0;
}
