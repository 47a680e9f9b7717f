/*
 * mounts.c - namespaces kept alive by nsfs bind mounts, from the mount
 * table parsed by libmount.  The only file that includes <libmount.h>.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "hashmap.h"
#include "mounts.h"
#include "procfs.h"
#include "util.h"

int nsi_mounts_parse_nsfs_root(const char *root, enum nsi_ns_type *type,
			       ino_t *ino)
{
	const char *colon, *p;
	unsigned long long v;
	int t;

	if (!root)
		return -EINVAL;
	colon = strchr(root, ':');
	if (!colon || colon[1] != '[')
		return -EINVAL;
	t = nsi_ns_type_from_name(root, (size_t)(colon - root));
	if (t < 0)
		return -EINVAL;
	p = colon + 2;
	if (nsi_parse_decimal(&p, p + strlen(p), ~0ULL, &v) < 0 ||
	    p[0] != ']' || p[1] != '\0' || v == 0)
		return -EINVAL;
	*type = (enum nsi_ns_type)t;
	*ino = (ino_t)v;
	return 0;
}

/*
 * One mount of a table: a mount point of our mount namespace (@mntns 0)
 * is an nsfs path; one of another is a holder.  Only the types the scan
 * looks for (m->have_type) are kept.  0 or -ENOMEM.
 */
static int take_mount(struct nsi_model *m, struct libmnt_fs *fs, pid_t pid,
		      ino_t mntns, struct nsi_hmap *ids)
{
	const char *target = mnt_fs_get_target(fs);
	enum nsi_ns_type type;
	struct nsi_ns *ns;
	ino_t ino;

	if (!target || !mnt_fs_match_fstype(fs, "nsfs") ||
	    nsi_mounts_parse_nsfs_root(mnt_fs_get_root(fs), &type, &ino) < 0 ||
	    !m->have_type[type])
		return 0;
	ns = nsi_model_get_ns(m, type, ino, 1);
	if (!ns)
		return -ENOMEM;
	if (ids && nsi_hmap_set(ids, nsi_hkey_u64((uint64_t)mnt_fs_get_id(fs)),
				ns) < 0)
		return -ENOMEM;
	if (mntns)
		return nsi_ns_add_holder(ns, NSI_HOLD_BIND_MOUNT, pid, -1,
					 target, mntns);
	return nsi_ns_add_nsfs(ns, target);
}

/*
 * A mount table is read a chunk at a time, and only the lines of nsfs
 * mounts are kept and given to libmount, a batch at a time: any user can
 * fill a mount namespace of its own with 100,000 mounts of long paths
 * (hundreds of MiB of mountinfo), and the memory of one run stays a few
 * MiB whatever the table's size, its work linear in it.
 *
 * This is not a parser of mountinfo (libmount parses what is kept): its
 * fields are separated by single spaces, a space inside a path is written
 * "\040" (proc(5)), and the file system type follows the " - " that ends
 * the optional fields, so " - nsfs " is in the line of an nsfs mount and
 * in no other.
 */
#define CHUNK		65536		/* bytes per read(2) */
#define BATCH		(1u << 20)	/* kept bytes per libmount parse */
#define LINE_MAX_LEN	(1u << 20)	/* longer is no mountinfo line */

struct table_reader {
	struct nsi_model *m;
	pid_t pid;
	ino_t mntns;
	char *keep;		/* lines kept, not parsed yet */
	size_t keep_len, keep_size;
	char *part;		/* a line whose end is in the next chunk */
	size_t part_len, part_size;
	int part_long;		/* that line is past LINE_MAX_LEN: dropped */
	/* our own table (nsi_mounts_read_self()): what else it tells */
	unsigned int what;	/* NSI_MOUNTS_* */
	uint64_t proc_id;	/* the mount ID of /proc, or 0 */
	char proc_prefix[24];	/* "ID " that starts its line, or "" */
	char *fuse;		/* FUSE mount points, each NUL-terminated */
	size_t fuse_len, fuse_size;
	struct nsi_mounts_self *self;
	/* nsfs mount IDs kept, and the parent IDs of the other mounts: an
	 * nsfs mount that is the parent of another is covered by it (a
	 * file mount point has no other place for a child) */
	struct nsi_hmap nsfs_ids, parents;
};

static int append(char **buf, size_t *len, size_t *size, const char *s,
		  size_t n)
{
	/* 4 KiB at first, then doubled: nsi_grow() passes through it */
	if (*len + n > *size &&
	    nsi_grow(buf, size, *len + n < 4096 ? 4096 : *len + n, 1) < 0)
		return -ENOMEM;
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

/* The hidepid= of the mount of /proc (the kernel shows off as nothing). */
static void take_hidepid(struct libmnt_fs *fs, struct nsi_mounts_self *self)
{
	char *v;
	size_t n;

	if (mnt_fs_get_option(fs, "hidepid", &v, &n) == 0 && v && n &&
	    !(n == 3 && !strncmp(v, "off", 3)) && !(n == 1 && v[0] == '0')) {
		snprintf(self->hidepid, sizeof(self->hidepid), "%.*s", (int)n,
			 v);
		self->hidepid_set = 1;
	}
}

/* One mount of a batch: an nsfs mount, a FUSE mount or /proc's. */
static int take_fs(struct table_reader *t, struct libmnt_fs *fs)
{
	const char *type = mnt_fs_get_fstype(fs);
	const char *point = mnt_fs_get_target(fs);

	if (t->proc_id && (uint64_t)mnt_fs_get_id(fs) == t->proc_id)
		take_hidepid(fs, t->self);
	if ((t->what & NSI_MOUNTS_FUSE) && type && point &&
	    strncmp(type, "fuse", 4) == 0)
		return append(&t->fuse, &t->fuse_len, &t->fuse_size, point,
			      strlen(point) + 1);
	if (!(t->what & NSI_MOUNTS_NSFS))
		return 0;
	return take_mount(t->m, fs, t->pid, t->mntns, &t->nsfs_ids);
}

/* Parse a batch of lines with libmount: 0, -EINVAL or -ENOMEM. */
static int parse_batch(struct table_reader *t, FILE *f, const char *filename)
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
	while (rc >= 0 && mnt_table_next_fs(tb, itr, &fs) == 0)
		rc = take_fs(t, fs);
	if (rc > 0)
		rc = 0;
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	return rc;
}

int nsi_mounts_read_stream(struct nsi_model *m, FILE *f, const char *filename)
{
	struct table_reader t = { .m = m, .what = NSI_MOUNTS_NSFS };
	int rc = parse_batch(&t, f, filename);

	nsi_hmap_release(&t.nsfs_ids);
	return rc;
}

/* libmount is given the name "": a real one, it resolves with
 * realpath(3) to look for a PID in it; NULL is not allowed. */
static int flush(struct table_reader *t)
{
	FILE *f;
	int rc;

	if (!t->keep_len)
		return 0;
	f = fmemopen(t->keep, t->keep_len, "r");
	if (!f)
		return -errno;
	rc = parse_batch(t, f, "");
	fclose(f);
	t->keep_len = 0;
	return rc;
}

/*
 * Whether to keep a line: an nsfs mount's, a FUSE mount's (the type
 * "fuse", "fuseblk" or "fuse.*" follows " - "), or that of the mount
 * whose ID starts the line.
 */
static int wanted(const struct table_reader *t, const char *line, size_t n)
{
	static const char nsfs[] = " - nsfs ", fuse[] = " - fuse";
	size_t idlen = strlen(t->proc_prefix);

	return ((t->what & NSI_MOUNTS_NSFS) &&
		memmem(line, n, nsfs, sizeof(nsfs) - 1)) ||
	       ((t->what & NSI_MOUNTS_FUSE) &&
		memmem(line, n, fuse, sizeof(fuse) - 1)) ||
	       (idlen && n > idlen && memcmp(line, t->proc_prefix, idlen) == 0);
}

/*
 * The parent mount ID of a line that is no nsfs mount's (its second
 * field, proc(5)), remembered: 0 or -ENOMEM.
 */
static int take_parent(struct table_reader *t, const char *line, size_t n)
{
	static const char nsfs[] = " - nsfs ";
	const char *p = memchr(line, ' ', n), *end = line + n;
	unsigned long long v;

	if (!(t->what & NSI_MOUNTS_NSFS) || !p ||
	    memmem(line, n, nsfs, sizeof(nsfs) - 1))
		return 0;
	p++;
	if (nsi_parse_decimal(&p, end, UINT64_MAX, &v) < 0 || p == end ||
	    *p != ' ')
		return 0;	/* no mountinfo line: libmount would say */
	return nsi_hmap_set(&t->parents, nsi_hkey_u64(v), t) < 0 ? -ENOMEM : 0;
}

/* One whole line (with its newline, when it has one). */
static int take_line(struct table_reader *t, const char *line, size_t n)
{
	int rc;

	if (take_parent(t, line, n) < 0)
		return -ENOMEM;
	if (!wanted(t, line, n))
		return 0;
	rc = append(&t->keep, &t->keep_len, &t->keep_size, line, n);
	if (rc == 0 && line[n - 1] != '\n')
		rc = append(&t->keep, &t->keep_len, &t->keep_size, "\n", 1);
	if (rc == 0 && t->keep_len >= BATCH)
		rc = flush(t);
	return rc;
}

static int take_chunk(struct table_reader *t, const char *buf, size_t len)
{
	const char *end = buf + len, *nl;
	int rc = 0;

	for (; rc == 0 && buf < end; buf = nl) {
		nl = memchr(buf, '\n', (size_t)(end - buf));
		if (!nl) {	/* the line goes on in the next chunk */
			if (t->part_len + (size_t)(end - buf) > LINE_MAX_LEN)
				t->part_long = 1;
			if (!t->part_long)
				rc = append(&t->part, &t->part_len,
					    &t->part_size, buf,
					    (size_t)(end - buf));
			break;
		}
		nl++;
		if (t->part_len || t->part_long) {
			if (!t->part_long &&
			    (rc = append(&t->part, &t->part_len, &t->part_size,
					 buf, (size_t)(nl - buf))) == 0)
				rc = take_line(t, t->part, t->part_len);
			t->part_len = 0;
			t->part_long = 0;
		} else {
			rc = take_line(t, buf, (size_t)(nl - buf));
		}
	}
	return rc;
}

/* The nsfs mounts of the table that another mount covers, counted. */
static void count_covered(struct table_reader *t)
{
	struct nsi_hkey key;
	size_t pos = 0;

	while (nsi_hmap_next(&t->nsfs_ids, &pos, &key, NULL))
		if (nsi_hmap_has(&t->parents, key))
			t->m->nsfs_covered++;
}

static int read_file(struct table_reader *tr, int procfd, const char *path)
{
	struct table_reader t = *tr;
	char *chunk;
	ssize_t n;
	int fd, rc = 0;

	fd = nsi_procfs_open_file(procfd, path);
	if (fd < 0)
		return fd;
	chunk = malloc(CHUNK);
	if (!chunk) {
		close(fd);
		return -ENOMEM;
	}
	/* a seq_file: read until read(2) returns 0, not a short read */
	while (rc == 0 && (n = read(fd, chunk, CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		rc = take_chunk(&t, chunk, (size_t)n);
	}
	if (rc == 0 && t.part_len && !t.part_long)
		rc = take_line(&t, t.part, t.part_len);
	if (rc == 0)
		rc = flush(&t);
	if (rc == 0)
		count_covered(&t);
	nsi_hmap_release(&t.nsfs_ids);
	nsi_hmap_release(&t.parents);
	close(fd);
	free(chunk);
	free(t.keep);
	free(t.part);
	tr->fuse = t.fuse;
	tr->fuse_len = t.fuse_len;
	tr->fuse_size = t.fuse_size;
	return rc;
}

int nsi_mounts_read_self(struct nsi_model *m, int procfd, unsigned int what,
			 struct nsi_mounts_self *self)
{
	struct table_reader t = { .m = m, .what = what, .self = self };
	struct statx stx;
	int rc;

	*self = (struct nsi_mounts_self){ .hidepid_set = 0 };
	/* /proc's mount, by the mount ID statx(2) gives (Linux 5.8) */
	if (!(what & NSI_MOUNTS_HIDEPID))
		;
	else if (statx(procfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
		self->hidepid_errno = errno;
	else if (!(stx.stx_mask & STATX_MNT_ID))
		self->hidepid_errno = ENOTSUP;
	else {
		t.proc_id = stx.stx_mnt_id;
		snprintf(t.proc_prefix, sizeof(t.proc_prefix), "%llu ",
			 (unsigned long long)stx.stx_mnt_id);
	}
	rc = read_file(&t, procfd, "self/mountinfo");
	/* the empty string after the last */
	if (rc == 0 && (what & NSI_MOUNTS_FUSE))
		rc = append(&t.fuse, &t.fuse_len, &t.fuse_size, "", 1);
	if (rc == 0 && (what & NSI_MOUNTS_FUSE)) {
		free(m->fuse_points);
		m->fuse_points = t.fuse;
		t.fuse = NULL;
	}
	free(t.fuse);
	return rc;
}

int nsi_mounts_read_other(struct nsi_model *m, int procfd, pid_t pid,
			  ino_t mntns)
{
	struct table_reader t = { .m = m, .pid = pid, .mntns = mntns,
				  .what = NSI_MOUNTS_NSFS };
	char path[32];

	snprintf(path, sizeof(path), "%d/mountinfo", (int)pid);
	return read_file(&t, procfd, path);
}
