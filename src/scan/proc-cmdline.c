/*
 * proc-cmdline.c - the reader of /proc/PID/cmdline (proc(5)), through a
 * process's pin (nsi_pin_open()).  Bytes are kept as they are: the command line
 * is untrusted, and the renderers escape it (libsmartcols for tables,
 * json-c for JSON).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc-cmdline.h"
#include "procfs.h"

int nsi_proc_read_cmdline(struct nsi_model *m, const struct nsi_pin *pin,
			  struct nsi_proc *p)
{
	char path[32], stackbuf[4096], *buf, *line;
	size_t len, i, max = NSI_CMDLINE_MIN;
	int rc, cut;

	if (m->cmdline_bytes < NSI_CMDLINE_BUDGET - NSI_CMDLINE_MIN)
		max = NSI_CMDLINE_BUDGET - m->cmdline_bytes;
	p->cmdline_read = 1;
	rc = nsi_procfs_read_prefix(pin->dirfd,
				    nsi_pin_name(pin, "cmdline", path,
						 sizeof(path)),
				    stackbuf, sizeof(stackbuf), max, &buf,
				    &len, &cut);
	if (rc < 0)
		return rc;
	if (cut) {
		p->cmdline_cut = 1;
		m->cmdlines_cut++;
	}
	m->cmdline_bytes += len;
	/* Arguments are NUL-terminated: join them with spaces, as ps(1). */
	while (len && buf[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	/* empty: a kernel thread, or a zombie */
	line = len ? strndup(buf, len) : NULL;
	nsi_procfs_read_done(buf, stackbuf);
	if (len && !line)
		return -ENOMEM;
	if (line) {
		free(p->cmdline);
		p->cmdline = line;
	}
	return 0;
}
