/*
 * tree.c - the --tree order of namespace rows: each under its parent or
 * owner, or under the row of its process's parent process.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "model.h"
#include "tree.h"

/* Rows sorted by (type, inode), to find a parent by binary search. */
struct row_key {
	enum nsi_ns_type type;
	ino_t ino;
	size_t row;
};

static int cmp_key(const void *a, const void *b)
{
	const struct row_key *x = a, *y = b;

	if (x->type != y->type)
		return (int)x->type - (int)y->type;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* The row index of the tree parent of @ns, or -1. */
static long tree_parent(const struct row_key *keys, size_t nrows,
			const struct nsi_ns *ns, int rel)
{
	struct row_key want = { .type = ns->type, .ino = ns->parent };
	const struct row_key *k;

	if (rel == NSI_TREE_OWNER) {
		want.type = NSI_NS_USER;
		want.ino = ns->owner;
	} else if (ns->type != NSI_NS_PID && ns->type != NSI_NS_USER) {
		return -1;
	}
	if (!want.ino || (want.type == ns->type && want.ino == ns->ino))
		return -1;
	k = bsearch(&want, keys, nrows, sizeof(*keys), cmp_key);
	return k ? (long)k->row : -1;
}

/* A row's process (its PID column), and its place among the rows. */
struct pid_key {
	pid_t pid;
	size_t row;
};

static int cmp_pid_key(const void *a, const void *b)
{
	const struct pid_key *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* The process of @ns's PID column, or NULL. */
static const struct nsi_proc *row_proc(const struct nsi_ns *ns)
{
	return ns->rep ? ns->rep : ns->held_by;
}

/*
 * --tree=process, as lsns(8) -T process: row @i goes under the last
 * earlier row whose process is the parent process of its own (@keys:
 * every row's process by (PID, row)), else it is a root.
 */
static long process_parent(const struct pid_key *keys, size_t n,
			   void *const *rows, size_t i)
{
	const struct nsi_proc *p = row_proc(rows[i]);
	size_t lo = 0, hi = n, mid;
	struct pid_key want;

	if (!p || p->ppid <= 0)
		return -1;
	want = (struct pid_key){ p->ppid, i };
	while (lo < hi) {	/* the first key not below (ppid, i) */
		mid = lo + (hi - lo) / 2;
		if (cmp_pid_key(&keys[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && keys[lo - 1].pid == p->ppid ? (long)keys[lo - 1].row : -1;
}

/*
 * The tree parent of each row into @up: by the process tree, or by
 * @rel's relation of namespaces.  Returns -ENOMEM.
 */
static int tree_parents(void *const *rows, size_t nrows, int rel, long *up)
{
	struct row_key *keys = NULL;
	struct pid_key *pids = NULL;
	size_t i, n = 0;

	if (rel == NSI_TREE_PROCESS)
		pids = calloc(nrows + 1, sizeof(*pids));
	else
		keys = calloc(nrows + 1, sizeof(*keys));
	if (!pids && !keys)
		return -ENOMEM;
	for (i = 0; i < nrows; i++) {
		const struct nsi_ns *ns = rows[i];

		if (keys)
			keys[i] = (struct row_key){ ns->type, ns->ino, i };
		else if (row_proc(ns))
			pids[n++] = (struct pid_key){ row_proc(ns)->pid, i };
	}
	if (keys)
		qsort(keys, nrows, sizeof(*keys), cmp_key);
	else
		qsort(pids, n, sizeof(*pids), cmp_pid_key);
	for (i = 0; i < nrows; i++)
		up[i] = keys ? tree_parent(keys, nrows, rows[i], rel) :
			process_parent(pids, n, rows, i);
	free(keys);
	free(pids);
	return 0;
}

/*
 * The rows in depth-first order from each root, children in row order
 * (@first, @next), into @order; @stack has room for @nrows.  Parents are
 * unique, so there is no cycle to follow: the count is @nrows unless
 * @up has one.
 */
static size_t depth_first(const long *up, const long *first,
			  const long *next, size_t nrows, size_t *stack,
			  size_t *order)
{
	size_t i, n = 0, sp;

	for (i = 0; i < nrows; i++) {
		if (up[i] >= 0)
			continue;
		sp = 0;
		stack[sp++] = i;
		while (sp) {
			size_t r = stack[--sp], k = 0, j = 1;
			long c;

			order[n++] = r;
			/* the first child on top, to visit children in order */
			for (c = first[r]; c >= 0; c = next[c])
				k++;
			sp += k;
			for (c = first[r]; c >= 0; c = next[c])
				stack[sp - j++] = (size_t)c;
		}
	}
	return n;
}

int nsi_view_tree(void **rows, size_t nrows, int rel, long **parent)
{
	long *up = calloc(nrows + 1, sizeof(*up));
	long *first = calloc(nrows + 1, sizeof(*first));
	long *next = calloc(nrows + 1, sizeof(*next));
	long *last = calloc(nrows + 1, sizeof(*last));
	size_t *order = calloc(nrows + 1, sizeof(*order));
	size_t *pos = calloc(nrows + 1, sizeof(*pos));
	size_t *stack = calloc(nrows + 1, sizeof(*stack));
	void **copy = calloc(nrows + 1, sizeof(*copy));
	size_t i, n;
	int rc = -ENOMEM;

	*parent = NULL;
	if (!up || !first || !next || !last || !order || !pos || !stack ||
	    !copy || tree_parents(rows, nrows, rel, up) < 0)
		goto out;
	for (i = 0; i < nrows; i++)
		first[i] = next[i] = last[i] = -1;
	/* Children lists, in row order. */
	for (i = 0; i < nrows; i++) {
		long u = up[i];

		if (u < 0)
			continue;
		if (last[u] < 0)
			first[u] = (long)i;
		else
			next[last[u]] = (long)i;
		last[u] = (long)i;
	}
	n = depth_first(up, first, next, nrows, stack, order);
	if (n != nrows) {	/* a cycle: the kernel never makes one */
		rc = -EINVAL;
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		pos[order[i]] = i;
		copy[i] = rows[order[i]];
	}
	for (i = 0; i < nrows; i++) {
		long u = up[order[i]];

		rows[i] = copy[i];
		first[i] = u < 0 ? -1 : (long)pos[u];
	}
	*parent = first;
	first = NULL;
	rc = 0;
out:
	free(up);
	free(first);
	free(next);
	free(last);
	free(order);
	free(pos);
	free(stack);
	free(copy);
	return rc;
}
