/*
 * nsenter.c - run code inside namespaces, in one child process per visit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <linux/sockios.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter.h"

/*
 * How many parent or owner steps an open may take: user namespaces nest
 * 32 deep (user_namespaces(7)), pid namespaces 32, and an owner step
 * leads from any namespace to a user one.
 */
#define NSI_OPEN_DEPTH_MAX 70

/*
 * How many holders an open tries: any user may record up to
 * NSI_NS_HOLDERS_MAX of them for a namespace of its own (bind mounts it
 * then covers, say), and each open of it must stay cheap.
 */
#define NSI_OPEN_HOLDERS_MAX 16

_Static_assert(sizeof(struct nsi_nsfs_handle) == NSFS_FILE_HANDLE_SIZE_VER0,
	       "struct nsfs_file_handle version 0 is 16 bytes");

static int open_ns(const struct nsi_ns *ns, int procfd, int depth);

/*
 * Check that the O_PATH fd @pfd is the nsfs file of namespace @ino (any
 * when 0) and open it for real through our own /proc/self/fd link of it
 * (ioctl(2) and setns(2) refuse O_PATH fds): that very file, not a path
 * again.  Closes @pfd.
 */
int nsi_stat_cached(int dirfd, const char *path, int flags, struct stat *st)
{
	struct statx sx;

	if (statx(dirfd, path, flags | AT_STATX_DONT_SYNC,
		  STATX_TYPE | STATX_INO, &sx) < 0)
		return -errno;
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
	st->st_ino = (ino_t)sx.stx_ino;
	st->st_mode = sx.stx_mode;
	return 0;
}

dev_t nsi_nsfs_dev(int procfd)
{
	static dev_t dev;
	struct stat st;

	if (!dev && (nsi_stat_cached(procfd, "self/ns/net", 0, &st) == 0 ||
		     nsi_stat_cached(procfd, "self/ns/mnt", 0, &st) == 0))
		dev = st.st_dev;
	return dev;
}

static int nsfs_reopen(int procfd, int pfd, ino_t ino, ino_t *inop)
{
	dev_t nsfs = nsi_nsfs_dev(procfd);
	struct stat st;
	char self[32];
	int fd, rc;

	/* not fstatfs(2) nor fstat(2): they may wait on a FUSE daemon */
	if ((rc = nsi_stat_cached(pfd, "", AT_EMPTY_PATH, &st)) < 0) {
		fd = rc;
	} else if (!nsfs || st.st_dev != nsfs) {
		fd = -EMEDIUMTYPE;
	} else if (ino && st.st_ino != ino) {
		fd = -ESTALE;
	} else {
		snprintf(self, sizeof(self), "self/fd/%d", pfd);
		fd = openat(procfd, self, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		else if (inop)
			*inop = st.st_ino;
	}
	close(pfd);
	return fd;
}

int nsi_nsfs_open(int procfd, int dirfd, const char *path, ino_t ino,
		  ino_t *inop)
{
	int pfd;

	/*
	 * O_PATH: a FIFO or device node found here (bind-mounted over an
	 * nsfs mount point, or put at /proc/PID/fd/N by its process) is
	 * neither opened by its driver nor waited on; only once it is known
	 * to be an nsfs file is it opened for real.
	 */
	pfd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	return nsfs_reopen(procfd, pfd, ino, inop);
}

int nsi_socket_netns_open(int pidfd, int fdnum)
{
	struct stat st;
	int sfd, nfd;

	sfd = (int)syscall(SYS_pidfd_getfd, pidfd, fdnum, 0);
	if (sfd < 0)
		return -errno;	/* closed meanwhile, or not ours to take */
	/* no ioctl to what is not a socket (now): a device's driver */
	if ((nfd = nsi_stat_cached(sfd, "", AT_EMPTY_PATH, &st)) < 0)
		;
	else if (!S_ISSOCK(st.st_mode))
		nfd = -ENOTSOCK;
	else if ((nfd = ioctl(sfd, SIOCGSKNS)) < 0)
		nfd = -errno;
	close(sfd);
	return nfd;
}

/*
 * A /proc/PID/ns/TYPE (or task/TID/ns/TYPE, TYPE_for_children) link of
 * our checked proc (nsi_procfs_check()): the kernel's own magic link to
 * an nsfs file, never a FIFO, device or FUSE file that a user put there,
 * so opened directly; its inode tells whether the PID still is the
 * process that was read.
 */
static int open_ns_link(int procfd, const char *path, ino_t ino)
{
	struct stat st;
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	rc = nsi_stat_cached(fd, "", AT_EMPTY_PATH, &st);
	if (rc == 0 && ino && st.st_ino != ino)
		rc = -ESTALE;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/*
 * A bind mount in another mount namespace: its mount point looked up
 * from the root of the process through which that mount table was read
 * (PROC/PID/root leads into its mount namespace), never out of that root
 * nor through a magic link, whatever the path (the process chose it).
 */
static int open_foreign_mount(int procfd, const struct nsi_holder *h)
{
	/*
	 * RESOLVE_CACHED: from the dentry cache only, where a mount point
	 * and the directories above it stay; EAGAIN rather than a lookup
	 * that a FUSE daemon mounted over a directory on the way could hold
	 * for ever.
	 */
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
			RESOLVE_CACHED,
	};
	char path[32];
	int root, pfd;

	if (!h->path)
		return -ENOENT;
	snprintf(path, sizeof(path), "%d/root", (int)h->pid);
	root = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	pfd = (int)syscall(SYS_openat2, root, h->path, &how, sizeof(how));
	if (pfd < 0)
		pfd = -errno;
	close(root);
	return pfd;
}

/* Open @ns through holder @h: an fd, or -errno. */
static int open_holder(const struct nsi_ns *ns, const struct nsi_holder *h,
		       int procfd, int depth)
{
	char path[80];
	int pfd, fd;

	switch (h->kind) {
	case NSI_HOLD_THREAD:
		snprintf(path, sizeof(path), "%d/task/%d/ns/%s", (int)h->pid,
			 h->num, nsi_ns_type_name(ns->type));
		return open_ns_link(procfd, path, ns->ino);
	case NSI_HOLD_FD:
		snprintf(path, sizeof(path), "%d/fd/%d", (int)h->pid, h->num);
		return nsi_nsfs_open(procfd, procfd, path, ns->ino, NULL);
	case NSI_HOLD_FOR_CHILDREN:
		snprintf(path, sizeof(path), "%d/ns/%s_for_children",
			 (int)h->pid, nsi_ns_type_name(ns->type));
		return open_ns_link(procfd, path, ns->ino);
	case NSI_HOLD_SOCKET:
		/* a pidfd of whatever has the PID now: the inode tells */
		pfd = (int)syscall(SYS_pidfd_open, h->pid, 0);
		if (pfd < 0)
			return -errno;
		fd = nsi_socket_netns_open(pfd, h->num);
		close(pfd);
		break;
	case NSI_HOLD_BIND_MOUNT:
		fd = open_foreign_mount(procfd, h);
		break;
	case NSI_HOLD_PARENT:
	case NSI_HOLD_OWNER:
		if (!h->via || depth >= NSI_OPEN_DEPTH_MAX)
			return -ENOENT;
		pfd = open_ns(h->via, procfd, depth + 1);
		if (pfd < 0)
			return pfd;
		fd = ioctl(pfd, h->kind == NSI_HOLD_PARENT ? NS_GET_PARENT :
			   NS_GET_USERNS);
		if (fd < 0)
			fd = -errno;
		close(pfd);
		break;
	case NSI_HOLD_LISTNS:
		/* by its ID alone (Linux 6.19): the handle has no inode */
		fd = nsi_ns_open_handle(&(struct nsi_nsfs_handle){
			.ns_id = h->id }, O_PATH | O_CLOEXEC);
		break;
	default:
		return -ENOENT;
	}
	if (fd < 0)
		return fd;
	/* O_PATH or not, the same checks: nsfs, and the right inode */
	return nsfs_reopen(procfd, fd, ns->ino, NULL);
}

/* No process, no path of ours: what holds @ns, the first that works. */
static int open_holders(const struct nsi_ns *ns, int procfd, int depth)
{
	size_t i;
	int fd, rc = -ENOENT;

	for (i = 0; i < ns->nholders && i < NSI_OPEN_HOLDERS_MAX; i++) {
		fd = open_holder(ns, &ns->holders[i], procfd, depth);
		if (fd >= 0)
			return fd;
		rc = fd;
	}
	return rc;
}

static int open_ns(const struct nsi_ns *ns, int procfd, int depth)
{
	char path[48];
	size_t i;
	int fd, rc = -ENOENT;

	if (ns->rep) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->rep->pid,
			 nsi_ns_type_name(ns->type));
		fd = open_ns_link(procfd, path, ns->ino);
		if (fd >= 0)
			return fd;
		rc = fd;
	}
	for (i = 0; i < ns->nnsfs; i++) {
		fd = nsi_nsfs_open(procfd, AT_FDCWD, ns->nsfs[i], ns->ino,
				   NULL);
		if (fd >= 0)
			return fd;
		rc = fd;
	}
	return ns->nholders ? open_holders(ns, procfd, depth) : rc;
}

int nsi_ns_open_handle(const struct nsi_nsfs_handle *h, int flags)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) +
			 sizeof(struct nsi_nsfs_handle)];
	} u;
	int fd;

	memset(&u, 0, sizeof(u));
	u.fh.handle_bytes = sizeof(*h);
	u.fh.handle_type = FILEID_NSFS;
	memcpy(u.fh.f_handle, h, sizeof(*h));
	fd = open_by_handle_at(FD_NSFS_ROOT, &u.fh, flags);
	return fd < 0 ? -errno : fd;
}

int nsi_ns_open(const struct nsi_ns *ns, int procfd)
{
	return open_ns(ns, procfd, 0);
}

static const int clone_flags[NSI_NS_NTYPES] = {
	[NSI_NS_MNT] = CLONE_NEWNS,
	[NSI_NS_NET] = CLONE_NEWNET,
	[NSI_NS_PID] = CLONE_NEWPID,
	[NSI_NS_USER] = CLONE_NEWUSER,
	[NSI_NS_UTS] = CLONE_NEWUTS,
	[NSI_NS_IPC] = CLONE_NEWIPC,
	[NSI_NS_CGROUP] = CLONE_NEWCGROUP,
	[NSI_NS_TIME] = CLONE_NEWTIME,
};

int nsi_ns_clone_flag(enum nsi_ns_type type)
{
	return (unsigned int)type < NSI_NS_NTYPES ? clone_flags[type] : 0;
}

/* A frame on the pipe: which namespace, how it went, how many bytes. */
struct frame {
	uint32_t index;
	int32_t err;
	uint32_t len;
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1 on success, 0 at end of file, -1 on error. */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return got ? -1 : 0;
		got += (size_t)n;
	}
	return 1;
}

/* What the child of a visit is given (it shares our memory). */
struct visit_job {
	struct nsi_model *m;
	int procfd;
	enum nsi_ns_type type;
	const unsigned char *want;
	nsi_visit_fn visit;
	void *arg;
	int wfd;
};

static int child(void *data)
{
	const struct visit_job *j = data;
	struct nsi_model *m = j->m;
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		struct frame f = { .index = (uint32_t)i };
		char *buf = NULL;
		size_t len = 0;
		FILE *out;
		int fd;

		if (ns->type != j->type || !ns->ino || (j->want && !j->want[i]))
			continue;
		fd = nsi_ns_open(ns, j->procfd);
		if (fd < 0) {
			f.err = fd;
		} else if (setns(fd, clone_flags[j->type]) < 0) {
			f.err = -errno;
		} else if (!(out = open_memstream(&buf, &len))) {
			f.err = -ENOMEM;
		} else {
			f.err = j->visit(ns, out, j->arg);
			if (fclose(out) != 0 && !f.err)
				f.err = -ENOMEM;
		}
		if (fd >= 0)
			close(fd);
		f.len = f.err ? 0 : (uint32_t)len;
		if (write_all(j->wfd, &f, sizeof(f)) < 0 ||
		    write_all(j->wfd, buf, f.len) < 0) {
			free(buf);
			_exit(1);
		}
		free(buf);
	}
	_exit(0);
}

/* The stack of the child of a visit (its visit functions need a few
 * tens of KiB: netlink buffers). */
#define CHILD_STACK (1024 * 1024)

/*
 * AddressSanitizer tracks one stack per thread it knows: a child running
 * on a stack of its own in our memory makes it warn ("ASan is ignoring
 * requested __asan_handle_no_return") and may make it report what is
 * not wrong.  A sanitizer build (scripts/asan-build) forks instead: the
 * same child, in a copy.
 */
#if defined(__SANITIZE_ADDRESS__)
#define NSI_VISIT_FORK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NSI_VISIT_FORK 1
#endif
#endif

/*
 * Run the child of @j to its end and return its wait status, or -errno.
 * It is a clone(2) with CLONE_VM | CLONE_VFORK: our memory, not a copy
 * (fork(2) of a live view of tens of MiB copies its page tables, and
 * then each page we write faults once, copy-on-write: thousands of
 * faults per visit), and we wait while it runs, so that no two tasks use
 * the heap at once.  Its setns(2) changes its own namespaces only (no
 * CLONE_THREAD: it is a process of its own); it frees what it allocates,
 * and writes its frames to a file (no pipe: no one reads while it runs).
 */
static int run_child(struct visit_job *j)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *stack = mmap(NULL, CHILD_STACK + page, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	sigset_t all, old;
	int status = 0;
	pid_t pid;

	if (stack == MAP_FAILED)
		return -ENOMEM;
	/* a guard page below the stack: an overflow faults, never writes
	 * into the mapping underneath */
	if (mprotect(stack, page, PROT_NONE) < 0) {
		status = -errno;
		munmap(stack, CHILD_STACK + page);
		return status;
	}
	fflush(NULL);	/* a child that is a copy (valgrind) must not flush */
	/*
	 * No handler of ours may run in the child, on our memory (ncurses'
	 * SIGTSTP handler would stop it while we cannot stop, and the
	 * terminal would hang): every signal is blocked while it runs, and
	 * it inherits that mask.  A fault still kills it; what came for us
	 * meanwhile (^Z, ^C, SIGWINCH) is handled once it is done.
	 */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
#ifdef NSI_VISIT_FORK
	pid = fork();
	if (pid == 0)
		child(j);	/* it ends with _exit(2) */
#else
	pid = clone(child, stack + page + CHILD_STACK,
		    CLONE_VM | CLONE_VFORK | SIGCHLD, j);
#endif
	if (pid < 0) {
		status = -errno;
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -errno;	/* ECHILD: not ours */
				break;
			}
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	munmap(stack, CHILD_STACK + page);
	return status;
}

/* Hand each frame in @fd to @collect; mark in @seen those received. */
static int read_frames(const struct visit_job *j, int fd,
		       nsi_collect_fn collect, unsigned char *seen)
{
	struct nsi_model *m = j->m;
	char *buf = NULL;
	struct frame f;
	int rc = 0;

	while (read_all(fd, &f, sizeof(f)) == 1) {
		char *nbuf;

		if (f.index >= m->nns || m->ns[f.index]->type != j->type) {
			rc = -EIO;
			break;
		}
		nbuf = realloc(buf, (size_t)f.len + 1);
		if (!nbuf) {
			rc = -ENOMEM;
			break;
		}
		buf = nbuf;
		if (f.len && read_all(fd, buf, f.len) != 1) {
			rc = -EIO;
			break;
		}
		buf[f.len] = '\0';
		seen[f.index] = 1;
		rc = collect(m->ns[f.index], f.err, f.err ? NULL : buf,
			     f.len, j->arg);
		if (rc < 0)
			break;
	}
	free(buf);
	return rc;
}

int nsi_visit_each(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   nsi_visit_fn visit, nsi_collect_fn collect, void *arg)
{
	return nsi_visit_some(m, procfd, type, NULL, visit, collect, arg);
}

int nsi_visit_some(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   const unsigned char *want, nsi_visit_fn visit,
		   nsi_collect_fn collect, void *arg)
{
	struct visit_job j = { m, procfd, type, want, visit, arg, -1 };
	unsigned char *seen;
	int rc, status;
	size_t i;

	/* time: setns(2) wants a task that shares no memory (EUSERS) */
	if (type == NSI_NS_MNT || type == NSI_NS_USER || type == NSI_NS_TIME ||
	    (unsigned int)type >= NSI_NS_NTYPES)
		return -EINVAL;
	seen = calloc(m->nns + 1, 1);
	if (!seen)
		return -ENOMEM;
	j.wfd = memfd_create("nsinspect-visit", MFD_CLOEXEC);
	if (j.wfd < 0) {
		rc = -errno;
		free(seen);
		return rc;
	}
	status = run_child(&j);
	if (status < 0) {
		close(j.wfd);
		free(seen);
		return status;
	}
	rc = lseek(j.wfd, 0, SEEK_SET) == 0 ?
		read_frames(&j, j.wfd, collect, seen) : -EIO;
	close(j.wfd);
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = -EIO;
	/* Tell about every namespace the child did not get to. */
	for (i = 0; rc == -EIO && i < m->nns; i++)
		if (m->ns[i]->type == type && m->ns[i]->ino && !seen[i] &&
		    (!want || want[i]))
			collect(m->ns[i], -EIO, NULL, 0, arg);
	free(seen);
	return rc;
}
