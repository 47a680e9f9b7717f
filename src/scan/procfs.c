/*
 * procfs.c - opening a proc-root directory and reading whole files below
 * it, for every reader of /proc files of the project's own.
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "fileio.h"
#include "grow.h"
#include "procfs.h"
#include "util.h"

int nsi_procfs_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int nsi_procfs_check(int procfd)
{
	struct statfs sfs;

	if (fstatfs(procfd, &sfs) < 0)
		return -errno;
	return sfs.f_type == PROC_SUPER_MAGIC ? 0 : -EMEDIUMTYPE;
}

int nsi_procfs_open_file(int procfd, const char *path)
{
	/*
	 * O_NONBLOCK: a FIFO in place of a proc file (a fixture tree, a bind
	 * mount) neither blocks the open nor, once refused, a read;
	 * O_NOCTTY: a terminal there never becomes ours (nsi_open_regular()).
	 */
	return nsi_open_regular(procfd, path, 0);
}

int nsi_pin_open(int procfd, pid_t pid, unsigned int flags,
		 struct nsi_pin *pin)
{
	char path[24];

	*pin = (struct nsi_pin){ .dirfd = procfd, .fd_dir = -1 };
	if (flags & NSI_PIN_FDS) {
		snprintf(path, sizeof(path), "%d/fd", (int)pid);
		pin->fd_dir = openat(procfd, path,
				     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pin->fd_dir >= 0) {
			/* its parent is the /proc/PID of that process */
			pin->dirfd = pin->fd_dir;
			snprintf(pin->prefix, sizeof(pin->prefix), "../");
			return 0;
		}
		if (errno == ENOENT || errno == ESRCH)
			return -errno;
	}
	/* not ours to list (EACCES): through PROC/PID itself */
	snprintf(path, sizeof(path), "%d", (int)pid);
	pin->dirfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pin->dirfd < 0)
		return -errno;
	pin->own_dirfd = 1;
	return 0;
}

char *nsi_pin_name(const struct nsi_pin *pin, const char *name, char *buf,
		   size_t size)
{
	snprintf(buf, size, "%s%s", pin->prefix, name);
	return buf;
}

int nsi_stat_parse(const char *buf, size_t len, struct nsi_stat *st)
{
	const char *open_ = memchr(buf, '(', len), *end = buf + len;
	const char *close_ = memrchr(buf, ')', len), *p;
	unsigned long long v;
	size_t n;
	int field = 2;		/* the comm's */

	memset(st, 0, sizeof(*st));
	if (!open_ || !close_ || close_ < open_)
		return -EBADMSG;
	n = (size_t)(close_ - open_ - 1);
	if (n >= sizeof(st->comm))
		n = sizeof(st->comm) - 1;
	memcpy(st->comm, open_ + 1, n);
	st->comm[n] = '\0';
	for (p = close_ + 1; p < end && field < 22; ) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		field++;
		if (field == 3) {
			st->state = *p;
		} else if (field == 4 || field == 9 || field == 20 ||
			   field == 22) {
			if (nsi_parse_decimal(&p, end, field == 4 ? INT_MAX :
					      field == 20 ? LONG_MAX : ~0ULL,
					      &v) < 0)
				return -EBADMSG;
			if (field == 4)
				st->ppid = (pid_t)v;
			else if (field == 9)
				st->flags = (unsigned long)v;
			else if (field == 20)
				st->threads = (long)v;
			else
				st->start_time = v;
		}
		while (p < end && *p != ' ')
			p++;
	}
	return field == 22 ? 0 : -EBADMSG;
}

int nsi_pin_stat(const struct nsi_pin *pin, struct nsi_stat *st)
{
	char name[32], stackbuf[1024], *buf;
	size_t len;
	int rc;

	rc = nsi_procfs_read(pin->dirfd, nsi_pin_name(pin, "stat", name,
						      sizeof(name)),
			     stackbuf, sizeof(stackbuf), &buf, &len);
	if (rc < 0)
		return rc;
	rc = nsi_stat_parse(buf, len, st);
	nsi_procfs_read_done(buf, stackbuf);
	return rc;
}

void nsi_pin_close(struct nsi_pin *pin)
{
	if (pin->fd_dir >= 0)
		close(pin->fd_dir);
	if (pin->own_dirfd)
		close(pin->dirfd);
	pin->fd_dir = -1;
	pin->own_dirfd = 0;
}

/*
 * Double *@size (to at most @max + 1 bytes, and one for the NUL), moving
 * the @len bytes read from the caller's @stackbuf to the heap the first
 * time: 0 or -ENOMEM (then *@buf is unchanged).
 */
static int grow_buf(char *stackbuf, char **buf, size_t len, size_t *size,
		    size_t max)
{
	size_t nsize = *size * 2;
	char *big;

	if (nsize > max + 1)
		nsize = max + 1;
	big = *buf == stackbuf ? malloc(nsize + 1) : realloc(*buf, nsize + 1);
	if (!big)
		return -ENOMEM;
	if (*buf == stackbuf)
		memcpy(big, stackbuf, len);
	*buf = big;
	*size = nsize;
	return 0;
}

/* @to_eof: read until read(2) returns 0, not until a short read. */
/*
 * @max: read at most that many bytes (at most NSI_PROCFS_READ_MAX); with
 * @cut, a longer file is cut there and *@cut set, else it is -EFBIG.
 */
static int read_file(int procfd, const char *path, char *stackbuf,
		     size_t stacksize, char **bufp, size_t *lenp, int to_eof,
		     size_t max, int *cut)
{
	size_t len = 0, size = stacksize - 1;	/* room for the NUL */
	char *buf = stackbuf;
	ssize_t n;
	int fd, rc = 0;

	*bufp = NULL;
	*lenp = 0;
	if (cut)
		*cut = 0;
	if (max > NSI_PROCFS_READ_MAX)
		max = NSI_PROCFS_READ_MAX;
	if (size > max + 1)
		size = max + 1;
	fd = nsi_procfs_open_file(procfd, path);
	if (fd < 0)
		return fd;
	/*
	 * Read to the end: proc files have no size, and a cut-off read would
	 * lose lines (status: Groups comes before the Cap lines and can hold
	 * 65536 groups) or, worse, truncate a value.  The caller's buffer
	 * takes the usual file without a malloc().
	 */
	for (;;) {
		if (len == size) {
			/* room for one byte past the cap, to see it passed:
			 * then the check after the loop decides */
			if (len > max)
				break;
			rc = grow_buf(stackbuf, &buf, len, &size, max);
			if (rc < 0)
				break;
		}
		n = read(fd, buf + len, size - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		len += (size_t)n;
		/*
		 * A file of one record (single_open(): status, cgroup) is
		 * generated whole and given whole to a read(2) big enough: a
		 * read that did not fill the buffer has given all there is,
		 * and the read that would return 0 is saved (one system call
		 * per file per process).  A file of many records (mountinfo)
		 * gives at most a page per read(2): read it to the end.
		 */
		if (len < size && !to_eof)
			break;
	}
	close(fd);
	if (rc == 0 && len > max) {	/* one byte past it: the file goes on */
		if (cut) {
			*cut = 1;
			len = max;
		} else {
			rc = -EFBIG;
		}
	}
	if (rc < 0) {
		if (buf != stackbuf)
			free(buf);
		return rc;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int nsi_procfs_read(int procfd, const char *path, char *stackbuf,
		    size_t stacksize, char **bufp, size_t *lenp)
{
	return read_file(procfd, path, stackbuf, stacksize, bufp, lenp, 0,
			 NSI_PROCFS_READ_MAX, NULL);
}

int nsi_procfs_read_prefix(int procfd, const char *path, char *stackbuf,
			   size_t stacksize, size_t max, char **bufp,
			   size_t *lenp, int *cut)
{
	return read_file(procfd, path, stackbuf, stacksize, bufp, lenp, 0,
			 max, cut);
}

int nsi_procfs_read_records(int procfd, const char *path, char *stackbuf,
			    size_t stacksize, char **bufp, size_t *lenp)
{
	return read_file(procfd, path, stackbuf, stacksize, bufp, lenp, 1,
			 NSI_PROCFS_READ_MAX, NULL);
}

void nsi_procfs_read_done(char *buf, const char *stackbuf)
{
	if (buf != stackbuf)
		free(buf);
}

struct pid_list {
	pid_t *pids;
	size_t n, alloc;
};

static int add_pid(const char *name, void *arg)
{
	struct pid_list *l = arg;
	char *end;
	long pid;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	pid = strtol(name, &end, 10);
	if (*end || pid <= 0 || pid > INT_MAX)
		return 0;
	/* room for 1024 at first: a host has hundreds at least */
	if (nsi_grow(&l->pids, &l->alloc, l->n < 1024 ? 1024 : l->n + 1,
		     sizeof(*l->pids)) < 0)
		return -ENOMEM;
	l->pids[l->n++] = (pid_t)pid;
	return 0;
}

int nsi_procfs_list_pids(int procfd, pid_t **pidsp, size_t *np)
{
	struct pid_list l = { NULL, 0, 0 };
	int fd, rc;

	fd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = nsi_procfs_each_entry(fd, add_pid, &l);
	close(fd);
	if (rc < 0) {
		free(l.pids);
		return rc;
	}
	*pidsp = l.pids;
	*np = l.n;
	return 0;
}

int nsi_procfs_each_entry(int dirfd, int (*fn)(const char *name, void *arg),
			  void *arg)
{
	char buf[16384];

	for (;;) {
		ssize_t n = getdents64(dirfd, buf, sizeof(buf));
		ssize_t off;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (off = 0; off < n;) {
			const struct dirent64 *d =
				(const struct dirent64 *)(buf + off);
			int rc;

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			rc = fn(d->d_name, arg);
			if (rc)
				return rc;
		}
		/*
		 * proc directories are listed until the buffer is full: one
		 * that left room for more records has given them all, so the
		 * call that would return 0 is saved (as a short read of a
		 * proc file, nsi_procfs_read()).
		 */
		if ((size_t)n < sizeof(buf) - 512)
			return 0;
	}
}
