/*
 * columns.h - the output columns of nsinspect, as data (one table per
 * view, indexed by an enum), and the typed value of one cell.  Both
 * renderers (render-table.c, render-json.c) walk these tables; --help
 * prints them; -o picks from them.
 */
#ifndef NSI_COLUMNS_H
#define NSI_COLUMNS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/** enum nsi_view - what one row is. */
enum nsi_view {
	NSI_VIEW_NS = 0,	/* a row is a struct nsi_ns */
	NSI_VIEW_PROC,		/* a row is a struct nsi_proc (--caps) */
	NSI_VIEW_COUNT
};

/** Columns of the namespace view (names as lsns(8) where it has them). */
enum nsi_ns_col {
	NSI_NSCOL_NS = 0, NSI_NSCOL_TYPE, NSI_NSCOL_PATH, NSI_NSCOL_NPROCS,
	NSI_NSCOL_PID, NSI_NSCOL_PPID, NSI_NSCOL_COMMAND, NSI_NSCOL_UID,
	NSI_NSCOL_USER, NSI_NSCOL_NETNSID, NSI_NSCOL_NSFS, NSI_NSCOL_PNS,
	NSI_NSCOL_ONS, NSI_NSCOL_CONTAINER, NSI_NSCOL_HOSTNAME,
	NSI_NSCOL_UID_MAP, NSI_NSCOL_GID_MAP, NSI_NSCOL_RULES,
	NSI_NSCOL_HOLDER, NSI_NSCOL_HELD_BY, NSI_NSCOL_TID,
	NSI_NSCOL_COUNT
};

/** Columns of the process view (--caps). */
enum nsi_proc_col {
	NSI_PCOL_PID = 0, NSI_PCOL_PPID, NSI_PCOL_UID, NSI_PCOL_USER,
	NSI_PCOL_COMMAND, NSI_PCOL_CAPINH, NSI_PCOL_CAPPRM, NSI_PCOL_CAPEFF,
	NSI_PCOL_CAPBND, NSI_PCOL_CAPAMB, NSI_PCOL_CAPTEXT, NSI_PCOL_NNP,
	NSI_PCOL_SECCOMP, NSI_PCOL_SECCOMP_FILTERS, NSI_PCOL_NSPID,
	NSI_PCOL_NSLEVEL, NSI_PCOL_CONTAINER, NSI_PCOL_CAPADD,
	NSI_PCOL_CAPDROP, NSI_PCOL_CAPDANGER, NSI_PCOL_NAME,
	NSI_PCOL_USERNS, NSI_PCOL_INITIAL_USERNS,
	NSI_PCOL_TID, NSI_PCOL_IAB, NSI_PCOL_FILECAPS, NSI_PCOL_LSM,
	NSI_PCOL_COUNT
};

/** enum nsi_cell_kind - the JSON type of a column's values. */
enum nsi_cell_kind {
	NSI_CELL_NONE = 0,	/* no value: empty in tables, null in JSON */
	NSI_CELL_STR,		/* string */
	NSI_CELL_NUM,		/* integer */
	NSI_CELL_BOOL,		/* true/false */
	NSI_CELL_STRV,		/* array of strings (one per line in tables) */
	NSI_CELL_NUMV,		/* array of integers (space-separated in tables) */
	NSI_CELL_CAPSET,	/* capability set: mask + names */
	NSI_CELL_CAPNAMES,	/* capability names only (array in JSON) */
	NSI_CELL_CONTAINER	/* containers: "A, B" in tables; JSON: see
				 * nsi_render_json() */
};

/** Column flags. */
#define NSI_COL_RIGHT	(1 << 0)	/* right-aligned (numbers) */
#define NSI_COL_TRUNC	(1 << 1)	/* may be truncated on a terminal */
#define NSI_COL_WRAP	(1 << 2)	/* may wrap on a terminal */

/**
 * struct nsi_column - one column.
 * @name:  upper-case name used by -o and in headings; lower-cased it is the
 *         JSON key.
 * @whint: width hint for libsmartcols (< 1: fraction of the terminal).
 * @flags: NSI_COL_*.
 * @kind:  the kind of its cells.
 * @help:  one line for --help and the man page.
 */
struct nsi_column {
	const char *name;
	double whint;
	int flags;
	enum nsi_cell_kind kind;
	const char *help;
};

/**
 * nsi_columns() - the column table of a view.
 * @view: the view.
 * @n:    set to the number of columns.
 *
 * Return: a static array indexed by enum nsi_ns_col or nsi_proc_col.
 */
const struct nsi_column *nsi_columns(enum nsi_view view, size_t *n);

/**
 * nsi_column_lookup() - find a column by name, case-insensitively.
 * @view: the view.
 * @name: the name; @len bytes of it are compared.
 * @len:  its length.
 *
 * Return: the column index, or -1 when the view has no such column.
 */
int nsi_column_lookup(enum nsi_view view, const char *name, size_t len);

/**
 * struct nsi_cell - the value of one cell, independent of output format.
 * @kind:  its kind (NSI_CELL_NONE for no value).
 * @str:   for STR: the text (borrowed from the model or owned via @owned);
 *         for NONE: an optional placeholder for tables (e.g. "unknown").
 * @num:   for NUM and BOOL.
 * @strv:  for STRV: @nv strings (borrowed, or owned via @owned_v).
 * @more:  for STRV: how many more items were found but not recorded
 *         (NSI_NS_HOLDERS_MAX): tables add a last line "N more not
 *         recorded"; JSON leaves the count to its "omitted" object.
 * @numv:  for NUMV: @nv numbers (owned).
 * @mask:  for CAPSET and CAPNAMES: the mask; names come from caps.h at
 *         render time.
 * @containers: for CONTAINER: @nv containers (borrowed from the model):
 *         a process's one, or the containers sharing a namespace
 *         (struct nsi_ns.containers).
 * @owned: a string @str (or @note) points into, freed by
 *         nsi_cell_release().
 * @owned_v: @nv strings @strv points to, freed with the array.
 * @note:  tables only: words after the value, or in place of an empty
 *         one (the "*" of a process in a child user namespace after its
 *         NAME or COMMAND, as pscap(8) prints it; CAPDANGER's
 *         nsi_cap_risk_words()); JSON has the fact in fields of its own
 *         (initial_userns).  Borrowed, or @owned; NULL for none.
 */
struct nsi_cell {
	enum nsi_cell_kind kind;
	const char *str;
	long long num;
	char *const *strv;
	long long *numv;
	size_t nv;
	size_t more;
	uint64_t mask;
	struct nsi_container *const *containers;
	char *owned;
	char **owned_v;
	const char *note;
};

/**
 * nsi_container_text() - a container as tables show it: "NAME (RUNTIME
 * SHORTID)", "NAME (RUNTIME)" when the ID is the name (lxc, nspawn,
 * libvirt, ctr: whole, never cut), or "RUNTIME SHORTID" when the engine
 * did not name it; a container listed under several names shows them all,
 * joined by "," as "docker ps --no-trunc" does ("NAME,LINKER/ALIAS
 * (docker SHORTID)"); followed by " pod NAMESPACE/NAME" (" sandbox of pod
 * NAMESPACE/NAME" for the pod's sandbox) when its OCI bundle names its
 * Kubernetes pod, and by " of uid UID" for a user's container (struct
 * nsi_container.rootless), whose name that user chose.
 * @c: the container.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_container_text(const struct nsi_container *c);

/**
 * nsi_containers_text() - containers as tables show them: each as
 * nsi_container_text() does, joined by ", ".
 * @c: @n containers.
 * @n: how many (0 gives "").
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_containers_text(struct nsi_container *const *c, size_t n);

/**
 * nsi_containers_texts() - containers as tables show them, one string
 * each (nsi_container_text()), for a list cell: the renderer joins them
 * with a separator no item can forge.
 * @c: @n containers.
 * @n: how many.
 *
 * Return: a malloc'd array of @n malloc'd strings and a NULL, all owned
 * by the caller, or NULL (ENOMEM).
 */
char **nsi_containers_texts(struct nsi_container *const *c, size_t n);

/**
 * nsi_holder_kind_text() - a holder kind as the HOLDER column (and JSON
 * "holders" "kind") spells it: nsi_holder_kind_name(), but
 * "TYPE_for_children" for NSI_HOLD_FOR_CHILDREN ("pid_for_children").
 * @type: the type of the namespace held.
 * @kind: the kind.
 * @buf:  filled, NUL-terminated; 32 bytes are enough.
 * @size: its size.
 *
 * Return: @buf.
 */
char *nsi_holder_kind_text(enum nsi_ns_type type, enum nsi_holder_kind kind,
			   char *buf, size_t size);

/**
 * nsi_holder_text() - a holder as the HELD_BY column shows it: "thread
 * TID of PID P", "fd N of PID P", "socket fd N of PID P", "PATH in
 * mnt:[INODE]" for a bind mount in another mount namespace,
 * "pid_for_children of PID P" (or time_), "parent of TYPE:[INODE]" or
 * "owner of TYPE:[INODE]" (the namespace it was reached from).
 * @type: the type of the namespace held.
 * @h:    the holder.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_holder_text(enum nsi_ns_type type, const struct nsi_holder *h);

/**
 * nsi_cell_get() - compute one cell.
 * @view: the view of @row.
 * @row:  a struct nsi_ns (NSI_VIEW_NS) or struct nsi_proc (NSI_VIEW_PROC),
 *        borrowed.
 * @col:  the column index in that view.
 * @cell: filled; release with nsi_cell_release().
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_cell_get(enum nsi_view view, const void *row, int col,
		 struct nsi_cell *cell);

/** nsi_cell_release() - free what a cell owns. */
void nsi_cell_release(struct nsi_cell *cell);

/**
 * nsi_columns_help() - print a view's columns, one line each, for --help.
 * @out:  the stream.
 * @view: the view.
 */
void nsi_columns_help(FILE *out, enum nsi_view view);

/**
 * nsi_ns_label() - a short human name for a namespace, for --detail and
 * --graph: "host" for the host's namespace (nsi_ns.host), the
 * container (nsi_container_text()), its nsfs names ("NAME" for
 * /run/netns/NAME, "docker KEY" for /run/docker/netns/KEY, else the mount
 * point), the command of its lowest PID, or "TYPE:[INODE]".
 * @ns: the namespace.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_ns_label(const struct nsi_ns *ns);

/**
 * nsi_netif_peer_text() - where a veth's peer is, in words: "vethX on the
 * host", "eth0 in cont-test (docker 1234abcd5678)", "outside-test in b",
 * or "ifindex 7 in netnsid 0" when it could not be resolved.
 * @ifc: the interface (a struct nsi_netif); NULL result when it has no
 *       peer (not a veth, or IFLA_LINK missing).
 *
 * Return: a malloc'd string owned by the caller, or NULL (no peer, or
 * ENOMEM with errno set).
 */
struct nsi_netif;
char *nsi_netif_peer_text(const struct nsi_netif *ifc);

/**
 * nsi_proc_command() - what COMMAND shows of a process: its command line,
 * else its comm, in brackets for a kernel thread ("[kthreadd]", as ps(1)).
 * @p:    the process.
 * @buf:  room for the bracketed comm (NSI_COMM_TEXT_MAX bytes suffice:
 *        a kernel thread's name in /proc/PID/status is up to 63 bytes
 *        since Linux 6.x, e.g. "pool_workqueue_release").
 * @size: bytes at @buf.
 *
 * Return: @p's command line, its comm, @buf, or NULL when @p has neither
 * (borrowed: valid while @p and @buf are).
 */
#define NSI_COMM_TEXT_MAX 72
const char *nsi_proc_command(const struct nsi_proc *p, char *buf,
			     size_t size);

/**
 * nsi_netns_name() - an nsfs mount point as "ip netns" names it: NAME for
 * /run/netns/NAME, else the whole path.
 * @path: the mount point.
 *
 * Return: a pointer into @path.
 */
const char *nsi_netns_name(const char *path);

#endif /* NSI_COLUMNS_H */
