/*
 * diff.c - what changed between two models (diff.h): containers matched
 * by (runtime, owner, ID), namespaces by (type, inode), commands by name,
 * all through hash maps; processes by merging the two PID-sorted lists.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "grow.h"
#include "hashmap.h"

static const char *const kind_names[NSI_CHANGE_NKINDS] = {
	[NSI_CHANGE_CONTAINER_STARTED] = "container_started",
	[NSI_CHANGE_CONTAINER_STOPPED] = "container_stopped",
	[NSI_CHANGE_CONTAINER_HOST_NS] = "container_host_namespaces",
	[NSI_CHANGE_CONTAINER_CAPS] = "container_caps",
	[NSI_CHANGE_NS_CREATED] = "namespace_created",
	[NSI_CHANGE_NS_GONE] = "namespace_gone",
	[NSI_CHANGE_COMMAND_CAPS] = "command_caps",
	[NSI_CHANGE_PROC_ENTERED] = "process_entered",
	[NSI_CHANGE_PROC_LEFT] = "process_left",
	[NSI_CHANGE_PROC_CAPS] = "process_caps",
};

const char *nsi_change_kind_name(enum nsi_change_kind kind)
{
	if ((unsigned int)kind >= NSI_CHANGE_NKINDS)
		return NULL;
	return kind_names[kind];
}

/* The union of the capability sets of a group of processes. */
struct group {
	uint64_t cap[NSI_CAP_NSETS];
	unsigned int known;	/* sets every member with a status knows */
	int any;		/* a member's status was read */
};

/* What one side of the comparison indexes of its model. */
struct side {
	struct nsi_model *m;
	ino_t host[NSI_NS_NTYPES];
	char **ckey;		/* per container: "runtime/owner/id" */
	struct group *cgrp;	/* per container */
	struct nsi_hmap by_key;	/* ckey -> container index + 1 */
	struct nsi_hmap by_ptr;	/* container pointer -> index + 1 */
	struct group *cmd;	/* per command */
	const char **cmdname;	/* borrowed from the model's processes */
	size_t ncmd, cmd_alloc, name_alloc;
	struct nsi_hmap by_comm; /* comm -> command index + 1 */
};

static void group_add(struct group *g, const struct nsi_proc *p)
{
	int s;

	if (!p->have_status)
		return;
	g->known = g->any ? g->known & p->status.cap_known :
		p->status.cap_known;
	g->any = 1;
	for (s = 0; s < NSI_CAP_NSETS; s++)
		g->cap[s] |= p->status.cap[s];
}

static int add_change(struct nsi_diff *d, const struct nsi_change *c)
{
	if (nsi_grow(&d->ch, &d->alloc, d->n + 1, sizeof(*d->ch)) < 0)
		return -ENOMEM;
	d->ch[d->n++] = *c;
	return 0;
}

/* The container index + 1 of @c in @s, 0 when none. */
static size_t ctr_index(const struct side *s, const struct nsi_container *c)
{
	return c ? (size_t)(uintptr_t)nsi_hmap_get(&s->by_ptr,
		nsi_hkey_u64((uintptr_t)c)) : 0;
}

static int index_containers(struct side *s)
{
	struct nsi_model *m = s->m;
	size_t i;

	s->ckey = calloc(m->ncontainers + 1, sizeof(*s->ckey));
	s->cgrp = calloc(m->ncontainers + 1, sizeof(*s->cgrp));
	if (!s->ckey || !s->cgrp)
		return -ENOMEM;
	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];
		void *v = (void *)(uintptr_t)(i + 1);

		if (asprintf(&s->ckey[i], "%s/%ld/%s", c->runtime,
			     nsi_container_owner(c),
			     c->id) < 0) {
			s->ckey[i] = NULL;
			return -ENOMEM;
		}
		if (nsi_hmap_add(&s->by_key, nsi_hkey_str(s->ckey[i]), v) < 0 ||
		    nsi_hmap_add(&s->by_ptr, nsi_hkey_u64((uintptr_t)c), v) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The group of the host command @comm in @s, made when new. */
static struct group *command_group(struct side *s, const char *comm)
{
	size_t i = (size_t)(uintptr_t)nsi_hmap_get(&s->by_comm,
						   nsi_hkey_str(comm));

	if (i)
		return &s->cmd[i - 1];
	if (nsi_grow(&s->cmd, &s->cmd_alloc, s->ncmd + 1, sizeof(*s->cmd)) < 0 ||
	    nsi_grow(&s->cmdname, &s->name_alloc, s->ncmd + 1,
		     sizeof(*s->cmdname)) < 0)
		return NULL;
	if (nsi_hmap_add(&s->by_comm, nsi_hkey_str(comm),
			 (void *)(uintptr_t)(s->ncmd + 1)) < 0)
		return NULL;
	memset(&s->cmd[s->ncmd], 0, sizeof(*s->cmd));
	s->cmdname[s->ncmd] = comm;
	return &s->cmd[s->ncmd++];
}

/* Index @m: host namespaces, containers, the unions of their groups. */
static int side_init(struct side *s, struct nsi_model *m)
{
	size_t i;
	int t, rc;

	memset(s, 0, sizeof(*s));
	s->m = m;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		s->host[t] = nsi_model_host_ns(m, (enum nsi_ns_type)t);
	rc = index_containers(s);
	for (i = 0; rc == 0 && i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];
		size_t c = ctr_index(s, p->container);
		struct group *g;

		if (c) {
			group_add(&s->cgrp[c - 1], p);
			continue;
		}
		if (!p->comm || !p->have_status || nsi_proc_is_kthread(p))
			continue;
		g = command_group(s, p->comm);
		if (!g)
			return -ENOMEM;
		group_add(g, p);
	}
	return rc;
}

static void side_release(struct side *s)
{
	size_t i;

	if (s->ckey)
		for (i = 0; i < s->m->ncontainers; i++)
			free(s->ckey[i]);
	free(s->ckey);
	free(s->cgrp);
	free(s->cmd);
	free(s->cmdname);
	nsi_hmap_release(&s->by_key);
	nsi_hmap_release(&s->by_ptr);
	nsi_hmap_release(&s->by_comm);
}

/* The types of namespace @c shares with the host in @s. */
static unsigned int host_mask(const struct side *s,
			      const struct nsi_container *c)
{
	unsigned int mask = 0;
	int t;

	if (!c->rep)
		return 0;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (s->host[t] && c->rep->ns[t] == s->host[t])
			mask |= 1u << t;
	return mask;
}

/*
 * Fill the capability fields of @ch from two groups (or processes'
 * status): 1 when a set both know differs.
 */
static int caps_differ(struct nsi_change *ch, const uint64_t *a,
		       unsigned int ka, const uint64_t *b, unsigned int kb)
{
	int s;

	memcpy(ch->cap_old, a, sizeof(ch->cap_old));
	memcpy(ch->cap_new, b, sizeof(ch->cap_new));
	ch->cap_changed = 0;
	for (s = 0; s < NSI_CAP_NSETS; s++)
		if ((ka & kb & (1u << s)) && a[s] != b[s])
			ch->cap_changed |= 1u << s;
	return ch->cap_changed != 0;
}

/* A container of both models: its shared namespaces and its sets. */
static int diff_container(struct nsi_diff *d, const struct side *o,
			  size_t oi, const struct side *n, size_t ni)
{
	const struct nsi_container *c = n->m->containers[ni];
	const struct group *a = &o->cgrp[oi], *b = &n->cgrp[ni];
	struct nsi_change ch = nsi_change_of_container(
		NSI_CHANGE_CONTAINER_HOST_NS, c);

	ch.host_old = host_mask(o, o->m->containers[oi]);
	ch.host_new = host_mask(n, c);
	if (ch.host_old != ch.host_new && add_change(d, &ch) < 0)
		return -ENOMEM;
	ch.kind = NSI_CHANGE_CONTAINER_CAPS;
	if (a->any && b->any &&
	    caps_differ(&ch, a->cap, a->known, b->cap, b->known))
		return add_change(d, &ch);
	return 0;
}

static int diff_containers(struct nsi_diff *d, const struct side *o,
			   const struct side *n)
{
	size_t i, j;

	for (i = 0; i < n->m->ncontainers; i++) {
		struct nsi_change ch = nsi_change_of_container(
			NSI_CHANGE_CONTAINER_STARTED, n->m->containers[i]);

		j = (size_t)(uintptr_t)nsi_hmap_get(&o->by_key,
						    nsi_hkey_str(n->ckey[i]));
		if (!j && add_change(d, &ch) < 0)
			return -ENOMEM;
		if (j && diff_container(d, o, j - 1, n, i) < 0)
			return -ENOMEM;
	}
	for (i = 0; i < o->m->ncontainers; i++) {
		struct nsi_change ch = nsi_change_of_container(
			NSI_CHANGE_CONTAINER_STOPPED, o->m->containers[i]);

		if (!nsi_hmap_has(&n->by_key, nsi_hkey_str(o->ckey[i])) &&
		    add_change(d, &ch) < 0)
			return -ENOMEM;
	}
	return 0;
}

struct nsi_change nsi_change_of_ns(enum nsi_change_kind kind,
				   const struct nsi_ns *ns)
{
	struct nsi_change ch = {
		.kind = kind, .type = ns->type, .ino = ns->ino, .ns = ns,
		.proc = ns->rep ? ns->rep : ns->held_by,
	};

	ch.comm = ch.proc ? ch.proc->comm : NULL;
	ch.container = ns->container ? ns->container :
		ns->ncontainers ? ns->containers[0] :
		ch.proc ? ch.proc->container : NULL;
	return ch;
}

struct nsi_change nsi_change_of_container(enum nsi_change_kind kind,
					  const struct nsi_container *c)
{
	return (struct nsi_change){
		.kind = kind, .container = c, .proc = c->rep,
		.comm = c->rep ? c->rep->comm : NULL,
	};
}

/* The namespaces of @a that @b does not have, as changes of @kind. */
static int ns_only_in(struct nsi_diff *d, struct nsi_model *a,
		      struct nsi_model *b, enum nsi_change_kind kind)
{
	size_t i;

	for (i = 0; i < a->nns; i++) {
		const struct nsi_ns *ns = a->ns[i];
		struct nsi_change ch;

		if (!ns->ino || nsi_model_get_ns(b, ns->type, ns->ino, 0))
			continue;
		ch = nsi_change_of_ns(kind, ns);
		if (add_change(d, &ch) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int diff_commands(struct nsi_diff *d, const struct side *o,
			 const struct side *n)
{
	size_t i, j;

	for (i = 0; i < n->ncmd; i++) {
		const struct group *a, *b = &n->cmd[i];
		struct nsi_change ch = {
			.kind = NSI_CHANGE_COMMAND_CAPS, .comm = n->cmdname[i],
		};

		j = (size_t)(uintptr_t)nsi_hmap_get(&o->by_comm,
						    nsi_hkey_str(n->cmdname[i]));
		if (!j)
			continue;
		a = &o->cmd[j - 1];
		if (a->any && b->any &&
		    caps_differ(&ch, a->cap, a->known, b->cap, b->known) &&
		    add_change(d, &ch) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* A process of both models: the namespaces it left and entered, its sets. */
static int diff_proc(struct nsi_diff *d, const struct nsi_proc *a,
		     const struct nsi_proc *b, struct nsi_model *om,
		     struct nsi_model *nm)
{
	struct nsi_change ch = { .proc = b, .comm = b->comm,
				 .container = b->container };
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (!a->ns[t] || !b->ns[t] || a->ns[t] == b->ns[t])
			continue;
		ch.type = (enum nsi_ns_type)t;
		ch.kind = NSI_CHANGE_PROC_LEFT;
		ch.ino = a->ns[t];
		ch.ns = nsi_model_get_ns(om, ch.type, ch.ino, 0);
		if (add_change(d, &ch) < 0)
			return -ENOMEM;
		ch.kind = NSI_CHANGE_PROC_ENTERED;
		ch.ino = b->ns[t];
		ch.ns = nsi_model_get_ns(nm, ch.type, ch.ino, 0);
		if (add_change(d, &ch) < 0)
			return -ENOMEM;
	}
	ch.kind = NSI_CHANGE_PROC_CAPS;
	ch.type = 0;
	ch.ino = 0;
	ch.ns = NULL;
	if (a->have_status && b->have_status &&
	    caps_differ(&ch, a->status.cap, a->status.cap_known,
			b->status.cap, b->status.cap_known))
		return add_change(d, &ch);
	return 0;
}

/*
 * A new process: the namespaces of the old model it is in while its
 * parent is not (it was put there by setns(2): nsenter(1), docker exec).
 * A namespace new too is namespace_created's, not this.
 */
static int diff_new_proc(struct nsi_diff *d, const struct nsi_proc *p,
			 struct nsi_model *om, struct nsi_model *nm)
{
	const struct nsi_proc *pp = p->ppid > 0 ?
		nsi_model_find_proc(nm, p->ppid) : NULL;
	struct nsi_change ch = { .kind = NSI_CHANGE_PROC_ENTERED, .proc = p,
				 .comm = p->comm, .container = p->container };
	int t;

	if (!pp)
		return 0;
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (!p->ns[t] || !pp->ns[t] || p->ns[t] == pp->ns[t])
			continue;
		ch.type = (enum nsi_ns_type)t;
		ch.ino = p->ns[t];
		ch.ns = nsi_model_get_ns(om, ch.type, ch.ino, 0);
		if (ch.ns && add_change(d, &ch) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Merge the two PID-sorted process lists (nsi_model_finish()). */
static int diff_procs(struct nsi_diff *d, struct nsi_model *om,
		      struct nsi_model *nm)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while (rc == 0 && j < nm->nprocs) {
		const struct nsi_proc *b = nm->procs[j];
		const struct nsi_proc *a = i < om->nprocs ? om->procs[i] : NULL;

		if (a && a->pid < b->pid) {
			i++;
			continue;
		}
		if (a && a->pid == b->pid && a->start_time == b->start_time)
			rc = diff_proc(d, a, b, om, nm);
		else
			rc = diff_new_proc(d, b, om, nm);
		if (a && a->pid == b->pid)
			i++;
		j++;
	}
	return rc;
}

int nsi_diff_models(struct nsi_model *old, struct nsi_model *new,
		    unsigned int flags, struct nsi_diff *d)
{
	struct side o, n;
	int rc;

	rc = side_init(&o, old);
	if (rc == 0)
		rc = side_init(&n, new);
	else
		memset(&n, 0, sizeof(n));
	if (rc == 0)
		rc = diff_containers(d, &o, &n);
	if (rc == 0)
		rc = ns_only_in(d, new, old, NSI_CHANGE_NS_CREATED);
	if (rc == 0)
		rc = ns_only_in(d, old, new, NSI_CHANGE_NS_GONE);
	if (rc == 0)
		rc = diff_commands(d, &o, &n);
	if (rc == 0 && (flags & NSI_DIFF_PROCS))
		rc = diff_procs(d, old, new);
	side_release(&o);
	if (n.m)
		side_release(&n);
	return rc;
}

void nsi_diff_release(struct nsi_diff *d)
{
	free(d->ch);
	d->ch = NULL;
	d->n = 0;
	d->alloc = 0;
}
