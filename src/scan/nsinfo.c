/*
 * nsinfo.c - what some namespace types hold: the host name of a uts
 * namespace (uname(2) inside it, in a child process) and the ID maps of a
 * user namespace (/proc/PID/uid_map and gid_map, user_namespaces(7)), of
 * a member or, when none, of a child that entered it.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsenter.h"
#include "nsinfo.h"
#include "procfs.h"
#include "util.h"

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

int nsi_uts_collect_one(struct nsi_model *m, int procfd, struct nsi_ns *ns)
{
	unsigned char *want;
	size_t i;
	int rc;

	if (ns->type != NSI_NS_UTS || !ns->ino)
		return -EINVAL;
	want = calloc(m->nns + 1, 1);
	if (!want)
		return -ENOMEM;
	for (i = 0; i < m->nns; i++)
		want[i] = m->ns[i] == ns;
	rc = nsi_visit_some(m, procfd, NSI_NS_UTS, want, uts_visit,
			    uts_collect, NULL);
	free(want);
	return rc;
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

/*
 * A user namespace no process is in: a child enters it (setns(2), the
 * namespace opened through what holds it) and waits while its maps are
 * read, as those of a member would be; it exits when the pipe it waits
 * on closes, and is killed and reaped anyway.  A child that cannot enter
 * exits at once: its map stays unknown.
 */

/*
 * 1 when @fd has a byte to read before @deadline_ms, 0 on timeout or
 * end of file.  The child, once in the namespace, is signalled at will by
 * the user who owns it (CAP_KILL there): a SIGSTOP between its setns(2)
 * and its write would hold a plain read(2) for ever.
 */
static int ready_before(int fd, int64_t deadline_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	for (;;) {
		int64_t left = deadline_ms - nsi_monotonic_ms();
		int n;

		if (left <= 0)
			return 0;
		n = poll(&p, 1, left > 1000 ? 1000 : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 0;
		if (n == 0)
			continue;
		return read(fd, &c, 1) == 1;
	}
}

static int maps_via_child(struct nsi_ns *ns, int procfd, int64_t deadline_ms,
			  size_t *timed_out)
{
	int fd, ready[2], hold[2], rc = 0;
	char c;
	pid_t pid;

	fd = nsi_ns_open(ns, procfd);
	if (fd < 0)
		return 0;	/* stays unknown */
	if (pipe2(ready, O_CLOEXEC) < 0) {
		close(fd);
		return 0;
	}
	if (pipe2(hold, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		close(fd);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(hold[1]);
		if (setns(fd, CLONE_NEWUSER) < 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	close(fd);
	if (pid > 0) {
		int n = ready_before(ready[0], deadline_ms);
		int status;

		/* not there in time, and not because it could not enter */
		if (!n && waitpid(pid, &status, WNOHANG) == 0)
			(*timed_out)++;
		if (n == 1 && !ns->uid_map)
			rc = read_map(procfd, pid, "uid_map", &ns->uid_map);
		if (n == 1 && rc != -ENOMEM && !ns->gid_map)
			rc = read_map(procfd, pid, "gid_map", &ns->gid_map);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(ready[0]);
	close(hold[1]);
	return rc == -ENOMEM ? rc : 0;
}

/* The maps of user namespace @ns: of its first member, or via a child. */
static int maps_of(struct nsi_model *m, int procfd, struct nsi_ns *ns,
		   int64_t deadline)
{
	if (!ns->rep)
		return maps_via_child(ns, procfd, deadline,
				      &m->maps_timed_out) == -ENOMEM ?
			-ENOMEM : 0;
	if (!ns->uid_map &&
	    read_map(procfd, ns->rep->pid, "uid_map", &ns->uid_map) == -ENOMEM)
		return -ENOMEM;
	if (!ns->gid_map &&
	    read_map(procfd, ns->rep->pid, "gid_map", &ns->gid_map) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

int nsi_userns_maps_read(struct nsi_model *m, int procfd)
{
	int64_t deadline = nsi_monotonic_ms() + NSI_MAPS_BUDGET_MS;
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (ns->type != NSI_NS_USER || !ns->ino)
			continue;
		if (maps_of(m, procfd, ns, deadline) < 0)
			return -ENOMEM;
	}
	return 0;
}

int nsi_userns_maps_read_one(struct nsi_model *m, int procfd,
			     struct nsi_ns *ns)
{
	if (ns->type != NSI_NS_USER || !ns->ino)
		return 0;
	return maps_of(m, procfd, ns, nsi_monotonic_ms() + NSI_MAPS_BUDGET_MS);
}
