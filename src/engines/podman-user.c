/*
 * podman-user.c - a user's files as rootless Podman keeps them: its
 * pidfiles, its storage's containers.json, below the user's runtime
 * directory and home.  They are the user's, hence untrusted: every path
 * below a user's directory is resolved without symlinks and without
 * crossing a mount (nsi_open_beneath(): openat2(2) RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_XDEV), the file must be a regular one of the user's, read
 * within a bound, and a user's directory that is a FUSE mount, whose
 * reads its owner could stall forever, is not read at all.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "podman-user.h"

const char *const nsi_podman_drivers[NSI_PODMAN_NDRIVERS] = {
	"overlay", "vfs"
};

int nsi_podman_open_file(int dirfd, const char *path, uid_t owner,
			 struct stat *st)
{
	int fd = nsi_open_beneath(dirfd, path, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) ||
	    st->st_uid != owner) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int nsi_podman_read_file(int dirfd, const char *path, size_t max,
			 uid_t owner, char **bufp, size_t *lenp,
			 struct timespec *mtime)
{
	struct stat st;
	int fd = nsi_podman_open_file(dirfd, path, owner, &st), rc;

	if (fd < 0)
		return fd;
	rc = nsi_read_fd(fd, max, bufp, lenp);
	close(fd);
	if (rc == 0 && mtime)
		*mtime = st.st_mtim;
	return rc;
}

int nsi_podman_fuse_near(const char *fuse, const char *path)
{
	size_t lp = strlen(path);

	if (!fuse)
		return 1;	/* unknown: assume the worst */
	for (; *fuse; fuse += strlen(fuse) + 1) {
		size_t lf = strlen(fuse);

		if (lf <= lp && strncmp(fuse, path, lf) == 0 &&
		    (lf == lp || path[lf] == '/' || fuse[lf - 1] == '/'))
			return 1;
		if (lp < lf && strncmp(fuse, path, lp) == 0 &&
		    fuse[lp] == '/')
			return 1;
	}
	return 0;
}

int nsi_podman_open_dir(const char *fuse, const char *path, uid_t owner)
{
	struct stat st;
	int fd;

	if (nsi_podman_fuse_near(fuse, path))
		return -EPERM;
	fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_uid != owner) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int nsi_uid_cmp(const void *a, const void *b)
{
	uid_t x = *(const uid_t *)a, y = *(const uid_t *)b;

	return x < y ? -1 : x > y;
}

size_t nsi_uids_sort_unique(uid_t *uids, size_t k)
{
	size_t i, n = 0;

	if (k)
		qsort(uids, k, sizeof(*uids), nsi_uid_cmp);
	for (i = 0; i < k; i++)
		if (!n || uids[n - 1] != uids[i])
			uids[n++] = uids[i];
	return n;
}
