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
#include "caps-default.h"
#include "columns.h"
#include "netinfo.h"

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
		"number of processes in it, and of threads in it whose process is not" },
	[NSI_NSCOL_PID] = { "PID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"lowest PID in the namespace, else the process holding it" },
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
	[NSI_NSCOL_CONTAINER] = { "CONTAINER", 0, NSI_COL_TRUNC,
		NSI_CELL_CONTAINER,
		"containers whose processes are its members (none when a host process is one too)" },
	[NSI_NSCOL_HOSTNAME] = { "HOSTNAME", 0, 0, NSI_CELL_STR,
		"host name inside the namespace (uts only)" },
	[NSI_NSCOL_UID_MAP] = { "UID_MAP", 0, 0, NSI_CELL_STR,
		"UID mapping, lines of uid_map joined by \", \" (user only)" },
	[NSI_NSCOL_GID_MAP] = { "GID_MAP", 0, 0, NSI_CELL_STR,
		"GID mapping, lines of gid_map joined by \", \" (user only)" },
	[NSI_NSCOL_RULES] = { "RULES", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"number of firewall rules, nftables or iptables (net only)" },
	[NSI_NSCOL_HOLDER] = { "HOLDER", 0, NSI_COL_WRAP, NSI_CELL_STRV,
		"how it was found: process, thread, fd, socket, bind mount, "
		"pid_for_children, time_for_children, parent, owner" },
	[NSI_NSCOL_HELD_BY] = { "HELD_BY", 0, NSI_COL_WRAP, NSI_CELL_STRV,
		"threads, fds, sockets and other mount namespaces' bind mounts "
		"that hold it" },
	[NSI_NSCOL_TID] = { "TID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"thread of PID that is in it, when no process is" },
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
	[NSI_PCOL_SECCOMP_FILTERS] = { "SECCOMP_FILTERS", 3, NSI_COL_RIGHT,
		NSI_CELL_NUM, "number of seccomp filters (Seccomp_filters)" },
	[NSI_PCOL_NSPID] = { "NSPID", 0, 0, NSI_CELL_NUMV,
		"PID in each PID namespace, outermost first (NSpid)" },
	[NSI_PCOL_NSLEVEL] = { "NSLEVEL", 3, NSI_COL_RIGHT, NSI_CELL_NUM,
		"depth of its PID namespace (0 = the initial one)" },
	[NSI_PCOL_CONTAINER] = { "CONTAINER", 0, NSI_COL_TRUNC,
		NSI_CELL_CONTAINER, "container the process runs in" },
	[NSI_PCOL_CAPADD] = { "CAPADD", 0, NSI_COL_WRAP, NSI_CELL_CAPNAMES,
		"bounding set capabilities beyond Docker's default set" },
	[NSI_PCOL_CAPDROP] = { "CAPDROP", 0, NSI_COL_WRAP, NSI_CELL_CAPNAMES,
		"capabilities of Docker's default set missing from the bounding set" },
	[NSI_PCOL_CAPDANGER] = { "CAPDANGER", 0, NSI_COL_WRAP,
		NSI_CELL_CAPNAMES,
		"capabilities commonly used to escape containers that it holds "
		"now (or regains as root), on the host" },
	[NSI_PCOL_NAME] = { "NAME", 0, NSI_COL_TRUNC, NSI_CELL_STR,
		"command name (comm), as the kernel shows it in status "
		"(* = in a child user namespace)" },
	[NSI_PCOL_USERNS] = { "USERNS", 10, NSI_COL_RIGHT, NSI_CELL_NUM,
		"user namespace its capabilities act in (/proc/PID/ns/user)" },
	[NSI_PCOL_INITIAL_USERNS] = { "INITIAL_USERNS", 3, NSI_COL_RIGHT,
		NSI_CELL_BOOL,
		"whether that is the initial user namespace (PID 1's)" },
	[NSI_PCOL_TID] = { "TID", 5, NSI_COL_RIGHT, NSI_CELL_NUM,
		"thread ID of a thread whose sets are its own (PID: its process)" },
	[NSI_PCOL_IAB] = { "IAB", 0, NSI_COL_WRAP, NSI_CELL_STR,
		"inheritable, ambient (^) and blocked bounding (!) capabilities, "
		"as getpcaps --iab prints them" },
	[NSI_PCOL_FILECAPS] = { "FILECAPS", 0, NSI_COL_WRAP, NSI_CELL_STR,
		"file capabilities of its executable (security.capability of "
		"/proc/PID/exe), as getcap(8) prints them" },
	[NSI_PCOL_LSM] = { "LSM", 0, NSI_COL_TRUNC, NSI_CELL_STR,
		"LSM label: AppArmor profile or SELinux context "
		"(/proc/PID/attr/current)" },
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
	/* its name before every column was written with '_' */
	if (view == NSI_VIEW_PROC && len == 15 &&
	    strncasecmp(name, "SECCOMP-FILTERS", len) == 0)
		return NSI_PCOL_SECCOMP_FILTERS;
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

static void cell_containers(struct nsi_cell *c,
			    struct nsi_container *const *ct, size_t n)
{
	if (n) {
		c->kind = NSI_CELL_CONTAINER;
		c->containers = ct;
		c->nv = n;
	}
}

static void cell_capnames(struct nsi_cell *c, uint64_t mask)
{
	c->kind = NSI_CELL_CAPNAMES;
	c->mask = mask;
}

/*
 * A kernel thread has no command line: show [comm], as ps(1) does.  Any
 * other process without one shows its comm bare: the brackets are kept
 * for kernel threads (nsi_proc_is_kthread()), which a user cannot fake.
 */
const char *nsi_proc_command(const struct nsi_proc *p, char *buf,
			     size_t size)
{
	if (p->cmdline && *p->cmdline)
		return p->cmdline;
	if (!p->comm || !nsi_proc_is_kthread(p))
		return p->comm;
	snprintf(buf, size, "[%s]", p->comm);
	return buf;
}

static int cell_command(struct nsi_cell *c, const struct nsi_proc *p)
{
	char buf[NSI_COMM_TEXT_MAX];
	const char *s = nsi_proc_command(p, buf, sizeof(buf));

	if (!s)
		return 0;
	if (s != buf) {
		cell_str(c, s);
		return 0;
	}
	c->owned = strdup(s);
	if (!c->owned)
		return -ENOMEM;
	cell_str(c, c->owned);
	return 0;
}

char *nsi_holder_kind_text(enum nsi_ns_type type, enum nsi_holder_kind kind,
			   char *buf, size_t size)
{
	if (kind == NSI_HOLD_FOR_CHILDREN)
		snprintf(buf, size, "%s_for_children", nsi_ns_type_name(type));
	else
		snprintf(buf, size, "%s", nsi_holder_kind_name(kind));
	return buf;
}

/* The kinds @ns was found by, in enum order. */
static int holder_cell(const struct nsi_ns *ns, struct nsi_cell *c)
{
	char kind[32];
	size_t n = 0;
	int k;

	c->owned_v = calloc(NSI_HOLD_NKINDS, sizeof(char *));
	if (!c->owned_v)
		return -ENOMEM;
	c->kind = NSI_CELL_STRV;
	c->strv = c->owned_v;
	for (k = 0; k < NSI_HOLD_NKINDS; k++) {
		if (!(ns->found_by & (1u << k)))
			continue;
		c->owned_v[n] = strdup(nsi_holder_kind_text(ns->type, k, kind,
							    sizeof(kind)));
		if (!c->owned_v[n])
			return -ENOMEM;
		c->nv = ++n;
	}
	return 0;
}

char *nsi_holder_text(enum nsi_ns_type type, const struct nsi_holder *h)
{
	char *s = NULL;
	int rc = -1;

	switch (h->kind) {
	case NSI_HOLD_THREAD:
		rc = asprintf(&s, "thread %d of PID %d", h->num, (int)h->pid);
		break;
	case NSI_HOLD_FD:
		rc = asprintf(&s, "fd %d of PID %d", h->num, (int)h->pid);
		break;
	case NSI_HOLD_SOCKET:
		rc = asprintf(&s, "socket fd %d of PID %d", h->num,
			      (int)h->pid);
		break;
	case NSI_HOLD_BIND_MOUNT:
		rc = asprintf(&s, "%s in mnt:[%llu]", h->path ? h->path : "?",
			      (unsigned long long)h->mntns);
		break;
	case NSI_HOLD_FOR_CHILDREN:
		rc = asprintf(&s, "%s_for_children of PID %d",
			      nsi_ns_type_name(type), (int)h->pid);
		break;
	case NSI_HOLD_PARENT:
	case NSI_HOLD_OWNER:
		rc = asprintf(&s, "%s of %s:[%llu]",
			      nsi_holder_kind_name(h->kind),
			      h->via ? nsi_ns_type_name(h->via->type) : "?",
			      h->via ? (unsigned long long)h->via->ino : 0ULL);
		break;
	case NSI_HOLD_LISTNS:
		rc = asprintf(&s, "listns ID %llu", (unsigned long long)h->id);
		break;
	case NSI_HOLD_PROCESS:
	case NSI_HOLD_NKINDS:
		rc = asprintf(&s, "PID %d", (int)h->pid);
		break;
	}
	return rc < 0 ? NULL : s;
}

static int held_by_cell(const struct nsi_ns *ns, struct nsi_cell *c)
{
	size_t i;

	if (!ns->nholders && !ns->holders_omitted)
		return 0;
	c->owned_v = calloc(ns->nholders + 1, sizeof(char *));
	if (!c->owned_v)
		return -ENOMEM;
	c->kind = NSI_CELL_STRV;
	c->strv = c->owned_v;
	for (i = 0; i < ns->nholders; i++) {
		c->owned_v[i] = nsi_holder_text(ns->type, &ns->holders[i]);
		if (!c->owned_v[i])
			return -ENOMEM;
		c->nv = i + 1;
	}
	/* past NSI_NS_HOLDERS_MAX: the count, never a silent end */
	c->more = ns->holders_omitted;
	return 0;
}

/*
 * The cell of column @col of namespace @ns.  Long: one case per column of
 * the namespace view, each a line or two.
 */
static int ns_cell(const struct nsi_ns *ns, int col, struct nsi_cell *c)
{
	/* no process in it: the one that holds it, as lsns shows */
	const struct nsi_proc *rep = ns->rep ? ns->rep : ns->held_by;

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
		if (ns->rep && ns->ino) {
			if (asprintf(&c->owned, "/proc/%d/ns/%s",
				     (int)ns->rep->pid,
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
		cell_num(c, (long long)(ns->nprocs + ns->nthreads));
		break;
	case NSI_NSCOL_HOLDER:
		return holder_cell(ns, c);
	case NSI_NSCOL_HELD_BY:
		return held_by_cell(ns, c);
	case NSI_NSCOL_TID:
		if (ns->tid)
			cell_num(c, ns->tid);
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
	case NSI_NSCOL_CONTAINER:
		cell_containers(c, ns->containers, ns->ncontainers);
		break;
	case NSI_NSCOL_HOSTNAME:
		cell_str(c, ns->hostname);
		break;
	case NSI_NSCOL_UID_MAP:
		cell_str(c, ns->uid_map);
		break;
	case NSI_NSCOL_GID_MAP:
		cell_str(c, ns->gid_map);
		break;
	case NSI_NSCOL_RULES:
		if (ns->net && ns->net->fw_rules >= 0)
			cell_num(c, ns->net->fw_rules);
		else if (ns->type == NSI_NS_NET && ns->net)
			c->str = "unknown";
		break;
	}
	return 0;
}

/*
 * CAPDANGER: the escape-prone capabilities of nsi_cap_judge() when they
 * act on the host; none in a child user namespace, where tables say what
 * they are there (nsi_cap_risk_words()).
 */
static int cell_capdanger(struct nsi_cell *c, const struct nsi_status *st,
			  int userns_initial)
{
	struct nsi_cap_risk r;

	if (st)
		nsi_cap_judge(st, userns_initial, &r);
	if (!st || !r.known) {
		c->str = "unknown";
		return 0;
	}
	cell_capnames(c, r.dangerous ? r.escape : 0);
	if (r.host == 0) {
		c->owned = nsi_cap_risk_words(&r);
		if (!c->owned)
			return -ENOMEM;
		if (*c->owned)
			c->note = c->owned;
	}
	return 0;
}

/* IAB: the text of getpcaps --iab, from CapInh, CapAmb and CapBnd. */
static int cell_iab(struct nsi_cell *c, const struct nsi_status *st)
{
	const unsigned int need = (1u << NSI_CAP_INH) | (1u << NSI_CAP_AMB) |
		(1u << NSI_CAP_BND);

	if (!st || (st->cap_known & need) != need) {
		c->str = "unknown";
		return 0;
	}
	c->owned = nsi_cap_iab_text(st->cap);
	if (!c->owned)
		return -errno;
	cell_str(c, c->owned);
	return 0;
}

/*
 * FILECAPS and LSM: "" when there is none (the kernel gave none, or no
 * active LSM gives a label: EINVAL, or the process exited), "unknown"
 * when it could not be read; nothing when it was not read (a snapshot
 * records neither).
 */
static void cell_security(struct nsi_cell *c, int read, int err,
			  const char *value)
{
	if (!read)
		return;
	if (err && err != EINVAL && err != ENOENT && err != ESRCH)
		c->str = "unknown";
	else if (err)
		return;
	else
		cell_str(c, value ? value : "");
}

/*
 * The cell of column @col of process @p.  Long: one case per column of
 * the process view, each a line or two.
 */
static int proc_cell(const struct nsi_proc *p, int col, struct nsi_cell *c)
{
	const struct nsi_status *st = p->have_status ? &p->status : NULL;
	uint64_t bnd, added, dropped;
	struct nsi_cap_default def;
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
		if (cell_command(c, p) < 0)
			return -ENOMEM;
		/* as pscap(8): "*" after a process in a child user ns */
		if (p->userns_initial == 0)
			c->note = "*";
		break;
	case NSI_PCOL_USERNS:
		if (p->ns[NSI_NS_USER])
			cell_num(c, (long long)p->ns[NSI_NS_USER]);
		break;
	case NSI_PCOL_INITIAL_USERNS:
		if (p->userns_initial >= 0) {
			c->kind = NSI_CELL_BOOL;
			c->num = p->userns_initial;
		}
		break;
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
			cell_str(c, nsi_seccomp_name(st->seccomp));
		break;
	case NSI_PCOL_SECCOMP_FILTERS:
		if (st && st->seccomp_filters >= 0)
			cell_num(c, st->seccomp_filters);
		break;
	case NSI_PCOL_NSLEVEL:
		if (st && st->nspid_levels > 0)
			cell_num(c, st->nspid_levels - 1);
		break;
	case NSI_PCOL_CONTAINER:
		cell_containers(c, &p->container, p->container != NULL);
		break;
	case NSI_PCOL_NAME:
		cell_str(c, p->comm);
		if (p->userns_initial == 0)
			c->note = "*";
		break;
	case NSI_PCOL_TID:
		if (p->tid)
			cell_num(c, p->tid);
		break;
	case NSI_PCOL_CAPADD:
	case NSI_PCOL_CAPDROP:
		if (!st || !(st->cap_known & (1u << NSI_CAP_BND))) {
			c->str = "unknown";
			break;
		}
		bnd = st->cap[NSI_CAP_BND];
		nsi_proc_cap_default(p, &def);
		if (!nsi_cap_against_default(bnd, &def, &added, &dropped)) {
			c->str = "no default";	/* libvirt, unknown engine */
			break;
		}
		cell_capnames(c, col == NSI_PCOL_CAPADD ? added : dropped);
		break;
	case NSI_PCOL_CAPDANGER:
		return cell_capdanger(c, st, p->userns_initial);
	case NSI_PCOL_IAB:
		return cell_iab(c, st);
	case NSI_PCOL_FILECAPS:
		cell_security(c, p->filecaps_read, p->filecaps_errno,
			      p->filecaps);
		break;
	case NSI_PCOL_LSM:
		cell_security(c, p->lsm_read, p->lsm_errno, p->lsm);
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
	size_t i;

	for (i = 0; cell->owned_v && i < cell->nv; i++)
		free(cell->owned_v[i]);
	free(cell->owned_v);
	free(cell->owned);
	free(cell->numv);
	*cell = (struct nsi_cell){ .kind = NSI_CELL_NONE };
}
