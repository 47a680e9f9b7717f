/*
 * test-fileio.c - unit tests of fileio.h: nsi_open_regular() refuses what
 * is not a regular file (and, when asked, a symlink), nsi_open_beneath()
 * stays below its directory, nsi_read_fd() reads a whole file up to its
 * cap and refuses one past it, also one that grows past it.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "check-tap.h"

static char dir[64];
static int dirfd_;

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/nsi-fileio.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dirfd_ = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd_, 0);
}

static void teardown(void)
{
	static const char *const names[] = { "f", "fifo", "link", "sub/g",
					     "sub" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (unlinkat(dirfd_, names[i], 0) < 0)
			unlinkat(dirfd_, names[i], AT_REMOVEDIR);
	close(dirfd_);
	rmdir(dir);
}

/* Write @len bytes of 'x' to @name below the test directory. */
static void make_file(const char *name, size_t len)
{
	int fd = openat(dirfd_, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *buf = malloc(len + 1);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'x', len);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	free(buf);
	close(fd);
}

/* nsi_read_fd() of @name with cap @max: its return, *len set. */
static int read_name(const char *name, size_t max, size_t *len)
{
	char *buf = (char *)1;
	int fd = nsi_open_regular(dirfd_, name, 0), rc;

	ck_assert_int_ge(fd, 0);
	rc = nsi_read_fd(fd, max, &buf, len);
	close(fd);
	if (rc == 0) {
		ck_assert_int_eq(buf[*len], '\0');
		ck_assert_uint_eq(strspn(buf, "x"), *len);
	} else {
		ck_assert_ptr_null(buf);
		ck_assert_uint_eq(*len, 0);
	}
	free(buf);
	return rc;
}

START_TEST(test_read_cap)
{
	size_t len;

	make_file("f", 0);
	ck_assert_int_eq(read_name("f", 10, &len), 0);
	ck_assert_uint_eq(len, 0);
	make_file("f", 10);
	ck_assert_int_eq(read_name("f", 10, &len), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_int_eq(read_name("f", 9, &len), -EFBIG);
	make_file("f", 100000);
	ck_assert_int_eq(read_name("f", 1 << 20, &len), 0);
	ck_assert_uint_eq(len, 100000);
}
END_TEST

/* What fstat(2) does not tell (a pipe: size 0) is read on, to the cap. */
START_TEST(test_read_grows)
{
	int p[2];
	char *buf;
	size_t len;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "0123456789abcdef", 16), 16);
	close(p[1]);
	ck_assert_int_eq(nsi_read_fd(p[0], 16, &buf, &len), 0);
	ck_assert_uint_eq(len, 16);
	ck_assert_str_eq(buf, "0123456789abcdef");
	free(buf);
	close(p[0]);

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "0123456789abcdef", 16), 16);
	close(p[1]);
	ck_assert_int_eq(nsi_read_fd(p[0], 15, &buf, &len), -EFBIG);
	close(p[0]);
}
END_TEST

START_TEST(test_open_regular)
{
	int fd;

	make_file("f", 1);
	ck_assert_int_eq(mkfifoat(dirfd_, "fifo", 0600), 0);
	ck_assert_int_eq(symlinkat("f", dirfd_, "link"), 0);
	ck_assert_int_eq(mkdirat(dirfd_, "sub", 0700), 0);

	ck_assert_int_eq(nsi_open_regular(dirfd_, "fifo", 0), -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_open_regular(dirfd_, "sub", 0), -EMEDIUMTYPE);
	ck_assert_int_eq(nsi_open_regular(dirfd_, "sub", NSI_OPEN_EISDIR),
			 -EISDIR);
	ck_assert_int_eq(nsi_open_regular(dirfd_, "link", NSI_OPEN_NOFOLLOW),
			 -ELOOP);
	ck_assert_int_eq(nsi_open_regular(dirfd_, "none", 0), -ENOENT);
	fd = nsi_open_regular(dirfd_, "link", 0);	/* followed */
	ck_assert_int_ge(fd, 0);
	close(fd);
}
END_TEST

START_TEST(test_open_beneath)
{
	int fd;

	ck_assert_int_eq(mkdirat(dirfd_, "sub", 0700), 0);
	make_file("sub/g", 1);
	ck_assert_int_eq(symlinkat("sub/g", dirfd_, "link"), 0);
	fd = nsi_open_beneath(dirfd_, "sub/g", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_lt(nsi_open_beneath(dirfd_, "link", O_RDONLY), 0);
	ck_assert_int_lt(nsi_open_beneath(dirfd_, "../tmp", O_RDONLY), 0);
	ck_assert_int_lt(nsi_open_beneath(dirfd_, "/etc/passwd", O_RDONLY),
			 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fileio");
	TCase *tc = tcase_create("fileio");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_read_cap);
	tcase_add_test(tc, test_read_grows);
	tcase_add_test(tc, test_open_regular);
	tcase_add_test(tc, test_open_beneath);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
