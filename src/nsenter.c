/*
 * nsenter.c - run code inside namespaces, in one forked child per visit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter.h"

int nsi_nsfs_open(int procfd, int dirfd, const char *path, ino_t ino,
		  ino_t *inop)
{
	struct statfs sfs;
	struct stat st;
	char self[32];
	int pfd, fd;

	/*
	 * O_PATH: a FIFO or device node found here (bind-mounted over an
	 * nsfs mount point, or put at /proc/PID/fd/N by its process) is
	 * neither opened by its driver nor waited on; only once it is known
	 * to be an nsfs file is it opened for real, through our own
	 * /proc/self/fd link of the O_PATH fd (ioctl(2) and setns(2) refuse
	 * O_PATH fds), which leads to that very file, not to the path again.
	 */
	pfd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstatfs(pfd, &sfs) < 0 || fstat(pfd, &st) < 0) {
		fd = -errno;
	} else if (sfs.f_type != NSFS_MAGIC) {
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

int nsi_ns_open_counted(const struct nsi_ns *ns, int procfd,
			size_t *not_nsfs)
{
	char path[48];
	size_t i;
	int fd, rc = -ENOENT;

	if (ns->rep) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->rep->pid,
			 nsi_ns_type_name(ns->type));
		fd = nsi_nsfs_open(procfd, procfd, path, ns->ino, NULL);
		if (fd >= 0)
			return fd;
		if (fd == -EMEDIUMTYPE && not_nsfs)
			(*not_nsfs)++;
		rc = fd;
	}
	for (i = 0; i < ns->nnsfs; i++) {
		fd = nsi_nsfs_open(procfd, AT_FDCWD, ns->nsfs[i], ns->ino,
				   NULL);
		if (fd >= 0)
			return fd;
		if (fd == -EMEDIUMTYPE && not_nsfs)
			(*not_nsfs)++;
		rc = fd;
	}
	return rc;
}

int nsi_ns_open(const struct nsi_ns *ns, int procfd)
{
	return nsi_ns_open_counted(ns, procfd, NULL);
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

static void __attribute__((noreturn))
child(struct nsi_model *m, int procfd, enum nsi_ns_type type,
      nsi_visit_fn visit, void *arg, int wfd)
{
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		struct frame f = { .index = (uint32_t)i };
		char *buf = NULL;
		size_t len = 0;
		FILE *out;
		int fd;

		if (ns->type != type || !ns->ino)
			continue;
		fd = nsi_ns_open(ns, procfd);
		if (fd < 0) {
			f.err = fd;
		} else if (setns(fd, clone_flags[type]) < 0) {
			f.err = -errno;
		} else if (!(out = open_memstream(&buf, &len))) {
			f.err = -ENOMEM;
		} else {
			f.err = visit(ns, out, arg);
			if (fclose(out) != 0 && !f.err)
				f.err = -ENOMEM;
		}
		if (fd >= 0)
			close(fd);
		f.len = f.err ? 0 : (uint32_t)len;
		if (write_all(wfd, &f, sizeof(f)) < 0 ||
		    write_all(wfd, buf, f.len) < 0)
			_exit(1);
		free(buf);
	}
	_exit(0);
}

int nsi_visit_each(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   nsi_visit_fn visit, nsi_collect_fn collect, void *arg)
{
	unsigned char *seen;
	struct frame f;
	char *buf = NULL;
	int pfd[2], rc = 0, status;
	size_t i;
	pid_t pid;

	if (type == NSI_NS_MNT || type == NSI_NS_USER ||
	    (unsigned int)type >= NSI_NS_NTYPES)
		return -EINVAL;
	seen = calloc(m->nns + 1, 1);
	if (!seen)
		return -ENOMEM;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		free(seen);
		return -errno;
	}
	fflush(NULL);	/* or the child's exit would flush our buffers too */
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(pfd[0]);
		close(pfd[1]);
		free(seen);
		return rc;
	}
	if (pid == 0) {
		close(pfd[0]);
		free(seen);
		child(m, procfd, type, visit, arg, pfd[1]);
	}
	close(pfd[1]);

	while (read_all(pfd[0], &f, sizeof(f)) == 1) {
		char *nbuf;

		if (f.index >= m->nns || m->ns[f.index]->type != type) {
			rc = -EIO;
			break;
		}
		nbuf = realloc(buf, (size_t)f.len + 1);
		if (!nbuf) {
			rc = -ENOMEM;
			break;
		}
		buf = nbuf;
		if (f.len && read_all(pfd[0], buf, f.len) != 1) {
			rc = -EIO;
			break;
		}
		buf[f.len] = '\0';
		seen[f.index] = 1;
		rc = collect(m->ns[f.index], f.err, f.err ? NULL : buf,
			     f.len, arg);
		if (rc < 0)
			break;
	}
	close(pfd[0]);
	if (rc < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = -EIO;
	/* Tell about every namespace the child did not get to. */
	for (i = 0; rc == -EIO && i < m->nns; i++)
		if (m->ns[i]->type == type && m->ns[i]->ino && !seen[i])
			collect(m->ns[i], -EIO, NULL, 0, arg);
	free(buf);
	free(seen);
	return rc;
}
