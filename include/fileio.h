/*
 * fileio.h - opening and reading small files whose contents or place
 * nsinspect does not trust (configuration, engines' state, users' files):
 * never blocking on a FIFO, never through a symbolic link when asked so,
 * never more than a cap in memory (fileio.c).
 */
#ifndef NSI_FILEIO_H
#define NSI_FILEIO_H

#include <stddef.h>

/* Flags of nsi_open_regular(). */
/** NSI_OPEN_NOFOLLOW - O_NOFOLLOW: a symbolic link is refused (-ELOOP). */
#define NSI_OPEN_NOFOLLOW	(1u << 0)
/** NSI_OPEN_EISDIR - a directory is refused with -EISDIR (the caller may
 * read it as a directory), not -EMEDIUMTYPE. */
#define NSI_OPEN_EISDIR		(1u << 1)

/**
 * nsi_open_regular() - open a file for reading in a way that can neither
 * block nor read a device: openat(2) with O_RDONLY, O_NONBLOCK (a FIFO in
 * place of the file does not block the open, and is then refused),
 * O_NOCTTY (a terminal there never becomes ours) and O_CLOEXEC, then
 * fstat(2): what is not a regular file is closed and refused.
 * @dirfd: a directory fd, or AT_FDCWD, as openat(2).
 * @path:  relative to it (or absolute).
 * @flags: NSI_OPEN_* bits.
 *
 * Return: an fd owned by the caller, -EMEDIUMTYPE when the file is not a
 * regular file (-EISDIR for a directory with NSI_OPEN_EISDIR), or -errno
 * of openat(2) (-ELOOP for a symbolic link with NSI_OPEN_NOFOLLOW) or of
 * fstat(2).
 */
int nsi_open_regular(int dirfd, const char *path, unsigned int flags);

/**
 * nsi_open_beneath() - openat(2) of @path below @dirfd, never through a
 * symbolic link and never onto another mount: openat2(2) with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
 * RESOLVE_NO_XDEV; where openat2(2) says ENOSYS (Linux before 5.6, a
 * seccomp filter, valgrind), one openat(2) per component, each
 * O_NOFOLLOW, none "." or "..", each on the device of @dirfd (-EXDEV
 * otherwise).
 * @dirfd: the directory the path must stay below.
 * @path:  relative to it.
 * @flags: openat(2) flags; O_CLOEXEC and O_NOFOLLOW are added.
 *
 * Return: an fd owned by the caller, or -errno.
 */
int nsi_open_beneath(int dirfd, const char *path, int flags);

/**
 * nsi_read_fd() - read the whole file open at @fd (from its offset) into
 * memory, up to a cap.  fstat(2)'s size is the first guess of the length
 * (a file larger than @max is refused before any read); a file that grew
 * since is read on, up to @max.  Reads interrupted by a signal (EINTR)
 * are restarted.
 * @fd:  an fd open for reading, normally a regular file's
 *       (nsi_open_regular()); not closed.
 * @max: the most bytes taken, at most SSIZE_MAX.
 * @buf: set to the contents, malloc(3)ed and NUL-terminated (@len + 1
 *       bytes), owned by the caller; NULL on error.
 * @len: set to their length, NUL excluded; 0 on error.
 *
 * Return: 0; -EFBIG when the file is (or grew) larger than @max (never
 * cut: a cut file would be taken as whole); -ENOMEM; -errno of fstat(2)
 * or read(2).
 */
int nsi_read_fd(int fd, size_t max, char **buf, size_t *len);

#endif /* NSI_FILEIO_H */
