/*
 * test-mounts.c - unit tests of the nsfs mount collector (mounts.h):
 * nsi_mounts_parse_nsfs_root() and nsi_mounts_read_stream() on the
 * mountinfo fixtures of FIXTURES/mountinfo (format of proc(5)):
 *   basic    a host table: ext4, proc, sysfs, tmpfs, ... and nsfs mounts of
 *            net 4026532008 (/run/netns/a and /run/docker/netns/abc), net
 *            4026532311 (/run/netns/my ns, escaped as \040, mounted twice
 *            on the same point), mnt 4026532300 and cgroup 4026532402
 *   plain    no nsfs mount
 *   badline  a line that is not mountinfo, an nsfs mount whose root is not
 *            TYPE:[INODE], between good nsfs mounts
 *   garbage  no mountinfo line at all (libmount then reads it as fstab,
 *            where an nsfs entry has no root field)
 *   empty    nothing
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check-tap.h"
#include "model.h"
#include "mounts.h"
#include "procfs.h"

START_TEST(test_parse_root_net)
{
	enum nsi_ns_type type = NSI_NS_MNT;
	ino_t ino = 0;

	ck_assert_int_eq(nsi_mounts_parse_nsfs_root("net:[4026532008]", &type, &ino), 0);
	ck_assert_int_eq(type, NSI_NS_NET);
	ck_assert_uint_eq(ino, 4026532008ULL);
}
END_TEST

START_TEST(test_parse_root_every_type)
{
	static const struct {
		const char *root;
		enum nsi_ns_type type;
		unsigned long long ino;
	} cases[] = {
		{ "mnt:[4026531841]", NSI_NS_MNT, 4026531841ULL },
		{ "net:[4026531840]", NSI_NS_NET, 4026531840ULL },
		{ "pid:[4026531836]", NSI_NS_PID, 4026531836ULL },
		{ "user:[4026531837]", NSI_NS_USER, 4026531837ULL },
		{ "uts:[4026531838]", NSI_NS_UTS, 4026531838ULL },
		{ "ipc:[4026531839]", NSI_NS_IPC, 4026531839ULL },
		{ "cgroup:[4026531835]", NSI_NS_CGROUP, 4026531835ULL },
		{ "time:[4026531834]", NSI_NS_TIME, 4026531834ULL },
		{ "net:[1]", NSI_NS_NET, 1 },
		/* An inode beyond 32 bits. */
		{ "user:[18446744069414584320]", NSI_NS_USER, 18446744069414584320ULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum nsi_ns_type type = (enum nsi_ns_type)-1;
		ino_t ino = 0;
		int rc = nsi_mounts_parse_nsfs_root(cases[i].root, &type, &ino);

		ck_assert_msg(rc == 0, "\"%s\": returned %d", cases[i].root, rc);
		ck_assert_msg(type == cases[i].type, "\"%s\": type %d, expected %d",
			      cases[i].root, type, cases[i].type);
		ck_assert_msg((unsigned long long)ino == cases[i].ino,
			      "\"%s\": inode %llu, expected %llu", cases[i].root,
			      (unsigned long long)ino, cases[i].ino);
	}
}
END_TEST

static const char *const bad_roots[] = {
	"net:[",
	"net:[abc]",
	"foo:[1]",
	"",
	"net:4026532008",
	"net:[1]x",
	"net:[]",
	"net:[12",
	"net[12]",
	":[12]",
	"/",
	"net:[4026532008] ",
	"net:[-5]",			/* strtoull() would wrap this */
	"net:[99999999999999999999999]",	/* overflows 64 bits */
	"pid_for_children:[4026531836]",
	"time_for_children:[4026531834]",
};

START_TEST(test_parse_root_malformed)
{
	enum nsi_ns_type type;
	ino_t ino;
	int rc = nsi_mounts_parse_nsfs_root(bad_roots[_i], &type, &ino);

	ck_assert_msg(rc == -EINVAL, "\"%s\": returned %d, expected -EINVAL",
		      bad_roots[_i], rc);
}
END_TEST

/* Read FIXTURES/mountinfo/@name into @m. */
static int read_fixture(struct nsi_model *m, const char *name)
{
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/mountinfo/%s", FIXTURES, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	rc = nsi_mounts_read_stream(m, f, path);
	fclose(f);
	return rc;
}

static int ns_has_nsfs(const struct nsi_ns *ns, const char *path)
{
	size_t i;

	for (i = 0; i < ns->nnsfs; i++)
		if (strcmp(ns->nsfs[i], path) == 0)
			return 1;
	return 0;
}

static struct nsi_ns *must_get(struct nsi_model *m, enum nsi_ns_type type,
			       unsigned long long ino)
{
	struct nsi_ns *ns = nsi_model_get_ns(m, type, (ino_t)ino, 0);

	ck_assert_msg(ns != NULL, "no namespace %s:[%llu]", nsi_ns_type_name(type), ino);
	return ns;
}

static void model_setup(struct nsi_model *m)
{
	int t;

	nsi_model_init(m);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = 1;
}

START_TEST(test_read_basic)
{
	struct nsi_model m;
	struct nsi_ns *ns;
	size_t i;

	model_setup(&m);
	ck_assert_int_eq(read_fixture(&m, "basic"), 0);
	ck_assert_uint_eq(m.nprocs, 0);
	ck_assert_uint_eq(m.nns, 4);

	/* One namespace bind mounted at two places has both paths. */
	ns = must_get(&m, NSI_NS_NET, 4026532008ULL);
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_uint_eq(ns->nnsfs, 2);
	ck_assert(ns_has_nsfs(ns, "/run/netns/a"));
	ck_assert(ns_has_nsfs(ns, "/run/docker/netns/abc"));

	/* The mount point is unescaped; mounted twice, listed once. */
	ns = must_get(&m, NSI_NS_NET, 4026532311ULL);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/netns/my ns");

	ns = must_get(&m, NSI_NS_MNT, 4026532300ULL);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/mntns/keep");

	ns = must_get(&m, NSI_NS_CGROUP, 4026532402ULL);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/cgns/keep");

	/* After finish: sorted, no process, no representative. */
	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nns, 4);
	/* By inode: net 2008, mnt 2300, net 2311, cgroup 2402. */
	ck_assert_int_eq(m.ns[0]->type, NSI_NS_NET);
	ck_assert_uint_eq(m.ns[0]->ino, 4026532008ULL);
	ck_assert_int_eq(m.ns[1]->type, NSI_NS_MNT);
	ck_assert_uint_eq(m.ns[1]->ino, 4026532300ULL);
	ck_assert_uint_eq(m.ns[2]->ino, 4026532311ULL);
	ck_assert_int_eq(m.ns[3]->type, NSI_NS_CGROUP);
	for (i = 0; i < m.nns; i++) {
		ck_assert_uint_eq(m.ns[i]->nprocs, 0);
		ck_assert_ptr_null(m.ns[i]->rep);
	}
	nsi_model_release(&m);
}
END_TEST

/* Ordinary mounts (ext4, proc, tmpfs, ...) add nothing. */
START_TEST(test_read_plain)
{
	struct nsi_model m;

	model_setup(&m);
	ck_assert_int_eq(read_fixture(&m, "plain"), 0);
	ck_assert_uint_eq(m.nns, 0);
	ck_assert_uint_eq(m.nprocs, 0);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_read_empty)
{
	struct nsi_model m;

	model_setup(&m);
	ck_assert_int_eq(read_fixture(&m, "empty"), 0);
	ck_assert_uint_eq(m.nns, 0);
	nsi_model_release(&m);
}
END_TEST

/*
 * libmount skips a line it cannot parse unless the caller installs a
 * parser error callback (mnt_table_set_parser_errcb(3)), and then returns
 * 0: the good lines around it still count.  An nsfs mount whose root is
 * not TYPE:[INODE] is skipped the same way.
 */
START_TEST(test_read_badline)
{
	struct nsi_model m;
	struct nsi_ns *ns;
	int rc;

	model_setup(&m);
	rc = read_fixture(&m, "badline");
	ns = must_get(&m, NSI_NS_NET, 4026532008ULL);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/netns/a");
	ns = must_get(&m, NSI_NS_NET, 4026532009ULL);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/netns/b");
	ck_assert_uint_eq(m.nns, 2);
	ck_assert_int_eq(rc, 0);
	nsi_model_release(&m);
}
END_TEST

/* Not a mountinfo file at all: nothing is added, and nothing crashes. */
START_TEST(test_read_garbage)
{
	struct nsi_model m;
	int rc;

	model_setup(&m);
	rc = read_fixture(&m, "garbage");
	ck_assert_uint_eq(m.nns, 0);
	ck_assert_int_eq(rc, 0);
	nsi_model_release(&m);
}
END_TEST

/* A stream that cannot be read (a directory) is an error of libmount. */
START_TEST(test_read_unreadable)
{
	struct nsi_model m;
	FILE *f;
	int rc;

	f = fopen(FIXTURES "/mountinfo", "r");
	ck_assert_ptr_nonnull(f);
	model_setup(&m);
	rc = nsi_mounts_read_stream(&m, f, FIXTURES "/mountinfo");
	fclose(f);
	ck_assert_msg(rc < 0, "returned %d, expected a negative errno", rc);
	ck_assert_uint_eq(m.nns, 0);
	nsi_model_release(&m);
}
END_TEST

/* A namespace that processes already hold gets the paths, no duplicate. */
START_TEST(test_read_existing_namespace)
{
	struct nsi_model m;
	struct nsi_proc *p;
	struct nsi_ns *ns;

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	p = nsi_proc_new(321);
	ck_assert_ptr_nonnull(p);
	p->comm = strdup("sleep");
	p->ns[NSI_NS_NET] = (ino_t)4026532008ULL;
	ck_assert_int_eq(nsi_model_add_proc(&m, p), 0);
	ck_assert_uint_eq(m.nns, 1);

	/* only net is looked for: the mnt and cgroup mounts add nothing */
	ck_assert_int_eq(read_fixture(&m, "basic"), 0);
	ck_assert_uint_eq(m.nns, 2);
	/* Reading the same table again adds no path and no namespace. */
	ck_assert_int_eq(read_fixture(&m, "basic"), 0);
	ck_assert_uint_eq(m.nns, 2);

	nsi_model_finish(&m);
	ns = must_get(&m, NSI_NS_NET, 4026532008ULL);
	ck_assert_uint_eq(ns->nprocs, 1);
	ck_assert_ptr_nonnull(ns->rep);
	ck_assert_int_eq(ns->rep->pid, 321);
	ck_assert_uint_eq(ns->nnsfs, 2);
	ck_assert(ns_has_nsfs(ns, "/run/netns/a"));
	ck_assert(ns_has_nsfs(ns, "/run/docker/netns/abc"));
	ns = must_get(&m, NSI_NS_NET, 4026532311ULL);
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_uint_eq(ns->nnsfs, 1);
	nsi_model_release(&m);
}
END_TEST

/*
 * Another mount namespace's table, read as root reads it
 * (nsi_mounts_read_other() on PROC/PID/mountinfo): its nsfs mounts are
 * holders, and only those.  A path may hold " - nsfs " in escaped form
 * ("\\040-\\040nsfs\\040"), which is no nsfs mount.
 */
START_TEST(test_read_other_table)
{
	static const char table[] =
		"22 1 254:1 / / rw - ext4 /dev/vda1 rw\n"
		"30 22 0:4 net:[4026532900] /a rw - nsfs nsfs rw\n"
		"31 22 0:40 / /x\\040-\\040nsfs\\040y rw - tmpfs t rw\n"
		"32 22 0:4 net:[4026532900] /b\\040-\\040nsfs\\040c rw - nsfs nsfs rw\n"
		"33 22 0:4 net:[4026532900] /a rw - nsfs nsfs rw\n"
		"34 22 0:4 uts:[4026532901] /u rw - nsfs nsfs rw\n";
	char dir[] = "/tmp/nsi-test-mounts.XXXXXX", path[64];
	struct nsi_model m;
	struct nsi_ns *ns;
	FILE *f;
	int procfd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/42", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/42/mountinfo", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(table, f);
	fclose(f);
	procfd = nsi_procfs_open(dir);
	ck_assert_int_ge(procfd, 0);

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;	/* uts is not looked for */
	ck_assert_int_eq(nsi_mounts_read_other(&m, procfd, 42,
					       (ino_t)4026532999ULL), 0);
	ck_assert_uint_eq(m.nns, 1);
	ns = must_get(&m, NSI_NS_NET, 4026532900ULL);
	ck_assert_uint_eq(ns->nnsfs, 0);
	ck_assert_uint_eq(ns->nholders, 2);	/* /a once, and /b - nsfs c */
	ck_assert_str_eq(ns->holders[0].path, "/a");
	ck_assert_str_eq(ns->holders[1].path, "/b - nsfs c");
	ck_assert_int_eq(ns->holders[1].pid, 42);
	ck_assert_uint_eq(ns->holders_omitted, 0);
	nsi_model_release(&m);

	close(procfd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/42", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

/*
 * A table of another mount namespace much bigger than one read(2) of it
 * (64 KiB): 20,000 lines of other mounts with long paths, an nsfs mount
 * every 97 lines (so that some straddle two reads), the last one without
 * its newline.  Every nsfs mount is found, and nothing else.
 */
START_TEST(test_read_other_big_table)
{
	enum { LINES = 20000, EVERY = 97 };
	char dir[] = "/tmp/nsi-test-mounts.XXXXXX", path[64];
	struct nsi_model m;
	struct nsi_ns *ns;
	size_t want = 0;
	FILE *f;
	int i, procfd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/7", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/7/mountinfo", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < LINES; i++) {
		if (i % EVERY == 0) {
			fprintf(f, "%d 22 0:4 net:[4026532900] /n/%d rw - nsfs "
				"nsfs rw%s", 1000 + i, i,
				i + EVERY < LINES ? "\n" : "");
			want++;
		} else {
			fprintf(f, "%d 22 0:40 / /a/long/path/of/a/tmpfs/mount/"
				"%d/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx rw "
				"- tmpfs t rw%s", 1000 + i, i,
				i + 1 < LINES ? "\n" : "");
		}
	}
	ck_assert_int_eq(fclose(f), 0);
	procfd = nsi_procfs_open(dir);
	ck_assert_int_ge(procfd, 0);

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	ck_assert_int_eq(nsi_mounts_read_other(&m, procfd, 7,
					       (ino_t)4026532999ULL), 0);
	ck_assert_uint_eq(m.nns, 1);
	ns = must_get(&m, NSI_NS_NET, 4026532900ULL);
	ck_assert_uint_eq(ns->nholders, want);
	ck_assert_str_eq(ns->holders[want - 1].path, "/n/19982");
	nsi_model_release(&m);

	close(procfd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/7", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

/*
 * 50,000 nsfs mounts of one namespace in another mount namespace, as any
 * user can make in a mount namespace of its own: NSI_NS_HOLDERS_MAX are
 * recorded, the rest counted, and each mount costs O(1) (with the old
 * list scan this took seconds; here it must take well under one).
 */
START_TEST(test_read_many_holders)
{
	enum { N = 50000 };
	struct nsi_model m;
	struct nsi_ns *ns;
	char *text, *p;
	size_t i;
	FILE *f;

	text = malloc((size_t)N * 80);
	ck_assert_ptr_nonnull(text);
	for (p = text, i = 0; i < N; i++)
		p += sprintf(p, "%zu 22 0:4 net:[4026532900] /m/%zu rw - "
			     "nsfs nsfs rw\n", 100 + i, i);
	f = fmemopen(text, (size_t)(p - text), "r");
	ck_assert_ptr_nonnull(f);
	model_setup(&m);
	ck_assert_int_eq(nsi_mounts_read_stream(&m, f, ""), 0);
	fclose(f);
	ns = must_get(&m, NSI_NS_NET, 4026532900ULL);
	ck_assert_uint_eq(ns->nnsfs, NSI_NS_HOLDERS_MAX);
	ck_assert_uint_eq(ns->holders_omitted, N - NSI_NS_HOLDERS_MAX);
	nsi_model_release(&m);
	free(text);
}
END_TEST

static Suite *mounts_suite(void)
{
	Suite *s = suite_create("mounts");
	TCase *tc;

	tc = tcase_create("nsfs-root");
	tcase_add_test(tc, test_parse_root_net);
	tcase_add_test(tc, test_parse_root_every_type);
	tcase_add_loop_test(tc, test_parse_root_malformed, 0,
			    (int)(sizeof(bad_roots) / sizeof(bad_roots[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("mountinfo");
	tcase_add_test(tc, test_read_basic);
	tcase_add_test(tc, test_read_plain);
	tcase_add_test(tc, test_read_empty);
	tcase_add_test(tc, test_read_badline);
	tcase_add_test(tc, test_read_garbage);
	tcase_add_test(tc, test_read_unreadable);
	tcase_add_test(tc, test_read_existing_namespace);
	tcase_add_test(tc, test_read_other_table);
	tcase_add_test(tc, test_read_many_holders);
	tcase_add_test(tc, test_read_other_big_table);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(mounts_suite());
}
