/*
 * listns-shim.c - LD_PRELOAD library of tests/ts/listns.sh: listns(2)
 * (Linux 6.19) on a kernel without it, so that nsinspect's listns path
 * runs where the real call does not exist.
 *
 * syscall(2) number 470 (__NR_listns) is answered from a table in the
 * environment, NSI_TEST_LISTNS="ID:TYPE:INUM,..." (decimal ID, CLONE_NEW*
 * type in hex, decimal inode: what name_to_handle_at(2) gives for an nsfs
 * file), as kernel/nstree.c would: EINVAL for a flag, the IDs of the
 * requested types above the request's ns_id in ascending order, ENOENT
 * when a continued listing has nothing more.  open_by_handle_at(2) on
 * FD_NSFS_ROOT with a handle that has the ID alone (which 6.19 accepts)
 * gets the type and inode of the table filled in (which 6.18 needs), and
 * the real call then opens the real namespace.  With
 * NSI_TEST_LISTNS_LOG=FILE each listns call appends "flags=F type=T" to
 * FILE.  Every other call reaches the C library unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHIM_NR_LISTNS	470
#define SHIM_NSFS_ROOT	-10003
#define SHIM_MAX	64

struct shim_ns {
	uint64_t id;
	uint32_t type, inum;
};

/* struct ns_id_req of include/uapi/linux/nsfs.h */
struct shim_req {
	uint32_t size, spare;
	uint64_t ns_id;
	uint32_t ns_type, spare2;
	uint64_t user_ns_id;
};

static struct shim_ns table[SHIM_MAX];
static int ntable = -1;

static void load(void)
{
	const char *s = getenv("NSI_TEST_LISTNS");
	unsigned long long id;
	unsigned int type, inum;
	int n;

	ntable = 0;
	while (s && *s && ntable < SHIM_MAX &&
	       sscanf(s, "%llu:%x:%u%n", &id, &type, &inum, &n) == 3) {
		table[ntable++] = (struct shim_ns){ id, type, inum };
		s += n;
		if (*s == ',')
			s++;
	}
}

static void log_call(unsigned long flags, const struct shim_req *r)
{
	const char *path = getenv("NSI_TEST_LISTNS_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;

	if (!f)
		return;
	fprintf(f, "flags=%#lx type=%#x\n", flags,
		flags ? 0 : (unsigned int)r->ns_type);
	fclose(f);
}

static long listns(const struct shim_req *r, uint64_t *ids, size_t n,
		   unsigned long flags)
{
	uint64_t last = flags ? 0 : r->ns_id;
	size_t got = 0;
	int i, best;

	if (ntable < 0)
		load();
	log_call(flags, r);
	if (flags) {
		errno = EINVAL;
		return -1;
	}
	while (got < n) {
		best = -1;
		for (i = 0; i < ntable; i++)
			if (table[i].id > last &&
			    (!r->ns_type || (r->ns_type & table[i].type)) &&
			    (best < 0 || table[i].id < table[best].id))
				best = i;
		if (best < 0)
			break;
		ids[got++] = last = table[best].id;
	}
	if (!got && r->ns_id) {
		errno = ENOENT;
		return -1;
	}
	return (long)got;
}

/* Six arguments are read, as glibc's syscall(2) itself does. */
long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SHIM_NR_LISTNS)
		return listns((const struct shim_req *)a[0], (uint64_t *)a[1],
			      (size_t)a[2], (unsigned long)a[3]);
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int open_by_handle_at(int mount_fd, struct file_handle *fh, int flags)
{
	static int (*real)(int, struct file_handle *, int);
	uint64_t id;
	uint32_t zero[2];
	int i;

	if (!real)
		real = (int (*)(int, struct file_handle *, int))dlsym(
			RTLD_NEXT, "open_by_handle_at");
	if (ntable < 0)
		load();
	if (mount_fd == SHIM_NSFS_ROOT && fh->handle_bytes == 16) {
		memcpy(&id, fh->f_handle, sizeof(id));
		memcpy(zero, fh->f_handle + 8, sizeof(zero));
		for (i = 0; !zero[0] && !zero[1] && i < ntable; i++) {
			if (table[i].id != id)
				continue;
			memcpy(fh->f_handle + 8, &table[i].type, 4);
			memcpy(fh->f_handle + 12, &table[i].inum, 4);
		}
	}
	return real(mount_fd, fh, flags);
}
