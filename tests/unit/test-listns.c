/*
 * test-listns.c - unit tests of listns.h: the request and handle structs
 * have the sizes and offsets of the kernel's UAPI; the run-time probe
 * says what the running kernel has (listns(2) from Linux 6.19, judged by
 * uname(2)), and on a kernel without it the collector adds nothing and
 * returns 0; a namespace opened by its nsfs file handle
 * (name_to_handle_at(2), Linux 6.18) is the namespace the handle was
 * made from (same inode, same ID as ioctl NS_GET_ID says), a handle with
 * a wrong inode opens nothing, and a namespace the model knows only by
 * its listns ID opens through nsi_ns_open() where the kernel can open an
 * ID alone (6.19), not before.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check-tap.h"
#include "columns.h"
#include "listns.h"
#include "model.h"
#include "nsenter.h"
#include "procfs.h"

#ifndef NS_GET_ID
#define NS_GET_ID _IOR(0xb7, 13, uint64_t)	/* include/uapi/linux/nsfs.h */
#endif

/* The layout of include/uapi/linux/nsfs.h, field by field. */
_Static_assert(sizeof(struct nsi_ns_id_req) == 32, "ns_id_req VER0");
_Static_assert(offsetof(struct nsi_ns_id_req, spare) == 4, "spare");
_Static_assert(offsetof(struct nsi_ns_id_req, ns_id) == 8, "ns_id");
_Static_assert(offsetof(struct nsi_ns_id_req, ns_type) == 16, "ns_type");
_Static_assert(offsetof(struct nsi_ns_id_req, spare2) == 20, "spare2");
_Static_assert(offsetof(struct nsi_ns_id_req, user_ns_id) == 24, "owner");
_Static_assert(sizeof(struct nsi_nsfs_handle) == 16, "nsfs_file_handle");
_Static_assert(offsetof(struct nsi_nsfs_handle, ns_type) == 8, "ns_type");
_Static_assert(offsetof(struct nsi_nsfs_handle, ns_inum) == 12, "ns_inum");

/* Whether the running kernel is at least @maj.@min, by uname(2). */
static int kernel_at_least(int maj, int min)
{
	struct utsname u;
	int a = 0, b = 0;

	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_eq(sscanf(u.release, "%d.%d", &a, &b), 2);
	return a > maj || (a == maj && b >= min);
}

START_TEST(test_probe_matches_kernel)
{
	int has = kernel_at_least(6, 19);

	/* asked twice: the cached answer is the same */
	ck_assert_int_eq(nsi_listns_probe(), has);
	ck_assert_int_eq(nsi_listns_probe(), has);
	if (!has) {
		/* ENOSYS, or EPERM under a seccomp filter that says so */
		ck_assert(nsi_listns_probe_errno() == ENOSYS ||
			  nsi_listns_probe_errno() == EPERM);
	} else {
		ck_assert_int_eq(nsi_listns_probe_errno(), 0);
	}
}
END_TEST

/* Without listns(2), the collector leaves the model as it was. */
START_TEST(test_add_without_listns)
{
	struct nsi_model m;
	size_t added = 99;
	int t;

	if (kernel_at_least(6, 19))
		return;	/* the fallback only runs before 6.19 */
	nsi_model_init(&m);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m.have_type[t] = 1;
	ck_assert_ptr_nonnull(nsi_model_get_ns(&m, NSI_NS_NET, 42, 1));
	ck_assert_int_eq(nsi_listns_add(&m, &added), 0);
	ck_assert_uint_eq(added, 0);
	ck_assert_uint_eq(m.nns, 1);
	nsi_model_release(&m);
}
END_TEST

/* The nsfs file handle of /proc/self/ns/@name, from the kernel. */
static void handle_of(const char *name, struct nsi_nsfs_handle *h,
		      struct stat *st, uint64_t *id)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + 128];
	} u;
	char path[64];
	int fd, mnt;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, st), 0);
	ck_assert_int_eq(ioctl(fd, NS_GET_ID, id), 0);
	memset(&u, 0, sizeof(u));
	u.fh.handle_bytes = 128;
	ck_assert_int_eq(name_to_handle_at(fd, "", &u.fh, &mnt,
					   AT_EMPTY_PATH), 0);
	close(fd);
	ck_assert_int_eq(u.fh.handle_type, FILEID_NSFS);
	ck_assert_uint_eq(u.fh.handle_bytes, sizeof(*h));
	memcpy(h, u.fh.f_handle, sizeof(*h));
}

/* The inode of the namespace nsi_ns_open_handle() opens for @h, or 0. */
static ino_t ino_by_handle(const struct nsi_nsfs_handle *h, int flags)
{
	struct stat st;
	int fd = nsi_ns_open_handle(h, flags);

	if (fd < 0)
		return 0;
	ck_assert_int_eq(fstat(fd, &st), 0);
	close(fd);
	return st.st_ino;
}

START_TEST(test_open_by_handle)
{
	static const char *const names[] = { "net", "uts", "ipc", "user" };
	struct nsi_nsfs_handle h, bad;
	struct stat st;
	uint64_t id;
	size_t i;

	if (!kernel_at_least(6, 18))
		return;	/* nsfs file handles came with 6.18 */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		handle_of(names[i], &h, &st, &id);
		/* the handle names the namespace the link shows */
		ck_assert_uint_eq(h.ns_id, id);
		ck_assert_uint_eq(h.ns_inum, st.st_ino);
		ck_assert_uint_eq(h.ns_type, (uint32_t)nsi_ns_clone_flag(
			nsi_ns_type_from_name(names[i], strlen(names[i]))));
		ck_assert_uint_eq(ino_by_handle(&h, O_RDONLY | O_CLOEXEC),
				  st.st_ino);
		ck_assert_uint_eq(ino_by_handle(&h, O_PATH | O_CLOEXEC),
				  st.st_ino);
		/* a handle whose inode is not the namespace's opens nothing */
		bad = h;
		bad.ns_inum = h.ns_inum ^ 1;
		ck_assert_int_lt(nsi_ns_open_handle(&bad, O_RDONLY |
						    O_CLOEXEC), 0);
	}
}
END_TEST

/*
 * A namespace only listns(2) found: its HELD_BY text, and nsi_ns_open()
 * through the ID alone, which the kernel takes from 6.19 on.
 */
START_TEST(test_listns_holder)
{
	struct nsi_nsfs_handle h;
	struct nsi_model m;
	struct nsi_ns *ns;
	struct stat st;
	uint64_t id;
	char *text;
	int procfd, fd;

	if (!kernel_at_least(6, 18))
		return;
	handle_of("net", &h, &st, &id);
	nsi_model_init(&m);
	ns = nsi_model_get_ns(&m, NSI_NS_NET, st.st_ino, 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(nsi_ns_add_listed(ns, id), 0);
	ck_assert_uint_eq(ns->holders[0].id, id);
	text = nsi_holder_text(NSI_NS_NET, &ns->holders[0]);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(strncmp(text, "listns ID ", 10), 0);
	ck_assert_uint_eq(strtoull(text + 10, NULL, 10), id);
	free(text);
	ck_assert_str_eq(nsi_holder_kind_name(NSI_HOLD_LISTNS), "listns");
	procfd = nsi_procfs_open("/proc");
	ck_assert_int_ge(procfd, 0);
	fd = nsi_ns_open(ns, procfd);
	if (kernel_at_least(6, 19)) {
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(fstat(fd, &st), 0);
		ck_assert_uint_eq(st.st_ino, ns->ino);
		close(fd);
	} else {
		/* 6.18 finds a namespace by ID only with its type and inode */
		ck_assert_int_lt(fd, 0);
	}
	close(procfd);
	nsi_model_release(&m);
}
END_TEST

static Suite *listns_suite(void)
{
	Suite *s = suite_create("listns");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_probe_matches_kernel);
	tcase_add_test(tc, test_add_without_listns);
	tcase_add_test(tc, test_open_by_handle);
	tcase_add_test(tc, test_listns_holder);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return nsi_check_run(listns_suite());
}
