/*
 * mounts.c - namespaces kept alive by nsfs bind mounts, from the mount
 * table parsed by libmount.  The only file that includes <libmount.h>.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

int nsi_mounts_parse_nsfs_root(const char *root, enum nsi_ns_type *type,
			       ino_t *ino)
{
	const char *colon, *p;
	unsigned long long v = 0;
	int t;

	if (!root)
		return -EINVAL;
	colon = strchr(root, ':');
	if (!colon || colon[1] != '[')
		return -EINVAL;
	t = nsi_ns_type_from_name(root, (size_t)(colon - root));
	if (t < 0)
		return -EINVAL;
	for (p = colon + 2; *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (p == colon + 2 || p[0] != ']' || p[1] != '\0' || v == 0)
		return -EINVAL;
	*type = (enum nsi_ns_type)t;
	*ino = (ino_t)v;
	return 0;
}

/*
 * A bind mount in another mount namespace adds nothing when we see the
 * namespace bind mounted already (mount namespaces start as copies of
 * their parent's: each would repeat the host's /run/netns), or when
 * another mount namespace has it at the same path.
 */
static int other_mount_known(const struct nsi_ns *ns, const char *path)
{
	size_t i;

	if (ns->nnsfs)
		return 1;
	for (i = 0; i < ns->nholders; i++)
		if (ns->holders[i].kind == NSI_HOLD_BIND_MOUNT &&
		    ns->holders[i].path && !strcmp(ns->holders[i].path, path))
			return 1;
	return 0;
}

/*
 * The nsfs mounts of one table: mount points of our mount namespace
 * (@mntns 0) are nsfs paths; those of another are holders.
 */
static int read_table(struct nsi_model *m, FILE *f, const char *filename,
		      pid_t pid, ino_t mntns)
{
	struct libmnt_table *tb;
	struct libmnt_iter *itr;
	struct libmnt_fs *fs;
	int rc;

	tb = mnt_new_table();
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!tb || !itr) {
		rc = -ENOMEM;
		goto out;
	}
	rc = mnt_table_parse_stream(tb, f, filename);
	if (rc < 0)
		goto out;
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		enum nsi_ns_type type;
		struct nsi_ns *ns;
		ino_t ino;

		if (!mnt_fs_match_fstype(fs, "nsfs") ||
		    nsi_mounts_parse_nsfs_root(mnt_fs_get_root(fs), &type,
					       &ino) < 0 ||
		    !mnt_fs_get_target(fs))
			continue;
		ns = nsi_model_get_ns(m, type, ino, 1);
		if (!ns) {
			rc = -ENOMEM;
			goto out;
		}
		if (mntns && other_mount_known(ns, mnt_fs_get_target(fs)))
			continue;
		rc = mntns ? nsi_ns_add_holder(ns, NSI_HOLD_BIND_MOUNT, pid, -1,
					       mnt_fs_get_target(fs), mntns) :
			nsi_ns_add_nsfs(ns, mnt_fs_get_target(fs));
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	return rc;
}

int nsi_mounts_read_stream(struct nsi_model *m, FILE *f, const char *filename)
{
	return read_table(m, f, filename, 0, 0);
}

static int read_file(struct nsi_model *m, int procfd, const char *path,
		     pid_t pid, ino_t mntns)
{
	FILE *f;
	int fd, rc;

	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rc = read_table(m, f, path, pid, mntns);
	fclose(f);
	return rc;
}

int nsi_mounts_read(struct nsi_model *m, int procfd)
{
	return read_file(m, procfd, "self/mountinfo", 0, 0);
}

int nsi_mounts_read_other(struct nsi_model *m, int procfd, pid_t pid,
			  ino_t mntns)
{
	char path[32];

	snprintf(path, sizeof(path), "%d/mountinfo", (int)pid);
	return read_file(m, procfd, path, pid, mntns);
}

/* hidepid=0 and hidepid=off hide nothing; any other value does. */
static int hides(const char *val, size_t len)
{
	return !((len == 1 && val[0] == '0') ||
		 (len == 3 && memcmp(val, "off", 3) == 0));
}

int nsi_mounts_proc_hides(int procfd)
{
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	struct stat st;
	FILE *f;
	int fd, rc;

	if (fstat(procfd, &st) < 0)
		return -errno;
	fd = openat(procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		rc = -errno;
		close(fd);
		return rc;
	}
	tb = mnt_new_table();
	itr = mnt_new_iter(MNT_ITER_BACKWARD);	/* the last mount is on top */
	if (!tb || !itr) {
		rc = -ENOMEM;
		goto out;
	}
	rc = mnt_table_parse_stream(tb, f, "mountinfo");
	if (rc < 0)
		goto out;
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		char *val;
		size_t len;

		if (mnt_fs_get_devno(fs) != st.st_dev)
			continue;
		/* in the superblock options: "rw,gid=4242,hidepid=invisible" */
		rc = mnt_fs_get_option(fs, "hidepid", &val, &len) == 0 &&
			hides(val, len);
		goto out;
	}
	rc = 0;
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	fclose(f);
	return rc;
}
