/*
 * replace-file.c - a file written whole or not at all: a temporary file
 * beside it, renamed over it once complete (replace-file.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "replace-file.h"

int nsi_replace_open(struct nsi_replace *r, const char *path, mode_t mode)
{
	static const char suffix[] = ".tmp.XXXXXX";
	size_t len = strlen(path);
	mode_t mask;
	int fd, rc;

	*r = (struct nsi_replace){ .path = path };
	r->tmp = malloc(len + sizeof(suffix));
	if (!r->tmp)
		return -ENOMEM;
	memcpy(r->tmp, path, len);
	memcpy(r->tmp + len, suffix, sizeof(suffix));
	fd = mkostemp(r->tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto fail;
	}
	/* mkostemp() made it 0600: give it @mode less the umask */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask) < 0 || !(r->f = fdopen(fd, "w"))) {
		rc = -errno;
		close(fd);
		unlink(r->tmp);
		goto fail;
	}
	return 0;
fail:
	free(r->tmp);
	r->tmp = NULL;
	return rc;
}

int nsi_replace_commit(struct nsi_replace *r)
{
	int rc = 0;

	errno = 0;
	if (ferror(r->f))
		rc = -EIO;
	/* the flush shows a full disk; fsync(2) the data before the name */
	else if (fflush(r->f) != 0 || fsync(fileno(r->f)) != 0)
		rc = errno ? -errno : -EIO;
	if (fclose(r->f) != 0 && !rc)
		rc = errno ? -errno : -EIO;
	r->f = NULL;
	if (!rc && rename(r->tmp, r->path) < 0)
		rc = -errno;
	if (rc)
		unlink(r->tmp);
	free(r->tmp);
	r->tmp = NULL;
	return rc;
}

void nsi_replace_abort(struct nsi_replace *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
	if (r->tmp)
		unlink(r->tmp);
	free(r->tmp);
	r->tmp = NULL;
}
