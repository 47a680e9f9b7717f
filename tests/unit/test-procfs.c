/*
 * test-procfs.c - unit tests of what nsinspect opens (procfs.h,
 * nsenter.h): a proc-root that is not procfs is told apart, a FIFO or
 * device in place of a proc file is refused without blocking or reading
 * it, a proc file larger than NSI_PROCFS_READ_MAX is refused whole, and
 * a FIFO or other file in place of an nsfs file is skipped, never opened.
 *
 * FIFOs and a 2 GiB sparse file cannot be kept in tests/fixtures: each
 * test makes its own tree in a temporary directory.  On a build without
 * these checks the FIFO tests block in open(2) and fail by Check's
 * timeout.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check-tap.h"
#include "model.h"
#include "nsenter.h"
#include "proc-status.h"
#include "procfs.h"
#include "util.h"

static char tree[256];	/* a fixture proc-root of the test's own */
static int treefd = -1;
static int procfd = -1;	/* the real /proc, for nsi_nsfs_open()'s reopen */

static void tree_setup(void)
{
	snprintf(tree, sizeof(tree), "%s/nsi-procfs.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tree));
	treefd = nsi_procfs_open(tree);
	ck_assert_int_ge(treefd, 0);
	ck_assert_int_eq(mkdirat(treefd, "1", 0755), 0);
	procfd = nsi_procfs_open("/proc");
	ck_assert_int_ge(procfd, 0);
}

static void tree_teardown(void)
{
	char cmd[sizeof(tree) + 16];

	close(treefd);
	close(procfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	if (system(cmd) != 0)
		fprintf(stderr, "# cannot remove %s\n", tree);
}

/* tree/1/@name: a sparse regular file of @size bytes. */
static void make_sparse(const char *name, off_t size)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "1/%s", name);
	fd = openat(treefd, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, size), 0);
	close(fd);
}

START_TEST(test_check_proc)
{
	ck_assert_int_eq(nsi_procfs_check(procfd), 0);
}
END_TEST

START_TEST(test_check_not_proc)
{
	ck_assert_int_eq(nsi_procfs_check(treefd), -EMEDIUMTYPE);
}
END_TEST

START_TEST(test_read_fifo)
{
	char stackbuf[64], *buf;
	struct nsi_status st;
	size_t len;

	ck_assert_int_eq(mkfifoat(treefd, "1/status", 0644), 0);
	ck_assert_int_eq(nsi_procfs_read(treefd, "1/status", stackbuf,
					 sizeof(stackbuf), &buf, &len),
			 -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_procfs_read_records(treefd, "1/status",
						 stackbuf, sizeof(stackbuf),
						 &buf, &len), -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_status_read(treefd, 1, &st), -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_procfs_open_file(treefd, "1/status"),
			 -EMEDIUMTYPE);
}
END_TEST

START_TEST(test_read_device)
{
	char stackbuf[64], *buf;
	size_t len;

	/* /dev/zero in place of a command line: never read */
	ck_assert_int_eq(symlinkat("/dev/zero", treefd, "1/cmdline"), 0);
	ck_assert_int_eq(nsi_procfs_read(treefd, "1/cmdline", stackbuf,
					 sizeof(stackbuf), &buf, &len),
			 -EMEDIUMTYPE);
}
END_TEST

START_TEST(test_read_over_cap)
{
	char stackbuf[4096], *buf;
	size_t len;

	/* 2 GiB: refused once the cap is passed, not read to the end */
	make_sparse("cmdline", (off_t)2 << 30);
	ck_assert_int_eq(nsi_procfs_read(treefd, "1/cmdline", stackbuf,
					 sizeof(stackbuf), &buf, &len),
			 -EFBIG);
	ck_assert_ptr_null(buf);
	make_sparse("mountinfo", (off_t)NSI_PROCFS_READ_MAX + 1);
	ck_assert_int_eq(nsi_procfs_read_records(treefd, "1/mountinfo",
						 stackbuf, sizeof(stackbuf),
						 &buf, &len), -EFBIG);
}
END_TEST

START_TEST(test_read_at_cap)
{
	char stackbuf[4096], *buf;
	size_t len;

	/* a command line of many megabytes is read whole */
	make_sparse("cmdline", (off_t)NSI_PROCFS_READ_MAX);
	ck_assert_int_eq(nsi_procfs_read(treefd, "1/cmdline", stackbuf,
					 sizeof(stackbuf), &buf, &len), 0);
	ck_assert_uint_eq(len, NSI_PROCFS_READ_MAX);
	ck_assert_int_eq(buf[len], '\0');
	nsi_procfs_read_done(buf, stackbuf);
	make_sparse("cmdline", 6 << 20);
	ck_assert_int_eq(nsi_procfs_read(treefd, "1/cmdline", stackbuf,
					 sizeof(stackbuf), &buf, &len), 0);
	ck_assert_uint_eq(len, 6 << 20);
	nsi_procfs_read_done(buf, stackbuf);
}
END_TEST

/* A namespace of the model held only by "nsfs mount points" @paths. */
static struct nsi_ns fake_ns(char **paths, size_t n, ino_t ino)
{
	struct nsi_ns ns;

	memset(&ns, 0, sizeof(ns));
	ns.type = NSI_NS_NET;
	ns.ino = ino;
	ns.nsfs = paths;
	ns.nnsfs = n;
	return ns;
}

static ino_t our_netns(void)
{
	struct stat st;

	ck_assert_int_eq(stat("/proc/self/ns/net", &st), 0);
	return st.st_ino;
}

START_TEST(test_ns_open_fifo)
{
	char fifo[PATH_MAX], *paths[1] = { fifo };
	struct nsi_ns ns;

	/* a FIFO over the only mount point: skipped, no wait for a writer */
	snprintf(fifo, sizeof(fifo), "%s/1/netns", tree);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	ns = fake_ns(paths, 1, our_netns());
	ck_assert_int_lt(nsi_ns_open(&ns, procfd), 0);
}
END_TEST

START_TEST(test_ns_open_skips)
{
	char fifo[PATH_MAX], file[PATH_MAX];
	char *paths[3] = { fifo, file, (char *)"/proc/self/ns/net" };
	struct nsi_ns ns;
	struct stat st;
	int fd;

	snprintf(fifo, sizeof(fifo), "%s/1/fifo", tree);
	snprintf(file, sizeof(file), "%s/1/file", tree);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	make_sparse("file", 10);
	ns = fake_ns(paths, 3, our_netns());
	fd = nsi_ns_open(&ns, procfd);
	ck_assert_int_ge(fd, 0);
	/* a real fd of the namespace: not O_PATH */
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_uint_eq(st.st_ino, ns.ino);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_PATH, 0);
	close(fd);

	/* none left: the error of the last path */
	ns.nnsfs = 2;
	ck_assert_int_eq(nsi_ns_open(&ns, procfd), -EMEDIUMTYPE);
}
END_TEST

START_TEST(test_nsfs_open)
{
	ino_t ino = our_netns(), got = 0;
	int fd;

	fd = nsi_nsfs_open(procfd, procfd, "self/ns/net", ino, &got);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(got, ino);
	close(fd);
	ck_assert_int_eq(nsi_nsfs_open(procfd, procfd, "self/ns/net",
				       ino + 1, NULL), -ESTALE);
	ck_assert_int_eq(nsi_nsfs_open(procfd, AT_FDCWD, "/dev/null", 0,
				       NULL), -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_nsfs_open(procfd, treefd, "1/none", 0, NULL),
			 -ENOENT);
}
END_TEST

/* proc(5)'s stat: the fields after a comm with spaces and parentheses */
START_TEST(test_stat_parse)
{
	static const char ok[] = "42 (a) b (c) d) S 1 42 42 0 -1 4194560 "
		"100 0 0 0 1 2 0 0 20 0 3 0 987654 1234 56";
	static const char short_[] = "42 (x) S 1 42 42 0 -1";
	static const char kthread[] = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 "
		"0 0 0 0 0 0 20 0 1 0 3 0 0";
	struct nsi_stat st;
	/* the same line with field 22 past the end of an unsigned long long */
	char big[256];

	ck_assert_int_eq(nsi_stat_parse(ok, strlen(ok), &st), 0);
	ck_assert_uint_eq(st.start_time, 987654);
	ck_assert_str_eq(st.comm, "a) b (c) d");
	ck_assert_int_eq(st.state, 'S');
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_uint_eq(st.flags, 4194560);
	ck_assert(!(st.flags & NSI_PF_KTHREAD));
	ck_assert_int_eq(st.threads, 3);
	ck_assert_int_eq(nsi_stat_parse(kthread, strlen(kthread), &st), 0);
	ck_assert(st.flags & NSI_PF_KTHREAD);
	ck_assert_int_eq(st.ppid, 0);
	ck_assert_int_eq(nsi_stat_parse(short_, strlen(short_), &st),
			 -EBADMSG);
	ck_assert_int_eq(nsi_stat_parse("42 no paren", 11, &st), -EBADMSG);
	ck_assert_int_eq(nsi_stat_parse("42 x) (S", 8, &st), -EBADMSG);
	snprintf(big, sizeof(big), "42 (x) S 1 42 42 0 -1 4194560 100 0 0 "
		 "0 1 2 0 0 20 0 1 0 99999999999999999999999 1");
	ck_assert_int_eq(nsi_stat_parse(big, strlen(big), &st), -EBADMSG);
	/* a PPID that is no number */
	snprintf(big, sizeof(big), "42 (x) S y 42 42 0 -1 4194560 100 0 0 "
		 "0 1 2 0 0 20 0 1 0 5 1");
	ck_assert_int_eq(nsi_stat_parse(big, strlen(big), &st), -EBADMSG);
	/* not NUL-terminated: the length is what counts */
	ck_assert_int_eq(nsi_stat_parse(ok, strlen(ok) - 12, &st), 0);
	ck_assert_uint_eq(st.start_time, 98);
}
END_TEST

/* the one decimal parser of the /proc readers (util.h) */
START_TEST(test_parse_decimal)
{
	static const char max64[] = "18446744073709551615 ", over64[] =
		"18446744073709551616";
	const char *p, *s;
	unsigned long long v;

	p = s = "2147483647x";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 11, INT_MAX, &v), 0);
	ck_assert_uint_eq(v, INT_MAX);
	ck_assert_ptr_eq(p, s + 10);	/* at the 'x': the caller judges it */
	p = s = "2147483648";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 10, INT_MAX, &v), -ERANGE);
	ck_assert_ptr_eq(p, s);		/* not moved on failure */
	/* the last digit alone is over: 7 > 5 */
	p = s = "7";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 1, 5, &v), -ERANGE);
	p = s = "5";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 1, 5, &v), 0);
	ck_assert_uint_eq(v, 5);
	p = max64;
	ck_assert_int_eq(nsi_parse_decimal(&p, max64 + sizeof(max64) - 1,
					   ~0ULL, &v), 0);
	ck_assert(v == ~0ULL);
	ck_assert_int_eq(*p, ' ');
	p = over64;
	ck_assert_int_eq(nsi_parse_decimal(&p, over64 + sizeof(over64) - 1,
					   ~0ULL, &v), -ERANGE);
	/* no digit: a sign, a blank, the end */
	p = s = "-1";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 2, ~0ULL, &v), -EINVAL);
	p = s = " 1";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 2, ~0ULL, &v), -EINVAL);
	p = s = "1";
	ck_assert_int_eq(nsi_parse_decimal(&p, s, ~0ULL, &v), -EINVAL);
	/* not NUL-terminated: @end is what counts */
	p = s = "12345";
	ck_assert_int_eq(nsi_parse_decimal(&p, s + 3, ~0ULL, &v), 0);
	ck_assert_uint_eq(v, 123);
	ck_assert_ptr_eq(p, s + 3);
}
END_TEST

/* the pinned process's own start time is the one libproc2's scan saw */
START_TEST(test_pin_stat)
{
	char buf[4096];
	struct nsi_stat want, st;
	struct nsi_pin pin;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;

	ck_assert_int_ge(n, 1);
	close(fd);
	ck_assert_int_eq(nsi_stat_parse(buf, (size_t)n, &want), 0);
	ck_assert_int_eq(nsi_pin_open(procfd, getpid(), 0, &pin), 0);
	ck_assert_int_eq(nsi_pin_stat(&pin, &st), 0);
	ck_assert_uint_eq(st.start_time, want.start_time);
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_int_eq(st.threads, 1);
	nsi_pin_close(&pin);
	close(procfd);
}
END_TEST

static Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *tc;

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_check_proc);
	tcase_add_test(tc, test_check_not_proc);
	tcase_add_test(tc, test_read_fifo);
	tcase_add_test(tc, test_read_device);
	tcase_add_test(tc, test_read_over_cap);
	tcase_add_test(tc, test_read_at_cap);
	tcase_add_test(tc, test_ns_open_fifo);
	tcase_add_test(tc, test_ns_open_skips);
	tcase_add_test(tc, test_nsfs_open);
	tcase_add_test(tc, test_stat_parse);
	tcase_add_test(tc, test_parse_decimal);
	tcase_add_test(tc, test_pin_stat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return nsi_check_run(procfs_suite());
}
