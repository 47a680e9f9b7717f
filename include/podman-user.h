/*
 * podman-user.h - a user's files as rootless Podman keeps them
 * (podman-user.c): below the user's own directories, hence untrusted;
 * opened without following a symlink or crossing a mount, checked to be
 * the user's, never on or below a FUSE mount, read within a bound.
 * Shared by podman.c (names) and podman-rootless.c (pidfiles).
 */
#ifndef NSI_PODMAN_USER_H
#define NSI_PODMAN_USER_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

/** NSI_RUN_USER - the users' runtime directories, /run/user/UID. */
#define NSI_RUN_USER "/run/user"
/** NSI_PODMAN_USERS_MAX - entries of NSI_RUN_USER read at most. */
#define NSI_PODMAN_USERS_MAX 4096

/** nsi_podman_drivers - the storage drivers whose directories
 * (DRIVER-containers) are looked at, in this order. */
extern const char *const nsi_podman_drivers[];
/** NSI_PODMAN_NDRIVERS - how many. */
#define NSI_PODMAN_NDRIVERS 2

/**
 * nsi_podman_open_file() - open the regular file @path below @dirfd
 * (nsi_open_beneath(): no symlink followed, no mount crossed), of
 * @owner's, for reading, O_NONBLOCK (a FIFO put there does not block the
 * open(2), and fstat(2) then refuses it).
 * @dirfd: the user's directory.
 * @path:  relative to it.
 * @owner: the UID the file must belong to.
 * @st:    filled with its fstat(2).
 *
 * Return: the fd, owned by the caller; -EPERM when it is not a regular
 * file of @owner's; -errno.
 */
int nsi_podman_open_file(int dirfd, const char *path, uid_t owner,
			 struct stat *st);

/**
 * nsi_podman_read_file() - read the regular file @path below @dirfd, of
 * @owner's, of at most @max bytes (nsi_podman_open_file(),
 * nsi_read_fd()).
 * @dirfd, @path, @owner: as nsi_podman_open_file().
 * @max:   the most bytes read.
 * @buf:   set to the contents, NUL-terminated, malloc(3)ed (free it).
 * @len:   set to their length.
 * @mtime: set to its modification time, when not NULL.
 *
 * Return: 0, -EFBIG past @max, -ENOMEM, or the errors of
 * nsi_podman_open_file().
 */
int nsi_podman_read_file(int dirfd, const char *path, size_t max,
			 uid_t owner, char **buf, size_t *len,
			 struct timespec *mtime);

/**
 * nsi_podman_fuse_near() - is @path a FUSE mount point, or below one, or
 * one below it (whose reads its owner could stall forever)?
 * @fuse: the FUSE mount points (m->fuse_points, from
 *        nsi_mounts_read_self(): NUL-separated, ending in an empty
 *        string), or NULL when unknown.
 * @path: an absolute path.
 *
 * Return: 1 (also when @fuse is NULL: assume the worst) or 0.
 */
int nsi_podman_fuse_near(const char *fuse, const char *path);

/**
 * nsi_podman_open_dir() - open directory @path (O_PATH, not through a
 * symlink), which must be @owner's and not near a FUSE mount
 * (nsi_podman_fuse_near()).
 * @fuse:  as nsi_podman_fuse_near().
 * @path:  the directory.
 * @owner: the UID it must belong to.
 *
 * Return: the fd, owned by the caller; -EPERM; -errno.
 */
int nsi_podman_open_dir(const char *fuse, const char *path, uid_t owner);

/**
 * nsi_uid_cmp() - qsort(3) and bsearch(3) order of two uid_t.
 * @a, @b: pointers to them.
 *
 * Return: -1, 0 or 1.
 */
int nsi_uid_cmp(const void *a, const void *b);

/**
 * nsi_uids_sort_unique() - sort @k UIDs (nsi_uid_cmp()) and drop
 * repeats, in place.
 * @uids: the array.
 * @k:    its length.
 *
 * Return: how many are left.
 */
size_t nsi_uids_sort_unique(uid_t *uids, size_t k);

#endif /* NSI_PODMAN_USER_H */
