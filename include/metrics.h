/*
 * metrics.h - what --metrics reports (metrics.c): one walk of a finished
 * model that counts namespaces, processes and containers and judges each
 * container by the rules of --audit (audit.h), for the Prometheus
 * renderer (render-metrics.h).  No I/O in nsi_view_metrics(): it works on
 * a model read from /proc or loaded from a file.
 */
#ifndef NSI_METRICS_H
#define NSI_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "view.h"

/* The user namespace the capabilities of a process act in. */
enum nsi_metrics_userns {
	NSI_METRICS_USERNS_INITIAL,	/* nsi_proc.userns_initial 1 */
	NSI_METRICS_USERNS_CHILD,	/* 0: another one, user_namespaces(7) */
	NSI_METRICS_USERNS_UNKNOWN,	/* -1 */
	NSI_METRICS_USERNS_N
};

/**
 * struct nsi_metrics_container - one container, judged as --audit
 * judges it (nsi_view_audit()).
 * @c:        the container (borrowed from the model).
 * @shared:   per namespace type, as struct nsi_audit.shared of its
 *            lowest process (c->rep, the process --audit judges): 1 when
 *            it is the host's namespace, 0 when not, -1 unknown.
 * @have_caps: 1 when the bounding set of one of its processes was read
 *            and its engine's default set is known: only then is @added
 *            meaningful.
 * @added:    capabilities beyond its engine's default set: the union of
 *            struct nsi_audit.added over its processes (a process that
 *            "docker exec --privileged" started counts).
 * @escape:   escape-prone capabilities that act on the host: the union
 *            of struct nsi_audit.dangerous over its processes.
 */
struct nsi_metrics_container {
	const struct nsi_container *c;
	int shared[NSI_NS_NTYPES];
	int have_caps;
	uint64_t added;
	uint64_t escape;
};

/**
 * struct nsi_metrics_runtime - the containers of one runtime.
 * @runtime:    struct nsi_container.runtime (a static string).
 * @containers: how many the model has.
 */
struct nsi_metrics_runtime {
	const char *runtime;
	size_t containers;
};

/** NSI_METRICS_RUNTIMES_MAX - runtime names kept apart; any more (there
 * are 9) would count under the last. */
#define NSI_METRICS_RUNTIMES_MAX 16

/**
 * NSI_METRICS_USER_CONTAINERS_MAX - the containers of one rootless user
 * (struct nsi_container.rootless: any user can make them, in a cgroup
 * delegated to it) that get series of their own; past it they are only
 * counted (nsi_metrics.containers_unexported), so that no user can add
 * series to a Prometheus server without end.
 */
#define NSI_METRICS_USER_CONTAINERS_MAX 64

/**
 * struct nsi_metrics - the counts --metrics prints.
 * @have_type:  per namespace type, 1 when the kernel has it
 *              (nsi_model.have_type).
 * @namespaces: per type, the namespaces of the model (those processes
 *              are in, and those only nsfs mounts, open files, sockets,
 *              threads or descendants hold), the unknown group aside.
 * @processes:  processes (thread groups) in the model.
 * @with_caps:  per enum nsi_metrics_userns, the processes that hold a
 *              capability (nsi_proc_any_caps()).
 * @status_unreadable: processes whose status (their capability sets)
 *              could not be read: counted in no @with_caps (those that
 *              exited during the scan are not in the model).
 * @runtimes:   the runtimes that have a container, in the order first
 *              found, @nruntimes of them.
 * @containers: each container of the model, in its order, but those of
 *              a rootless user past NSI_METRICS_USER_CONTAINERS_MAX;
 *              malloc'd, @ncontainers of them.
 * @containers_unexported: those past it (counted in @runtimes).
 * @scan_seconds: the scan's duration (nsi_view_metrics_scan()), or -1
 *              when not known (a model loaded from a file).
 * @scan_time:  when the scan ended, seconds since the Epoch, or 0 when
 *              not known.
 * @host_pidns: nsi_model.pidns_initial: 1 when the processes seen are the
 *              host's PID namespace's, 0 when not, -1 unknown.
 */
struct nsi_metrics {
	int have_type[NSI_NS_NTYPES];
	size_t namespaces[NSI_NS_NTYPES];
	size_t processes;
	size_t with_caps[NSI_METRICS_USERNS_N];
	size_t status_unreadable;
	struct nsi_metrics_runtime runtimes[NSI_METRICS_RUNTIMES_MAX];
	size_t nruntimes;
	struct nsi_metrics_container *containers;
	size_t ncontainers;
	size_t containers_unexported;
	double scan_seconds;
	double scan_time;
	int host_pidns;
};

/**
 * nsi_view_metrics() - count and judge what @m holds, in one walk of its
 * namespaces, processes and containers (linear: a hash map from each
 * container to its entry).  Pure: reads no file (each container's
 * default set must have been stored by nsi_cap_defaults_fill(), as
 * nsi_view_scan() does; see nsi_proc_cap_default()).
 * @m:  a finished model (nsi_model_finish()).
 * @mx: filled; its @containers array is owned by the caller
 *      (nsi_metrics_release()); @scan_seconds -1, @scan_time 0.
 *
 * Return: 0 or -ENOMEM (@mx then holds nothing to release).
 */
int nsi_view_metrics(struct nsi_model *m, struct nsi_metrics *mx);

/** nsi_metrics_release() - free what nsi_view_metrics() allocated. */
void nsi_metrics_release(struct nsi_metrics *mx);

/**
 * nsi_view_metrics_query() - the query of the --metrics scan: the
 * namespace view of every type (with the holder search and the walk up
 * to ancestors, as "nsinspect" lists them), no command line
 * (nsi_view_reads(): status, namespace links, container).
 * @q: filled.
 */
void nsi_view_metrics_query(struct nsi_query *q);

/**
 * nsi_view_metrics_caps() - the capabilities the --metrics scan needs
 * (nsi_view_caps() of nsi_view_metrics_query()'s query and its default
 * columns).
 * @procfd: a proc-root fd.
 *
 * Return: a mask of capability numbers.
 */
uint64_t nsi_view_metrics_caps(int procfd);

/**
 * nsi_view_metrics_scan() - the --metrics scan (nsi_view_scan() of
 * nsi_view_metrics_query()), timed (CLOCK_MONOTONIC) and counted
 * (nsi_view_metrics()).
 * @m:      an empty model (nsi_model_init()); filled.
 * @procfd: a proc-root fd.
 * @r:      what could not be read (nsi_view_scan()).
 * @mx:     filled, with @scan_seconds and @scan_time.
 *
 * Return: 0, or -errno: nsi_view_scan()'s, or -ENOMEM.
 */
int nsi_view_metrics_scan(struct nsi_model *m, int procfd,
			  struct nsi_report *r, struct nsi_metrics *mx);

#endif /* NSI_METRICS_H */
