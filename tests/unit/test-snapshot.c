/*
 * test-snapshot.c - unit tests of the snapshot writer and loader
 * (render-snapshot.h, snapshot.h): a model made by hand is written, read
 * back and written again to the same bytes, with its processes,
 * threads, containers, holders, nsfs paths and network detail as they
 * were; then hostile documents (not JSON, too deep, a newer version,
 * wrong types, out of range, duplicated, a NUL byte, control characters,
 * dangling references) are each refused with the JSON path of the value,
 * and never crash.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <json-c/json.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model.h"
#include "netdetail.h"
#include "render-snapshot.h"
#include "snapshot.h"
#include "check-tap.h"

static struct nsi_proc *mkproc(struct nsi_model *m, pid_t pid, ino_t net,
			       struct nsi_container *c)
{
	struct nsi_proc *p = nsi_proc_new(pid);

	ck_assert_ptr_nonnull(p);
	p->ppid = 1;
	p->user = strdup("root");
	p->comm = strdup("sleep");
	p->cmdline = strdup("sleep inf \xff");	/* not UTF-8 */
	p->cmdline_read = 1;
	p->ns[NSI_NS_NET] = net;
	p->ns[NSI_NS_USER] = 4026531837;
	p->ns_errno[NSI_NS_MNT] = EACCES;
	p->have_status = 1;
	p->status.cap[NSI_CAP_EFF] = 0x200000;
	p->status.cap[NSI_CAP_BND] = 0x1ffffffffff;
	p->status.cap_known = 0x1f;
	p->status.nspid[0] = pid;
	p->status.nspid[1] = 1;
	p->status.nspid_levels = 2;
	p->status.have_euid = 1;
	p->status.state = 'S';
	strcpy(p->status.name, "sleep");
	p->userns_initial = 1;
	p->container = c;
	ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	return p;
}

static void add_net(struct nsi_ns *ns)
{
	struct nsi_netaddr a = { AF_INET6, "fe80::1", 64 };
	struct nsi_netif *f;

	ns->net = nsi_netinfo_new();
	ck_assert_ptr_nonnull(ns->net);
	ns->net->fw_rules = 3;
	ns->net->fw_backend = "nftables";
	f = nsi_netinfo_add_if(ns->net);
	f->ifindex = 2;
	strcpy(f->name, "eth0");
	strcpy(f->kind, "veth");
	strcpy(f->operstate, "UP");
	f->link = 7;
	f->link_netnsid = 0;
	ck_assert_int_eq(nsi_netif_add_addr(f, &a), 0);
}

/* A model with a bit of everything, and its metadata. */
static void build(struct nsi_model *m, struct nsi_snapshot_meta *meta)
{
	struct nsi_container *c;
	struct nsi_proc *p, *t;
	struct nsi_ns *ns, *user, *parent;
	int i;

	nsi_model_init(m);
	memset(meta, 0, sizeof(*meta));
	strcpy(meta->nsinspect_version, "0.1.0");
	strcpy(meta->hostname, "web01");
	strcpy(meta->kernel, "6.1.0");
	strcpy(meta->time, "2026-12-01T11:00:00Z");
	meta->net_detail = 1;
	meta->self_net = 4026531840;
	strcpy(meta->report.hidepid, "invisible");
	meta->report.hidden_tasks = 3;
	for (i = 0; i < NSI_NS_NTYPES; i++)
		m->have_type[i] = 1;
	m->init_userns = 4026531837;
	m->vanished = 2;
	c = nsi_model_get_container(m, "docker", "0123456789abcdef0123", 1);
	ck_assert_ptr_nonnull(c);
	c->name = strdup("web");
	c->caps_default_name = "docker";
	c->caps_default = 0xa80425fb;
	c->caps_default_known = 1;
	ck_assert_int_eq(nsi_container_add_name(c, "web"), 0);
	mkproc(m, 1, 4026531840, NULL);
	p = mkproc(m, 300, 4026532300, c);
	t = nsi_proc_new(300);
	t->tid = 301;
	t->caps_differ = 1;
	t->have_status = 1;
	t->status.cap_known = 1u << NSI_CAP_EFF;
	ck_assert_int_eq(nsi_proc_add_thread(p, t), 0);
	ns = nsi_model_get_ns(m, NSI_NS_NET, 4026532300, 0);
	ck_assert_ptr_nonnull(ns);
	ns->netnsid = 0;
	ck_assert_int_eq(nsi_ns_add_holder(ns, NSI_HOLD_FD, 300, 5, NULL, 0), 0);
	add_net(ns);
	ns = nsi_model_get_ns(m, NSI_NS_NET, 4026532999, 1);
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/netns/blue"), 0);
	user = nsi_model_get_ns(m, NSI_NS_USER, 4026531837, 0);
	parent = nsi_model_get_ns(m, NSI_NS_USER, 4026532000, 1);
	ck_assert_int_eq(nsi_ns_add_via(parent, NSI_HOLD_OWNER, user), 0);
	ck_assert_int_eq(nsi_model_finish(m), 0);
}

/* The snapshot text of @m. */
static char *render(const struct nsi_model *m,
		    const struct nsi_snapshot_meta *meta)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(nsi_render_snapshot(f, m, meta), 0);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

/* nsi_snapshot_read() of @text into @m (released by the caller). */
static int load(const char *text, size_t len, struct nsi_model *m,
		struct nsi_snapshot_meta *meta, struct nsi_snapshot_error *e)
{
	int fd = memfd_create("snap", MFD_CLOEXEC), rc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	nsi_model_init(m);
	rc = nsi_snapshot_read(fd, m, meta, e);
	close(fd);
	return rc;
}

START_TEST(test_round_trip)
{
	struct nsi_model m, back;
	struct nsi_snapshot_meta meta, meta2;
	struct nsi_snapshot_error e;
	struct nsi_proc *p;
	struct nsi_ns *ns;
	char *one, *two;

	build(&m, &meta);
	one = render(&m, &meta);
	ck_assert_int_eq(load(one, strlen(one), &back, &meta2, &e), 0);
	two = render(&back, &meta2);
	ck_assert_str_eq(one, two);
	/* what the views read of it */
	ck_assert_str_eq(meta2.hostname, "web01");
	ck_assert_str_eq(meta2.report.hidepid, "invisible");
	ck_assert_int_eq(back.nprocs, 2);
	ck_assert_int_eq(back.vanished, 2);
	p = nsi_model_find_proc(&back, 300);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(p->container);
	ck_assert_str_eq(p->container->name, "web");
	ck_assert_str_eq(p->container->runtime, "docker");
	ck_assert_str_eq(p->cmdline, "sleep inf \xef\xbf\xbd");
	ck_assert_int_eq(p->nthreads, 1);
	ck_assert_int_eq(p->threads[0]->tid, 301);
	ck_assert_int_eq(p->status.nspid_levels, 2);
	ck_assert_int_eq(p->ns_errno[NSI_NS_MNT], EACCES);
	ns = nsi_model_get_ns(&back, NSI_NS_NET, 4026532300, 0);
	ck_assert_ptr_nonnull(ns);
	ck_assert_ptr_eq(ns->container, p->container);
	ck_assert_int_eq(ns->nholders, 1);
	ck_assert_ptr_nonnull(ns->net);
	ck_assert_str_eq(ns->net->ifs[0].addrs[0].addr, "fe80::1");
	ck_assert_str_eq(ns->net->fw_backend, "nftables");
	ns = nsi_model_get_ns(&back, NSI_NS_NET, 4026532999, 0);
	ck_assert_str_eq(ns->nsfs[0], "/run/netns/blue");
	ns = nsi_model_get_ns(&back, NSI_NS_USER, 4026532000, 0);
	ck_assert_int_eq(ns->holders[0].kind, NSI_HOLD_OWNER);
	ck_assert_int_eq(ns->holders[0].via->ino, 4026531837);
	free(one);
	free(two);
	nsi_model_release(&m);
	nsi_model_release(&back);
}
END_TEST

/* The valid document of build(), parsed, to spoil. */
static struct json_object *base(void)
{
	struct nsi_snapshot_meta meta;
	struct nsi_model m;
	struct json_object *top;
	char *text;

	build(&m, &meta);
	text = render(&m, &meta);
	top = json_tokener_parse(text);
	ck_assert_ptr_nonnull(top);
	free(text);
	nsi_model_release(&m);
	return top;
}

static struct json_object *key(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, k, &v), "no key %s", k);
	return v;
}

static struct json_object *elem(struct json_object *o, const char *k,
				size_t i)
{
	return json_object_array_get_idx(key(o, k), i);
}

/* @doc (consumed) is refused with @want, at @path. */
static void refused(struct json_object *doc, int want, const char *path)
{
	const char *text = json_object_to_json_string(doc);
	struct nsi_snapshot_meta meta;
	struct nsi_snapshot_error e;
	struct nsi_model m;
	int rc = load(text, strlen(text), &m, &meta, &e);

	ck_assert_msg(rc == want, "%s: %d, want %d (%s at %s)", path, rc,
		      want, e.reason, e.path);
	ck_assert_msg(e.reason[0], "%s: no reason", path);
	ck_assert_msg(!strcmp(e.path, path), "path %s, want %s (%s)", e.path,
		      path, e.reason);
	nsi_model_release(&m);
	json_object_put(doc);
}

static void refused_text(const char *text, int want)
{
	struct nsi_snapshot_meta meta;
	struct nsi_snapshot_error e;
	struct nsi_model m;
	int rc = load(text, strlen(text), &m, &meta, &e);

	ck_assert_msg(rc == want, "'%.40s': %d, want %d", text, rc, want);
	ck_assert(e.reason[0]);
	nsi_model_release(&m);
}

START_TEST(test_not_json)
{
	char deep[4001];

	refused_text("", -EBADMSG);
	refused_text("{", -EBADMSG);
	refused_text("{} x", -EBADMSG);
	refused_text("\x01", -EBADMSG);
	memset(deep, '[', 2000);
	memset(deep + 2000, ']', 2000);
	deep[4000] = '\0';
	refused_text(deep, -EBADMSG);
	refused_text("[]", -EINVAL);
	refused_text("{}", -EINVAL);
}
END_TEST

START_TEST(test_version)
{
	struct json_object *d = base();

	json_object_object_add(d, "version", json_object_new_int(2));
	refused(d, -EPROTONOSUPPORT, "$.version");
	d = base();
	json_object_object_add(d, "version", json_object_new_string("1"));
	refused(d, -EINVAL, "$.version");
	d = base();
	json_object_object_add(d, "version", json_object_new_int(0));
	refused(d, -EINVAL, "$.version");
}
END_TEST

/* Process @i of the document with @k set to @v is refused at its path. */
static void proc_refused(size_t i, const char *k, struct json_object *v)
{
	struct json_object *d = base();
	char path[64];

	json_object_object_add(elem(d, "processes", i), k, v);
	snprintf(path, sizeof(path), "$.processes[%zu].%s", i, k);
	refused(d, -EINVAL, path);
}

START_TEST(test_values)
{
	struct json_object *d;

	proc_refused(0, "pid", json_object_new_int(-5));
	proc_refused(1, "pid", json_object_new_int(1));	/* PID 1 twice */
	proc_refused(0, "uid", json_object_new_double(1e300));
	proc_refused(0, "start_time", json_object_new_uint64(UINT64_MAX));
	proc_refused(1, "container", json_object_new_int(1));
	proc_refused(0, "comm", json_object_new_string_len("a\0b", 3));
	proc_refused(0, "threads", json_object_new_object());
	/* not UTF-8: written back as U+FFFD, it would read differently */
	proc_refused(0, "comm", json_object_new_string("s\xff\xfe"));
	proc_refused(0, "cmdline", json_object_new_string("\xc0\xaf"));
	d = base();
	json_object_object_add(key(d, "report"), "hidepid",
			       json_object_new_string("\x1b[31m"));
	refused(d, -EINVAL, "$.report.hidepid");
	d = base();
	json_object_object_del(elem(d, "processes", 0), "status");
	refused(d, -EINVAL, "$.processes[0].status");
}
END_TEST

START_TEST(test_status)
{
	struct json_object *d = base(), *st, *arr;
	int i;

	st = key(elem(d, "processes", 0), "status");
	arr = key(st, "nspid");
	for (i = 0; i < 40; i++)
		json_object_array_add(arr, json_object_new_int(i + 1));
	refused(d, -EINVAL, "$.processes[0].status.nspid");
	d = base();
	st = key(elem(d, "processes", 0), "status");
	json_object_object_add(key(st, "cap"), "eff",
			       json_object_new_string("0x12345678901234567"));
	refused(d, -EINVAL, "$.processes[0].status.cap.eff");
	d = base();
	st = key(elem(d, "processes", 0), "status");
	{
		char big[5000];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		json_object_object_add(st, "name", json_object_new_string(big));
	}
	refused(d, -EINVAL, "$.processes[0].status.name");
	d = base();
	st = key(elem(d, "processes", 0), "status");
	json_object_object_add(st, "seccomp", json_object_new_int(3));
	refused(d, -EINVAL, "$.processes[0].status.seccomp");
	d = base();
	st = key(elem(elem(d, "processes", 1), "threads", 0), "ns");
	json_object_object_add(st, "bogus", json_object_new_int(5));
	/* the key is the file's, any bytes: not in the path main.c prints */
	refused(d, -EINVAL, "$.processes[1].threads[0].ns");
}
END_TEST

START_TEST(test_namespaces)
{
	struct json_object *d = base(), *ns, *n2;
	size_t i, n;

	ns = elem(d, "namespaces", 0);
	json_object_object_add(ns, "type", json_object_new_string("netx"));
	refused(d, -EINVAL, "$.namespaces[0].type");
	/* a second of the same type and inode */
	d = base();
	ns = elem(d, "namespaces", 0);
	json_object_get(ns);
	json_object_array_add(key(d, "namespaces"), ns);
	n = json_object_array_length(key(d, "namespaces"));
	{
		char want[64];

		snprintf(want, sizeof(want), "$.namespaces[%zu].ino", n - 1);
		refused(d, -EINVAL, want);
	}
	/* an owner reached from a namespace not in the document */
	d = base();
	n = json_object_array_length(key(d, "namespaces"));
	for (i = 0; i < n; i++) {
		ns = elem(d, "namespaces", i);
		if (json_object_array_length(key(ns, "holders")) &&
		    key(elem(ns, "holders", 0), "via"))
			break;
	}
	ck_assert_uint_lt(i, n);
	json_object_object_add(key(elem(ns, "holders", 0), "via"), "ino",
			       json_object_new_int(12345));
	{
		char want[64];

		snprintf(want, sizeof(want), "$.namespaces[%zu].holders[0].via",
			 i);
		refused(d, -EINVAL, want);
	}
	/* network detail of a user namespace */
	d = base();
	n = json_object_array_length(key(d, "namespaces"));
	for (i = 0; i < n; i++) {
		ns = elem(d, "namespaces", i);
		if (key(ns, "net"))
			break;
	}
	n2 = key(ns, "net");
	json_object_get(n2);
	ns = elem(d, "namespaces", 0);
	ck_assert_str_ne(json_object_get_string(key(ns, "type")), "net");
	json_object_object_add(ns, "net", n2);
	refused(d, -EINVAL, "$.namespaces[0].net");
}
END_TEST

START_TEST(test_containers)
{
	struct json_object *d = base(), *c;
	struct nsi_snapshot_meta meta;
	struct nsi_snapshot_error e;
	struct nsi_proc *p;
	struct nsi_model m;
	const char *text;

	/* a runtime this build does not know: kept as "other" */
	c = elem(d, "containers", 0);
	json_object_object_add(c, "runtime", json_object_new_string("rkt"));
	json_object_object_add(c, "caps_default_name",
			       json_object_new_string("\x1b]0;x"));
	text = json_object_to_json_string(d);
	ck_assert_int_eq(load(text, strlen(text), &m, &meta, &e), 0);
	p = nsi_model_find_proc(&m, 300);
	ck_assert_str_eq(p->container->runtime, "other");
	ck_assert_str_eq(p->container->caps_default_name, "other");
	nsi_model_release(&m);
	json_object_put(d);
	/* the same container twice */
	d = base();
	c = elem(d, "containers", 0);
	json_object_get(c);
	json_object_array_add(key(d, "containers"), c);
	refused(d, -EINVAL, "$.containers[1].id");
}
END_TEST

/* A kernel name of bytes that are not UTF-8 is written with a U+FFFD of
 * three bytes each: read back, it is cut to its buffer at a character. */
START_TEST(test_cut_names)
{
	struct nsi_model m, back;
	struct nsi_snapshot_meta meta, meta2;
	struct nsi_snapshot_error e;
	struct nsi_ns *ns;
	char *one;

	build(&m, &meta);
	ns = nsi_model_get_ns(&m, NSI_NS_NET, 4026532300, 0);
	memset(ns->net->ifs[0].name, 0xff, IF_NAMESIZE - 1);
	memset(nsi_model_find_proc(&m, 1)->status.name, 0xfe, 63);
	one = render(&m, &meta);
	ck_assert_int_eq(load(one, strlen(one), &back, &meta2, &e), 0);
	ns = nsi_model_get_ns(&back, NSI_NS_NET, 4026532300, 0);
	ck_assert_str_eq(ns->net->ifs[0].name,
			 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			 "\xef\xbf\xbd");
	ck_assert_uint_eq(strlen(nsi_model_find_proc(&back, 1)->status.name),
			  63);
	free(one);
	nsi_model_release(&m);
	nsi_model_release(&back);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_not_json);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_namespaces);
	tcase_add_test(tc, test_containers);
	tcase_add_test(tc, test_cut_names);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
