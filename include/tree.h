/*
 * tree.h - the --tree order of namespace rows (tree.c).
 */
#ifndef NSI_TREE_H
#define NSI_TREE_H

#include <stddef.h>

/** Relations of --tree, as lsns(8) names them (struct nsi_query). */
enum {
	NSI_TREE_NONE = 0,
	NSI_TREE_PARENT,	/* pid and user namespaces under their parent */
	NSI_TREE_OWNER,		/* every namespace under its owning user ns */
	NSI_TREE_PROCESS	/* under the row of its process's parent */
};

/**
 * nsi_view_tree() - order namespace rows as a tree and give each its
 * parent row: with NSI_TREE_PARENT a pid or user namespace goes under the
 * row of its parent namespace (ns->parent); with NSI_TREE_OWNER every
 * namespace goes under the row of its owning user namespace (ns->owner;
 * a user namespace's owner is its parent).  A namespace whose parent or
 * owner is not among the rows is a root.  With NSI_TREE_PROCESS, as
 * lsns(8) -T process: a row goes under the last earlier row whose
 * process (the PID column: ns->rep, else ns->held_by) is the parent
 * process of its own, else it is a root.  Rows are reordered depth first
 * (children after their parent, in their previous order).
 * @rows:   struct nsi_ns pointers, reordered in place.
 * @nrows:  their number.
 * @rel:    NSI_TREE_PARENT, NSI_TREE_OWNER or NSI_TREE_PROCESS.
 * @parent: set to a malloc'd array, owned by the caller: for each row of
 *          the new order, the index of its parent row, or -1 for a root.
 *
 * Return: 0, -ENOMEM, or -EINVAL for a cycle (which the kernel cannot
 * make).
 */
int nsi_view_tree(void **rows, size_t nrows, int rel, long **parent);

#endif /* NSI_TREE_H */
