/*
 * test-metrics.c - unit tests of --metrics without a live system: label
 * values escaped for the exposition format, nsi_view_metrics() and the
 * renderer on a hand-built model (namespaces by type, capabilities by
 * user namespace, a container with --cap-add SYS_ADMIN and a process
 * that holds more, one in the host's network namespace), and the file
 * written whole or not at all.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps-default.h"
#include "check-tap.h"
#include "metrics.h"
#include "render-metrics.h"

#define INO(n)	((ino_t)(4026531840ULL + (n)))
#define CAP_SYS_ADMIN_BIT	21
#define CAP_SYS_PTRACE_BIT	19

/* @s as nsi_render_label_value() writes it; malloc'd. */
static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	nsi_render_label_value(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(test_label_value)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "web-1", "web-1" },
		{ "", "" },
		{ "a\"b", "a\\\"b" },			/* a\"b */
		{ "a\\b", "a\\\\b" },			/* a\\b */
		{ "x\ny", "x\\\\x0ay" },		/* x\\x0ay */
		{ "x\ry\t", "x\\\\x0dy\\\\x09" },
		{ "\xff", "\\\\xff" },			/* invalid UTF-8 */
		{ "caf\xc3\xa9", "caf\xc3\xa9" },	/* valid UTF-8 */
		{ "\\x41", "\\\\x5cx41" },		/* no forged escape */
		{ "a\xe2\x80\xae" "b", "a\\\\xe2\\\\x80\\\\xaeb" }, /* U+202E */
		{ "\"} 1\nnsinspect_x{a=\"",
		  "\\\"} 1\\\\x0ansinspect_x{a=\\\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = escaped(cases[i].in);

		ck_assert_msg(!strcmp(out, cases[i].out), "case %zu: '%s', "
			      "expected '%s'", i, out, cases[i].out);
		free(out);
	}
}
END_TEST

/* A process of @m in namespaces @ns, with a status when @bnd is not 0. */
static struct nsi_proc *mkproc(struct nsi_model *m, pid_t pid,
			       const ino_t ns[NSI_NS_NTYPES], uint64_t eff,
			       uint64_t bnd, int userns_initial)
{
	struct nsi_proc *p = nsi_proc_new(pid);
	int t;

	ck_assert_ptr_nonnull(p);
	p->user = strdup("root");
	p->comm = strdup("comm");
	ck_assert(p->user && p->comm);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p->ns[t] = ns[t];
	if (bnd) {
		p->have_status = 1;
		p->status.cap_known = 0x1f;
		p->status.cap[NSI_CAP_EFF] = p->status.cap[NSI_CAP_PRM] = eff;
		p->status.cap[NSI_CAP_BND] = bnd;
		p->status.have_euid = 1;	/* UID 0 */
		p->status.no_new_privs = 0;
	}
	p->userns_initial = userns_initial;
	ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	return p;
}

/* The metrics of @m, rendered; malloc'd. */
static char *render(const struct nsi_metrics *mx,
		    const struct nsi_unreadable *u)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(nsi_render_metrics(f, mx, u), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* Whether @text has the whole line @line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p++;
	}
	return 0;
}

#define ASSERT_LINE(text, line) \
	ck_assert_msg(has_line(text, line), "no line '%s' in:\n%s", line, text)

/*
 * The host (PIDs 1 and 2), a Docker container "web" (--cap-add
 * SYS_ADMIN, in the host's uts and user namespaces, its own others) with
 * a second process that holds SYS_PTRACE too (as docker exec
 * --cap-add would), a --network host container "hostnet", a process of
 * unshare -Ur (every capability in a child user namespace), one whose
 * status was not read, an nsfs-held net namespace, and the unknown
 * group of a type.
 */
static void build(struct nsi_model *m, struct nsi_container **web,
		  struct nsi_container **hostnet)
{
	ino_t host[NSI_NS_NTYPES], cont[NSI_NS_NTYPES], hn[NSI_NS_NTYPES];
	ino_t child[NSI_NS_NTYPES];
	uint64_t all = nsi_cap_all(), dflt = nsi_cap_docker_default();
	uint64_t sysadmin = 1ULL << CAP_SYS_ADMIN_BIT;
	struct nsi_proc *p;
	int t;

	nsi_model_init(m);
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		m->have_type[t] = 1;
		host[t] = cont[t] = hn[t] = child[t] =
			nsi_ns_init_ino((enum nsi_ns_type)t, NULL);
	}
	cont[NSI_NS_MNT] = INO(50);
	cont[NSI_NS_NET] = INO(51);
	cont[NSI_NS_PID] = INO(52);
	cont[NSI_NS_IPC] = INO(53);
	hn[NSI_NS_MNT] = INO(60);
	hn[NSI_NS_PID] = INO(61);
	child[NSI_NS_USER] = INO(70);
	mkproc(m, 1, host, all, all, 1);
	mkproc(m, 2, host, all, all, 1);
	*web = nsi_model_get_container(m, "docker", "d0c4e5", 1);
	*hostnet = nsi_model_get_container(m, "docker", "f00d", 1);
	ck_assert(*web && *hostnet);
	(*web)->name = strdup("web \"1\"");
	(*web)->image = strdup("busybox");
	(*hostnet)->name = strdup("hostnet");
	p = mkproc(m, 500, cont, dflt | sysadmin, dflt | sysadmin, 1);
	p->container = *web;
	p = mkproc(m, 501, cont, 1ULL << CAP_SYS_PTRACE_BIT,
		   dflt | sysadmin | (1ULL << CAP_SYS_PTRACE_BIT), 1);
	p->container = *web;
	p = mkproc(m, 510, hn, dflt, dflt, 1);
	p->container = *hostnet;
	mkproc(m, 600, child, all, all, 0);
	p = mkproc(m, 700, host, 0, 0, 1);	/* status not read */
	p->status_errno = EACCES;
	ck_assert_ptr_nonnull(nsi_model_get_ns(m, NSI_NS_NET, INO(80), 1));
	ck_assert_ptr_nonnull(nsi_model_get_ns(m, NSI_NS_TIME, 0, 1));
	ck_assert_int_eq(nsi_model_finish(m), 0);
	for (t = 0; t < 2; t++) {
		struct nsi_container *c = t ? *hostnet : *web;

		c->caps_default = dflt;
		c->caps_default_known = 1;
		c->caps_default_name = "docker";
	}
}

START_TEST(test_view_metrics)
{
	struct nsi_container *web, *hostnet;
	struct nsi_metrics mx;
	struct nsi_model m;
	const struct nsi_metrics_container *e;

	build(&m, &web, &hostnet);
	ck_assert_int_eq(nsi_view_metrics(&m, &mx), 0);
	ck_assert_uint_eq(mx.namespaces[NSI_NS_MNT], 3);
	ck_assert_uint_eq(mx.namespaces[NSI_NS_NET], 3);	/* + nsfs */
	ck_assert_uint_eq(mx.namespaces[NSI_NS_USER], 2);
	ck_assert_uint_eq(mx.namespaces[NSI_NS_TIME], 1);	/* not 0 */
	ck_assert_uint_eq(mx.processes, 7);
	ck_assert_uint_eq(mx.with_caps[NSI_METRICS_USERNS_INITIAL], 5);
	ck_assert_uint_eq(mx.with_caps[NSI_METRICS_USERNS_CHILD], 1);
	ck_assert_uint_eq(mx.with_caps[NSI_METRICS_USERNS_UNKNOWN], 0);
	ck_assert_uint_eq(mx.status_unreadable, 1);	/* PID 700 */
	ck_assert_uint_eq(mx.nruntimes, 1);
	ck_assert_str_eq(mx.runtimes[0].runtime, "docker");
	ck_assert_uint_eq(mx.runtimes[0].containers, 2);
	ck_assert_uint_eq(mx.ncontainers, 2);
	e = mx.containers[0].c == web ? &mx.containers[0] : &mx.containers[1];
	ck_assert_ptr_eq(e->c, web);
	ck_assert_int_eq(e->shared[NSI_NS_NET], 0);
	ck_assert_int_eq(e->shared[NSI_NS_UTS], 1);
	ck_assert_int_eq(e->have_caps, 1);
	/* the union of its two processes */
	ck_assert_uint_eq(e->added, (1ULL << CAP_SYS_ADMIN_BIT) |
			  (1ULL << CAP_SYS_PTRACE_BIT));
	ck_assert_uint_eq(e->escape, (1ULL << CAP_SYS_ADMIN_BIT) |
			  (1ULL << CAP_SYS_PTRACE_BIT));
	e = e == &mx.containers[0] ? &mx.containers[1] : &mx.containers[0];
	ck_assert_ptr_eq(e->c, hostnet);
	ck_assert_int_eq(e->shared[NSI_NS_NET], 1);
	ck_assert_int_eq(e->shared[NSI_NS_PID], 0);
	ck_assert_uint_eq(e->added, 0);
	ck_assert_uint_eq(e->escape, 0);
	ck_assert(mx.scan_seconds < 0);
	ck_assert(mx.scan_time == 0);
	nsi_metrics_release(&mx);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_render)
{
	/* the statuses are counted in the model, not taken from @u */
	struct nsi_unreadable u = { .namespaces = 2, .status = 9,
				    .threads = 3 };
	struct nsi_container *web, *hostnet;
	struct nsi_metrics mx;
	struct nsi_model m;
	char *out;
	const char *p;
	int families = 0;

	build(&m, &web, &hostnet);
	ck_assert_int_eq(nsi_view_metrics(&m, &mx), 0);
	mx.scan_seconds = 0.0425;
	mx.scan_time = 1796000000.5;
	out = render(&mx, &u);
	ASSERT_LINE(out, "# TYPE nsinspect_namespaces gauge");
	ASSERT_LINE(out, "nsinspect_namespaces{type=\"net\"} 3");
	ASSERT_LINE(out, "nsinspect_namespaces{type=\"time\"} 1");
	ASSERT_LINE(out, "nsinspect_processes 7");
	ASSERT_LINE(out, "nsinspect_host_pid_namespace 1");
	ASSERT_LINE(out, "nsinspect_processes_with_capabilities"
		    "{user_namespace=\"initial\"} 5");
	ASSERT_LINE(out, "nsinspect_processes_with_capabilities"
		    "{user_namespace=\"child\"} 1");
	ASSERT_LINE(out, "nsinspect_unreadable_processes"
		    "{read=\"namespaces\"} 2");
	ASSERT_LINE(out, "nsinspect_unreadable_processes{read=\"status\"} 1");
	ASSERT_LINE(out, "nsinspect_unreadable_processes"
		    "{read=\"open_files\"} 0");
	ASSERT_LINE(out, "nsinspect_unreadable_threads 3");
	ck_assert_ptr_null(strstr(out, "nsinspect_hidden_tasks"));
	ASSERT_LINE(out, "nsinspect_scan_duration_seconds 0.042500");
	ASSERT_LINE(out, "nsinspect_scan_timestamp_seconds 1796000000.500000");
	ASSERT_LINE(out, "nsinspect_containers{runtime=\"docker\"} 2");
	ASSERT_LINE(out, "nsinspect_container_info{runtime=\"docker\","
		    "id=\"d0c4e5\",name=\"web \\\"1\\\"\",image=\"busybox\","
		    "pod=\"\",pod_namespace=\"\",pod_uid=\"\"} 1");
	ASSERT_LINE(out, "nsinspect_container_host_namespace{runtime=\"docker\","
		    "id=\"f00d\",name=\"hostnet\",type=\"net\"} 1");
	ASSERT_LINE(out, "nsinspect_container_host_namespace{runtime=\"docker\","
		    "id=\"f00d\",name=\"hostnet\",type=\"pid\"} 0");
	ASSERT_LINE(out, "nsinspect_container_capability_beyond_default{"
		    "runtime=\"docker\",id=\"d0c4e5\",name=\"web \\\"1\\\"\","
		    "capability=\"cap_sys_admin\"} 1");
	ASSERT_LINE(out, "nsinspect_container_capability_escape_prone{"
		    "runtime=\"docker\",id=\"d0c4e5\",name=\"web \\\"1\\\"\","
		    "capability=\"cap_sys_ptrace\"} 1");
	ck_assert_ptr_null(strstr(out, "id=\"f00d\",name=\"hostnet\","
				  "capability"));
	/* every family once, each line a comment or a gauge sample */
	for (p = out; *p; p = strchr(p, '\n') + 1) {
		ck_assert(p[0] == '#' || !strncmp(p, "nsinspect_", 10));
		if (!strncmp(p, "# TYPE ", 7)) {
			const char *name = p + 7;
			size_t n = strcspn(name, " ");
			char key[128];

			families++;
			ck_assert_uint_lt(n + 8, sizeof(key));
			snprintf(key, sizeof(key), "# TYPE %.*s ", (int)n,
				 name);
			ck_assert_ptr_eq(strstr(out, key), p);
			ck_assert_ptr_null(strstr(p + 1, key));
		}
	}
	ck_assert_int_eq(families, 15);
	free(out);

	/* hidepid: the hidden tasks; no container: no container family */
	u.hidepid = "invisible";
	u.hidden_tasks = 12;
	mx.ncontainers = 0;
	mx.scan_seconds = -1;
	mx.scan_time = 0;
	out = render(&mx, &u);
	ASSERT_LINE(out, "nsinspect_hidden_tasks 12");
	ck_assert_ptr_null(strstr(out, "nsinspect_container"));
	ck_assert_ptr_null(strstr(out, "nsinspect_scan_"));
	free(out);
	mx.ncontainers = 2;
	nsi_metrics_release(&mx);
	nsi_model_release(&m);
}
END_TEST

/* The entries of directory @dir, but . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/*
 * A rootless user's containers get series up to
 * NSI_METRICS_USER_CONTAINERS_MAX; the rest are only counted: no user
 * adds series without end.  Another user's and the system's are apart.
 */
START_TEST(test_user_limit)
{
	struct nsi_unreadable u = { 0 };
	struct nsi_metrics mx;
	struct nsi_model m;
	char id[80], *out;
	int i;

	nsi_model_init(&m);
	for (i = 0; i < NSI_METRICS_USER_CONTAINERS_MAX + 6; i++) {
		snprintf(id, sizeof(id), "%064d", i);
		ck_assert_ptr_nonnull(nsi_model_get_container_of(&m, "podman",
								id, 1000, 1));
	}
	ck_assert_ptr_nonnull(nsi_model_get_container_of(&m, "podman", id,
							1001, 1));
	ck_assert_ptr_nonnull(nsi_model_get_container(&m, "docker", id, 1));
	ck_assert_int_eq(nsi_model_finish(&m), 0);
	ck_assert_int_eq(nsi_view_metrics(&m, &mx), 0);
	ck_assert_uint_eq(mx.ncontainers, NSI_METRICS_USER_CONTAINERS_MAX + 2);
	ck_assert_uint_eq(mx.containers_unexported, 6);
	out = render(&mx, &u);
	ASSERT_LINE(out, "nsinspect_containers{runtime=\"podman\"} 71");
	ASSERT_LINE(out, "nsinspect_containers{runtime=\"docker\"} 1");
	ASSERT_LINE(out, "nsinspect_containers_unexported 6");
	free(out);
	nsi_metrics_release(&mx);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_file)
{
	char dir[] = "/tmp/nsi-metrics.XXXXXX", path[64], bad[96];
	struct nsi_unreadable u = { 0 };
	struct nsi_metrics mx = { .scan_seconds = -1 };
	struct stat st;
	char *want, *got;
	size_t len;
	FILE *f;
	mode_t mask = umask(022);

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/nsinspect.prom", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("old\n", f);
	fclose(f);
	ck_assert_int_eq(nsi_render_metrics_file(path, &mx, &u), 0);
	want = render(&mx, &u);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	got = calloc(1, strlen(want) + 2);
	ck_assert_ptr_nonnull(got);
	len = fread(got, 1, strlen(want) + 1, f);
	fclose(f);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(entries(dir), 1);	/* no temporary file left */
	/* a directory that does not exist: an error, nothing written */
	snprintf(bad, sizeof(bad), "%s/missing/nsinspect.prom", dir);
	ck_assert_int_eq(nsi_render_metrics_file(bad, &mx, &u), -ENOENT);
	/* a directory in the way of the rename: the old path stays */
	snprintf(bad, sizeof(bad), "%s/sub", dir);
	ck_assert_int_eq(mkdir(bad, 0755), 0);
	ck_assert_int_eq(nsi_render_metrics_file(bad, &mx, &u), -EISDIR);
	ck_assert_int_eq(entries(dir), 2);
	ck_assert_int_eq(rmdir(bad), 0);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	umask(mask);
	free(want);
	free(got);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");

	tcase_add_test(tc, test_label_value);
	tcase_add_test(tc, test_view_metrics);
	tcase_add_test(tc, test_render);
	tcase_add_test(tc, test_user_limit);
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
