/*
 * holders.c - namespaces that no process's /proc/PID/ns link shows
 * (namespaces(7): a namespace lives while anything holds it):
 *   threads   /proc/PID/task/TID/ns/TYPE of a thread that unshare(2)d or
 *             setns(2)d on its own, for processes with Threads > 1;
 *   fds       /proc/PID/fd/N linking to "TYPE:[INODE]" (an open nsfs
 *             file, e.g. "sleep 1000 </run/netns/x" after "ip netns del");
 *   sockets   the network namespace a socket was created in: the socket
 *             is copied with pidfd_getfd(2) and asked with ioctl
 *             SIOCGSKNS (sock(7)), once per socket inode;
 *   children  /proc/PID/ns/pid_for_children and time_for_children when
 *             they differ from the process's own (unshare(2) without a
 *             fork);
 *   mounts    nsfs bind mounts in the other mount namespaces, from the
 *             mountinfo of one member of each (libmount, mounts.c).
 * Only what differs from the holding process's own namespaces is kept:
 * the rest is already known from its links.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hashmap.h"
#include "holders.h"
#include "mounts.h"
#include "nsenter.h"
#include "nsfs.h"
#include "procfs.h"

/* The network namespace of socket @fdnum of the process of @pidfd. */
static ino_t socket_netns(int pidfd, int fdnum)
{
	struct stat st;
	ino_t ino = 0;
	int nfd = nsi_socket_netns_open(pidfd, fdnum);

	if (nfd < 0)
		return 0;
	if (fstat(nfd, &st) == 0)
		ino = st.st_ino;
	close(nfd);
	return ino;
}

/* "socket:[12345]": 12345; else 0. */
static ino_t socket_ino(const char *target)
{
	unsigned long long v;
	char *end;

	if (strncmp(target, "socket:[", 8) != 0)
		return 0;
	errno = 0;
	v = strtoull(target + 8, &end, 10);
	if (errno || end[0] != ']' || end[1])
		return 0;
	return (ino_t)v;
}

struct nsi_holders {
	struct nsi_model *m;
	int procfd;
	unsigned int what;
	struct nsi_hmap socks;	/* socket inodes asked already */
	struct nsi_holders_report r;
	dev_t nsfs_dev;		/* st_dev of nsfs files */
};

/*
 * An fd whose link reads "/": the root of a detached mount, as an nsfs
 * file opened through a bind mount shows once the mount is gone ("ip
 * netns del" while "sleep </run/netns/X" runs).  Is it an nsfs file?
 * Then its type: that of a namespace the model has with its inode
 * (inodes are unique across types), else ioctl NS_GET_NSTYPE.
 */
static int nsfs_file(struct nsi_holders *c, int fddir, const char *name,
		     enum nsi_ns_type *type, ino_t *ino)
{
	struct stat st;
	int t, fd, nstype;

	/* the cached attributes: the fd may be a file of a FUSE daemon */
	if (nsi_stat_cached(fddir, name, 0, &st) < 0 ||
	    st.st_dev != c->nsfs_dev)
		return -1;
	*ino = st.st_ino;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (nsi_model_get_ns(c->m, t, st.st_ino, 0)) {
			*type = (enum nsi_ns_type)t;
			return 0;
		}
	/* not by openat(): the process may have put a FIFO at @name since */
	fd = nsi_nsfs_open(c->procfd, fddir, name, st.st_ino, NULL);
	if (fd < 0)
		return -1;
	nstype = ioctl(fd, NS_GET_NSTYPE);
	close(fd);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (nstype > 0 && nsi_ns_clone_flag(t) == nstype) {
			*type = (enum nsi_ns_type)t;
			return 0;
		}
	return -1;
}

static int hold(struct nsi_holders *c, enum nsi_ns_type type, ino_t ino,
		enum nsi_holder_kind kind, pid_t pid, int num)
{
	struct nsi_ns *ns = nsi_model_get_ns(c->m, type, ino, 1);

	if (!ns)
		return -ENOMEM;
	return nsi_ns_add_holder(ns, kind, pid, num, NULL, 0);
}

/* Threads of @p in namespaces their leader is not in. */
struct threads {
	struct nsi_holders *c;
	const struct nsi_proc *p;
	int dirfd;
};

static int one_thread(const char *name, void *arg)
{
	struct threads *a = arg;
	long tid = strtol(name, NULL, 10);
	int t, rc = 0;

	if (tid <= 0 || tid == a->p->pid)
		return 0;
	for (t = 0; rc == 0 && t < NSI_NS_NTYPES; t++) {
		char link[64];
		ino_t ino;

		if (!a->c->m->have_type[t] || !a->p->ns[t])
			continue;
		snprintf(link, sizeof(link), "%ld/ns/%s", tid,
			 nsi_ns_type_name(t));
		if (nsi_ns_link_ino_at(a->dirfd, link, t, &ino) < 0 ||
		    ino == a->p->ns[t])
			continue;
		rc = hold(a->c, t, ino, NSI_HOLD_THREAD, a->p->pid, (int)tid);
	}
	return rc;
}

static int scan_threads(struct nsi_holders *c, const struct nsi_proc *p,
			const struct nsi_pin *pin)
{
	struct threads a = { c, p, -1 };
	char path[32];
	int rc;

	if (!nsi_proc_has_fields(p) || p->status.threads <= 1)
		return 0;
	a.dirfd = openat(pin->dirfd, nsi_pin_name(pin, "task", path,
						  sizeof(path)),
			 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (a.dirfd < 0)
		return 0;	/* gone; unreadable tasks show in the links */
	rc = nsi_procfs_each_entry(a.dirfd, one_thread, &a);
	close(a.dirfd);
	return rc == -ENOMEM ? rc : 0;
}

/*
 * The pid and time namespaces @p will put its children in, when they are
 * not its own (unshare(2) of CLONE_NEWPID or CLONE_NEWTIME without a
 * fork: nothing else may hold them).  One readlink each.
 */
static int scan_for_children(struct nsi_holders *c, const struct nsi_proc *p,
			     const struct nsi_pin *pin)
{
	static const enum nsi_ns_type types[] = { NSI_NS_PID, NSI_NS_TIME };
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(types) / sizeof(types[0]); i++) {
		enum nsi_ns_type t = types[i];
		char link[48];
		ino_t ino;

		if (!c->m->have_type[t] || !p->ns[t])
			continue;
		snprintf(link, sizeof(link), "%sns/%s_for_children",
			 pin->prefix, nsi_ns_type_name(t));
		if (nsi_ns_link_ino_at(pin->dirfd, link, t, &ino) < 0 ||
		    ino == p->ns[t])
			continue;	/* the same, none yet, or gone */
		rc = hold(c, t, ino, NSI_HOLD_FOR_CHILDREN, p->pid, -1);
	}
	return rc;
}

/* Open nsfs files and sockets of @p in namespaces @p is not in. */
struct fds {
	struct nsi_holders *c;
	const struct nsi_proc *p;
	int dirfd, pidfd, unreadable;
};

/*
 * A pidfd of the process whose fd directory @a->dirfd is (it pins the
 * process): pidfd_open(2) takes a PID number, so the pin is asked
 * afterwards, by a lookup of fd @name in it, whether the process it holds
 * was still there (then the PID could not have been given to another).
 */
static int pinned_pidfd(struct fds *a, const char *name)
{
	int pidfd = (int)syscall(SYS_pidfd_open, a->p->pid, 0);

	if (pidfd >= 0 &&
	    faccessat(a->dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) < 0) {
		close(pidfd);
		return -1;
	}
	return pidfd;
}

static int one_fd(const char *name, void *arg)
{
	struct fds *a = arg;
	struct nsi_holders *c = a->c;
	char target[64], *end;
	enum nsi_ns_type t;
	ino_t ino, sock;
	ssize_t n;
	long num;
	int rc;

	num = strtol(name, &end, 10);
	if (*end || num < 0 || num > INT_MAX || end == name)
		return 0;
	n = readlinkat(a->dirfd, name, target, sizeof(target) - 1);
	if (n < 0 && errno != ENOENT && !a->unreadable) {
		/* EACCES: the fds are listed, not ours to read */
		a->unreadable = 1;
		if (!c->r.fds_unreadable++)
			c->r.fds_errno = errno;
	}
	if (n < 0)
		return 0;	/* or closed meanwhile */
	target[n] = '\0';
	if (nsi_mounts_parse_nsfs_root(target, &t, &ino) == 0 ||
	    (!strcmp(target, "/") &&
	     nsfs_file(c, a->dirfd, name, &t, &ino) == 0)) {
		if (c->m->have_type[t] && ino != a->p->ns[t])
			return hold(c, t, ino, NSI_HOLD_FD, a->p->pid,
				    (int)num);
		return 0;
	}
	sock = socket_ino(target);
	if (!sock || !(c->what & NSI_HOLDERS_SOCKETS) ||
	    !c->m->have_type[NSI_NS_NET])
		return 0;
	rc = nsi_hmap_add(&c->socks, nsi_hkey_u64(sock), NULL);
	if (rc <= 0)
		return rc;	/* asked already: its first holder */
	if (a->pidfd < 0)
		a->pidfd = pinned_pidfd(a, name);
	ino = a->pidfd < 0 ? 0 : socket_netns(a->pidfd, (int)num);
	if (ino && ino != a->p->ns[NSI_NS_NET])
		return hold(c, NSI_NS_NET, ino, NSI_HOLD_SOCKET, a->p->pid,
			    (int)num);
	return 0;
}

/* 1 when the process is gone (the pin's listing failed). */
static int scan_fds(struct nsi_holders *c, const struct nsi_proc *p,
		    const struct nsi_pin *pin)
{
	struct fds a = { c, p, pin->fd_dir, -1, 0 };
	char path[32];
	int rc;

	if (a.dirfd < 0)
		a.dirfd = openat(pin->dirfd, nsi_pin_name(pin, "fd", path,
							  sizeof(path)),
				 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (a.dirfd < 0) {
		if (errno == ENOENT || errno == ESRCH)
			return 0;	/* gone: what the pin tells */
		if (!c->r.fds_unreadable++)
			c->r.fds_errno = errno;
		return 0;
	}
	rc = nsi_procfs_each_entry(a.dirfd, one_fd, &a);
	if (a.pidfd >= 0)
		close(a.pidfd);
	if (a.dirfd != pin->fd_dir)
		close(a.dirfd);
	if (rc == -ENOENT || rc == -ESRCH)
		return pin->fd_dir >= 0 ? 1 : 0;
	return rc == -ENOMEM ? rc : 0;
}

/* nsfs bind mounts in every mount namespace but ours. */
static int scan_mounts(struct nsi_holders *c)
{
	struct nsi_model *m = c->m;
	struct nsi_hmap seen = { 0 };	/* mount namespaces read */
	ino_t self = 0;
	size_t i;
	int rc = 0;

	nsi_ns_link_ino_at(c->procfd, "self/ns/mnt", NSI_NS_MNT, &self);
	for (i = 0; rc == 0 && i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];
		ino_t mnt = p->ns[NSI_NS_MNT];

		/* not scanned: one more link per process */
		if (!m->have_type[NSI_NS_MNT] &&
		    nsi_ns_link_ino(c->procfd, p->pid, NSI_NS_MNT, &mnt) < 0)
			continue;
		if (!mnt || mnt == self)
			continue;
		rc = nsi_hmap_add(&seen, nsi_hkey_u64(mnt), NULL);
		if (rc <= 0)
			continue;	/* read already, or ENOMEM */
		rc = nsi_mounts_read_other(m, c->procfd, p->pid, mnt);
		if (rc != -ENOMEM)
			rc = 0;	/* gone, or not ours to read */
	}
	nsi_hmap_release(&seen);
	return rc;
}

struct nsi_holders *nsi_holders_new(struct nsi_model *m, int procfd,
				    unsigned int what)
{
	struct nsi_holders *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->m = m;
	h->procfd = procfd;
	h->what = what;
	h->nsfs_dev = nsi_nsfs_dev(procfd);
	return h;
}

int nsi_holders_proc(struct nsi_holders *h, const struct nsi_proc *p,
		     const struct nsi_pin *pin)
{
	int rc = 0;

	if (h->what & NSI_HOLDERS_THREADS)
		rc = scan_threads(h, p, pin);
	if (rc == 0 && (h->what & NSI_HOLDERS_FOR_CHILDREN))
		rc = scan_for_children(h, p, pin);
	/* last: with an fd-directory pin, its listing proves the rest */
	if (rc == 0 && (h->what & (NSI_HOLDERS_FDS | NSI_HOLDERS_SOCKETS)))
		rc = scan_fds(h, p, pin);
	return rc;
}

int nsi_holders_finish(struct nsi_holders *h, struct nsi_holders_report *r)
{
	int rc = 0;

	if (h->what & NSI_HOLDERS_MOUNTS)
		rc = scan_mounts(h);
	*r = h->r;
	nsi_holders_free(h);
	return rc;
}

void nsi_holders_free(struct nsi_holders *h)
{
	if (!h)
		return;
	nsi_hmap_release(&h->socks);
	free(h);
}
