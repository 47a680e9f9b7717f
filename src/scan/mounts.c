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

#include "mounts.h"
#include "procfs.h"

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
 * One mount of a table: a mount point of our mount namespace (@mntns 0)
 * is an nsfs path; one of another is a holder.  Only the types the scan
 * looks for (m->have_type) are kept.  0 or -ENOMEM.
 */
static int take_mount(struct nsi_model *m, struct libmnt_fs *fs, pid_t pid,
		      ino_t mntns)
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
	if (mntns)
		return nsi_ns_add_holder(ns, NSI_HOLD_BIND_MOUNT, pid, -1,
					 target, mntns);
	return nsi_ns_add_nsfs(ns, target);
}

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
	while (rc >= 0 && mnt_table_next_fs(tb, itr, &fs) == 0)
		rc = take_mount(m, fs, pid, mntns);
	if (rc > 0)
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
	char *keep;		/* nsfs lines not parsed yet */
	size_t keep_len, keep_size;
	char *part;		/* a line whose end is in the next chunk */
	size_t part_len, part_size;
	int part_long;		/* that line is past LINE_MAX_LEN: dropped */
};

static int append(char **buf, size_t *len, size_t *size, const char *s,
		  size_t n)
{
	char *big;

	if (*len + n > *size) {
		size_t want = *size ? *size : 4096;

		while (want < *len + n)
			want *= 2;
		big = realloc(*buf, want);
		if (!big)
			return -ENOMEM;
		*buf = big;
		*size = want;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
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
	rc = read_table(t->m, f, "", t->pid, t->mntns);
	fclose(f);
	t->keep_len = 0;
	return rc;
}

/* One whole line (with its newline, when it has one). */
static int take_line(struct table_reader *t, const char *line, size_t n)
{
	static const char mark[] = " - nsfs ";
	int rc;

	if (!memmem(line, n, mark, sizeof(mark) - 1))
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

static int read_file(struct nsi_model *m, int procfd, const char *path,
		     pid_t pid, ino_t mntns)
{
	struct table_reader t = { .m = m, .pid = pid, .mntns = mntns };
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
	close(fd);
	free(chunk);
	free(t.keep);
	free(t.part);
	return rc;
}

/*
 * Our own mount table, read whole (nsi_procfs_read_records()), as a
 * stream for libmount (fmemopen(3)).  NULL with *@rc = -errno, or 0 for
 * an empty file; free with close_stream().
 */
static FILE *open_stream(int procfd, const char *path, char *stackbuf,
			 size_t size, char **buf, int *rc)
{
	size_t len;
	FILE *f;

	*rc = nsi_procfs_read_records(procfd, path, stackbuf, size, buf,
				      &len);
	if (*rc < 0)
		return NULL;
	f = len ? fmemopen(*buf, len, "r") : NULL;
	if (!f) {
		*rc = len ? -errno : 0;
		nsi_procfs_read_done(*buf, stackbuf);
	}
	return f;
}

static void close_stream(FILE *f, char *buf, const char *stackbuf)
{
	fclose(f);
	nsi_procfs_read_done(buf, stackbuf);
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

int nsi_mounts_proc_hidepid(int procfd, char *value, size_t size)
{
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	char stackbuf[16384], *buf;
	struct statx stx;
	FILE *f;
	int rc;

	value[0] = '\0';
	if (statx(procfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return -ENOTSUP;
	f = open_stream(procfd, "self/mountinfo", stackbuf, sizeof(stackbuf),
			&buf, &rc);
	if (!f)
		return rc;
	tb = mnt_new_table();
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!tb || !itr)
		rc = -ENOMEM;
	else if (mnt_table_parse_stream(tb, f, "") < 0)
		rc = -EINVAL;
	while (rc == 0 && mnt_table_next_fs(tb, itr, &fs) == 0) {
		char *v;
		size_t n;

		if ((uint64_t)mnt_fs_get_id(fs) != stx.stx_mnt_id)
			continue;
		/* the kernel shows hidepid=off as nothing at all */
		if (mnt_fs_get_option(fs, "hidepid", &v, &n) == 0 && v &&
		    n && !(n == 3 && !strncmp(v, "off", 3)) &&
		    !(n == 1 && v[0] == '0')) {
			snprintf(value, size, "%.*s", (int)n, v);
			rc = 1;
		}
		break;
	}
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	close_stream(f, buf, stackbuf);
	return rc;
}

char *nsi_mounts_fuse_points(int procfd)
{
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	char stackbuf[16384], *buf, *out = NULL;
	size_t len = 0, size = 1;
	FILE *f;
	int rc;

	f = open_stream(procfd, "self/mountinfo", stackbuf, sizeof(stackbuf),
			&buf, &rc);
	if (!f)
		return NULL;
	tb = mnt_new_table();
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	out = malloc(size);
	if (!tb || !itr || !out || mnt_table_parse_stream(tb, f, "") < 0)
		goto fail;
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *type = mnt_fs_get_fstype(fs);
		const char *point = mnt_fs_get_target(fs);
		size_t n;
		char *big;

		if (!type || strncmp(type, "fuse", 4) != 0 || !point)
			continue;
		n = strlen(point) + 1;
		big = realloc(out, size + n);
		if (!big)
			goto fail;
		out = big;
		memcpy(out + len, point, n);
		len += n;
		size += n;
	}
	out[len] = '\0';
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	close_stream(f, buf, stackbuf);
	return out;
fail:
	free(out);
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	close_stream(f, buf, stackbuf);
	return NULL;
}
