/*
 * nsfs.c - namespace files: the /proc/PID/ns/TYPE links and the ioctls of
 * ioctl_ns(2) on them, asked once per namespace.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mounts.h"
#include "netlink.h"
#include "nsenter.h"
#include "nsfs.h"
#include "procfs.h"

int nsi_ns_link_ino_at(int dirfd, const char *path, enum nsi_ns_type type,
		       ino_t *ino)
{
	enum nsi_ns_type got;
	char target[64];
	ssize_t n;

	/*
	 * readlink(2), not stat(2): the link's text ("net:[4026531840]")
	 * costs the kernel no nsfs inode, and is what lsns(8) reads too.
	 */
	n = readlinkat(dirfd, path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (nsi_mounts_parse_nsfs_root(target, &got, ino) < 0 || got != type)
		return -EINVAL;
	return 0;
}

int nsi_ns_link_ino(int procfd, pid_t pid, enum nsi_ns_type type, ino_t *ino)
{
	char path[48];

	snprintf(path, sizeof(path), "%d/ns/%s", (int)pid,
		 nsi_ns_type_name(type));
	return nsi_ns_link_ino_at(procfd, path, type, ino);
}

int nsi_ns_kernel_has(int procfd, enum nsi_ns_type type)
{
	char path[32];

	snprintf(path, sizeof(path), "self/ns/%s", nsi_ns_type_name(type));
	return faccessat(procfd, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

/*
 * A link that cannot be read is a process that exited (ESRCH through an
 * O_PATH pin, ENOENT by path: skip it), a zombie (it has left the
 * namespaces of its nsproxy: ENOENT; its user and pid links still
 * resolve), or not ours to read.
 */
int nsi_proc_read_ns(struct nsi_model *m, const struct nsi_pin *pin,
		     struct nsi_proc *p, int zombie)
{
	int t, unreadable = 0;

	for (t = 0; t < NSI_NS_NTYPES; t++) {
		char link[40];
		int rc;

		if (p->ns[t] || !m->have_type[t])
			continue;
		snprintf(link, sizeof(link), "%sns/%s", pin->prefix,
			 nsi_ns_type_name(t));
		rc = nsi_ns_link_ino_at(pin->dirfd, link, t, &p->ns[t]);
		if (rc == 0)
			continue;
		if (rc == -ESRCH || (rc == -ENOENT && !zombie &&
		    faccessat(pin->dirfd, nsi_pin_name(pin, "stat", link,
						       sizeof(link)),
			      F_OK, 0) < 0))
			return 0;	/* exited mid-scan */
		p->ns_errno[t] = -rc;
		if (rc != -ENOENT && !unreadable) {
			unreadable = 1;
			nsi_model_count_unreadable(m, p->pid, -rc);
		}
	}
	return 1;
}

/* The inode of the namespace an ioctl_ns(2) request returns, or 0. */
static ino_t ns_ioctl_ino(int fd, unsigned long request)
{
	struct stat st;
	int nfd = ioctl(fd, request);
	ino_t ino = 0;

	if (nfd < 0)
		return 0;	/* EPERM: outside our view; EINVAL: no such */
	if (fstat(nfd, &st) == 0)
		ino = st.st_ino;
	close(nfd);
	return ino;
}

/* The inode of nsfs fd @fd, or 0. */
static ino_t fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

/*
 * Ask @ns (open as @fd) for its owner and parent, and add each that the
 * model lacks (no process is in it, no holder was found) as a namespace
 * held by "parent" or "owner", then walk on from it with the fd the
 * ioctl gave (no second open).  A namespace in the model is not walked
 * again: it is walked (or was) from its own entry.  Depth: the nesting
 * of user and pid namespaces (32 each, the kernel's limit).
 */
static int walk_up(struct nsi_model *m, struct nsi_ns *ns, int fd)
{
	struct {
		unsigned long request;
		enum nsi_holder_kind kind;
	} up[2] = {
		/* parent first: a user namespace's owner is its parent */
		{ NS_GET_PARENT, NSI_HOLD_PARENT },
		{ NS_GET_USERNS, NSI_HOLD_OWNER },
	};
	size_t i;
	int rc = 0;

	ns->resolved = 1;
	for (i = 0; rc == 0 && i < 2; i++) {
		enum nsi_ns_type t = i == 1 ? NSI_NS_USER : ns->type;
		struct nsi_ns *a;
		ino_t ino;
		int afd;

		if (i == 0 && t != NSI_NS_PID && t != NSI_NS_USER)
			continue;
		/* ioctl_ns(2): of a user namespace, the same as its parent */
		if (i == 1 && ns->type == NSI_NS_USER) {
			ns->owner = ns->parent;
			continue;
		}
		/* EPERM: outside our view (the top for us); EINVAL: none */
		afd = ioctl(fd, up[i].request);
		if (afd < 0)
			continue;
		ino = fd_ino(afd);
		if (i == 0)
			ns->parent = ino;
		else
			ns->owner = ino;
		if (ino && m->have_type[t] && !nsi_model_get_ns(m, t, ino, 0)) {
			a = nsi_model_get_ns(m, t, ino, 1);
			rc = a ? nsi_ns_add_via(a, up[i].kind, ns) : -ENOMEM;
			if (rc == 0)
				rc = walk_up(m, a, afd);
		}
		close(afd);
	}
	return rc;
}

int nsi_ns_ancestors(struct nsi_model *m, int procfd, size_t *added)
{
	size_t i, n = m->nns;
	int rc = 0;

	*added = 0;
	/* only user and pid namespaces are ancestors: none shown, no walk
	 * (nsi_ns_resolve() asks owners and parents when they are shown) */
	if (!m->have_type[NSI_NS_USER] && !m->have_type[NSI_NS_PID])
		return 0;
	/* the ones added are walked as they are added */
	for (i = 0; rc == 0 && i < n; i++) {
		struct nsi_ns *ns = m->ns[i];
		int fd;

		if (!ns->ino || ns->resolved)
			continue;	/* the unknown group */
		fd = nsi_ns_open(ns, procfd);
		if (fd < 0)
			continue;
		rc = walk_up(m, ns, fd);
		close(fd);
	}
	*added = m->nns - n;
	return rc;
}

/* Net namespaces open for one nsi_netnsid_many() exchange. */
struct id_batch {
	struct nsi_nl *rtnl;	/* one socket for every netnsid asked */
	int fds[NSI_NETNSID_BATCH];
	struct nsi_ns *ns[NSI_NETNSID_BATCH];
	size_t n;
};

static void id_flush(struct id_batch *b)
{
	int ids[NSI_NETNSID_BATCH];
	size_t i;

	if (!b->n)
		return;
	nsi_netnsid_many(&b->rtnl, b->fds, b->n, ids);
	for (i = 0; i < b->n; i++) {
		b->ns[i]->netnsid = ids[i];
		close(b->fds[i]);
	}
	b->n = 0;
}

/* Add @ns, open as @fd (the batch closes it); ask when the batch is full. */
static void id_add(struct id_batch *b, struct nsi_ns *ns, int fd)
{
	b->fds[b->n] = fd;
	b->ns[b->n++] = ns;
	if (b->n == NSI_NETNSID_BATCH)
		id_flush(b);
}

/* Ask what is left, and close the socket. */
static void id_end(struct id_batch *b)
{
	id_flush(b);
	nsi_nl_close(b->rtnl);
}

/* Owner and parent of @ns, open as @fd (ioctl_ns(2)). */
static void ask_ancestry(struct nsi_ns *ns, int fd)
{
	if (ns->type == NSI_NS_PID || ns->type == NSI_NS_USER)
		ns->parent = ns_ioctl_ino(fd, NS_GET_PARENT);
	/* ioctl_ns(2): of a user namespace, the same as its parent */
	ns->owner = ns->type == NSI_NS_USER ? ns->parent :
		ns_ioctl_ino(fd, NS_GET_USERNS);
}

void nsi_ns_resolve_one(struct nsi_ns *ns, int procfd)
{
	int fd;

	if (!ns->ino || ns->resolved)
		return;
	fd = nsi_ns_open(ns, procfd);
	if (fd < 0)
		return;
	ask_ancestry(ns, fd);
	close(fd);
}

void nsi_ns_ask_netnsids(struct nsi_model *m, int procfd, ino_t skip)
{
	struct id_batch b = { .n = 0 };
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		int fd;

		if (ns->type != NSI_NS_NET || !ns->ino || ns->ino == skip ||
		    ns->netnsid >= 0 || (fd = nsi_ns_open(ns, procfd)) < 0)
			continue;
		id_add(&b, ns, fd);
	}
	id_end(&b);
}

void nsi_ns_resolve(struct nsi_model *m, int procfd, unsigned int what)
{
	struct id_batch b = { .n = 0 };
	size_t i, assigned = 0;
	int ask_ids = 0;

	/*
	 * None assigned (the common case): no namespace is asked its own.
	 * The count is no total: with 150 assigned, Linux 6.18's dump gave
	 * 134 here ("ip netns list-id" too), so when there are any, every
	 * net namespace is asked.
	 */
	if (what & NSI_RESOLVE_NETNSID)
		ask_ids = nsi_netnsid_count(&b.rtnl, &assigned) < 0 ||
			  assigned > 0;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		int fd, tree, id;

		if (!ns->ino)
			continue;	/* the unknown group */
		if (ns->resolved && ns->type != NSI_NS_NET)
			continue;	/* nsi_ns_ancestors() asked it */
		tree = (what & NSI_RESOLVE_ANCESTRY) && !ns->resolved;
		id = ns->type == NSI_NS_NET && ask_ids;
		if (!tree && !id)
			continue;
		fd = nsi_ns_open(ns, procfd);
		if (fd < 0)
			continue;
		if (tree)
			ask_ancestry(ns, fd);
		if (id)
			id_add(&b, ns, fd);
		else
			close(fd);
	}
	id_end(&b);
}
