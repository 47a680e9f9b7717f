/*
 * podman.c - Podman's containers, rootful and rootless: names and images
 * from Podman's Docker-compatible API socket (docker.c's client and
 * parser, a second socket path) or, when it does not answer, from
 * Podman's on-disk container list (containers.json of its storage),
 * never by running podman(1); and the processes of rootless containers,
 * which on cgroup v1 get no cgroup of their own, from the pidfile each
 * user's Podman keeps under /run/user/UID.
 *
 * Everything a rootless user's Podman keeps (its pidfiles, its storage,
 * its API service) is the user's, hence untrusted: a pidfile is believed
 * only for a process in a user namespace that user owns, and that
 * user's engine names only that user's containers.  Every read is
 * bounded (entries per directory, bytes per file), every path below a
 * user's directory is resolved without symlinks and without crossing a
 * mount (openat2(2) RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV), and a user's
 * directory that is a FUSE mount, whose reads its owner could stall
 * forever, is not read at all.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <json-c/json.h>

#include "container.h"
#include "model.h"
#include "procfs.h"
#include "source.h"

/* The storage drivers whose directories are looked at, in this order. */
static const char *const drivers[] = { "overlay", "vfs" };
#define NDRIVERS (sizeof(drivers) / sizeof(drivers[0]))

/* A pidfile holds a PID and a newline. */
#define PIDFILE_MAX	32
/* How far up the parents a container's descendant is looked for. */
#define DEPTH_MAX	64

/*
 * open_beneath() without openat2(2) (Linux before 5.6, or a seccomp
 * filter, or valgrind, that says ENOSYS): one openat(2) per component,
 * each O_NOFOLLOW, none "." or "..", each on the device of @dirfd.
 */
static int open_walk(int dirfd, const char *path, int flags)
{
	struct stat top, st;
	char comp[NAME_MAX + 1];
	const char *p = path;
	int fd, next;

	fd = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &top) < 0)
		goto fail;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (!n || n > NAME_MAX || (p[0] == '.' && (n == 1 ||
		    (n == 2 && p[1] == '.')))) {
			close(fd);
			return -EXDEV;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		next = openat(fd, comp, (slash ? O_PATH | O_DIRECTORY : flags) |
			      O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (next < 0)
			return -errno;
		fd = next;
		if (fstat(fd, &st) < 0)
			goto fail;
		if (st.st_dev != top.st_dev) {
			close(fd);
			return -EXDEV;
		}
		if (!slash)
			return fd;
		p = slash + 1;
	}
fail:
	next = -errno;
	close(fd);
	return next;
}

/* openat(2) below @dirfd, no symlink followed, no mount crossed. */
static int open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC | O_NOFOLLOW),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	if (fd < 0 && errno == ENOSYS)
		return open_walk(dirfd, path, flags);
	return fd < 0 ? -errno : (int)fd;
}

/*
 * Open the regular file @path below @dirfd, @owner's, for reading into
 * @st.  O_NONBLOCK: a FIFO put there does not block the open(2), and
 * fstat(2) then refuses it.  Return: the fd, -EPERM, -errno.
 */
static int open_file(int dirfd, const char *path, uid_t owner,
		     struct stat *st)
{
	int fd = open_beneath(dirfd, path, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) ||
	    st->st_uid != owner) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

/*
 * Read @fd, the file open_file() gave @st of, of at most @max bytes,
 * into a malloc(3)ed, NUL-terminated buffer; close @fd.
 */
static int read_fd(int fd, const struct stat *st, size_t max, char **bufp,
		   size_t *lenp)
{
	size_t off = 0;
	char *buf;
	ssize_t n;

	if ((unsigned long long)st->st_size > max) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc((size_t)st->st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	/* no more than fstat(2) said, whatever was appended since */
	while (off < (size_t)st->st_size) {
		n = read(fd, buf + off, (size_t)st->st_size - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	buf[off] = '\0';
	*bufp = buf;
	*lenp = off;
	return 0;
}

/*
 * Read the regular file @path below @dirfd, of at most @max bytes
 * (open_file(), read_fd()).
 * @owner: the UID the file must belong to.
 * @mtime: set to its modification time, when not NULL.
 */
static int read_small(int dirfd, const char *path, size_t max, uid_t owner,
		      char **bufp, size_t *lenp, struct timespec *mtime)
{
	struct stat st;
	int fd = open_file(dirfd, path, owner, &st), rc;

	if (fd < 0)
		return fd;
	rc = read_fd(fd, &st, max, bufp, lenp);
	if (rc == 0 && mtime)
		*mtime = st.st_mtim;
	return rc;
}

/* ------------------------------------------------------ FUSE mounts */

/* Is @path a FUSE mount point, or below one, or one below it? */
static int fuse_near(const char *fuse, const char *path)
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

/* Open directory @path, which must be @owner's and not FUSE. */
static int open_user_dir(const char *fuse, const char *path, uid_t owner)
{
	struct stat st;
	int fd;

	if (fuse_near(fuse, path))
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

/* -------------------------------------------------- rootless: PIDs */

static int is_id(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static int cmp_uid(const void *a, const void *b)
{
	uid_t x = *(const uid_t *)a, y = *(const uid_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort the @k UIDs of @uids and drop repeats; return how many are left. */
static size_t sort_unique_uids(uid_t *uids, size_t k)
{
	size_t i, n = 0;

	if (k)
		qsort(uids, k, sizeof(*uids), cmp_uid);
	for (i = 0; i < k; i++)
		if (!n || uids[n - 1] != uids[i])
			uids[n++] = uids[i];
	return n;
}

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
	*n = sort_unique_uids(uids, k);
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

/* The pidfiles of user @uid's containers in @udir (/run/user/UID). */
static int user_pidfiles(struct nsi_model *m, int procfd, int udir, uid_t uid,
			 struct nsi_proc **byp, struct nsi_podman_report *r)
{
	size_t d;
	int found = 0;

	for (d = 0; d < NDRIVERS; d++) {
		char path[512];
		struct dirent *de;
		size_t entries = 0;
		DIR *dir;
		int fd;

		snprintf(path, sizeof(path), "containers/%s-containers",
			 drivers[d]);
		fd = open_beneath(udir, path, O_RDONLY | O_DIRECTORY);
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
			char *buf, *end;
			size_t len;
			long pid;
			int rc;

			if (++entries > NSI_PODMAN_IDS_MAX) {
				r->skipped++;
				break;
			}
			if (!is_id(de->d_name))
				continue;
			snprintf(path, sizeof(path),
				 "containers/%s-containers/%s/userdata/pidfile",
				 drivers[d], de->d_name);
			rc = read_small(udir, path, PIDFILE_MAX, uid, &buf,
					&len, &mtime);
			if (rc == -ENOMEM) {
				closedir(dir);
				return rc;
			}
			if (rc < 0)
				continue;	/* a stopped container has none */
			errno = 0;
			pid = strtol(buf, &end, 10);
			if (errno || end == buf || (*end && *end != '\n') ||
			    pid <= 0 || pid > 0x7fffffff) {
				free(buf);
				continue;
			}
			free(buf);
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
	char *fuse = NULL;
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
	fuse = nsi_mounts_fuse_points(procfd);
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
		if (!bsearch(&u, uids, nuids, sizeof(*uids), cmp_uid))
			continue;	/* no process in a user namespace */
		snprintf(path, sizeof(path), "%s/%s", run_user, de->d_name);
		udir = open_user_dir(fuse, path, u);
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
	free(fuse);
	free(byp);
	free(uids);
	return found;
}

/* ------------------------------------------------- names from files */

/* The "image-name" in the JSON text @meta (containers.json's metadata). */
static char *image_of(const char *meta)
{
	struct json_object *root, *v;
	char *image = NULL;
	int err;

	root = nsi_json_parse(meta, strlen(meta), json_type_object, &err);
	if (!root)
		return NULL;
	if (json_object_object_get_ex(root, "image-name", &v) &&
	    json_object_is_type(v, json_type_string))
		image = strdup(json_object_get_string(v));
	json_object_put(root);
	return image;
}

int nsi_podman_store_parse(struct nsi_model *m, long owner, const char *buf,
			   size_t len)
{
	struct json_object *root, *entry, *v, *names;
	size_t i, n, j, k;
	int named = 0, rc;

	root = nsi_json_parse(buf, len, json_type_array, &rc);
	if (!root)
		return rc;
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		struct nsi_container *c;
		const char *id, *name = NULL;
		char *image = NULL;

		entry = json_object_array_get_idx(root, i);
		if (!json_object_is_type(entry, json_type_object) ||
		    !json_object_object_get_ex(entry, "id", &v) ||
		    !json_object_is_type(v, json_type_string))
			continue;
		id = json_object_get_string(v);
		c = nsi_engine_container(m, "podman", owner, id);
		if (!c || c->name)
			continue;
		if (!json_object_object_get_ex(entry, "names", &names) ||
		    !json_object_is_type(names, json_type_array))
			continue;
		/* every name, the first its own (as name_container()) */
		k = json_object_array_length(names);
		for (j = 0; j < k && j < NSI_CONTAINER_NAMES_MAX; j++) {
			v = json_object_array_get_idx(names, j);
			if (!json_object_is_type(v, json_type_string) ||
			    !*json_object_get_string(v))
				continue;
			if (!name)
				name = json_object_get_string(v);
			if (nsi_container_add_name(c,
					json_object_get_string(v)) < 0)
				goto nomem;
		}
		if (!name)
			continue;
		if (json_object_object_get_ex(entry, "metadata", &v) &&
		    json_object_is_type(v, json_type_string))
			image = image_of(json_object_get_string(v));
		c->name = strdup(name);
		if (!c->name) {
			free(image);
			goto nomem;
		}
		free(c->image);
		c->image = image;
		named++;
	}
	json_object_put(root);
	return named;
nomem:
	json_object_put(root);
	return -ENOMEM;
}

/* Does @m hold a podman container of @owner (-1: rootful) not named? */
static int unnamed(const struct nsi_model *m, long owner)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];

		if (c->name)
			continue;
		if (owner < 0 ? (strcmp(c->runtime, "unknown") == 0 ||
				 (strcmp(c->runtime, "podman") == 0 &&
				  !c->rootless)) :
		    (c->rootless && c->owner_uid == (uid_t)owner))
			return 1;
	}
	return 0;
}

int nsi_podman_wanted(const struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];

		if (!c->name && (strcmp(c->runtime, "podman") == 0 ||
				 strcmp(c->runtime, "unknown") == 0))
			return 1;
	}
	return 0;
}

/*
 * A hash of the IDs of @owner's containers (-1: rootful) not named yet
 * (FNV-1a, summed: the order of the model does not matter).
 */
static uint64_t unnamed_hash(const struct nsi_model *m, long owner)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];
		uint64_t h = 14695981039346656037ull;
		const char *p;

		if (c->name || (owner < 0 ?
		    !(strcmp(c->runtime, "unknown") == 0 ||
		      (strcmp(c->runtime, "podman") == 0 && !c->rootless)) :
		    !(c->rootless && c->owner_uid == (uid_t)owner)))
			continue;
		for (p = c->id; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		sum += h;
	}
	return sum;
}

static int cmp_seen(const void *a, const void *b)
{
	const struct nsi_podman_seen *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	return x->driver < y->driver ? -1 : x->driver > y->driver;
}

/* The record of @owner's file of driver @d in @a, added when absent. */
static struct nsi_podman_seen *seen_get(struct nsi_podman_answer *a,
					long owner, unsigned int d)
{
	struct nsi_podman_seen key = { .owner = owner, .driver = d }, *r, *big;
	size_t i;

	r = a->nseen ? bsearch(&key, a->seen, a->nseen, sizeof(key),
			       cmp_seen) : NULL;
	if (r)
		return r;
	big = realloc(a->seen, (a->nseen + 1) * sizeof(*big));
	if (!big)
		return NULL;
	a->seen = big;
	for (i = a->nseen; i > 0 && cmp_seen(&big[i - 1], &key) > 0; i--)
		big[i] = big[i - 1];
	big[i] = key;
	a->nseen++;
	return &big[i];
}

/* Is @st, with @hash unnamed, what @s recorded? */
static int seen_same(const struct nsi_podman_seen *s, const struct stat *st,
		     uint64_t hash)
{
	return s->dev == st->st_dev && s->ino == st->st_ino &&
	       s->size == st->st_size &&
	       s->mtim.tv_sec == st->st_mtim.tv_sec &&
	       s->mtim.tv_nsec == st->st_mtim.tv_nsec &&
	       s->ctim.tv_sec == st->st_ctim.tv_sec &&
	       s->ctim.tv_nsec == st->st_ctim.tv_nsec && s->unnamed == hash;
}

/*
 * Name @owner's containers from the containers.json files of the storage
 * at @rel below directory @base (which must be @owner's, and not FUSE),
 * each of at most NSI_PODMAN_USER_MAX bytes (a user's) or
 * NSI_PODMAN_STORE_MAX (root's), and only when it changed since @a last
 * read it (or @owner's unnamed containers did).
 */
static int store_names(struct nsi_model *m, const char *fuse, const char *base,
		       const char *rel, long owner, struct nsi_podman_answer *a)
{
	uid_t uid = owner < 0 ? 0 : (uid_t)owner;
	size_t max = owner < 0 ? NSI_PODMAN_STORE_MAX : NSI_PODMAN_USER_MAX;
	unsigned int d;
	int fd, named = 0;

	fd = open_user_dir(fuse, base, uid);
	if (fd < 0)
		return 0;
	for (d = 0; d < NDRIVERS && unnamed(m, owner); d++) {
		struct nsi_podman_seen *seen;
		char path[128];
		struct stat st;
		uint64_t hash;
		size_t len;
		char *buf;
		int rc, ffd;

		snprintf(path, sizeof(path), "%s%s-containers/containers.json",
			 rel, drivers[d]);
		ffd = open_file(fd, path, uid, &st);
		if (ffd < 0)
			continue;
		hash = unnamed_hash(m, owner);
		seen = seen_get(a, owner, d);
		if (!seen) {
			close(ffd);
			close(fd);
			return -ENOMEM;
		}
		if (seen_same(seen, &st, hash)) {
			close(ffd);	/* read as it is: named what it could */
			continue;
		}
		seen->dev = st.st_dev;
		seen->ino = st.st_ino;
		seen->size = st.st_size;
		seen->mtim = st.st_mtim;
		seen->ctim = st.st_ctim;
		seen->unnamed = hash;
		rc = read_fd(ffd, &st, max, &buf, &len);
		if (rc == -EFBIG)
			a->cut++;
		if (rc == -ENOMEM) {
			close(fd);
			return rc;
		}
		if (rc < 0)
			continue;
		rc = nsi_podman_store_parse(m, owner, buf, len);
		free(buf);
		if (rc == -ENOMEM) {
			close(fd);
			return rc;
		}
		if (rc > 0)
			named += rc;
	}
	close(fd);
	return named;
}

/* The owners of the rootless containers of @m not named yet, sorted. */
static uid_t *unnamed_owners(const struct nsi_model *m, size_t *n)
{
	uid_t *uids = malloc((m->ncontainers + 1) * sizeof(*uids));
	size_t i, k = 0;

	*n = 0;
	if (!uids)
		return NULL;
	for (i = 0; i < m->ncontainers; i++)
		if (m->containers[i]->rootless && !m->containers[i]->name)
			uids[k++] = m->containers[i]->owner_uid;
	*n = sort_unique_uids(uids, k);
	return uids;
}

/*
 * The home of @uid (getpwuid_r(3)), below which its rootless Podman
 * keeps its storage at USER_STORAGE.
 */
static int user_home(uid_t uid, char *path, size_t size)
{
	char buf[4096];
	struct passwd pw, *res = NULL;

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) != 0 || !res ||
	    pw.pw_dir[0] != '/' || strcmp(pw.pw_dir, "/") == 0)
		return -ENOENT;
	if ((size_t)snprintf(path, size, "%s", pw.pw_dir) >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* Rootless Podman's storage below the user's home (containers-storage.conf(5)). */
#define USER_STORAGE	".local/share/containers/storage/"

/*
 * Ask the API service at @sock, which must be a socket of @owner's (not
 * a symlink), within @left ms; name the containers of @owner it lists.
 * Return: -errno of the request, or the number named.
 */
static int ask_api(struct nsi_model *m, const char *sock, long owner,
		   long left)
{
	uid_t uid = owner < 0 ? 0 : (uid_t)owner;
	struct stat st;
	size_t len;
	char *buf;
	int rc;

	if (lstat(sock, &st) < 0)
		return -ENOENT;
	if (!S_ISSOCK(st.st_mode) || st.st_uid != uid)
		return -EACCES;
	if (left <= 0)
		return -ETIMEDOUT;
	/* the peer must be @uid's too (a symlink put there since is
	 * followed by connect(2)); a user's answer is small */
	rc = nsi_engine_get(sock, uid, owner < 0 ? SIZE_MAX :
			    NSI_PODMAN_USER_MAX, left, &buf, &len);
	if (rc < 0)
		return rc;
	rc = nsi_engine_parse(m, "podman", owner, buf ? buf : "", len);
	free(buf);
	return rc;
}

/* The time left before @deadline_ms (CLOCK_MONOTONIC). */
static long left_ms(long long deadline_ms)
{
	struct timespec ts;
	long long now;

	if (deadline_ms <= 0)
		return -1;	/* no API request */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return deadline_ms > now ? (long)(deadline_ms - now) : 0;
}

/* May the files of one more storage be read before @until_ms? */
static int files_time(long long until_ms, struct nsi_podman_answer *a)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 < until_ms)
		return 1;
	a->cut++;
	return 0;
}

int nsi_podman_query(struct nsi_model *m, long long deadline_ms,
		     struct nsi_podman_answer *a)
{
	char path[PATH_MAX], *fuse;
	struct timespec ts;
	long long until_ms;
	uid_t *owners;
	size_t i, n;
	int rc, procfd;

	a->err = 0;
	a->where[0] = '\0';
	a->cut = 0;
	/* the files: up to a little past the deadline (the live view: past
	 * now), whatever the API services took */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	until_ms = (deadline_ms > 0 ? deadline_ms :
		    (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000) +
		   NSI_PODMAN_FILES_MS;
	procfd = nsi_procfs_open("/proc");
	fuse = procfd >= 0 ? nsi_mounts_fuse_points(procfd) : NULL;
	if (procfd >= 0)
		close(procfd);
	/* rootful: its API service, then its storage */
	if (unnamed(m, -1)) {
		if (deadline_ms > 0) {
			rc = ask_api(m, NSI_PODMAN_SOCKET, -1,
				     left_ms(deadline_ms));
			if (rc == -ENOMEM)
				goto nomem;
			if (rc < 0 && rc != -ENOENT) {
				a->err = -rc;
				snprintf(a->where, sizeof(a->where), "%s",
					 NSI_PODMAN_SOCKET);
			}
		}
		if (unnamed(m, -1) && files_time(until_ms, a) &&
		    store_names(m, fuse, NSI_PODMAN_STORAGE, "", -1, a) ==
		    -ENOMEM)
			goto nomem;
	}
	/* rootless: each user's API service, then its storage */
	owners = unnamed_owners(m, &n);
	if (!owners)
		goto nomem;
	for (i = 0; i < n; i++) {
		long owner = (long)owners[i];

		snprintf(path, sizeof(path), "%s/%lu", NSI_RUN_USER,
			 (unsigned long)owners[i]);
		if (deadline_ms > 0 && !fuse_near(fuse, path)) {
			snprintf(path, sizeof(path),
				 "%s/%lu/podman/podman.sock", NSI_RUN_USER,
				 (unsigned long)owners[i]);
			rc = ask_api(m, path, owner, left_ms(deadline_ms));
			if (rc == -ENOMEM) {
				free(owners);
				goto nomem;
			}
			if (rc < 0 && rc != -ENOENT && !a->err) {
				a->err = -rc;
				snprintf(a->where, sizeof(a->where), "%.63s",
					 path);
			}
		}
		if (!unnamed(m, owner) || !files_time(until_ms, a) ||
		    user_home(owners[i], path, sizeof(path)) < 0)
			continue;
		if (store_names(m, fuse, path, USER_STORAGE, owner, a) ==
		    -ENOMEM) {
			free(owners);
			goto nomem;
		}
	}
	free(owners);
	free(fuse);
	return 0;
nomem:
	free(fuse);
	return -ENOMEM;
}

void nsi_podman_answer_release(struct nsi_podman_answer *a)
{
	free(a->seen);
	a->seen = NULL;
	a->nseen = 0;
}

uint64_t nsi_podman_users_caps(void)
{
	uint64_t keep = 0;
	struct dirent *de;
	size_t users = 0;
	DIR *dir = opendir(NSI_RUN_USER);

	if (!dir)
		return 0;
	while ((de = readdir(dir)) && ++users <= NSI_PODMAN_USERS_MAX) {
		char path[PATH_MAX];
		struct stat st;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%.64s/containers",
			 NSI_RUN_USER, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			keep |= 1ull << CAP_DAC_READ_SEARCH;
		snprintf(path, sizeof(path), "%s/%.64s/podman/podman.sock",
			 NSI_RUN_USER, de->d_name);
		if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
			keep |= 1ull << CAP_DAC_OVERRIDE;
	}
	closedir(dir);
	return keep;
}
