/*
 * test-view.c - unit tests of the pure parts of the views: trees of
 * namespaces (by parent, owner or process), the --audit judgement, container lookup by name and ID
 * prefix, ID map formatting, namespace labels and veth peer words,
 * Docker's default and escape-prone capability masks, and the
 * capabilities each view keeps.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "caps.h"
#include "caps-default.h"
#include "check-tap.h"
#include "columns.h"
#include "netinfo.h"
#include "nsinfo.h"
#include "podman.h"
#include "tree.h"
#include "view.h"

#define INO(n)	((ino_t)(4026531840ULL + (n)))

/* A process in the given namespaces (0 = unknown), with owned strings. */
static struct nsi_proc *mkproc(struct nsi_model *m, pid_t pid,
			       const ino_t ns[NSI_NS_NTYPES])
{
	struct nsi_proc *p = nsi_proc_new(pid);
	char buf[32];
	int t;

	ck_assert_ptr_nonnull(p);
	p->user = strdup("root");
	snprintf(buf, sizeof(buf), "comm%d", (int)pid);
	p->comm = strdup(buf);
	ck_assert(p->user && p->comm);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p->ns[t] = ns[t];
	ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	return p;
}

static void all_types(struct nsi_model *m)
{
	int t;

	nsi_model_init(m);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m->have_type[t] = 1;
}

static long row_of(void **rows, size_t n, const struct nsi_ns *ns)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i] == ns)
			return (long)i;
	return -1;
}

/*
 * pid namespaces: host(1) <- a(2) <- b(3), and c(4) whose parent is not
 * shown; --tree=parent puts a under host and b under a, c at the top.
 */
START_TEST(test_tree_parent)
{
	struct nsi_ns host = { .type = NSI_NS_PID, .ino = INO(1) };
	struct nsi_ns a = { .type = NSI_NS_PID, .ino = INO(2), .parent = INO(1) };
	struct nsi_ns b = { .type = NSI_NS_PID, .ino = INO(3), .parent = INO(2) };
	struct nsi_ns c = { .type = NSI_NS_PID, .ino = INO(4), .parent = INO(99) };
	struct nsi_ns net = { .type = NSI_NS_NET, .ino = INO(5), .parent = INO(1) };
	void *rows[] = { &b, &c, &net, &a, &host };
	long *parent;
	size_t n = 5, i;

	ck_assert_int_eq(nsi_view_tree(rows, n, NSI_TREE_PARENT, &parent), 0);
	/* every parent comes before its child */
	for (i = 0; i < n; i++)
		ck_assert_int_lt(parent[i], (long)i);
	ck_assert_int_eq(parent[row_of(rows, n, &host)], -1);
	ck_assert_int_eq(parent[row_of(rows, n, &a)], row_of(rows, n, &host));
	ck_assert_int_eq(parent[row_of(rows, n, &b)], row_of(rows, n, &a));
	ck_assert_int_eq(parent[row_of(rows, n, &c)], -1);
	/* a net namespace has no parent, whatever ns->parent says */
	ck_assert_int_eq(parent[row_of(rows, n, &net)], -1);
	/* roots keep their order: c, net, host (b and a move under host) */
	ck_assert_ptr_eq(rows[0], &c);
	ck_assert_ptr_eq(rows[1], &net);
	ck_assert_ptr_eq(rows[2], &host);
	ck_assert_ptr_eq(rows[3], &a);
	ck_assert_ptr_eq(rows[4], &b);
	free(parent);
}
END_TEST

/* --tree=owner: everything under its owning user namespace. */
START_TEST(test_tree_owner)
{
	struct nsi_ns u0 = { .type = NSI_NS_USER, .ino = INO(10) };
	struct nsi_ns u1 = { .type = NSI_NS_USER, .ino = INO(11), .owner = INO(10) };
	struct nsi_ns n0 = { .type = NSI_NS_NET, .ino = INO(12), .owner = INO(10) };
	struct nsi_ns n1 = { .type = NSI_NS_NET, .ino = INO(13), .owner = INO(11) };
	struct nsi_ns m1 = { .type = NSI_NS_MNT, .ino = INO(14), .owner = INO(11) };
	void *rows[] = { &n1, &m1, &n0, &u1, &u0 };
	long *parent;
	size_t n = 5;

	ck_assert_int_eq(nsi_view_tree(rows, n, NSI_TREE_OWNER, &parent), 0);
	ck_assert_ptr_eq(rows[0], &u0);
	ck_assert_int_eq(parent[0], -1);
	/* u0's children in their former order: n0 came before u1 */
	ck_assert_ptr_eq(rows[1], &n0);
	ck_assert_ptr_eq(rows[2], &u1);
	ck_assert_ptr_eq(rows[3], &n1);
	ck_assert_ptr_eq(rows[4], &m1);
	ck_assert_int_eq(parent[1], 0);
	ck_assert_int_eq(parent[2], 0);
	ck_assert_int_eq(parent[3], 2);
	ck_assert_int_eq(parent[4], 2);
	free(parent);
}
END_TEST

/* A namespace whose owner is itself (no such thing, but be safe). */
START_TEST(test_tree_self)
{
	struct nsi_ns u = { .type = NSI_NS_USER, .ino = INO(1), .owner = INO(1) };
	void *rows[] = { &u };
	long *parent;

	ck_assert_int_eq(nsi_view_tree(rows, 1, NSI_TREE_OWNER, &parent), 0);
	ck_assert_int_eq(parent[0], -1);
	free(parent);
}
END_TEST

/*
 * --tree=process, as lsns -T process: a row goes under the last earlier
 * row whose process is its process's parent.  PID 10 (parent 1) is in
 * rows a and b; PID 11 (parent 10) in c; PID 12 (parent 11) in d, which
 * comes before c and so is a root; e has no process but the one holding
 * it, PID 13 (parent 10); f has no process at all.
 */
START_TEST(test_tree_process)
{
	struct nsi_proc p10 = { .pid = 10, .ppid = 1 };
	struct nsi_proc p11 = { .pid = 11, .ppid = 10 };
	struct nsi_proc p12 = { .pid = 12, .ppid = 11 };
	struct nsi_proc p13 = { .pid = 13, .ppid = 10 };
	struct nsi_ns a = { .type = NSI_NS_UTS, .ino = INO(1), .rep = &p10 };
	struct nsi_ns b = { .type = NSI_NS_IPC, .ino = INO(2), .rep = &p10 };
	struct nsi_ns d = { .type = NSI_NS_NET, .ino = INO(3), .rep = &p12 };
	struct nsi_ns c = { .type = NSI_NS_UTS, .ino = INO(4), .rep = &p11 };
	struct nsi_ns e = { .type = NSI_NS_NET, .ino = INO(5), .held_by = &p13 };
	struct nsi_ns f = { .type = NSI_NS_NET, .ino = INO(6) };
	void *rows[] = { &a, &b, &d, &c, &e, &f };
	long *parent;
	size_t n = 6;

	ck_assert_int_eq(nsi_view_tree(rows, n, NSI_TREE_PROCESS, &parent), 0);
	/* a, b (children: c, e), d, f: roots in order, children after */
	ck_assert_ptr_eq(rows[0], &a);
	ck_assert_ptr_eq(rows[1], &b);
	ck_assert_ptr_eq(rows[2], &c);
	ck_assert_ptr_eq(rows[3], &e);
	ck_assert_ptr_eq(rows[4], &d);
	ck_assert_ptr_eq(rows[5], &f);
	ck_assert_int_eq(parent[0], -1);
	ck_assert_int_eq(parent[1], -1);	/* PID 1 is in no row */
	ck_assert_int_eq(parent[2], 1);		/* the last row of PID 10 */
	ck_assert_int_eq(parent[3], 1);
	ck_assert_int_eq(parent[4], -1);	/* PID 11's row comes later */
	ck_assert_int_eq(parent[5], -1);
	free(parent);
}
END_TEST

/* 2,000 namespaces in a chain: linear work, and the order holds. */
START_TEST(test_tree_chain)
{
	enum { N = 2000 };
	static struct nsi_ns ns[N];
	void *rows[N];
	long *parent;
	size_t i;

	for (i = 0; i < N; i++) {
		ns[i] = (struct nsi_ns){ .type = NSI_NS_PID, .ino = INO(i + 1),
			.parent = i ? INO(i) : 0 };
		rows[N - 1 - i] = &ns[i];
	}
	ck_assert_int_eq(nsi_view_tree(rows, N, NSI_TREE_PARENT, &parent), 0);
	for (i = 0; i < N; i++) {
		ck_assert_ptr_eq(rows[i], &ns[i]);
		ck_assert_int_eq(parent[i], (long)i - 1);
	}
	free(parent);
}
END_TEST

/*
 * --audit: host = PID 1's namespaces, or kthreadd's (PID 2) when PID 1's
 * links are unreadable; a container process in its own net, pid, mnt and
 * the host's user namespace.
 */
START_TEST(test_audit)
{
	ino_t host[NSI_NS_NTYPES], cont[NSI_NS_NTYPES], none[NSI_NS_NTYPES] = { 0 };
	struct nsi_model m;
	struct nsi_proc *p1, *c;
	struct nsi_audit a;
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		host[t] = cont[t] = nsi_ns_init_ino((enum nsi_ns_type)t, NULL);
	cont[NSI_NS_NET] = INO(50);
	cont[NSI_NS_PID] = INO(51);
	cont[NSI_NS_MNT] = INO(52);

	all_types(&m);
	p1 = mkproc(&m, 1, none);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p1->ns_errno[t] = EACCES;
	mkproc(&m, 2, host);
	c = mkproc(&m, 500, cont);
	c->container = nsi_model_get_container(&m, "docker", "d0c4e5", 1);
	ck_assert_ptr_nonnull(c->container);
	nsi_model_finish(&m);

	c->have_status = 1;
	c->status.cap_known = 0x1f;
	c->status.cap[NSI_CAP_BND] = nsi_cap_docker_default();
	c->status.have_euid = 1;	/* root in the container */
	c->userns_initial = 1;
	nsi_view_audit(&m, c, &a);
	ck_assert_ptr_eq(a.proc, c);
	ck_assert_int_eq(a.shared[NSI_NS_NET], 0);
	ck_assert_int_eq(a.shared[NSI_NS_PID], 0);
	ck_assert_int_eq(a.shared[NSI_NS_MNT], 0);
	ck_assert_int_eq(a.shared[NSI_NS_USER], 1);
	ck_assert_int_eq(a.shared[NSI_NS_UTS], 1);
	ck_assert_ptr_nonnull(a.ns[NSI_NS_NET]);
	ck_assert_uint_eq(a.ns[NSI_NS_NET]->ino, INO(50));
	ck_assert_int_eq(a.have_caps, 1);
	ck_assert_uint_eq(a.added, 0);
	ck_assert_uint_eq(a.dropped, 0);
	ck_assert_uint_eq(a.dangerous, 0);

	/* --cap-add SYS_ADMIN --cap-drop NET_RAW */
	c->status.cap[NSI_CAP_BND] = (nsi_cap_docker_default() |
				      (1ULL << 21)) & ~(1ULL << 13);
	nsi_view_audit(&m, c, &a);
	ck_assert_uint_eq(a.added, 1ULL << 21);
	ck_assert_uint_eq(a.dropped, 1ULL << 13);
	ck_assert_uint_eq(a.dangerous, 1ULL << 21);

	/* nobody with cap_net_raw alone: the bounding set is a ceiling, not
	 * what it holds (issue 12) */
	c->status.ruid = c->status.euid = 65534;
	c->status.cap[NSI_CAP_PRM] = c->status.cap[NSI_CAP_EFF] =
		c->status.cap[NSI_CAP_AMB] = 1ULL << 13;
	c->status.cap[NSI_CAP_BND] = ~0ULL;
	nsi_view_audit(&m, c, &a);
	ck_assert_uint_eq(a.dangerous, 0);
	ck_assert_uint_eq(a.risk.now, 1ULL << 13);
	ck_assert(a.risk.gain & (1ULL << 21));

	/* root with every capability in a child user namespace */
	c->status.ruid = c->status.euid = 0;
	c->status.cap[NSI_CAP_PRM] = c->status.cap[NSI_CAP_EFF] =
		nsi_cap_all();
	c->userns_initial = 0;
	nsi_view_audit(&m, c, &a);
	ck_assert_uint_eq(a.dangerous, 0);
	ck_assert_int_eq(a.risk.full, 1);
	ck_assert_int_eq(a.risk.host, 0);
	c->userns_initial = 1;
	nsi_view_audit(&m, c, &a);
	ck_assert_uint_eq(a.dangerous, nsi_cap_dangerous());

	/* the default of its own engine, named (issue 13) */
	ck_assert_str_eq(a.caps_default.name, "docker");
	c->status.cap[NSI_CAP_BND] = nsi_cap_all();
	c->container->runtime = "nspawn";
	c->container->caps_default_name = NULL;
	nsi_model_finish(&m);
	nsi_cap_defaults_fill(&m);
	nsi_view_audit(&m, c, &a);
	ck_assert_str_eq(a.caps_default.name, "nspawn");
	ck_assert_uint_eq(a.dropped, 0);
	ck_assert_uint_eq(a.added, nsi_cap_all() & ~a.caps_default.mask);
	c->container->runtime = "libvirt";
	c->container->caps_default_name = NULL;
	nsi_model_finish(&m);
	nsi_cap_defaults_fill(&m);
	nsi_view_audit(&m, c, &a);
	ck_assert_int_eq(a.caps_default.known, 0);
	ck_assert_int_eq(a.have_caps, 1);
	ck_assert_uint_eq(a.added, 0);
	ck_assert_uint_eq(a.dropped, 0);
	/* a process of no container: against the host's, the whole set */
	c->container = NULL;
	nsi_view_audit(&m, c, &a);
	ck_assert_str_eq(a.caps_default.name, "host");
	ck_assert_uint_eq(a.added, 0);
	ck_assert_uint_eq(a.dropped, 0);

	/* bounding set unknown: no verdict on capabilities */
	c->status.cap_known = 0;
	nsi_view_audit(&m, c, &a);
	ck_assert_int_eq(a.have_caps, 0);
	nsi_model_release(&m);
}
END_TEST

/*
 * Without PID 1 nor 2, whether a namespace is the host's is known only
 * where the kernel fixes the initial one's inode (mnt and net: since
 * Linux 6.18, and only when a namespace has it).
 */
START_TEST(test_audit_no_host)
{
	ino_t ns[NSI_NS_NTYPES];
	struct nsi_model m;
	struct nsi_proc *p;
	struct nsi_audit a;
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		ns[t] = INO(t + 1);
	ns[NSI_NS_UTS] = nsi_ns_init_ino(NSI_NS_UTS, NULL);
	all_types(&m);
	p = mkproc(&m, 300, ns);
	nsi_model_finish(&m);
	nsi_view_audit(&m, p, &a);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		ck_assert_int_eq(a.shared[t], t == NSI_NS_MNT ||
				 t == NSI_NS_NET ? -1 : t == NSI_NS_UTS);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_cap_masks)
{
	uint64_t def = nsi_cap_docker_default(), bad = nsi_cap_dangerous();

	/* 14 capabilities, as capsh --decode=00000000a80425fb shows */
	ck_assert_int_eq(__builtin_popcountll(def), 14);
	ck_assert_uint_eq(def, 0x00000000a80425fbULL);
	/* SYS_ADMIN 21, SYS_MODULE 16, SYS_RAWIO 17, SYS_PTRACE 19,
	 * SYS_BOOT 22, SYSLOG 34, DAC_READ_SEARCH 2, NET_ADMIN 12, BPF 39 */
	ck_assert_uint_eq(bad, (1ULL << 21) | (1ULL << 16) | (1ULL << 17) |
			  (1ULL << 19) | (1ULL << 22) | (1ULL << 34) |
			  (1ULL << 2) | (1ULL << 12) | (1ULL << 39));
	ck_assert_uint_eq(def & bad, 0);
}
END_TEST

START_TEST(test_find_container)
{
	static const char id1[] =
		"c0d7826c96a5bcc4914e9b0c12ca565d961800c444ee163a8cb0f0bbee7a2b09";
	static const char id2[] =
		"c0d7999c96a5bcc4914e9b0c12ca565d961800c444ee163a8cb0f0bbee7a2b09";
	struct nsi_container *a, *b, *l;
	struct nsi_model m;

	nsi_model_init(&m);
	a = nsi_model_get_container(&m, "docker", id1, 1);
	b = nsi_model_get_container(&m, "docker", id2, 1);
	l = nsi_model_get_container(&m, "lxc", "web", 1);
	ck_assert(a && b && l && a != b);
	ck_assert_ptr_eq(nsi_model_get_container(&m, "docker", id1, 0), a);
	ck_assert_ptr_null(nsi_model_get_container(&m, "podman", id1, 0));
	ck_assert_str_eq(a->short_id, "c0d7826c96a5");
	a->name = strdup("cont-test");

	ck_assert_ptr_eq(nsi_model_find_container(&m, "cont-test"), a);
	ck_assert_ptr_eq(nsi_model_find_container(&m, id2), b);
	ck_assert_ptr_eq(nsi_model_find_container(&m, "c0d7826c"), a);
	ck_assert_ptr_eq(nsi_model_find_container(&m, "web"), l);
	errno = 0;
	ck_assert_ptr_null(nsi_model_find_container(&m, "c0d7"));
	ck_assert_int_eq(errno, EINVAL);	/* both IDs start so */
	errno = 0;
	ck_assert_ptr_null(nsi_model_find_container(&m, "c0d"));
	ck_assert_int_eq(errno, ENOENT);	/* too short a prefix */
	errno = 0;
	ck_assert_ptr_null(nsi_model_find_container(&m, "nosuch"));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(nsi_container_label(a), "cont-test");
	ck_assert_str_eq(nsi_container_label(b), "c0d7999c96a5");

	/* red team: a user's container named as another's short ID, or
	 * with another's ID: more than one, never a silent pick */
	{
		struct nsi_container *u =
			nsi_model_get_container_of(&m, "podman", "ffff", 1001,
						   1);
		struct nsi_container *v =
			nsi_model_get_container_of(&m, "docker", id2, 1001, 1);

		ck_assert(u && v);
		u->name = strdup("c0d7826c96a5");
		errno = 0;
		ck_assert_ptr_null(nsi_model_find_container(&m,
							    "c0d7826c96a5"));
		ck_assert_int_eq(errno, EINVAL);
		errno = 0;
		ck_assert_ptr_null(nsi_model_find_container(&m, id2));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_ptr_eq(nsi_model_find_container(&m, "cont-test"), a);
	}
	nsi_model_release(&m);
}
END_TEST

/* Many containers: the hash keeps every one reachable. */
START_TEST(test_container_hash)
{
	struct nsi_model m;
	char id[65];
	int i;

	nsi_model_init(&m);
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "%064x", i * 7919);
		ck_assert_ptr_nonnull(nsi_model_get_container(&m, "docker", id, 1));
	}
	ck_assert_uint_eq(m.ncontainers, 3000);
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "%064x", i * 7919);
		ck_assert_ptr_eq(nsi_model_get_container(&m, "docker", id, 0),
				 m.containers[i]);
	}
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_idmap_format)
{
	static const char host[] = "         0          0 4294967295\n";
	static const char two[] = "         0       1000          1\n"
				  "         1     100000      65536\n";
	char *s;

	ck_assert_int_eq(nsi_idmap_format(host, sizeof(host) - 1, &s), 0);
	ck_assert_str_eq(s, "0 0 4294967295");
	free(s);
	ck_assert_int_eq(nsi_idmap_format(two, sizeof(two) - 1, &s), 0);
	ck_assert_str_eq(s, "0 1000 1, 1 100000 65536");
	free(s);
	ck_assert_int_eq(nsi_idmap_format("", 0, &s), 0);	/* no map yet */
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_ns_label)
{
	struct nsi_container c = { .runtime = "docker", .id = (char *)"abc",
				   .short_id = "abc" };
	struct nsi_container d = { .runtime = "docker", .id = (char *)"def",
				   .short_id = "def" };
	struct nsi_container *cs[] = { &c, &d };
	struct nsi_proc p1 = { .pid = 1, .comm = (char *)"init" };
	struct nsi_proc p9 = { .pid = 900, .comm = (char *)"sleep" };
	char *nsfs_netns[] = { (char *)"/run/netns/blue" };
	char *nsfs_docker[] = { (char *)"/run/docker/netns/b7b68ad835bd" };
	struct nsi_ns ns = { .type = NSI_NS_NET, .ino = INO(7) };
	char *s;

	/* the host's: nsi_model_finish() marks it (test-model.c) */
	ns.rep = &p1;
	ns.host = 1;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "host");
	free(s);
	ns.rep = &p9;
	ns.host = 0;
	ns.container = &c;
	ns.containers = cs;
	ns.ncontainers = 1;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "docker abc");
	free(s);
	c.name = (char *)"web";
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "web (docker abc)");
	free(s);
	/* shared by two containers (a pod): both */
	ns.container = NULL;
	ns.ncontainers = 2;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "web (docker abc), docker def");
	free(s);
	ns.containers = NULL;
	ns.ncontainers = 0;
	ns.nsfs = nsfs_netns;
	ns.nnsfs = 1;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "blue");
	free(s);
	ns.nsfs = nsfs_docker;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "docker b7b68ad835bd");
	free(s);
	ns.nnsfs = 0;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "sleep (pid 900)");
	free(s);
	ns.rep = NULL;
	s = nsi_ns_label(&ns);
	ck_assert_str_eq(s, "net:[4026531847]");
	free(s);
}
END_TEST

START_TEST(test_peer_text)
{
	struct nsi_proc p2 = { .pid = 2, .comm = (char *)"kthreadd" };
	struct nsi_ns host = { .type = NSI_NS_NET, .ino = INO(1), .rep = &p2,
			       .host = 1 };
	char *nsfs[] = { (char *)"/run/netns/b" };
	struct nsi_ns b = { .type = NSI_NS_NET, .ino = INO(2), .nsfs = nsfs,
			    .nnsfs = 1 };
	struct nsi_netif vh = { .ifindex = 9, .name = "veth1234", .kind = "veth",
				.link = 2, .link_netnsid = 0 };
	struct nsi_netif eth = { .ifindex = 2, .name = "eth0", .kind = "veth",
				 .link = 9, .link_netnsid = 0 };
	struct nsi_netif lo = { .ifindex = 1, .name = "lo", .kind = "loopback" };
	char *s;

	errno = 0;
	ck_assert_ptr_null(nsi_netif_peer_text(&lo));
	ck_assert_int_eq(errno, 0);
	s = nsi_netif_peer_text(&eth);	/* not resolved */
	ck_assert_str_eq(s, "ifindex 9 in netnsid 0");
	free(s);
	eth.peer = &vh;
	eth.peer_ns = &host;
	vh.peer = &eth;
	vh.peer_ns = &b;
	s = nsi_netif_peer_text(&eth);
	ck_assert_str_eq(s, "veth1234 on the host");
	free(s);
	s = nsi_netif_peer_text(&vh);
	ck_assert_str_eq(s, "eth0 in b");
	free(s);
}
END_TEST

#define CAP(c)	(UINT64_C(1) << (c))

START_TEST(test_view_caps)
{
	const uint64_t base = CAP(CAP_SYS_PTRACE) | CAP(CAP_DAC_READ_SEARCH);
	/* what rootless Podman's state on this machine adds (podman.c) */
	const uint64_t pm = nsi_podman_users_caps();
	const uint64_t links = base | pm;
	const uint64_t inside = CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN) |
		CAP(CAP_NET_RAW);
	struct nsi_query q = { .view = NSI_VIEW_NS };
	int cols[NSI_MAX_COLS], t, fd;
	size_t n;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		q.types[t] = 1;
	n = nsi_view_default_columns(&q, 0, 0, cols);
	/* every type: the links, and SIOCGSKNS for the sockets */
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, -1),
			  links | CAP(CAP_NET_ADMIN));
	ck_assert_uint_eq(nsi_view_caps(&q, NULL, 0, -1),
			  links | CAP(CAP_NET_ADMIN));	/* --audit */
	q.tree = NSI_TREE_OWNER;
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, -1),
			  links | CAP(CAP_NET_ADMIN));
	q.tree = NSI_TREE_NONE;

	/* -t mnt: no socket is asked */
	for (t = 0; t < NSI_NS_NTYPES; t++)
		q.types[t] = t == NSI_NS_MNT;
	q.ntypes = 1;
	n = nsi_view_default_columns(&q, 0, 0, cols);
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, -1), links);

	/* -t uts: HOSTNAME enters the namespaces */
	q.types[NSI_NS_MNT] = 0;
	q.types[NSI_NS_UTS] = 1;
	n = nsi_view_default_columns(&q, 0, 0, cols);
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, -1),
			  links | CAP(CAP_SYS_ADMIN));
	/* -t uts -o NS,TYPE: not */
	cols[0] = NSI_NSCOL_NS;
	cols[1] = NSI_NSCOL_TYPE;
	ck_assert_uint_eq(nsi_view_caps(&q, cols, 2, -1), links);
	/* ... -o NS,RULES: the firewall of network namespaces */
	cols[1] = NSI_NSCOL_RULES;
	ck_assert_uint_eq(nsi_view_caps(&q, cols, 2, -1), links | inside);

	/* --ns net --detail */
	q.types[NSI_NS_UTS] = 0;
	q.types[NSI_NS_NET] = 1;
	q.net_detail = 1;
	n = nsi_view_default_columns(&q, 0, 0, cols);
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, -1), links | inside);

	/* the live view: all of them */
	ck_assert_uint_eq(nsi_view_live_caps(), base | inside);

	/*
	 * --caps: none when /proc hides nothing; a proc root whose mount
	 * table cannot be read (a fixture tree) keeps CAP_SYS_PTRACE, as
	 * hidepid= may hide processes from us without it
	 */
	q = (struct nsi_query){ .view = NSI_VIEW_PROC };
	n = nsi_view_default_columns(&q, 0, 0, cols);
	fd = open(FIXTURES "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(nsi_view_caps(&q, cols, n, fd),
			  CAP(CAP_SYS_PTRACE) | pm);
	close(fd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("view");

	tcase_add_test(tc, test_tree_parent);
	tcase_add_test(tc, test_tree_owner);
	tcase_add_test(tc, test_tree_self);
	tcase_add_test(tc, test_tree_chain);
	tcase_add_test(tc, test_tree_process);
	tcase_add_test(tc, test_audit);
	tcase_add_test(tc, test_audit_no_host);
	tcase_add_test(tc, test_cap_masks);
	tcase_add_test(tc, test_find_container);
	tcase_add_test(tc, test_container_hash);
	tcase_add_test(tc, test_idmap_format);
	tcase_add_test(tc, test_ns_label);
	tcase_add_test(tc, test_peer_text);
	tcase_add_test(tc, test_view_caps);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
