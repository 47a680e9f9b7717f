/*
 * model.c - processes and namespaces, grouped by (type, inode) in a hash
 * map (hashmap.h).  No I/O.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "grow.h"
#include "model.h"
#include "netdetail.h"

static const char *const ns_type_names[NSI_NS_NTYPES] = {
	[NSI_NS_MNT] = "mnt",
	[NSI_NS_NET] = "net",
	[NSI_NS_PID] = "pid",
	[NSI_NS_USER] = "user",
	[NSI_NS_UTS] = "uts",
	[NSI_NS_IPC] = "ipc",
	[NSI_NS_CGROUP] = "cgroup",
	[NSI_NS_TIME] = "time",
};

const char *nsi_ns_type_name(enum nsi_ns_type type)
{
	if ((unsigned int)type >= NSI_NS_NTYPES)
		return NULL;
	return ns_type_names[type];
}

int nsi_ns_type_from_name(const char *name, size_t len)
{
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (strlen(ns_type_names[t]) == len &&
		    memcmp(ns_type_names[t], name, len) == 0)
			return t;
	return -1;
}

const char *nsi_cap_set_name(int set)
{
	static const char *const words[NSI_CAP_NSETS] = {
		"inheritable", "permitted", "effective", "bounding", "ambient"
	};

	return set >= 0 && set < NSI_CAP_NSETS ? words[set] : NULL;
}

const char *nsi_seccomp_name(int mode)
{
	switch (mode) {
	case NSI_SECCOMP_DISABLED:
		return "disabled";
	case NSI_SECCOMP_STRICT:
		return "strict";
	case NSI_SECCOMP_FILTER:
		return "filter";
	}
	return NULL;
}

void nsi_status_init(struct nsi_status *st)
{
	memset(st, 0, sizeof(*st));
	st->ppid = -1;
	st->no_new_privs = -1;
	st->seccomp = NSI_SECCOMP_UNKNOWN;
	st->seccomp_filters = -1;
	st->kthread = -1;
}

void nsi_model_init(struct nsi_model *m)
{
	memset(m, 0, sizeof(*m));
}

static void ns_free(struct nsi_ns *ns)
{
	size_t i;

	for (i = 0; i < ns->nnsfs; i++)
		free(ns->nsfs[i]);
	free(ns->nsfs);
	free(ns->procs);
	free(ns->containers);
	free(ns->hostname);
	free(ns->uid_map);
	free(ns->gid_map);
	nsi_netinfo_free(ns->net);
	for (i = 0; i < ns->nholders; i++)
		free(ns->holders[i].path);
	free(ns->holders);
	nsi_strset_release(&ns->paths);
	free(ns);
}

int nsi_proc_has_fields(const struct nsi_proc *p)
{
	return p->have_status || p->have_stat;
}

int nsi_proc_is_kthread(const struct nsi_proc *p)
{
	if (nsi_proc_has_fields(p) && p->status.kthread >= 0)
		return p->status.kthread;
	return p->pid == 2 || p->ppid == 2;
}

int nsi_proc_has_caps(const struct nsi_proc *p)
{
	const struct nsi_status *st = &p->status;

	return p->have_status &&
		(st->cap[NSI_CAP_PRM] | st->cap[NSI_CAP_EFF] |
		 st->cap[NSI_CAP_AMB]) != 0;
}

int nsi_proc_any_caps(const struct nsi_proc *p)
{
	size_t i;

	if (nsi_proc_has_caps(p))
		return 1;
	for (i = 0; i < p->nthreads; i++)
		if (p->threads[i]->caps_differ &&
		    nsi_proc_has_caps(p->threads[i]))
			return 1;
	return 0;
}

void nsi_proc_free(struct nsi_proc *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nthreads; i++)
		nsi_proc_free(p->threads[i]);
	free(p->threads);
	free(p->user);
	free(p->comm);
	free(p->cmdline);
	free(p->filecaps);
	free(p->lsm);
	free(p);
}

void nsi_model_release(struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->nprocs; i++)
		nsi_proc_free(m->procs[i]);
	for (i = 0; i < m->nns; i++)
		ns_free(m->ns[i]);
	free(m->procs);
	free(m->ns);
	nsi_hmap_release(&m->ns_map);
	nsi_model_release_containers(m);
	free(m->ctr_namespaces);
	free(m->fuse_points);
	nsi_model_init(m);
}

struct nsi_proc *nsi_proc_new(pid_t pid)
{
	struct nsi_proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->pid = pid;
	p->userns_initial = -1;
	nsi_status_init(&p->status);
	return p;
}

int nsi_proc_add_thread(struct nsi_proc *p, struct nsi_proc *t)
{
	if (nsi_grow(&p->threads, &p->threads_alloc, p->nthreads + 1,
		     sizeof(*p->threads)) < 0)
		return -ENOMEM;
	p->threads[p->nthreads++] = t;
	return 0;
}

struct nsi_proc *nsi_model_find_thread(const struct nsi_model *m, pid_t tid)
{
	size_t i, j;

	for (i = 0; i < m->nprocs; i++)
		for (j = 0; j < m->procs[i]->nthreads; j++)
			if (m->procs[i]->threads[j]->tid == tid)
				return m->procs[i]->threads[j];
	return NULL;
}

/* The key of namespace (@type, @ino) in m->ns_map. */
static struct nsi_hkey ns_key(enum nsi_ns_type type, ino_t ino)
{
	return nsi_hkey_u128((uint64_t)ino, (uint64_t)type);
}

struct nsi_ns *nsi_model_get_ns(struct nsi_model *m, enum nsi_ns_type type,
				ino_t ino, int create)
{
	struct nsi_ns *ns = nsi_hmap_get(&m->ns_map, ns_key(type, ino));

	if (ns || !create)
		return ns;
	if (nsi_grow(&m->ns, &m->ns_alloc, m->nns + 1, sizeof(*m->ns)) < 0)
		goto nomem;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		goto nomem;
	ns->type = type;
	ns->ino = ino;
	ns->netnsid = -1;
	if (nsi_hmap_add(&m->ns_map, ns_key(type, ino), ns) < 0) {
		free(ns);
		goto nomem;
	}
	m->ns[m->nns++] = ns;
	return ns;
nomem:
	errno = ENOMEM;
	return NULL;
}

int nsi_ns_add_nsfs(struct nsi_ns *ns, const char *path)
{
	char *copy;
	int rc;

	if (nsi_strset_has(&ns->paths, path))
		return 0;
	ns->found_by |= 1u << NSI_HOLD_BIND_MOUNT;
	if (ns->nnsfs >= NSI_NS_HOLDERS_MAX) {
		ns->holders_omitted++;
		return 0;
	}
	if (nsi_grow(&ns->nsfs, &ns->nsfs_alloc, ns->nnsfs + 1,
		     sizeof(*ns->nsfs)) < 0)
		return -ENOMEM;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	rc = nsi_strset_add(&ns->paths, copy);
	if (rc < 0) {
		free(copy);
		return rc;
	}
	ns->nsfs[ns->nnsfs++] = copy;
	return 0;
}

static const char *const holder_kind_names[NSI_HOLD_NKINDS] = {
	[NSI_HOLD_PROCESS] = "process",
	[NSI_HOLD_THREAD] = "thread",
	[NSI_HOLD_FD] = "fd",
	[NSI_HOLD_SOCKET] = "socket",
	[NSI_HOLD_BIND_MOUNT] = "bind mount",
	[NSI_HOLD_FOR_CHILDREN] = "for_children",
	[NSI_HOLD_PARENT] = "parent",
	[NSI_HOLD_OWNER] = "owner",
	[NSI_HOLD_LISTNS] = "listns",
};

const char *nsi_holder_kind_name(enum nsi_holder_kind kind)
{
	if ((unsigned int)kind >= NSI_HOLD_NKINDS)
		return NULL;
	return holder_kind_names[kind];
}

int nsi_ns_add_holder(struct nsi_ns *ns, enum nsi_holder_kind kind,
		      pid_t pid, int num, const char *path, ino_t mntns)
{
	struct nsi_holder *h;
	char *copy = NULL;
	int rc;

	if (kind == NSI_HOLD_BIND_MOUNT &&
	    (ns->nnsfs || (path && nsi_strset_has(&ns->paths, path))))
		return 0;	/* known already */
	ns->found_by |= 1u << kind;
	if (kind == NSI_HOLD_THREAD)
		ns->nthreads++;
	if (ns->nholders >= NSI_NS_HOLDERS_MAX) {
		ns->holders_omitted++;
		return 0;
	}
	if (nsi_grow(&ns->holders, &ns->holders_alloc, ns->nholders + 1,
		     sizeof(*ns->holders)) < 0)
		return -ENOMEM;
	if (path) {
		copy = strdup(path);
		if (!copy)
			return -ENOMEM;
		if (kind == NSI_HOLD_BIND_MOUNT &&
		    (rc = nsi_strset_add(&ns->paths, copy)) < 0) {
			free(copy);
			return rc;
		}
	}
	h = &ns->holders[ns->nholders++];
	*h = (struct nsi_holder){ kind, pid, num, copy, mntns, NULL, 0 };
	return 0;
}

int nsi_ns_add_via(struct nsi_ns *ns, enum nsi_holder_kind kind,
		   struct nsi_ns *via)
{
	size_t n = ns->nholders;
	int rc = nsi_ns_add_holder(ns, kind, 0, -1, NULL, 0);

	if (rc == 0 && ns->nholders > n)
		ns->holders[n].via = via;
	return rc;
}

int nsi_ns_add_listed(struct nsi_ns *ns, uint64_t id)
{
	size_t n = ns->nholders;
	int rc = nsi_ns_add_holder(ns, NSI_HOLD_LISTNS, 0, -1, NULL, 0);

	if (rc == 0 && ns->nholders > n)
		ns->holders[n].id = id;
	return rc;
}

static int ns_add_member(struct nsi_ns *ns, struct nsi_proc *p)
{
	if (nsi_grow(&ns->procs, &ns->procs_alloc, ns->nprocs + 1,
		     sizeof(*ns->procs)) < 0)
		return -ENOMEM;
	ns->procs[ns->nprocs++] = p;
	ns->found_by |= 1u << NSI_HOLD_PROCESS;
	if (!ns->rep || p->pid < ns->rep->pid)
		ns->rep = p;
	return 0;
}

int nsi_model_add_proc(struct nsi_model *m, struct nsi_proc *p)
{
	struct nsi_ns *ns[NSI_NS_NTYPES] = { NULL };
	int t;

	if (nsi_grow(&m->procs, &m->procs_alloc, m->nprocs + 1,
		     sizeof(*m->procs)) < 0)
		return -ENOMEM;
	/*
	 * Find or create every namespace first, then add the member: on
	 * ENOMEM no namespace holds a pointer to @p, which stays the
	 * caller's.  Namespaces created meanwhile stay, empty.
	 */
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (!p->ns[t] && !m->have_type[t])
			continue;	/* the kernel lacks this type */
		if (!p->ns[t] && p->ns_errno[t] == ENOENT)
			continue;	/* a zombie: in no namespace any more */
		ns[t] = nsi_model_get_ns(m, t, p->ns[t], 1);
		if (!ns[t])
			return -ENOMEM;
		if (nsi_grow(&ns[t]->procs, &ns[t]->procs_alloc,
			     ns[t]->nprocs + 1, sizeof(*ns[t]->procs)) < 0)
			return -ENOMEM;
	}
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (ns[t])
			ns_add_member(ns[t], p);
	m->procs[m->nprocs++] = p;
	return 0;
}

static int cmp_proc(const void *a, const void *b)
{
	const struct nsi_proc *p = *(struct nsi_proc *const *)a;
	const struct nsi_proc *q = *(struct nsi_proc *const *)b;

	return (p->pid > q->pid) - (p->pid < q->pid);
}

/* By inode as lsns(8) does, the unknown groups (inode 0) last, by type. */
static int cmp_ns(const void *a, const void *b)
{
	const struct nsi_ns *n = *(struct nsi_ns *const *)a;
	const struct nsi_ns *o = *(struct nsi_ns *const *)b;

	if ((n->ino == 0) != (o->ino == 0))
		return n->ino == 0 ? 1 : -1;
	if (n->ino != o->ino)
		return n->ino < o->ino ? -1 : 1;
	return (int)n->type - (int)o->type;
}

void nsi_model_count_unreadable(struct nsi_model *m, pid_t pid, int err)
{
	if (m->unreadable < NSI_UNREADABLE_NAMED)
		m->unreadable_pids[m->unreadable] = pid;
	if (!m->unreadable++ || !m->unreadable_errno)
		m->unreadable_errno = err;
}

ino_t nsi_ns_init_ino(enum nsi_ns_type type, unsigned int *since)
{
	/* PROC_*_INIT_INO of include/linux/proc_ns.h */
	static const ino_t ino[NSI_NS_NTYPES] = {
		[NSI_NS_MNT] = 0xEFFFFFF8u, [NSI_NS_NET] = 0xEFFFFFF9u,
		[NSI_NS_PID] = NSI_INIT_INO_PID, [NSI_NS_USER] = 0xEFFFFFFDu,
		[NSI_NS_UTS] = 0xEFFFFFFEu, [NSI_NS_IPC] = 0xEFFFFFFFu,
		[NSI_NS_CGROUP] = 0xEFFFFFFBu, [NSI_NS_TIME] = 0xEFFFFFFAu,
	};

	if (since)
		*since = type == NSI_NS_MNT || type == NSI_NS_NET ? 0x0612 :
			type == NSI_NS_TIME ? 0x0506 :
			type == NSI_NS_CGROUP ? 0x0406 : 0x0308;
	return ino[type];
}

ino_t nsi_model_host_ns(const struct nsi_model *m, enum nsi_ns_type type)
{
	return m->host_ns[type];
}

/*
 * Which PID namespace the process list is of, and the host's namespace
 * of each type (nsi_model_host_ns()).  O(types): two lookups by PID and
 * one hash lookup per type.
 */
static void set_host(struct nsi_model *m)
{
	const struct nsi_proc *p1 = nsi_model_find_proc(m, 1);
	const struct nsi_proc *p2 = nsi_model_find_proc(m, 2);
	int t;

	/* else as the view read it (a view that reads no pid links) */
	if (p1 && p1->ns[NSI_NS_PID])
		m->pidns = p1->ns[NSI_NS_PID];
	else if (p2 && p2->ns[NSI_NS_PID])
		m->pidns = p2->ns[NSI_NS_PID];
	m->pidns_initial = !m->pidns ? -1 : m->pidns == NSI_INIT_INO_PID;
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		ino_t first = p1 && p1->ns[t] ? p1->ns[t] : p2 ? p2->ns[t] : 0;
		unsigned int since;
		ino_t fixed = nsi_ns_init_ino(t, &since);

		if (m->pidns_initial == 1 && first)
			m->host_ns[t] = first;
		else if (since < 0x0612 ||
			 nsi_model_get_ns(m, t, fixed, 0))
			m->host_ns[t] = fixed;
		else
			m->host_ns[t] = m->pidns_initial < 0 ? first : 0;
	}
}

/*
 * The containers of @ns's members, each once, by lowest PID, and its
 * representative: its lowest member that runs in one of them.  None for
 * the host's namespace of the type (@host, 0 when unknown); when the
 * host's is unknown, none either when a member runs outside any
 * container.  A host process that entered a container's namespace
 * (setns(2)) does not make it the host's, whatever its PID.  Two passes
 * over the members, each with a new stamp: linear in them, however many
 * containers share @ns.
 */
static int ns_containers(struct nsi_model *m, struct nsi_ns *ns, ino_t host)
{
	size_t i, n = 0, first = ++m->mark, second = ++m->mark;

	free(ns->containers);
	ns->containers = NULL;
	ns->ncontainers = 0;
	ns->container = NULL;
	if (host && ns->ino == host)
		return 0;	/* the host's */
	for (i = 0; i < ns->nprocs; i++) {
		struct nsi_container *c = ns->procs[i]->container;

		if (!c) {
			if (!host)
				return 0;	/* the host's, as far as we know */
			continue;		/* a host process that entered it */
		}
		if (c->mark != first) {
			c->mark = first;
			n++;
		}
	}
	if (!n)
		return 0;
	ns->containers = malloc(n * sizeof(*ns->containers));
	if (!ns->containers)
		return -ENOMEM;
	for (i = 0; i < ns->nprocs; i++) {
		struct nsi_container *c = ns->procs[i]->container;

		if (!c)
			continue;
		if (ns->ncontainers == 0)
			ns->rep = ns->procs[i];
		if (c->mark != second) {
			c->mark = second;
			ns->containers[ns->ncontainers++] = c;
		}
	}
	if (ns->ncontainers == 1)
		ns->container = ns->containers[0];
	return 0;
}

static void set_held_by(const struct nsi_model *m, struct nsi_ns *ns);

/*
 * A *_for_children link holds a namespace that no process is in yet
 * (unshare(2) before the fork): once a process is in it, the parent's
 * link says nothing more (every "unshare --pid --fork" leaves one), so
 * that holder is dropped.
 */
static void drop_for_children(struct nsi_ns *ns)
{
	size_t i, n = 0;

	if (!ns->nprocs || !(ns->found_by & (1u << NSI_HOLD_FOR_CHILDREN)))
		return;
	for (i = 0; i < ns->nholders; i++)
		if (ns->holders[i].kind != NSI_HOLD_FOR_CHILDREN)
			ns->holders[n++] = ns->holders[i];
		else
			free(ns->holders[i].path);
	ns->nholders = n;
	ns->found_by &= ~(1u << NSI_HOLD_FOR_CHILDREN);
}

int nsi_model_finish(struct nsi_model *m)
{
	size_t i;
	int rc = 0;

	if (m->nprocs)
		qsort(m->procs, m->nprocs, sizeof(*m->procs), cmp_proc);
	if (m->nns)
		qsort(m->ns, m->nns, sizeof(*m->ns), cmp_ns);
	set_host(m);
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		ino_t host;

		if (ns->nprocs)	/* held only by a mount, fd, ...: no array */
			qsort(ns->procs, ns->nprocs, sizeof(*ns->procs),
			      cmp_proc);
		host = ns->ino ? nsi_model_host_ns(m, ns->type) : 0;
		ns->rep = ns->nprocs ? ns->procs[0] : NULL;
		ns->host = host && ns->ino == host;
		if (ns_containers(m, ns, host) < 0)
			rc = -ENOMEM;
	}
	for (i = 0; i < m->nns; i++) {
		drop_for_children(m->ns[i]);
		set_held_by(m, m->ns[i]);
	}
	for (i = 0; i < m->ncontainers; i++) {
		m->containers[i]->nprocs = 0;
		m->containers[i]->rep = NULL;
	}
	for (i = 0; i < m->nprocs; i++) {	/* by PID: the first is lowest */
		struct nsi_container *c = m->procs[i]->container;

		if (c && !c->nprocs++)
			c->rep = m->procs[i];
	}
	return rc;
}

/*
 * The process whose row a namespace no process is in shows: that of its
 * first thread, fd, socket or for_children holder that is in the model.
 */
static void set_held_by(const struct nsi_model *m, struct nsi_ns *ns)
{
	size_t i;

	ns->held_by = NULL;
	ns->tid = 0;
	for (i = 0; !ns->rep && i < ns->nholders; i++) {
		const struct nsi_holder *h = &ns->holders[i];

		if (h->kind != NSI_HOLD_THREAD && h->kind != NSI_HOLD_FD &&
		    h->kind != NSI_HOLD_SOCKET &&
		    h->kind != NSI_HOLD_FOR_CHILDREN)
			continue;
		ns->held_by = nsi_model_find_proc(m, h->pid);
		if (!ns->held_by)
			continue;
		if (h->kind == NSI_HOLD_THREAD)
			ns->tid = h->num;
		return;
	}
}

struct nsi_proc *nsi_model_find_proc(const struct nsi_model *m, pid_t pid)
{
	size_t lo = 0, hi = m->nprocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->procs[mid]->pid == pid)
			return m->procs[mid];
		if (m->procs[mid]->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
