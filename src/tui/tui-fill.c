/*
 * tui-fill.c - one refresh of the live view: a live scan (live.c) into a
 * fresh model, shared by both views, then the model as rows: the text
 * of each column and the number to sort it by (tui-rows.c keeps the rows
 * across refreshes).  No curses.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "caps-default.h"
#include "columns.h"
#include "tree.h"
#include "tui-internal.h"

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static uint64_t ns_key(const struct nsi_ns *ns)
{
	return (uint64_t)ns->type << 56 | (uint64_t)ns->ino;
}


static char *ns_names(const struct nsi_ns *ns)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < ns->nnsfs; i++)
		len += strlen(ns->nsfs[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (i = 0; i < ns->nnsfs; i++) {
		if (*s)
			strcat(s, ",");
		strcat(s, ns->nsfs[i]);
	}
	return s;
}

/*
 * The namespaces in the order of the tree (F5): each under the user
 * namespace that owns it, as --tree=owner (tree.c).  @order is set to a
 * malloc'd copy of the model's namespaces in that order, @depth (malloc'd)
 * to the depth of each.  Returns 0 or -ENOMEM.
 */
static int tree_order(const struct tui *t, struct nsi_ns ***order,
		      int **depth)
{
	size_t n = t->model.nns, i;
	long *up = NULL;
	int rc;

	*order = malloc((n ? n : 1) * sizeof(**order));
	*depth = malloc((n ? n : 1) * sizeof(**depth));
	if (!*order || !*depth)
		goto nomem;
	memcpy(*order, t->model.ns, n * sizeof(**order));
	rc = nsi_view_tree((void **)*order, n, NSI_TREE_OWNER, &up);
	if (rc < 0) {
		free(*order);
		free(*depth);
		return rc;
	}
	for (i = 0; i < n; i++)	/* a parent comes before its children */
		(*depth)[i] = up[i] < 0 ? 0 : (*depth)[up[i]] + 1;
	free(up);
	return 0;
nomem:
	free(*order);
	free(*depth);
	return -ENOMEM;
}

/* The NS cell of the tree: indented by depth, "`-" before a child. */
static void tree_cell(char *buf, size_t size, int depth, const char *ino)
{
	int k = 0, n = 0;

	for (k = 0; k < depth - 1 && n + 2 < (int)size; k++)
		n += snprintf(buf + n, size - (size_t)n, "  ");
	snprintf(buf + n, size - (size_t)n, "%s%s", depth ? "`-" : "", ino);
}

const char *nsi_tui_proc_command(const struct nsi_proc *p, char *buf,
				 size_t size)
{
	const char *s = nsi_proc_command(p, buf, size);

	return s ? s : "?";
}

/* The row of one namespace; @pos is its place in the tree, or -1. */
static int put_ns_row(struct tui *t, const struct nsi_ns *ns, long pos,
		      int depth)
{
	const struct nsi_proc *p = ns->rep;
	char nsb[24], treeb[96], np[24], pid[24], cmdb[NSI_COMM_TEXT_MAX];
	char *cont = ns->ncontainers ?
		nsi_containers_text(ns->containers, ns->ncontainers) : NULL;
	char *names = ns_names(ns);
	const char *text[NC_COUNT];
	int64_t num[NC_COUNT];
	int c, rc;

	for (c = 0; c < NC_COUNT; c++)
		num[c] = INT64_MIN;
	snprintf(nsb, sizeof(nsb), "%llu", (unsigned long long)ns->ino);
	snprintf(np, sizeof(np), "%zu", ns->nprocs);
	snprintf(pid, sizeof(pid), "%d", p ? (int)p->pid : 0);
	text[NC_NS] = ns->ino ? nsb : "unknown";
	/* as the table (model.c): by inode, the unknown ones last */
	num[NC_NS] = ns->ino ? (int64_t)ns->ino : INT64_MAX;
	if (pos >= 0) {
		tree_cell(treeb, sizeof(treeb), depth, text[NC_NS]);
		text[NC_NS] = treeb;
		num[NC_NS] = pos;
	}
	text[NC_TYPE] = nsi_ns_type_name(ns->type);
	text[NC_NPROCS] = np;
	num[NC_NPROCS] = (int64_t)ns->nprocs;
	text[NC_PID] = p ? pid : NULL;
	num[NC_PID] = p ? p->pid : 0;
	text[NC_USER] = p ? p->user : NULL;
	text[NC_CONTAINER] = cont;
	text[NC_NAMES] = names && *names ? names : NULL;
	text[NC_COMMAND] = p ?
		nsi_tui_proc_command(p, cmdb, sizeof(cmdb)) : NULL;
	rc = nsi_tui_rows_put(&t->rows[VIEW_NS], ns_key(ns), text, num, 0);
	free(cont);
	free(names);
	return rc;
}

static int fill_ns_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_NS];
	struct nsi_ns **order = NULL;
	int *depth = NULL;
	size_t i;
	int rc = 0;

	/* the owners: errors leave a namespace a root */
	if (t->tree)
		nsi_live_read_owners(t->live, &t->model);
	if (t->tree && (rc = tree_order(t, &order, &depth)) < 0)
		return rc;
	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nns; i++)
		rc = order ? put_ns_row(t, order[i], (long)i, depth[i]) :
			put_ns_row(t, t->model.ns[i], -1, 0);
	free(order);
	free(depth);
	return rc ? rc : nsi_tui_rows_sweep(r);
}

struct ino_tail {
	int type;
	unsigned long long tail;
};

static int cmp_tail(const void *a, const void *b)
{
	const struct ino_tail *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->tail > y->tail) - (x->tail < y->tail);
}

/*
 * The digits of the inodes the processes view shows: the last 4, or more
 * when two namespaces of a type have the same last 4 (then the same last
 * 5, ...): no two namespaces may look the same.  The tails are sorted and
 * neighbours compared: thousands of namespaces cost no quadratic work
 * per refresh (4,000 did 8 million comparisons).  Out of memory: 20.
 */
static int inode_digits(const struct nsi_model *m)
{
	struct ino_tail *v = malloc((m->nns + 1) * sizeof(*v));
	unsigned long long mod = 10000;
	int d = 4;
	size_t i;

	if (!v)
		return 20;
	for (; d < 20; d++, mod *= 10) {
		int same = 0;

		for (i = 0; i < m->nns; i++)
			v[i] = (struct ino_tail){ m->ns[i]->type,
						  m->ns[i]->ino % mod };
		if (m->nns)
			qsort(v, m->nns, sizeof(*v), cmp_tail);
		for (i = 1; i < m->nns && !same; i++)
			same = cmp_tail(&v[i - 1], &v[i]) == 0;
		if (!same)
			break;
	}
	free(v);
	return d;
}

/*
 * The capability summary of a process: "none", "full" (every capability
 * of this kernel), "default" (its engine's default set,
 * nsi_proc_cap_default()), "default-N" (some of it), "+N" (N beyond it),
 * or "N" (N capabilities, for a process of the host or of an engine with
 * no known default), of what it can use now; "!" when nsi_cap_judge()
 * calls it dangerous (the rule of CAPDANGER and --audit), "*" when its
 * escape-prone capabilities act only inside its own user namespace (full
 * inside it: "full*").  *@rank is what CAPS sorts by: the capabilities it
 * can use now, counted, those with "!" above all others (-1: unknown).
 */
static void caps_summary(const struct nsi_proc *p, char *buf, size_t size,
			 unsigned int *flags, int64_t *rank)
{
	struct nsi_cap_default d;
	uint64_t now, def;
	struct nsi_cap_risk r;
	const char *mark;

	*flags = 0;
	*rank = -1;
	if (p->have_status)
		nsi_cap_judge(&p->status, p->userns_initial, &r);
	if (!p->have_status || !r.known) {
		snprintf(buf, size, "?");
		return;
	}
	now = r.now;
	*rank = __builtin_popcountll(now) + (r.dangerous ? 1000 : 0);
	nsi_proc_cap_default(p, &d);
	def = d.mask;
	mark = r.dangerous ? "!" : r.host == 0 && r.escape ? "*" : "";
	if (r.dangerous)
		*flags |= ROW_DANGER;
	if (!now)
		snprintf(buf, size, "none%s", mark);
	else if (r.full)
		snprintf(buf, size, "full%s", mark);
	else if (!d.known || !p->container)
		snprintf(buf, size, "%d%s", __builtin_popcountll(now), mark);
	else if (now == def)
		snprintf(buf, size, "default");
	else if (!(now & ~def))
		snprintf(buf, size, "default-%d",
			 __builtin_popcountll(def & ~now));
	else
		snprintf(buf, size, "+%d%s", __builtin_popcountll(now & ~def),
			 mark);
}

/*
 * The cell of namespace @ino: its last @t->digits digits, "·" (or "-")
 * for the host's, "?" unknown.
 */
static const char *ns_cell(const struct tui *t, ino_t ino, ino_t host,
			   char *buf)
{
	unsigned long long v = ino;
	int d;

	if (!ino)
		return "?";
	if (ino == host)
		return t->utf8 ? "\u00b7" : "-";
	/* no snprintf(3): this runs 8 times for every process per refresh */
	for (d = t->digits - 1; d >= 0; d--, v /= 10)
		buf[d] = (char)('0' + v % 10);
	buf[t->digits] = '\0';
	return buf;
}

static int fill_proc_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_PROC];
	ino_t host[NSI_NS_NTYPES];
	size_t i;
	int rc = 0, k;

	for (k = 0; k < NSI_NS_NTYPES; k++)
		host[k] = nsi_model_host_ns(&t->model, k);
	t->digits = inode_digits(&t->model);
	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nprocs; i++) {
		const struct nsi_proc *p = t->model.procs[i];
		char pid[24], caps[24], cmdb[NSI_COMM_TEXT_MAX], nsb[NSI_NS_NTYPES][24];
		char *cont = p->container ?
			nsi_container_text(p->container) : NULL;
		const char *text[PC_COUNT];
		int64_t num[PC_COUNT];
		unsigned int flags;

		for (k = 0; k < PC_COUNT; k++)
			num[k] = INT64_MIN;
		snprintf(pid, sizeof(pid), "%d", (int)p->pid);
		caps_summary(p, caps, sizeof(caps), &flags, &num[PC_CAPS]);
		text[PC_PID] = pid;
		num[PC_PID] = p->pid;
		text[PC_USER] = p->user;
		text[PC_CONTAINER] = cont;
		text[PC_CAPS] = caps;
		for (k = 0; k < NSI_NS_NTYPES; k++) {
			text[PC_NS0 + k] = ns_cell(t, p->ns[k], host[k],
						   nsb[k]);
			/* by inode, the host's first, unknown last */
			num[PC_NS0 + k] = !p->ns[k] ? INT64_MAX :
				p->ns[k] == host[k] ? 0 : (int64_t)p->ns[k];
		}
		text[PC_COMMAND] = nsi_tui_proc_command(p, cmdb, sizeof(cmdb));
		rc = nsi_tui_rows_put(r, (uint64_t)p->pid, text, num, flags);
		free(cont);
	}
	return rc ? rc : nsi_tui_rows_sweep(r);
}

/* The PIDs on screen, sorted: the live scan reads them in full. */
static size_t on_screen(const struct tui *t, pid_t *pids, size_t max)
{
	const struct nsi_tui_rows *r = &t->rows[t->view];
	size_t n = 0;
	long k;

	for (k = t->first[t->view]; k < (long)r->nvisible &&
	     k < t->first[t->view] + t->list_h && n < max; k++) {
		const struct nsi_tui_row *row = r->rows[r->visible[k]];

		if (t->view == VIEW_PROC)
			pids[n++] = (pid_t)row->key;
		else if (row->text[NC_PID])
			pids[n++] = (pid_t)atoi(row->text[NC_PID]);
	}
	qsort(pids, n, sizeof(*pids), cmp_pid);
	return n;
}

/* One refresh: a live scan that reuses the last one, then the rows. */
int nsi_tui_scan(struct tui *t)
{
	struct nsi_model next;
	pid_t fresh[512];
	size_t nfresh = on_screen(t, fresh, sizeof(fresh) / sizeof(*fresh));
	int rc;

	nsi_model_init(&next);
	rc = nsi_live_scan(t->live, &next, t->refreshes ? &t->model : NULL,
			   (unsigned long)t->refreshes, fresh, nfresh,
			   &t->report);
	nsi_model_release(&t->model);
	t->model = next;
	if (rc < 0)
		return rc;
	t->stamp = time(NULL);
	t->refreshes++;
	return nsi_tui_fill(t);
}

int nsi_tui_fill(struct tui *t)
{
	int rc = fill_ns_rows(t);

	return rc ? rc : fill_proc_rows(t);
}
