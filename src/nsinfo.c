/*
 * nsinfo.c - what some namespace types hold: the host name of a uts
 * namespace (uname(2) inside it, in a forked child) and the ID maps of a
 * user namespace (/proc/PID/uid_map and gid_map, user_namespaces(7)).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "nsenter.h"
#include "procfs.h"
#include "source.h"

static int uts_visit(struct nsi_ns *ns, FILE *out, void *arg)
{
	struct utsname u;

	(void)ns;
	(void)arg;
	if (uname(&u) < 0)
		return -errno;
	fputs(u.nodename, out);
	return 0;
}

static int uts_collect(struct nsi_ns *ns, int err, const void *payload,
		       size_t len, void *arg)
{
	(void)arg;
	if (err)
		return 0;	/* stays unknown */
	free(ns->hostname);
	ns->hostname = strndup(payload, len);
	return ns->hostname ? 0 : -ENOMEM;
}

int nsi_uts_collect(struct nsi_model *m, int procfd)
{
	return nsi_visit_each(m, procfd, NSI_NS_UTS, uts_visit, uts_collect,
			      NULL);
}

/*
 * The lines of an ID map file with their runs of blanks squeezed to one
 * space, joined by ", ": "0 1000 1, 1 100000 65536".
 */
int nsi_idmap_format(const char *buf, size_t len, char **out)
{
	char *s = malloc(len * 2 + 1), *p;
	size_t i;
	int blank = 1, lines = 0;

	if (!s)
		return -ENOMEM;
	p = s;
	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			blank = 1;
			if (p > s && p[-1] == ' ')
				p--;
			lines++;
			continue;
		}
		if (isspace((unsigned char)c)) {
			if (!blank)
				*p++ = ' ';
			blank = 1;
			continue;
		}
		if (blank && lines && p > s && p[-1] != ' ') {
			*p++ = ',';
			*p++ = ' ';
		}
		blank = 0;
		*p++ = c;
	}
	while (p > s && p[-1] == ' ')
		p--;
	*p = '\0';
	*out = s;
	return 0;
}

/*
 * A map is a seq_file of up to 340 lines of 33 bytes ("%10u %10u %10u\n"):
 * 11 KiB, given a page per read(2), so it is read to the end.
 */
static int read_map(int procfd, pid_t pid, const char *file, char **out)
{
	char path[40], stackbuf[4096], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	rc = nsi_procfs_read_records(procfd, path, stackbuf, sizeof(stackbuf),
				     &buf, &len);
	if (rc < 0)
		return rc;
	rc = nsi_idmap_format(buf, len, out);
	nsi_procfs_read_done(buf, stackbuf);
	return rc;
}

int nsi_userns_maps_read(struct nsi_model *m, int procfd)
{
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_USER || !ns->ino || !ns->rep)
			continue;
		if (!ns->uid_map &&
		    read_map(procfd, ns->rep->pid, "uid_map", &ns->uid_map) ==
		    -ENOMEM)
			return -ENOMEM;
		if (!ns->gid_map &&
		    read_map(procfd, ns->rep->pid, "gid_map", &ns->gid_map) ==
		    -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}
