/*
 * fileio.c - opening and reading small files that nsinspect, run as root,
 * does not trust: engines' state (OCI bundles, Podman's files), the
 * engines' configuration, a user's own files.  One opener of a regular
 * file, one opener below a directory, one reader of a whole file with a
 * cap (fileio.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fileio.h"

int nsi_open_regular(int dirfd, const char *path, unsigned int flags)
{
	struct stat st;
	int fd, rc;

	fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC | (flags & NSI_OPEN_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) && (flags & NSI_OPEN_EISDIR) ?
		       -EISDIR : -EMEDIUMTYPE;
	}
	return fd;
}

/*
 * nsi_open_beneath() without openat2(2) (Linux before 5.6, or a seccomp
 * filter, or valgrind, that says ENOSYS): one openat(2) per component,
 * each O_NOFOLLOW, none "." or "..", each on the device of @dirfd.
 */
static int open_walk(int dirfd, const char *path, int flags)
{
	struct stat top, st;
	char comp[NAME_MAX + 1];
	const char *p = path;
	int fd, next;

	fd = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &top) < 0)
		goto fail;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (!n || n > NAME_MAX || (p[0] == '.' && (n == 1 ||
		    (n == 2 && p[1] == '.')))) {
			close(fd);
			return -EXDEV;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		next = openat(fd, comp, (slash ? O_PATH | O_DIRECTORY : flags) |
			      O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (next < 0)
			return -errno;
		fd = next;
		if (fstat(fd, &st) < 0)
			goto fail;
		if (st.st_dev != top.st_dev) {
			close(fd);
			return -EXDEV;
		}
		if (!slash)
			return fd;
		p = slash + 1;
	}
fail:
	next = -errno;
	close(fd);
	return next;
}

int nsi_open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC | O_NOFOLLOW),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	if (fd < 0 && errno == ENOSYS)
		return open_walk(dirfd, path, flags);
	return fd < 0 ? -errno : (int)fd;
}

int nsi_read_fd(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat st;
	size_t len = 0, size, want;
	char *buf, *big;
	ssize_t n;
	int rc;

	*bufp = NULL;
	*lenp = 0;
	if (max > SSIZE_MAX)
		max = SSIZE_MAX;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size < 0 || (unsigned long long)st.st_size > max)
		return -EFBIG;
	/*
	 * The size fstat(2) told, one byte more (a file that grew since is
	 * seen to have grown) and the NUL; more only when it did grow.
	 */
	size = (size_t)st.st_size + 2;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == size - 1) {		/* full but for the NUL */
			if (len > max) {
				free(buf);
				return -EFBIG;
			}
			want = size - 1 <= (max + 1) / 2 ? size * 2 : max + 2;
			big = realloc(buf, want);
			if (!big) {
				free(buf);
				return -ENOMEM;
			}
			buf = big;
			size = want;
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			free(buf);
			return rc;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}
