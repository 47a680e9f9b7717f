/*
 * columns.c - the column tables and the value of each cell.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "columns.h"

/* The sets the text form of getpcaps(8) is made of. */
#define NSI_CAPTEXT_SETS \
	((1u << NSI_CAP_INH) | (1u << NSI_CAP_PRM) | (1u << NSI_CAP_EFF))

static const struct nsi_column ns_columns[NSI_NSCOL_COUNT] = {
	[NSI_NSCOL_NS] = { "NS", 10, NSI_COL_RIGHT, NSI_CELL_NUM,
		"namespace identifier (nsfs inode number)" },
	[NSI_NSCOL_TYPE] = { "TYPE", 5, 0, NSI_CELL_STR,
		"kind of namespace: mnt, net, pid, user, uts, ipc, cgroup, time" },
	[NSI_NSCOL_PATH] = { "PATH", 0, 0, NSI_CELL_STR,
		"path to the namespace (/proc/PID/ns/TYPE of its lowest PID)" },
	[NSI_NSCOL_NPROCS] = { "NPROCS", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"number of processes in the namespace" },
	[NSI_NSCOL_PID] = { "PID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"lowest PID in the namespace" },
	[NSI_NSCOL_PPID] = { "PPID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"parent PID of that PID" },
	[NSI_NSCOL_COMMAND] = { "COMMAND", 0, NSI_COL_TRUNC, NSI_CELL_STR,
		"command line of that PID ([comm] for a kernel thread)" },
	[NSI_NSCOL_UID] = { "UID", 0, NSI_COL_RIGHT, NSI_CELL_NUM,
		"effective UID of that PID" },
	[NSI_NSCOL_USER] = { "USER", 0, 0, NSI_CELL_STR,
		"user name of that UID" },
	[NSI_NSCOL_NETNSID] = { "NETNSID", 0, NSI_COL_RIGHT, NSI_CELL_NUM,
		"netnsid the current network namespace assigns to it (net only)" },
	[NSI_NSCOL_NSFS] = { "NSFS", 0, NSI_COL_WRAP, NSI_CELL_STRV,
		"nsfs mount points that keep it alive (e.g. /run/netns/NAME)" },
	[NSI_NSCOL_PNS] = { "PNS", 10, NSI_COL_RIGHT, NSI_CELL_NUM,
		"parent namespace identifier (pid and user only)" },
	[NSI_NSCOL_ONS] = { "ONS", 10, NSI_COL_RIGHT, NSI_CELL_NUM,
		"owner user namespace identifier" },
};

static const struct nsi_column proc_columns[NSI_PCOL_COUNT] = {
	[NSI_PCOL_PID] = { "PID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"process ID" },
	[NSI_PCOL_PPID] = { "PPID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"parent process ID" },
	[NSI_PCOL_UID] = { "UID", 0, NSI_COL_RIGHT, NSI_CELL_NUM,
		"effective UID" },
	[NSI_PCOL_USER] = { "USER", 0, 0, NSI_CELL_STR,
		"user name of the effective UID" },
	[NSI_PCOL_COMMAND] = { "COMMAND", 0, NSI_COL_TRUNC, NSI_CELL_STR,
		"command line ([comm] for a kernel thread)" },
	[NSI_PCOL_CAPINH] = { "CAPINH", 0, NSI_COL_WRAP, NSI_CELL_CAPSET,
		"inheritable capability set (CapInh)" },
	[NSI_PCOL_CAPPRM] = { "CAPPRM", 0, NSI_COL_WRAP, NSI_CELL_CAPSET,
		"permitted capability set (CapPrm)" },
	[NSI_PCOL_CAPEFF] = { "CAPEFF", 0, NSI_COL_WRAP, NSI_CELL_CAPSET,
		"effective capability set (CapEff)" },
	[NSI_PCOL_CAPBND] = { "CAPBND", 0, NSI_COL_WRAP, NSI_CELL_CAPSET,
		"bounding set (CapBnd)" },
	[NSI_PCOL_CAPAMB] = { "CAPAMB", 0, NSI_COL_WRAP, NSI_CELL_CAPSET,
		"ambient capability set (CapAmb)" },
	[NSI_PCOL_CAPTEXT] = { "CAPTEXT", 0, NSI_COL_WRAP, NSI_CELL_STR,
		"capabilities in the text form getpcaps(8) prints" },
	[NSI_PCOL_NNP] = { "NNP", 3, NSI_COL_RIGHT, NSI_CELL_BOOL,
		"no_new_privs flag (NoNewPrivs)" },
	[NSI_PCOL_SECCOMP] = { "SECCOMP", 8, 0, NSI_CELL_STR,
		"seccomp mode: disabled, strict or filter" },
	[NSI_PCOL_SECCOMP_FILTERS] = { "SECCOMP-FILTERS", 3, NSI_COL_RIGHT,
		NSI_CELL_NUM, "number of seccomp filters (Seccomp_filters)" },
	[NSI_PCOL_NSPID] = { "NSPID", 0, 0, NSI_CELL_NUMV,
		"PID in each PID namespace, outermost first (NSpid)" },
};

const struct nsi_column *nsi_columns(enum nsi_view view, size_t *n)
{
	if (view == NSI_VIEW_PROC) {
		*n = NSI_PCOL_COUNT;
		return proc_columns;
	}
	*n = NSI_NSCOL_COUNT;
	return ns_columns;
}

int nsi_column_lookup(enum nsi_view view, const char *name, size_t len)
{
	size_t n, i;
	const struct nsi_column *cols = nsi_columns(view, &n);

	for (i = 0; i < n; i++)
		if (strlen(cols[i].name) == len &&
		    strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

void nsi_columns_help(FILE *out, enum nsi_view view)
{
	size_t n, i;
	const struct nsi_column *cols = nsi_columns(view, &n);

	for (i = 0; i < n; i++)
		fprintf(out, " %16s  %s\n", cols[i].name, cols[i].help);
}

static void cell_str(struct nsi_cell *c, const char *s)
{
	if (s) {
		c->kind = NSI_CELL_STR;
		c->str = s;
	}
}

static void cell_num(struct nsi_cell *c, long long n)
{
	c->kind = NSI_CELL_NUM;
	c->num = n;
}

/* A kernel thread has no command line: show [comm], as ps(1) does. */
static int cell_command(struct nsi_cell *c, const struct nsi_proc *p)
{
	if (p->cmdline && *p->cmdline) {
		cell_str(c, p->cmdline);
		return 0;
	}
	if (!p->comm)
		return 0;
	if (asprintf(&c->owned, "[%s]", p->comm) < 0) {
		c->owned = NULL;
		return -ENOMEM;
	}
	cell_str(c, c->owned);
	return 0;
}

static int ns_cell(const struct nsi_ns *ns, int col, struct nsi_cell *c)
{
	const struct nsi_proc *rep = ns->rep;

	switch (col) {
	case NSI_NSCOL_NS:
		if (ns->ino)
			cell_num(c, (long long)ns->ino);
		else
			c->str = "unknown";	/* links that could not be read */
		break;
	case NSI_NSCOL_TYPE:
		cell_str(c, nsi_ns_type_name(ns->type));
		break;
	case NSI_NSCOL_PATH:
		if (rep && ns->ino) {
			if (asprintf(&c->owned, "/proc/%d/ns/%s", (int)rep->pid,
				     nsi_ns_type_name(ns->type)) < 0) {
				c->owned = NULL;
				return -ENOMEM;
			}
			cell_str(c, c->owned);
		} else if (ns->nnsfs) {
			cell_str(c, ns->nsfs[0]);
		}
		break;
	case NSI_NSCOL_NPROCS:
		cell_num(c, (long long)ns->nprocs);
		break;
	case NSI_NSCOL_PID:
		if (rep)
			cell_num(c, rep->pid);
		break;
	case NSI_NSCOL_PPID:
		if (rep)
			cell_num(c, rep->ppid);
		break;
	case NSI_NSCOL_COMMAND:
		if (rep)
			return cell_command(c, rep);
		break;
	case NSI_NSCOL_UID:
		if (rep)
			cell_num(c, rep->uid);
		break;
	case NSI_NSCOL_USER:
		if (rep)
			cell_str(c, rep->user);
		break;
	case NSI_NSCOL_NETNSID:
		if (ns->type == NSI_NS_NET && ns->netnsid >= 0)
			cell_num(c, ns->netnsid);
		break;
	case NSI_NSCOL_NSFS:
		if (ns->nnsfs) {
			c->kind = NSI_CELL_STRV;
			c->strv = ns->nsfs;
			c->nv = ns->nnsfs;
		}
		break;
	case NSI_NSCOL_PNS:
		if (ns->parent)
			cell_num(c, (long long)ns->parent);
		break;
	case NSI_NSCOL_ONS:
		if (ns->owner)
			cell_num(c, (long long)ns->owner);
		break;
	}
	return 0;
}

static const char *seccomp_name(int mode)
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

static int proc_cell(const struct nsi_proc *p, int col, struct nsi_cell *c)
{
	const struct nsi_status *st = p->have_status ? &p->status : NULL;
	int set;

	switch (col) {
	case NSI_PCOL_PID:
		cell_num(c, p->pid);
		break;
	case NSI_PCOL_PPID:
		cell_num(c, p->ppid);
		break;
	case NSI_PCOL_UID:
		cell_num(c, p->uid);
		break;
	case NSI_PCOL_USER:
		cell_str(c, p->user);
		break;
	case NSI_PCOL_COMMAND:
		return cell_command(c, p);
	case NSI_PCOL_CAPINH:
	case NSI_PCOL_CAPPRM:
	case NSI_PCOL_CAPEFF:
	case NSI_PCOL_CAPBND:
	case NSI_PCOL_CAPAMB:
		set = NSI_CAP_INH + (col - NSI_PCOL_CAPINH);
		if (st && (st->cap_known & (1u << set))) {
			c->kind = NSI_CELL_CAPSET;
			c->mask = st->cap[set];
		} else {
			c->str = "unknown";
		}
		break;
	case NSI_PCOL_CAPTEXT:
		if (st && (st->cap_known & NSI_CAPTEXT_SETS) == NSI_CAPTEXT_SETS) {
			c->owned = nsi_cap_text(st->cap);
			if (!c->owned)
				return -errno;
			cell_str(c, c->owned);
		} else {
			c->str = "unknown";
		}
		break;
	case NSI_PCOL_NNP:
		if (st && st->no_new_privs >= 0) {
			c->kind = NSI_CELL_BOOL;
			c->num = st->no_new_privs;
		}
		break;
	case NSI_PCOL_SECCOMP:
		if (st)
			cell_str(c, seccomp_name(st->seccomp));
		break;
	case NSI_PCOL_SECCOMP_FILTERS:
		if (st && st->seccomp_filters >= 0)
			cell_num(c, st->seccomp_filters);
		break;
	case NSI_PCOL_NSPID:
		if (st && st->nspid_levels > 0) {
			int i;

			c->numv = calloc((size_t)st->nspid_levels,
					 sizeof(*c->numv));
			if (!c->numv)
				return -ENOMEM;
			for (i = 0; i < st->nspid_levels; i++)
				c->numv[i] = st->nspid[i];
			c->nv = (size_t)st->nspid_levels;
			c->kind = NSI_CELL_NUMV;
		}
		break;
	}
	return 0;
}

int nsi_cell_get(enum nsi_view view, const void *row, int col,
		 struct nsi_cell *cell)
{
	*cell = (struct nsi_cell){ .kind = NSI_CELL_NONE };
	if (view == NSI_VIEW_PROC)
		return proc_cell(row, col, cell);
	return ns_cell(row, col, cell);
}

void nsi_cell_release(struct nsi_cell *cell)
{
	free(cell->owned);
	free(cell->numv);
	*cell = (struct nsi_cell){ .kind = NSI_CELL_NONE };
}
