/*
 * snapshot-read.c - the loader of a snapshot (snapshot.h): one JSON
 * document, checked value by value, into the model.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"

int nsi_snapshot_read(int fd, struct nsi_model *m,
		      struct nsi_snapshot_meta *meta,
		      struct nsi_snapshot_error *err)
{
	(void)fd;
	(void)m;
	memset(meta, 0, sizeof(*meta));
	if (err)
		memset(err, 0, sizeof(*err));
	return -ENOSYS;
}

int nsi_snapshot_read_path(const char *path, struct nsi_model *m,
			   struct nsi_snapshot_meta *meta,
			   struct nsi_snapshot_error *err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	int rc;

	if (fd < 0)
		return -errno;
	rc = nsi_snapshot_read(fd, m, meta, err);
	if (fd)
		close(fd);
	return rc;
}
