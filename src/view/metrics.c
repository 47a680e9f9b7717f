/*
 * metrics.c - what --metrics reports: namespaces by type, processes
 * with capabilities by user namespace, containers by runtime, and each
 * container judged by the rules of --audit (nsi_view_audit()), counted
 * in one walk of the model.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "hashmap.h"
#include "metrics.h"

/* The entry of runtime @name, added when new. */
static struct nsi_metrics_runtime *runtime_of(struct nsi_metrics *mx,
					      const char *name)
{
	size_t i;

	for (i = 0; i < mx->nruntimes; i++)
		if (!strcmp(mx->runtimes[i].runtime, name))
			return &mx->runtimes[i];
	if (mx->nruntimes == NSI_METRICS_RUNTIMES_MAX)
		return &mx->runtimes[mx->nruntimes - 1];
	mx->runtimes[mx->nruntimes].runtime = name;
	return &mx->runtimes[mx->nruntimes++];
}

/* Namespaces by type, and processes with capabilities by user namespace. */
static void count_model(const struct nsi_model *m, struct nsi_metrics *mx)
{
	size_t i;

	memcpy(mx->have_type, m->have_type, sizeof(mx->have_type));
	for (i = 0; i < m->nns; i++)
		if (m->ns[i]->ino)	/* not the unknown group */
			mx->namespaces[m->ns[i]->type]++;
	mx->processes = m->nprocs;
	mx->host_pidns = m->pidns_initial;
	for (i = 0; i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];

		if (!p->have_status)
			mx->status_unreadable++;
		if (!nsi_proc_any_caps(p))
			continue;
		mx->with_caps[p->userns_initial > 0 ? NSI_METRICS_USERNS_INITIAL :
			      p->userns_initial == 0 ? NSI_METRICS_USERNS_CHILD :
			      NSI_METRICS_USERNS_UNKNOWN]++;
	}
}

/* One container: its runtime counted, its namespaces judged as --audit. */
static void judge_container(struct nsi_model *m, struct nsi_container *c,
			    struct nsi_metrics *mx,
			    struct nsi_metrics_container *e)
{
	struct nsi_audit a;
	int t;

	runtime_of(mx, c->runtime)->containers++;
	*e = (struct nsi_metrics_container){ .c = c };
	for (t = 0; t < NSI_NS_NTYPES; t++)
		e->shared[t] = -1;
	if (!c->rep)
		return;
	nsi_view_audit(m, c->rep, &a);
	memcpy(e->shared, a.shared, sizeof(e->shared));
}

/* The capabilities of each container's processes, as --audit's union. */
static void judge_procs(const struct nsi_model *m, const struct nsi_hmap *idx,
			struct nsi_metrics *mx)
{
	size_t i;

	for (i = 0; i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];
		struct nsi_metrics_container *e;
		struct nsi_audit a;
		void *v;

		if (!p->container)
			continue;
		v = nsi_hmap_get(idx, nsi_hkey_u64((uintptr_t)p->container));
		if (!v)
			continue;
		e = &mx->containers[(uintptr_t)v - 1];
		nsi_view_audit_caps(p, &a);
		e->escape |= a.dangerous;
		if (a.have_caps && a.caps_default.known) {
			e->have_caps = 1;
			e->added |= a.added;
		}
	}
}

/*
 * Whether @c gets series: 1, or 0 past NSI_METRICS_USER_CONTAINERS_MAX
 * of its rootless user (counted in @per_user: UID -> count); -ENOMEM.
 */
static int exported(struct nsi_hmap *per_user, const struct nsi_container *c)
{
	struct nsi_hkey k = nsi_hkey_u64(c->owner_uid);
	uintptr_t n;

	if (!c->rootless)
		return 1;
	n = (uintptr_t)nsi_hmap_get(per_user, k);
	if (n >= NSI_METRICS_USER_CONTAINERS_MAX)
		return 0;
	return nsi_hmap_set(per_user, k, (void *)(n + 1)) < 0 ? -ENOMEM : 1;
}

int nsi_view_metrics(struct nsi_model *m, struct nsi_metrics *mx)
{
	struct nsi_hmap idx = { 0 }, per_user = { 0 };
	size_t i;

	*mx = (struct nsi_metrics){ .scan_seconds = -1 };
	count_model(m, mx);
	if (!m->ncontainers)
		return 0;
	mx->containers = calloc(m->ncontainers, sizeof(*mx->containers));
	if (!mx->containers || nsi_hmap_reserve(&idx, m->ncontainers) < 0) {
		free(mx->containers);
		mx->containers = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < m->ncontainers; i++) {
		struct nsi_container *c = m->containers[i];
		int rc = exported(&per_user, c);

		if (rc < 0) {
			nsi_hmap_release(&per_user);
			nsi_hmap_release(&idx);
			nsi_metrics_release(mx);
			return rc;
		}
		if (!rc) {	/* counted, no series */
			runtime_of(mx, c->runtime)->containers++;
			mx->containers_unexported++;
			continue;
		}
		judge_container(m, c, mx, &mx->containers[mx->ncontainers]);
		/* room was reserved: adding allocates nothing */
		nsi_hmap_add(&idx, nsi_hkey_u64((uintptr_t)c),
			     (void *)(uintptr_t)(++mx->ncontainers));
	}
	judge_procs(m, &idx, mx);
	nsi_hmap_release(&per_user);
	nsi_hmap_release(&idx);
	return 0;
}

void nsi_metrics_release(struct nsi_metrics *mx)
{
	free(mx->containers);
	mx->containers = NULL;
	mx->ncontainers = 0;
}

void nsi_view_metrics_query(struct nsi_query *q)
{
	int t;

	*q = (struct nsi_query){ .view = NSI_VIEW_NS, .caps = 1 };
	for (t = 0; t < NSI_NS_NTYPES; t++)
		q->types[t] = 1;
}

uint64_t nsi_view_metrics_caps(int procfd)
{
	struct nsi_query q;
	int cols[NSI_MAX_COLS];
	size_t ncols;

	nsi_view_metrics_query(&q);
	ncols = nsi_view_default_columns(&q, 0, 0, cols);
	return nsi_view_caps(&q, cols, ncols, procfd);
}

/* A clock's time in seconds. */
static double seconds_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nsi_view_metrics_scan(struct nsi_model *m, int procfd,
			  struct nsi_report *r, struct nsi_metrics *mx)
{
	double start = seconds_of(CLOCK_MONOTONIC);
	struct nsi_query q;
	int rc;

	nsi_view_metrics_query(&q);
	rc = nsi_view_scan(m, procfd, &q, r);
	if (rc < 0)
		return rc;
	rc = nsi_view_metrics(m, mx);
	if (rc < 0)
		return rc;
	mx->scan_seconds = seconds_of(CLOCK_MONOTONIC) - start;
	mx->scan_time = seconds_of(CLOCK_REALTIME);
	return 0;
}
