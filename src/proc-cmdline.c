/*
 * proc-cmdline.c - the reader of /proc/PID/cmdline (proc(5)), through a
 * proc-root directory fd.  Bytes are kept as they are: the command line
 * is untrusted, and the renderers escape it (libsmartcols for tables,
 * json-c for JSON).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

int nsi_cmdline_read(int procfd, struct nsi_proc *p)
{
	char path[32], *buf = NULL, *big;
	size_t len = 0, size = 0, i;
	ssize_t n;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%d/cmdline", (int)p->pid);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (len + 1 >= size) {
			size = size ? size * 2 : 512;
			big = realloc(buf, size);
			if (!big) {
				rc = -ENOMEM;
				goto out;
			}
			buf = big;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		len += (size_t)n;
	}
	/* Arguments are NUL-terminated: join them with spaces, as ps(1). */
	while (len && buf[len - 1] == '\0')
		len--;
	if (!len)
		goto out;	/* a kernel thread, or a zombie */
	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[len] = '\0';
	free(p->cmdline);
	p->cmdline = buf;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}
