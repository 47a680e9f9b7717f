/*
 * live.c - the incremental scan of the live view.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "containers.h"
#include "engines.h"
#include "live.h"
#include "netinfo.h"
#include "nsfs.h"
#include "nsinfo.h"
#include "proc-events.h"
#include "proc-read.h"
#include "procfs.h"
#include "scan.h"

struct nsi_live {
	int procfd;
	struct nsi_proc_events *events;	/* NULL: none to listen to */
	int events_errno;
	/* PIDs named by events since the last scan, sorted */
	pid_t *named;
	size_t nnamed, named_alloc;
	/* the scan under way */
	const struct nsi_model *prev;
	unsigned long round;
	const pid_t *fresh;
	size_t nfresh;
	/* the engines, asked in the background */
	struct nsi_engines engines;
	int full;	/* the next scan reads every process in full */
	/* the netnsids of the net namespace the detail pane showed last */
	struct nsi_netids netids;
};

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Give @c, the container @old is in a new model, the names @old had. */
static int copy_names(struct nsi_container *c, const struct nsi_container *old)
{
	size_t i;

	if (c->name || !old->name)
		return 0;
	c->name = strdup(old->name);
	for (i = 0; i < old->nnames; i++)
		if (nsi_container_add_name(c, old->names[i]) < 0)
			return -ENOMEM;
	c->image = old->image ? strdup(old->image) : NULL;
	c->network_mode = old->network_mode ? strdup(old->network_mode) : NULL;
	if (!c->pod && old->pod)
		c->pod = strdup(old->pod);
	if (!c->name || (old->image && !c->image) ||
	    (old->network_mode && !c->network_mode))
		return -ENOMEM;
	return 0;
}

/* The container @old ran in, found again (or made) in @m. */
static struct nsi_container *same_container(struct nsi_model *m,
					    const struct nsi_container *old)
{
	struct nsi_container *c = nsi_model_get_container_of(m, old->runtime,
		old->id, nsi_container_owner(old), 1);

	if (c && !c->bundle_read && old->bundle_read) {	/* read once */
		c->bundle_read = 1;
		c->sandbox = old->sandbox;
		if ((old->pod_name && !(c->pod_name = strdup(old->pod_name))) ||
		    (old->pod_namespace &&
		     !(c->pod_namespace = strdup(old->pod_namespace))))
			return NULL;
	}
	if (!c || copy_names(c, old) < 0)
		return NULL;
	return c;
}

/*
 * Take from @old what only an exec changes: the command line and the
 * container (cgroup).
 */
static int keep_command(struct nsi_model *m, struct nsi_proc *p,
			const struct nsi_proc *old)
{
	p->cmdline = old->cmdline ? strdup(old->cmdline) : NULL;
	p->cmdline_read = old->cmdline_read;
	p->cmdline_cut = old->cmdline_cut;
	/* within this model's budget too (NSI_CMDLINE_BUDGET) */
	if (p->cmdline)
		m->cmdline_bytes += strlen(p->cmdline);
	m->cmdlines_cut += (size_t)p->cmdline_cut;
	if (old->container)
		p->container = same_container(m, old->container);
	if ((old->cmdline && !p->cmdline) || (old->container && !p->container))
		return -ENOMEM;
	return 0;
}

/* Take from @old what /proc/PID/stat gives (the events path reads none). */
static int keep_stat(struct nsi_proc *p, const struct nsi_proc *old)
{
	p->ppid = old->ppid;
	p->start_time = old->start_time;
	p->comm = strdup(old->comm ? old->comm : "?");
	return p->comm ? 0 : -ENOMEM;
}

/* Take from @old what @p would read again. */
static int reuse(struct nsi_model *m, struct nsi_proc *p,
		 const struct nsi_proc *old)
{
	int t;

	memcpy(p->ns, old->ns, sizeof(p->ns));
	memcpy(p->ns_errno, old->ns_errno, sizeof(p->ns_errno));
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (p->ns_errno[t] && p->ns_errno[t] != ENOENT) {
			nsi_model_count_unreadable(m, p->pid, p->ns_errno[t]);
			break;
		}
	}
	p->status = old->status;
	p->have_status = old->have_status;
	p->status_errno = old->status_errno;
	p->uid = old->uid;
	p->user = old->user ? strdup(old->user) : NULL;
	if (old->user && !p->user)
		return -ENOMEM;
	return keep_command(m, p, old);
}

/*
 * Read all of @p through one pinned PROC/PID fd: 1 when it has exited
 * meanwhile.
 */
static int read_all(struct nsi_model *m, int procfd, struct nsi_proc *p,
		    int zombie)
{
	struct nsi_read_opts o = { .zombie = zombie };

	return nsi_proc_read(m, procfd, p,
			     nsi_view_reads(NSI_READS_LIVE, NULL), &o);
}

/*
 * Read all of @p again; the engine's names of its container, when it is
 * the same one as in the last refresh (@old): of the same runtime, ID and
 * owner (a user's container may have a system one's ID, and only its own
 * engine names it).  The engine is asked only when a container is new,
 * so a name not carried over here would be lost for good.
 */
static int read_again(const struct nsi_live *l, struct nsi_model *m,
		      struct nsi_proc *p, int zombie,
		      const struct nsi_proc *old)
{
	const struct nsi_container *was = old ? old->container : NULL;
	struct nsi_container *c;
	int rc = read_all(m, l->procfd, p, zombie);

	c = p->container;
	if (rc < 0 || !was || !c ||
	    nsi_container_owner(c) != nsi_container_owner(was) ||
	    strcmp(c->id, was->id) != 0)
		return rc;
	/* one an engine's list claimed from "unknown" (a cgroup parent of
	 * the user's choice) is found as "unknown" again: claimed again */
	if (strcmp(c->runtime, "unknown") == 0 &&
	    strcmp(was->runtime, "unknown") != 0 &&
	    nsi_model_claim_container(m, c, was->runtime) < 0)
		return 0;	/* that runtime has that ID here already */
	if (strcmp(c->runtime, was->runtime) == 0)
		rc = copy_names(c, was);
	return rc;
}

static int fill(struct nsi_model *m, struct nsi_proc *p, int zombie,
		void *arg)
{
	const struct nsi_live *l = arg;
	const struct nsi_proc *old;

	old = l->prev ? nsi_model_find_proc(l->prev, p->pid) : NULL;
	if (old && old->start_time == p->start_time && old->comm && p->comm &&
	    strcmp(old->comm, p->comm) == 0 && !l->full &&
	    (unsigned long)p->pid % NSI_LIVE_ROUNDS !=
	    l->round % NSI_LIVE_ROUNDS &&
	    !bsearch(&p->pid, l->fresh, l->nfresh, sizeof(pid_t), cmp_pid))
		return reuse(m, p, old);
	return read_again(l, m, p, zombie, old);
}

/* Read all of the process the events path chose (nsi_scan_pids()). */
static int fill_all(struct nsi_model *m, struct nsi_proc *p, int zombie,
		    void *arg)
{
	const struct nsi_live *l = arg;

	/* (a PID reused: the names are carried only to the same container) */
	return read_again(l, m, p, zombie,
			  l->prev ? nsi_model_find_proc(l->prev, p->pid) : NULL);
}

static int has(const pid_t *pids, size_t n, pid_t pid)
{
	return n && bsearch(&pid, pids, n, sizeof(pid_t), cmp_pid) != NULL;
}

/* Sort and deduplicate the PIDs events named. */
static void settle_named(struct nsi_live *l)
{
	size_t i, j = 0;

	if (l->nnamed)	/* qsort(3) wants a valid pointer even for 0 */
		qsort(l->named, l->nnamed, sizeof(pid_t), cmp_pid);
	for (i = 0; i < l->nnamed; i++)
		if (!j || l->named[j - 1] != l->named[i])
			l->named[j++] = l->named[i];
	l->nnamed = j;
}

/*
 * A process at its turn that no event named: it kept its command,
 * parent, container and command line (those change with an exec, or
 * show when on screen), but may have entered namespaces (unshare(2),
 * setns(2)) or changed its capabilities or seccomp mode: read again its
 * namespace links and its status.  1 when it has exited.
 */
static int read_turn(struct nsi_model *m, int procfd, struct nsi_proc *p,
		     const struct nsi_proc *old)
{
	struct nsi_read_opts o = { .zombie = old->status.state == 'Z' };
	int rc = keep_stat(p, old);

	if (rc == 0)
		rc = keep_command(m, p, old);
	if (rc < 0)
		return rc;
	return nsi_proc_read(m, procfd, p,
			     nsi_view_reads(NSI_READS_LIVE_TURN, NULL), &o);
}

/*
 * The PIDs to consider: those of @prev and those events named (a fork
 * names the child), merged in order.  The kernel reports every lost
 * event, so nothing else can have appeared; still, once every
 * NSI_LIVE_ROUNDS refreshes the list comes from /proc itself.
 */
static int list_pids(const struct nsi_live *l, pid_t **pidsp, size_t *np)
{
	const struct nsi_model *prev = l->prev;
	size_t i = 0, j = 0, n = 0;
	pid_t *pids;

	if (l->round % NSI_LIVE_ROUNDS == 0)
		return nsi_procfs_list_pids(l->procfd, pidsp, np);
	pids = malloc((prev->nprocs + l->nnamed + 1) * sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	/* prev->procs is sorted by PID (nsi_model_finish()) */
	while (i < prev->nprocs || j < l->nnamed) {
		pid_t a = i < prev->nprocs ? prev->procs[i]->pid : 0;
		pid_t b = j < l->nnamed ? l->named[j] : 0;

		if (j == l->nnamed || (i < prev->nprocs && a < b)) {
			pids[n++] = a;
			i++;
		} else if (i == prev->nprocs || b < a) {
			pids[n++] = b;
			j++;
		} else {
			pids[n++] = a;
			i++;
			j++;
		}
	}
	*pidsp = pids;
	*np = n;
	return 0;
}

/*
 * With events: copy from @prev each process that no event named and
 * that has neither its turn nor a place on screen, without a single
 * read; read its namespaces and status when it has its turn; have
 * libproc2 read in full the new ones, the named and those on screen.  A
 * process that forked, exec'd, exited or changed its credentials or name
 * since the last scan was named; one that did none of that kept its PID,
 * start time and command.
 */
static int scan_with_events(struct nsi_live *l, struct nsi_model *m)
{
	static const int all[NSI_NS_NTYPES] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	pid_t *pids = NULL;
	size_t i, n = 0, nread = 0;
	int t, rc;

	rc = list_pids(l, &pids, &n);
	if (rc < 0)
		return rc;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = l->prev->have_type[t];
	for (i = 0; i < n; i++) {
		const struct nsi_proc *old;
		struct nsi_proc *p;

		old = nsi_model_find_proc(l->prev, pids[i]);
		if (!old || has(l->named, l->nnamed, pids[i]) ||
		    has(l->fresh, l->nfresh, pids[i])) {
			pids[nread++] = pids[i];	/* read it in full */
			continue;
		}
		p = nsi_proc_new(old->pid);
		if (!p) {
			rc = -ENOMEM;
			break;
		}
		if ((unsigned long)pids[i] % NSI_LIVE_ROUNDS ==
		    l->round % NSI_LIVE_ROUNDS) {
			rc = read_turn(m, l->procfd, p, old);
		} else {
			rc = keep_stat(p, old);
			if (rc == 0)
				rc = reuse(m, p, old);
		}
		if (rc == 0)
			rc = nsi_model_add_proc(m, p);
		if (rc != 0)
			nsi_proc_free(p);
		if (rc > 0) {
			m->vanished++;
			rc = 0;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = nsi_scan_pids(m, l->procfd, all, NSI_SCAN_STAT, pids,
				   nread, fill_all, l);
	free(pids);
	return rc;
}

struct nsi_live *nsi_live_new(int procfd, unsigned int flags)
{
	struct nsi_live *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->procfd = procfd;
	nsi_engines_init(&l->engines, NSI_ENGINES_BUDGET_MS);
	l->events_errno = (flags & NSI_LIVE_NO_EVENTS) ? ECANCELED :
		-nsi_proc_events_open(&l->events);
	return l;
}

long nsi_live_engine_wait(const struct nsi_live *l)
{
	return nsi_engines_wait(&l->engines);
}

int nsi_live_events_errno(const struct nsi_live *l)
{
	return l->events_errno;
}

void nsi_live_full_next(struct nsi_live *l)
{
	l->full = 1;
}

int nsi_live_events_fd(const struct nsi_live *l)
{
	return l->events ? nsi_proc_events_fd(l->events) : -1;
}

void nsi_live_free(struct nsi_live *l)
{
	if (!l)
		return;
	nsi_proc_events_close(l->events);
	nsi_engines_release(&l->engines);
	nsi_netids_release(&l->netids);
	free(l->named);
	free(l);
}

int nsi_live_scan(struct nsi_live *l, struct nsi_model *m,
		  const struct nsi_model *prev, unsigned long round,
		  const pid_t *fresh, size_t nfresh, struct nsi_report *r)
{
	static const int all[NSI_NS_NTYPES] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	int rc, lost = 0;

	*r = (struct nsi_report){ .pidns_initial = -1 };
	l->prev = prev;
	l->round = round;
	l->fresh = fresh;
	l->nfresh = nfresh;
	l->nnamed = 0;
	if (l->events) {
		rc = nsi_proc_events_drain(l->events, &l->named, &l->nnamed,
					   &l->named_alloc);
		if (rc == -ENOBUFS)
			lost = 1;	/* trust no copy this time */
		else if (rc < 0)
			return rc;
		settle_named(l);
	}
	if (l->events && prev && !lost && !l->full)
		rc = scan_with_events(l, m);
	else	/* the links are read by fill(), only for what changed */
		rc = nsi_scan_procs(m, l->procfd, all, NSI_SCAN_STAT, fill, l);
	if (rc < 0)
		return rc;
	l->full = 0;
	rc = nsi_view_finish(m, l->procfd, 1, NULL, NULL, r);
	if (rc < 0)
		return rc;
	/* names found before were carried over: the engine is asked, in
	 * the background, only when a docker container is new (or after a
	 * failure, with a back-off); its answer names this or a later
	 * refresh's containers */
	rc = nsi_engines_poll(&l->engines, m);
	r->engine_errno = l->engines.docker_errno;
	return rc;
}

/*
 * The detail pane's reads: the owner and parent of the namespace shown,
 * and what its pane shows, of it alone (and, for net, of the namespaces
 * its veths lead to): the cost does not grow with the number of
 * namespaces.  Interfaces, addresses and firewall rules are read again
 * at each call (one fork and a few netlink dumps, well under a
 * millisecond of CPU): the pane shows them live, as the rows.  What is
 * kept is what only a search of every namespace finds: which namespace
 * each netnsid of the namespace shown names (l->netids), checked at each
 * call.  Errors are returned, not printed; the pane shows what could be
 * read.
 */
int nsi_live_read_detail(struct nsi_live *l, struct nsi_model *m,
			 enum nsi_ns_type type, ino_t ino)
{
	struct nsi_ns *ns = nsi_model_get_ns(m, type, ino, 0);

	if (!ns || !ino)
		return 0;	/* gone: the pane says so */
	nsi_ns_resolve_one(ns, l->procfd);
	switch (type) {
	case NSI_NS_NET:
		return nsi_netinfo_collect_one(m, l->procfd, ns, &l->netids);
	case NSI_NS_UTS:
		return nsi_uts_collect_one(m, l->procfd, ns);
	case NSI_NS_USER:
		return nsi_userns_maps_read_one(m, l->procfd, ns);
	default:
		return 0;
	}
}

void nsi_live_read_owners(struct nsi_live *l, struct nsi_model *m)
{
	nsi_ns_resolve(m, l->procfd, NSI_RESOLVE_ANCESTRY);
}
