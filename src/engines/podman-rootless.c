/*
 * podman-rootless.c - the processes of rootless Podman containers, which
 * on cgroup v1 get no cgroup of their own, from the pidfile each user's
 * Podman keeps under /run/user/UID.
 *
 * A pidfile is the user's, hence untrusted (podman-user.c reads it): it
 * is believed only for a process in a user namespace that user owns,
 * started before the pidfile was written.  Every read is bounded
 * (entries per directory, bytes per file).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "model.h"
#include "mounts.h"
#include "podman-rootless.h"
#include "podman-user.h"
#include "procfs.h"
#include "util.h"

/* A pidfile holds a PID and a newline. */
#define PIDFILE_MAX	32
/* How far up the parents a container's descendant is looked for. */
#define DEPTH_MAX	64

/*
 * The UIDs of the processes of @m that run in a user namespace other
 * than the initial one: the only users whose rootless containers can
 * have processes (a rootless Podman keeps its user namespace alive with
 * a "podman pause" process of the user's UID).  Sorted, unique.
 */
static uid_t *userns_uids(const struct nsi_model *m, size_t *n)
{
	uid_t *uids = malloc((m->nprocs + 1) * sizeof(*uids));
	size_t i, k = 0;

	*n = 0;
	if (!uids)
		return NULL;
	for (i = 0; i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];

		if (p->ns[NSI_NS_USER] && p->ns[NSI_NS_USER] != m->init_userns)
			uids[k++] = p->uid;
	}
	*n = nsi_uids_sort_unique(uids, k);
	return uids;
}

/* When @p started, in CLOCK_REALTIME seconds (proc(5): starttime). */
static double start_realtime(const struct nsi_proc *p)
{
	struct timespec rt, bt;
	long hz = sysconf(_SC_CLK_TCK);

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return (double)(rt.tv_sec - bt.tv_sec) +
	       (double)(rt.tv_nsec - bt.tv_nsec) / 1e9 +
	       (double)p->start_time / (double)(hz > 0 ? hz : 100);
}

/*
 * May user @uid's pidfile, written at @mtime, name @p as a container's
 * process?  Only when @p runs in a user namespace that is not the
 * initial one and that @uid owns (ioctl_ns(2) NS_GET_OWNER_UID, asked
 * of the very process we pinned: the link's inode must be the one
 * scanned), and started before the pidfile was written (Podman writes it
 * once the container's init runs: a later process with a reused PID is
 * not the one it meant).  The user could have made any such process a
 * container; a process outside its user namespaces (root's sshd, PID 1,
 * another user's) it could not, whatever the file says.
 */
static int may_claim(const struct nsi_model *m, int procfd,
		     const struct nsi_proc *p, uid_t uid,
		     const struct timespec *mtime)
{
	struct nsi_pin pin;
	char path[64];
	struct stat st;
	/* set, so that a tool that does not know the ioctl sees it set */
	uid_t owner = (uid_t)-1;
	int fd, ok = 0;

	if (!p->ns[NSI_NS_USER] || !m->init_userns ||
	    p->ns[NSI_NS_USER] == m->init_userns)
		return 0;
	if (start_realtime(p) > (double)mtime->tv_sec +
	    (double)mtime->tv_nsec / 1e9 + 1.0)
		return 0;
	if (nsi_pin_open(procfd, p->pid, 0, &pin) < 0)
		return 0;
	fd = openat(pin.dirfd, nsi_pin_name(&pin, "ns/user", path,
					    sizeof(path)),
		    O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ok = fstat(fd, &st) == 0 && st.st_ino == p->ns[NSI_NS_USER] &&
		     ioctl(fd, NS_GET_OWNER_UID, &owner) == 0 && owner == uid;
		close(fd);
	}
	nsi_pin_close(&pin);
	return ok;
}

static int cmp_proc_pid(const void *a, const void *b)
{
	pid_t x = (*(struct nsi_proc *const *)a)->pid;
	pid_t y = (*(struct nsi_proc *const *)b)->pid;

	return x < y ? -1 : x > y;
}

static struct nsi_proc *find_pid(struct nsi_proc **byp, size_t n, pid_t pid)
{
	struct nsi_proc key = { .pid = pid }, *kp = &key, **r;

	r = n ? bsearch(&kp, byp, n, sizeof(*byp), cmp_proc_pid) : NULL;
	return r ? *r : NULL;
}

/*
 * Give @p to rootless container @id of @uid, unless its cgroup tells
 * another container or @id is a rootful container's (found by its
 * cgroup, with or without a user namespace of its own).  A container of @uid
 * is keyed by (podman, @id, @uid): a user who writes another user's ID in
 * a pidfile of its own makes a second container of its own, never joins
 * or renames the other's.
 */
static int attribute(struct nsi_model *m, struct nsi_proc *p, const char *id,
		     uid_t uid)
{
	struct nsi_container *c;

	if (p->container && (strcmp(p->container->runtime, "podman") != 0 ||
			     strcmp(p->container->id, id) != 0 ||
			     !p->container->rootless ||
			     p->container->owner_uid != uid))
		return 0;	/* its cgroup tells another container */
	if (nsi_model_get_container(m, "podman", id, 0))
		return 0;	/* a rootful container's ID: root's */
	c = nsi_model_get_container_of(m, "podman", id, (long)uid, 1);
	if (!c)
		return -ENOMEM;
	p->container = c;
	return 1;
}

/*
 * The PID in the pidfile of container @id of user @uid, storage driver
 * @d, below @udir (/run/user/UID), and the file's modification time in
 * @mtime.  Return: the PID; 0 when there is none (a stopped container
 * has no pidfile) or it holds no PID; -ENOMEM.
 */
static long pidfile_pid(int udir, size_t d, const char *id, uid_t uid,
			struct timespec *mtime)
{
	char path[512], *buf, *end;
	size_t len;
	long pid;
	int rc;

	snprintf(path, sizeof(path),
		 "containers/%s-containers/%s/userdata/pidfile",
		 nsi_podman_drivers[d], id);
	rc = nsi_podman_read_file(udir, path, PIDFILE_MAX, uid, &buf, &len,
				  mtime);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return 0;	/* a stopped container has none */
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') ||
	    pid <= 0 || pid > 0x7fffffff)
		pid = 0;
	free(buf);
	return pid;
}

/* The pidfiles of user @uid's containers in @udir (/run/user/UID). */
static int user_pidfiles(struct nsi_model *m, int procfd, int udir, uid_t uid,
			 struct nsi_proc **byp, struct nsi_podman_report *r)
{
	size_t d;
	int found = 0;

	for (d = 0; d < NSI_PODMAN_NDRIVERS; d++) {
		char path[512];
		struct dirent *de;
		size_t entries = 0;
		DIR *dir;
		int fd;

		snprintf(path, sizeof(path), "containers/%s-containers",
			 nsi_podman_drivers[d]);
		fd = nsi_open_beneath(udir, path, O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		dir = fdopendir(fd);
		if (!dir) {
			close(fd);
			if (errno == ENOMEM)
				return -ENOMEM;
			continue;
		}
		while ((de = readdir(dir))) {
			struct timespec mtime = { 0, 0 };
			struct nsi_proc *p;
			long pid;
			int rc;

			if (++entries > NSI_PODMAN_IDS_MAX) {
				r->skipped++;
				break;
			}
			if (!nsi_is_id64(de->d_name, strnlen(de->d_name, 65)))
				continue;
			pid = pidfile_pid(udir, d, de->d_name, uid, &mtime);
			if (pid == -ENOMEM) {
				closedir(dir);
				return -ENOMEM;
			}
			if (pid <= 0)
				continue;
			p = find_pid(byp, m->nprocs, (pid_t)pid);
			if (!p)
				continue;	/* stopped, or not ours to see */
			if (!may_claim(m, procfd, p, uid, &mtime)) {
				r->refused++;
				continue;
			}
			rc = attribute(m, p, de->d_name, uid);
			if (rc < 0) {
				closedir(dir);
				return rc;
			}
			found += rc;
		}
		closedir(dir);
	}
	return found;
}

/*
 * The processes below an init that was attributed (its descendants by
 * PPID, in its user namespace: what the container's init starts) join
 * its container; a process whose cgroup named a container keeps it.
 */
static int descendants(struct nsi_model *m, struct nsi_proc **byp)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->nprocs; i++) {
		struct nsi_proc *p = m->procs[i], *q = p;
		int depth;

		if (p->container || !p->ns[NSI_NS_USER] ||
		    p->ns[NSI_NS_USER] == m->init_userns)
			continue;
		for (depth = 0; depth < DEPTH_MAX; depth++) {
			q = q->ppid > 1 ? find_pid(byp, m->nprocs, q->ppid) :
			    NULL;
			if (!q || q->ns[NSI_NS_USER] != p->ns[NSI_NS_USER])
				break;
			if (q->container) {
				if (q->container->rootless) {
					p->container = q->container;
					n++;
				}
				break;
			}
		}
	}
	return n;
}

int nsi_podman_rootless(struct nsi_model *m, int procfd, const char *run_user,
			struct nsi_podman_report *r)
{
	struct nsi_proc **byp = NULL;
	uid_t *uids;
	size_t nuids, users = 0;
	/* what our mount table showed (nsi_mounts_read_self()) */
	const char *fuse = m->fuse_points;
	struct dirent *de;
	DIR *dir;
	int found = 0, rc;

	*r = (struct nsi_podman_report){ 0 };
	if (!m->init_userns)
		return 0;
	uids = userns_uids(m, &nuids);
	if (!uids)
		return -ENOMEM;
	if (!nuids) {
		free(uids);
		return 0;
	}
	dir = opendir(run_user);
	if (!dir) {
		free(uids);
		return errno == ENOMEM ? -ENOMEM : 0;
	}
	byp = malloc((m->nprocs + 1) * sizeof(*byp));
	if (!byp) {
		found = -ENOMEM;
		goto out;
	}
	memcpy(byp, m->procs, m->nprocs * sizeof(*byp));
	qsort(byp, m->nprocs, sizeof(*byp), cmp_proc_pid);
	while ((de = readdir(dir))) {
		char path[PATH_MAX], *end;
		unsigned long uid;
		uid_t u;
		int udir;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		if (++users > NSI_PODMAN_USERS_MAX) {
			r->skipped++;
			break;
		}
		errno = 0;
		uid = strtoul(de->d_name, &end, 10);
		if (errno || *end || uid >= (uid_t)-1)
			continue;
		u = (uid_t)uid;
		if (!bsearch(&u, uids, nuids, sizeof(*uids), nsi_uid_cmp))
			continue;	/* no process in a user namespace */
		snprintf(path, sizeof(path), "%s/%s", run_user, de->d_name);
		udir = nsi_podman_open_dir(fuse, path, u);
		if (udir < 0) {
			r->skipped++;
			continue;
		}
		rc = user_pidfiles(m, procfd, udir, u, byp, r);
		close(udir);
		if (rc < 0) {
			found = rc;
			goto out;
		}
		found += rc;
	}
	if (found)
		found += descendants(m, byp);
out:
	closedir(dir);
	free(byp);
	free(uids);
	return found;
}
