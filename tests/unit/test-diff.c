/*
 * test-diff.c - unit tests of the model comparison (diff.h) and of its
 * text and JSON renderers (render-diff.h), on models built by hand.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "diff.h"
#include "render-diff.h"
#include "check-tap.h"

#define INO(n)	((ino_t)(4026531840ULL + (n)))
#define CAP_NET_RAW 13
#define CAP_SYS_ADMIN 21

/* A process in the host's namespaces (the kernel's fixed inodes) but for
 * net, with capabilities. */
static struct nsi_proc *mkproc(pid_t pid, pid_t ppid, const char *comm,
			       ino_t net, uint64_t eff)
{
	struct nsi_proc *p = nsi_proc_new(pid);
	int t;

	ck_assert_ptr_nonnull(p);
	p->ppid = ppid;
	p->comm = strdup(comm);
	p->user = strdup("0");
	p->start_time = 1000 + (unsigned long long)pid;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p->ns[t] = nsi_ns_init_ino((enum nsi_ns_type)t, NULL);
	p->ns[NSI_NS_NET] = net;
	p->have_status = 1;
	nsi_status_init(&p->status);
	p->status.cap_known = (1u << NSI_CAP_NSETS) - 1;
	p->status.cap[NSI_CAP_EFF] = eff;
	p->status.cap[NSI_CAP_PRM] = eff;
	p->status.kthread = 0;
	return p;
}

static struct nsi_proc *add(struct nsi_model *m, struct nsi_proc *p,
			    const char *cid, const char *name)
{
	if (cid) {
		p->container = nsi_model_get_container(m, "docker", cid, 1);
		ck_assert_ptr_nonnull(p->container);
		if (name && !p->container->name)
			p->container->name = strdup(name);
	}
	ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	return p;
}

static void start(struct nsi_model *m)
{
	int t;

	nsi_model_init(m);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = 1;
}

/*
 * Old: the host (1, ping 50, sh 60), container web (100, net INO(10)),
 * container db (300, net INO(30)).  New: ping lost cap_net_raw, sh 60
 * entered net INO(30), web stopped, api started (200, net INO(20)), db
 * now runs in the host's net namespace with cap_sys_admin, and a new
 * nsenter'd process 70 joined db's old net namespace INO(30).
 */
static void build(struct nsi_model *o, struct nsi_model *n)
{
	uint64_t raw = 1ULL << CAP_NET_RAW, adm = 1ULL << CAP_SYS_ADMIN;

	start(o);
	add(o, mkproc(1, 0, "init", INO(2), ~0ULL >> 23), NULL, NULL);
	add(o, mkproc(50, 1, "ping", INO(2), raw), NULL, NULL);
	add(o, mkproc(60, 1, "sh", INO(2), 0), NULL, NULL);
	add(o, mkproc(100, 1, "web", INO(10), 0), "aaaa", "web");
	add(o, mkproc(300, 1, "db", INO(30), 0), "cccc", "db");
	ck_assert_int_eq(nsi_model_finish(o), 0);

	start(n);
	add(n, mkproc(1, 0, "init", INO(2), ~0ULL >> 23), NULL, NULL);
	add(n, mkproc(50, 1, "ping", INO(2), 0), NULL, NULL);
	add(n, mkproc(60, 1, "sh", INO(30), 0), NULL, NULL);
	add(n, mkproc(70, 1, "nsenter", INO(30), 0), NULL, NULL);
	add(n, mkproc(200, 1, "api", INO(20), 0), "bbbb", "api");
	add(n, mkproc(300, 1, "db", INO(2), adm), "cccc", "db");
	ck_assert_int_eq(nsi_model_finish(n), 0);
}

static void release(struct nsi_diff *d, struct nsi_model *o,
		    struct nsi_model *n)
{
	nsi_diff_release(d);
	nsi_model_release(o);
	nsi_model_release(n);
}

/* The models of build() and their changes. */
struct fx {
	struct nsi_model o, n;
	struct nsi_diff d;
};

static struct nsi_diff *fx_diff(struct fx *f, unsigned int flags)
{
	memset(&f->d, 0, sizeof(f->d));
	build(&f->o, &f->n);
	ck_assert_int_eq(nsi_diff_models(&f->o, &f->n, flags, &f->d), 0);
	return &f->d;
}

static size_t count(const struct nsi_diff *d, enum nsi_change_kind k)
{
	size_t i, c = 0;

	for (i = 0; i < d->n; i++)
		c += d->ch[i].kind == k;
	return c;
}

static const struct nsi_change *find(const struct nsi_diff *d,
				     enum nsi_change_kind k)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->ch[i].kind == k)
			return &d->ch[i];
	ck_abort_msg("no change %s", nsi_change_kind_name(k));
	return NULL;
}

START_TEST(test_same)
{
	struct nsi_model o, n;
	struct nsi_diff d = { 0 };

	build(&o, &n);
	ck_assert_int_eq(nsi_diff_models(&o, &o, NSI_DIFF_PROCS, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(nsi_diff_models(&n, &n, 0, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	release(&d, &o, &n);
}
END_TEST

START_TEST(test_changes)
{
	struct fx f;
	const struct nsi_diff *d = fx_diff(&f, 0);
	const struct nsi_change *c;

	c = find(d, NSI_CHANGE_CONTAINER_STARTED);
	ck_assert_str_eq(c->container->name, "api");
	ck_assert_int_eq(c->proc->pid, 200);
	c = find(d, NSI_CHANGE_CONTAINER_STOPPED);
	ck_assert_str_eq(c->container->name, "web");
	ck_assert_uint_eq(count(d, NSI_CHANGE_CONTAINER_STARTED), 1);
	ck_assert_uint_eq(count(d, NSI_CHANGE_CONTAINER_STOPPED), 1);
	/* db: its net namespace is the host's now, and cap_sys_admin */
	c = find(d, NSI_CHANGE_CONTAINER_HOST_NS);
	ck_assert_str_eq(c->container->name, "db");
	ck_assert_uint_eq(c->host_old, 0xff & ~(1u << NSI_NS_NET));
	ck_assert_uint_eq(c->host_new, 0xff);
	c = find(d, NSI_CHANGE_CONTAINER_CAPS);
	ck_assert_str_eq(c->container->name, "db");
	ck_assert_uint_eq(c->cap_changed,
			  (1u << NSI_CAP_EFF) | (1u << NSI_CAP_PRM));
	ck_assert_uint_eq(c->cap_new[NSI_CAP_EFF], 1ULL << CAP_SYS_ADMIN);
	/* namespaces: api's created, web's gone; db's INO(30) stays (60, 70) */
	ck_assert_uint_eq(count(d, NSI_CHANGE_NS_CREATED), 1);
	c = find(d, NSI_CHANGE_NS_CREATED);
	ck_assert_uint_eq(c->ino, INO(20));
	ck_assert_int_eq(c->type, NSI_NS_NET);
	ck_assert_str_eq(c->container->name, "api");
	ck_assert_uint_eq(count(d, NSI_CHANGE_NS_GONE), 1);
	ck_assert_uint_eq(find(d, NSI_CHANGE_NS_GONE)->ino, INO(10));
	/* host command ping lost cap_net_raw; init, sh are unchanged */
	ck_assert_uint_eq(count(d, NSI_CHANGE_COMMAND_CAPS), 1);
	c = find(d, NSI_CHANGE_COMMAND_CAPS);
	ck_assert_str_eq(c->comm, "ping");
	ck_assert_uint_eq(c->cap_old[NSI_CAP_PRM], 1ULL << CAP_NET_RAW);
	/* no per-process change without NSI_DIFF_PROCS */
	ck_assert_uint_eq(count(d, NSI_CHANGE_PROC_ENTERED), 0);
	ck_assert_uint_eq(count(d, NSI_CHANGE_PROC_CAPS), 0);
	release(&f.d, &f.o, &f.n);
}
END_TEST

START_TEST(test_procs)
{
	struct fx f;
	const struct nsi_diff *d = fx_diff(&f, NSI_DIFF_PROCS);
	size_t i, entered = 0;

	/* sh 60 left INO(2) and entered INO(30); nsenter 70 (new, parent 1
	 * in INO(2)) entered INO(30), which the old model has; api 200's
	 * new namespace is not "entered"; db 300 left and entered too */
	for (i = 0; i < d->n; i++) {
		const struct nsi_change *c = &d->ch[i];

		if (c->kind == NSI_CHANGE_PROC_LEFT && c->proc->pid == 60)
			ck_assert_uint_eq(c->ino, INO(2));
		if (c->kind != NSI_CHANGE_PROC_ENTERED)
			continue;
		entered++;
		ck_assert(c->proc->pid == 60 || c->proc->pid == 70 ||
			  c->proc->pid == 300);
		ck_assert_int_eq(c->type, NSI_NS_NET);
		ck_assert_uint_eq(c->ino, c->proc->pid == 300 ? INO(2) : INO(30));
	}
	ck_assert_uint_eq(entered, 3);
	ck_assert_uint_eq(count(d, NSI_CHANGE_PROC_LEFT), 2);
	/* ping 50 and db 300 changed their sets */
	ck_assert_uint_eq(count(d, NSI_CHANGE_PROC_CAPS), 2);
	release(&f.d, &f.o, &f.n);
}
END_TEST

/* A PID used again by another process is not the same process. */
START_TEST(test_pid_reuse)
{
	struct nsi_model o, n;
	struct nsi_diff d = { 0 };
	struct nsi_proc *p;

	start(&o);
	add(&o, mkproc(1, 0, "init", INO(2), 0), NULL, NULL);
	add(&o, mkproc(80, 1, "a", INO(2), 0), NULL, NULL);
	ck_assert_int_eq(nsi_model_finish(&o), 0);
	start(&n);
	add(&n, mkproc(1, 0, "init", INO(2), 0), NULL, NULL);
	p = add(&n, mkproc(80, 1, "b", INO(2), 1), NULL, NULL);
	p->start_time += 5;
	ck_assert_int_eq(nsi_model_finish(&n), 0);
	ck_assert_int_eq(nsi_diff_models(&o, &n, NSI_DIFF_PROCS, &d), 0);
	ck_assert_uint_eq(count(&d, NSI_CHANGE_PROC_CAPS), 0);
	release(&d, &o, &n);
}
END_TEST

/* The text and JSON renderers, read back from memory. */
START_TEST(test_render)
{
	struct nsi_model o, n;
	struct nsi_diff d = { 0 };
	struct timespec ts = { 1764588600, 123456789 };
	char *buf = NULL, want[128];
	size_t len = 0;
	FILE *f;

	build(&o, &n);
	free(n.containers[0]->name);	/* api, named with an escape */
	n.containers[0]->name = strdup("api\x1b[2J");
	ck_assert_int_eq(nsi_diff_models(&o, &n, 0, &d), 0);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(nsi_render_diff_text(f, &d), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "+ container api\\x1b[2J (docker bbbb)\n"));
	ck_assert_ptr_nonnull(strstr(buf, "- container web (docker aaaa)\n"));
	ck_assert_ptr_nonnull(strstr(buf,
		"~ container db: shares with the host: mnt,pid,user,uts,ipc,cgroup,time -> mnt,net,pid,user,uts,ipc,cgroup,time\n"));
	ck_assert_ptr_nonnull(strstr(buf,
		"~ container db: permitted +cap_sys_admin; effective +cap_sys_admin\n"));
	snprintf(want, sizeof(want), "+ net %llu (container api\\x1b[2J)\n",
		 (unsigned long long)INO(20));
	ck_assert_ptr_nonnull(strstr(buf, want));
	ck_assert_ptr_nonnull(strstr(buf,
		"~ command ping: permitted -cap_net_raw; effective -cap_net_raw\n"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(nsi_render_diff_json(f, &d, NULL), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\"differ\": true"));
	ck_assert_ptr_nonnull(strstr(buf, "\"change\": \"container_started\""));
	ck_assert_ptr_null(strstr(buf, "\"old\": {"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(nsi_render_event(f, find(&d, NSI_CHANGE_NS_CREATED),
					  &ts), 0);
	fclose(f);
	snprintf(want, sizeof(want),
		 "{\"event\":\"namespace_created\",\"time\":\"2025-12-01T11:30:00.123Z\",\"type\":\"net\",\"inode\":%llu,\"pid\":200,",
		 (unsigned long long)INO(20));
	ck_assert_str_eq(strstr(buf, "\"comm\"") ? "" : "x", "");
	ck_assert_msg(strncmp(buf, want, strlen(want)) == 0, "%s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "\"container\":\"api\\u001b[2J\""));
	ck_assert_int_eq(buf[len - 1], '\n');
	ck_assert_ptr_null(memchr(buf, '\n', len - 1));
	free(buf);
	release(&d, &o, &n);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, test_same);
	tcase_add_test(tc, test_changes);
	tcase_add_test(tc, test_procs);
	tcase_add_test(tc, test_pid_reuse);
	tcase_add_test(tc, test_render);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return nsi_check_run(diff_suite());
}
