/*
 * podman.c - the names and images of Podman's containers, rootful and
 * rootless: from Podman's Docker-compatible API socket (engine-http.c's
 * client and engine-json.c's parser, a second socket path) or, when it
 * does not answer, from Podman's on-disk container list (containers.json
 * of its storage), never by running podman(1).  The processes of
 * rootless containers on cgroup v1 are podman-rootless.c's.
 *
 * Everything a rootless user's Podman keeps (its storage, its API
 * service) is the user's, hence untrusted: that user's engine names only
 * that user's containers, and its files are read as podman-user.c reads
 * them (bounded, without symlinks, not across a mount, never on FUSE).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "engine-http.h"
#include "engine-json.h"
#include "fileio.h"
#include "grow.h"
#include "model.h"
#include "mounts.h"
#include "podman.h"
#include "podman-user.h"
#include "procfs.h"
#include "util.h"


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
		/* every name, the first its own (as nsi_engine_parse()) */
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

/*
 * Is @c a container of @owner (-1: rootful) not named yet: a rootless
 * one of @owner's, or (rootful) a podman one not rootless, or one of
 * runtime "unknown" (rootful Podman may list it)?
 */
static int owner_unnamed(const struct nsi_container *c, long owner)
{
	if (c->name)
		return 0;
	return owner < 0 ? (strcmp(c->runtime, "unknown") == 0 ||
			    (strcmp(c->runtime, "podman") == 0 &&
			     !c->rootless)) :
	       (c->rootless && c->owner_uid == (uid_t)owner);
}

/* Does @m hold a podman container of @owner (-1: rootful) not named? */
static int unnamed(const struct nsi_model *m, long owner)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++)
		if (owner_unnamed(m->containers[i], owner))
			return 1;
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

		if (!owner_unnamed(c, owner))
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
	if (nsi_grow(&a->seen, &a->seen_alloc, a->nseen + 1,
		     sizeof(*a->seen)) < 0)
		return NULL;
	big = a->seen;
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

	fd = nsi_podman_open_dir(fuse, base, uid);
	if (fd < 0)
		return 0;
	for (d = 0; d < NSI_PODMAN_NDRIVERS && unnamed(m, owner); d++) {
		struct nsi_podman_seen *seen;
		char path[128];
		struct stat st;
		uint64_t hash;
		size_t len;
		char *buf;
		int rc, ffd;

		snprintf(path, sizeof(path), "%s%s-containers/containers.json",
			 rel, nsi_podman_drivers[d]);
		ffd = nsi_podman_open_file(fd, path, uid, &st);
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
		rc = nsi_read_fd(ffd, max, &buf, &len);
		close(ffd);
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
	*n = nsi_uids_sort_unique(uids, k);
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
	long long now;

	if (deadline_ms <= 0)
		return -1;	/* no API request */
	now = nsi_monotonic_ms();
	return deadline_ms > now ? (long)(deadline_ms - now) : 0;
}

/* May the files of one more storage be read before @until_ms? */
static int files_time(long long until_ms, struct nsi_podman_answer *a)
{
	if (nsi_monotonic_ms() < until_ms)
		return 1;
	a->cut++;
	return 0;
}

/*
 * Name rootful Podman's containers of @m: its API service (when
 * @deadline_ms is set), then its storage (until @until_ms).  The first
 * failure of the service goes in @a.  Return: 0 or -ENOMEM.
 */
static int query_rootful(struct nsi_model *m, const char *fuse,
			 long long deadline_ms, long long until_ms,
			 struct nsi_podman_answer *a)
{
	int rc;

	if (deadline_ms > 0) {
		rc = ask_api(m, NSI_PODMAN_SOCKET, -1, left_ms(deadline_ms));
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0 && rc != -ENOENT) {
			a->err = -rc;
			snprintf(a->where, sizeof(a->where), "%s",
				 NSI_PODMAN_SOCKET);
		}
	}
	if (unnamed(m, -1) && files_time(until_ms, a) &&
	    store_names(m, fuse, NSI_PODMAN_STORAGE, "", -1, a) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

/*
 * Name user @uid's rootless containers of @m: its API service (when
 * @deadline_ms is set, and its runtime directory is not near a FUSE
 * mount), then its storage below its home (until @until_ms).  A failure
 * of the service goes in @a when none is there yet.  Return: 0 or
 * -ENOMEM.
 */
static int query_user(struct nsi_model *m, const char *fuse, uid_t uid,
		      long long deadline_ms, long long until_ms,
		      struct nsi_podman_answer *a)
{
	char path[PATH_MAX];
	long owner = (long)uid;
	int rc;

	snprintf(path, sizeof(path), "%s/%lu", NSI_RUN_USER,
		 (unsigned long)uid);
	if (deadline_ms > 0 && !nsi_podman_fuse_near(fuse, path)) {
		snprintf(path, sizeof(path), "%s/%lu/podman/podman.sock",
			 NSI_RUN_USER, (unsigned long)uid);
		rc = ask_api(m, path, owner, left_ms(deadline_ms));
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0 && rc != -ENOENT && !a->err) {
			a->err = -rc;
			snprintf(a->where, sizeof(a->where), "%.63s", path);
		}
	}
	if (!unnamed(m, owner) || !files_time(until_ms, a) ||
	    user_home(uid, path, sizeof(path)) < 0)
		return 0;
	if (store_names(m, fuse, path, USER_STORAGE, owner, a) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

int nsi_podman_query(struct nsi_model *m, long long deadline_ms,
		     struct nsi_podman_answer *a)
{
	long long until_ms;
	uid_t *owners;
	size_t i, n;
	/* what our mount table showed (nsi_mounts_read_self()) */
	const char *fuse = m->fuse_points;
	int rc = 0;

	a->err = 0;
	a->where[0] = '\0';
	a->cut = 0;
	/* the files: up to a little past the deadline (the live view: past
	 * now), whatever the API services took */
	until_ms = (deadline_ms > 0 ? deadline_ms : nsi_monotonic_ms()) +
		   NSI_PODMAN_FILES_MS;
	/* rootful: its API service, then its storage */
	if (unnamed(m, -1))
		rc = query_rootful(m, fuse, deadline_ms, until_ms, a);
	/* rootless: each user's API service, then its storage */
	owners = rc < 0 ? NULL : unnamed_owners(m, &n);
	if (!owners)
		return -ENOMEM;
	for (i = 0; i < n && rc == 0; i++)
		rc = query_user(m, fuse, owners[i], deadline_ms, until_ms, a);
	free(owners);
	return rc;
}

void nsi_podman_answer_release(struct nsi_podman_answer *a)
{
	free(a->seen);
	a->seen = NULL;
	a->nseen = a->seen_alloc = 0;
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
