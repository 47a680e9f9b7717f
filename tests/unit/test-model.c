/*
 * test-model.c - unit tests of the model (model.h): grouping processes
 * into namespaces, the unknown groups, nsfs-only namespaces, sorting and
 * representatives, lookups, and a stress case for the hash index.
 *
 * Run once under valgrind to check that nsi_model_release() frees all:
 *   valgrind --leak-check=full --error-exitcode=1 \
 *	env CK_FORK=no tests/unit/test-model
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "check-tap.h"

/* Inode numbers in the range the kernel gives nsfs inodes. */
#define INO(n)	((ino_t)(4026531840ULL + (n)))
/* The initial user namespace's, fixed by the kernel (PROC_USER_INIT_INO). */
#define HOST_USER	((ino_t)0xEFFFFFFDu)

/*
 * A process with owned strings (the model frees them), and the given
 * inodes for mnt, net and user; the other types stay 0.
 */
static struct nsi_proc *mkproc(pid_t pid, ino_t mnt, ino_t net, ino_t user)
{
	struct nsi_proc *p = nsi_proc_new(pid);
	char buf[32];

	ck_assert_ptr_nonnull(p);
	p->ppid = 1;
	p->uid = (uid_t)(1000 + pid % 7);
	snprintf(buf, sizeof(buf), "%u", (unsigned int)p->uid);
	p->user = strdup(buf);
	snprintf(buf, sizeof(buf), "proc%d", (int)pid);
	p->comm = strdup(buf);
	snprintf(buf, sizeof(buf), "/bin/proc%d --flag", (int)pid);
	p->cmdline = strdup(buf);
	ck_assert(p->user && p->comm && p->cmdline);
	p->ns[NSI_NS_MNT] = mnt;
	p->ns[NSI_NS_NET] = net;
	p->ns[NSI_NS_USER] = user;
	return p;
}

static void add(struct nsi_model *m, struct nsi_proc *p)
{
	ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
}

/* The namespace (type, ino), which must exist, checked against m->ns. */
static struct nsi_ns *must_get(struct nsi_model *m, enum nsi_ns_type type, ino_t ino)
{
	struct nsi_ns *ns = nsi_model_get_ns(m, type, ino, 0);

	ck_assert_msg(ns != NULL, "namespace %s:[%llu] not found",
		      nsi_ns_type_name(type), (unsigned long long)ino);
	ck_assert_int_eq(ns->type, type);
	ck_assert_uint_eq(ns->ino, ino);
	return ns;
}

static int ns_has_proc(const struct nsi_ns *ns, pid_t pid)
{
	size_t i;

	for (i = 0; i < ns->nprocs; i++)
		if (ns->procs[i]->pid == pid)
			return 1;
	return 0;
}

static int ns_has_nsfs(const struct nsi_ns *ns, const char *path)
{
	size_t i;

	for (i = 0; i < ns->nnsfs; i++)
		if (strcmp(ns->nsfs[i], path) == 0)
			return 1;
	return 0;
}

/*
 * m->ns is sorted by inode (as lsns lists them), ties by type, the unknown
 * groups (inode 0) last, by type; with no duplicate.
 */
static int ns_before(const struct nsi_ns *a, const struct nsi_ns *b)
{
	if ((a->ino == 0) != (b->ino == 0))
		return b->ino == 0;
	return a->ino < b->ino || (a->ino == b->ino && a->type < b->type);
}

static void check_sorted(const struct nsi_model *m)
{
	size_t i;

	for (i = 1; i < m->nns; i++) {
		const struct nsi_ns *a = m->ns[i - 1], *b = m->ns[i];

		ck_assert_msg(ns_before(a, b),
			      "ns[%zu] = %d:%llu before ns[%zu] = %d:%llu",
			      i - 1, a->type, (unsigned long long)a->ino,
			      i, b->type, (unsigned long long)b->ino);
	}
	for (i = 1; i < m->nprocs; i++)
		ck_assert_int_lt(m->procs[i - 1]->pid, m->procs[i]->pid);
}

/* Every namespace in m->ns is what a lookup of its key returns. */
static void check_hash(struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		ck_assert_msg(nsi_model_get_ns(m, ns->type, ns->ino, 0) == ns,
			      "lookup of ns[%zu] = %d:%llu gives another namespace",
			      i, ns->type, (unsigned long long)ns->ino);
	}
}

START_TEST(test_type_names)
{
	static const char *const names[NSI_NS_NTYPES] = {
		"mnt", "net", "pid", "user", "uts", "ipc", "cgroup", "time",
	};
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++) {
		ck_assert_str_eq(nsi_ns_type_name((enum nsi_ns_type)t), names[t]);
		ck_assert_int_eq(nsi_ns_type_from_name(names[t], strlen(names[t])), t);
	}
	ck_assert_ptr_null(nsi_ns_type_name(NSI_NS_NTYPES));
	ck_assert_ptr_null(nsi_ns_type_name((enum nsi_ns_type)-1));
	/* Only @len bytes are compared. */
	ck_assert_int_eq(nsi_ns_type_from_name("net:[4026531840]", 3), NSI_NS_NET);
	ck_assert_int_eq(nsi_ns_type_from_name("cgroupfoo", 6), NSI_NS_CGROUP);
	ck_assert_int_eq(nsi_ns_type_from_name("ne", 2), -1);
	ck_assert_int_eq(nsi_ns_type_from_name("net", 2), -1);
	ck_assert_int_eq(nsi_ns_type_from_name("nets", 4), -1);
	ck_assert_int_eq(nsi_ns_type_from_name("pid_for_children", 16), -1);
	ck_assert_int_eq(nsi_ns_type_from_name("", 0), -1);
}
END_TEST

START_TEST(test_proc_new)
{
	struct nsi_proc *p = nsi_proc_new(4321);
	int t;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->pid, 4321);
	ck_assert_ptr_null(p->user);
	ck_assert_ptr_null(p->comm);
	ck_assert_ptr_null(p->cmdline);
	ck_assert_int_eq(p->have_status, 0);
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		ck_assert_uint_eq(p->ns[t], 0);
		ck_assert_int_eq(p->ns_errno[t], 0);
	}
	p->comm = strdup("x");
	p->user = strdup("root");
	p->cmdline = strdup("x -y");
	nsi_proc_free(p);
}
END_TEST

START_TEST(test_empty_model)
{
	struct nsi_model m;

	nsi_model_init(&m);
	ck_assert_uint_eq(m.nprocs, 0);
	ck_assert_uint_eq(m.nns, 0);
	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nprocs, 0);
	ck_assert_uint_eq(m.nns, 0);
	ck_assert_ptr_null(nsi_model_find_proc(&m, 1));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(8), 0));
	nsi_model_release(&m);
}
END_TEST

/*
 * A user's container (rootless Podman, a delegated cgroup subtree) is
 * keyed by its owner too: a user who names another's ID (not secret: it is
 * on conmon's command line) makes a container of its own, never joins the
 * system's or the other user's; the hash holds all of them.
 */
START_TEST(test_container_owners)
{
	struct nsi_model m;
	struct nsi_container *sys, *u1, *u2;
	char id[16];
	int i;

	nsi_model_init(&m);
	sys = nsi_model_get_container(&m, "podman", "abc", 1);
	u1 = nsi_model_get_container_of(&m, "podman", "abc", 1001, 1);
	u2 = nsi_model_get_container_of(&m, "podman", "abc", 1002, 1);
	ck_assert_ptr_nonnull(sys);
	ck_assert_ptr_nonnull(u1);
	ck_assert_ptr_nonnull(u2);
	ck_assert_ptr_ne(sys, u1);
	ck_assert_ptr_ne(u1, u2);
	ck_assert_int_eq(sys->rootless, 0);
	ck_assert_int_eq(u1->rootless, 1);
	ck_assert_uint_eq(u1->owner_uid, 1001);
	/* many more, so that the hash is laid out again */
	for (i = 0; i < 100; i++) {
		snprintf(id, sizeof(id), "c%d", i);
		ck_assert_ptr_nonnull(nsi_model_get_container_of(&m, "podman",
				id, i % 2 ? 1001 : NSI_OWNER_SYSTEM, 1));
	}
	ck_assert_ptr_eq(nsi_model_get_container(&m, "podman", "abc", 0), sys);
	ck_assert_ptr_eq(nsi_model_get_container_of(&m, "podman", "abc", 1001,
						    0), u1);
	ck_assert_ptr_eq(nsi_model_get_container_of(&m, "podman", "abc", 1002,
						    0), u2);
	ck_assert_ptr_null(nsi_model_get_container_of(&m, "podman", "abc",
						      1003, 0));
	ck_assert_uint_eq(m.ncontainers, 103);
	/* the same ID under another runtime; claimed from "unknown" */
	u2 = nsi_model_get_container(&m, "unknown", "abc", 1);
	ck_assert_ptr_nonnull(u2);
	ck_assert_ptr_ne(u2, sys);
	ck_assert_int_eq(nsi_model_claim_container(&m, u2, "podman"), -EEXIST);
	ck_assert_str_eq(u2->runtime, "unknown");
	ck_assert_int_eq(nsi_model_claim_container(&m, u2, "docker"), 0);
	ck_assert_ptr_eq(nsi_model_get_container(&m, "docker", "abc", 0), u2);
	ck_assert_ptr_null(nsi_model_get_container(&m, "unknown", "abc", 0));
	ck_assert_ptr_eq(nsi_model_get_container(&m, "podman", "abc", 0), sys);
	ck_assert_ptr_eq(nsi_model_get_container_of(&m, "podman", "abc", 1001,
						    0), u1);
	nsi_model_release(&m);
}
END_TEST

/*
 * The host's namespace: PID 1's when known, else kthreadd's (PID 2),
 * when PID 1 (or 2) is in the initial PID namespace; the inode the kernel
 * fixes (pid, user, uts, ipc, cgroup, time; mnt and net since Linux
 * 6.18, when a namespace has it) when PID 1 is another PID namespace's
 * init (we run in a container) or PID 1 and 2 are unknown.
 */
START_TEST(test_host_ns)
{
	struct nsi_model m;
	struct nsi_proc *init, *kthreadd;

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_NET), 0);
	init = mkproc(1, 0, INO(6), 0);
	kthreadd = mkproc(2, INO(5), INO(7), 0);
	kthreadd->ns[NSI_NS_PID] = NSI_INIT_INO_PID;
	add(&m, kthreadd);
	add(&m, init);
	ck_assert_int_eq(nsi_model_finish(&m), 0);
	ck_assert_int_eq(m.pidns_initial, 1);
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_NET), INO(6));
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_MNT), INO(5));
	/* neither PID 1's nor PID 2's: the kernel's fixed inode */
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_USER), HOST_USER);
	ck_assert_uint_eq(nsi_ns_init_ino(NSI_NS_USER, NULL), HOST_USER);
	nsi_model_release(&m);

	/* in a container: its PID 1 is not the host's */
	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	init = mkproc(1, INO(5), INO(6), INO(3));
	init->ns[NSI_NS_PID] = INO(9);
	add(&m, init);
	ck_assert_int_eq(nsi_model_finish(&m), 0);
	ck_assert_int_eq(m.pidns_initial, 0);
	ck_assert_uint_eq(m.pidns, INO(9));
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_NET), 0);
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_MNT), 0);
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_PID), NSI_INIT_INO_PID);
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_USER), HOST_USER);
	ck_assert_int_eq(must_get(&m, NSI_NS_NET, INO(6))->host, 0);
	ck_assert_int_eq(must_get(&m, NSI_NS_USER, INO(3))->host, 0);
	/* --network host on Linux 6.18: the initial net's fixed inode */
	add(&m, mkproc(7, INO(5), (ino_t)0xEFFFFFF9u, INO(3)));
	ck_assert_int_eq(nsi_model_finish(&m), 0);
	ck_assert_uint_eq(nsi_model_host_ns(&m, NSI_NS_NET), 0xEFFFFFF9u);
	ck_assert_int_eq(must_get(&m, NSI_NS_NET, 0xEFFFFFF9u)->host, 1);
	nsi_model_release(&m);
}
END_TEST

/* Capabilities now: permitted, effective or ambient; threads apart. */
START_TEST(test_proc_caps)
{
	struct nsi_proc *p = mkproc(30, 0, 0, 0), *t = nsi_proc_new(30);

	ck_assert_ptr_nonnull(t);
	t->tid = 31;
	ck_assert_int_eq(nsi_proc_add_thread(p, t), 0);
	p->status.cap[NSI_CAP_PRM] = 1;
	ck_assert_int_eq(nsi_proc_has_caps(p), 0);	/* status not read */
	p->have_status = 1;
	ck_assert_int_eq(nsi_proc_has_caps(p), 1);
	p->status.cap[NSI_CAP_PRM] = 0;
	p->status.cap[NSI_CAP_BND] = ~0ULL;
	p->status.cap[NSI_CAP_INH] = ~0ULL;
	ck_assert_int_eq(nsi_proc_has_caps(p), 0);
	p->status.cap[NSI_CAP_AMB] = 4;
	ck_assert_int_eq(nsi_proc_any_caps(p), 1);
	p->status.cap[NSI_CAP_AMB] = 0;
	t->have_status = 1;
	t->status.cap[NSI_CAP_EFF] = 2;
	ck_assert_int_eq(nsi_proc_has_caps(t), 1);
	ck_assert_int_eq(nsi_proc_any_caps(p), 0);	/* not caps_differ */
	t->caps_differ = 1;
	ck_assert_int_eq(nsi_proc_any_caps(p), 1);
	ck_assert_int_eq(nsi_proc_has_caps(p), 0);
	nsi_proc_free(p);
}
END_TEST

/*
 * Three processes added in descending PID order:
 *   pid 300: mnt A, net N1, user U2
 *   pid 200: mnt A, net N2, user U2
 *   pid 100: mnt A, net N1, user U1
 */
START_TEST(test_grouping)
{
	struct nsi_model m;
	struct nsi_ns *ns;

	nsi_model_init(&m);
	m.have_type[NSI_NS_MNT] = 1;
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	add(&m, mkproc(300, INO(1), INO(9), INO(7)));
	add(&m, mkproc(200, INO(1), INO(8), INO(7)));
	add(&m, mkproc(100, INO(1), INO(9), INO(5)));

	/* Lookups work before nsi_model_finish() too. */
	ns = must_get(&m, NSI_NS_NET, INO(9));
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(1), 0));

	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nprocs, 3);
	ck_assert_uint_eq(m.nns, 5);
	check_sorted(&m);
	check_hash(&m);

	/* Sorted by inode: mnt 1, user 5, user 7, net 8, net 9. */
	ck_assert_int_eq(m.ns[0]->type, NSI_NS_MNT);
	ck_assert_uint_eq(m.ns[0]->ino, INO(1));
	ck_assert_int_eq(m.ns[1]->type, NSI_NS_USER);
	ck_assert_uint_eq(m.ns[1]->ino, INO(5));
	ck_assert_int_eq(m.ns[2]->type, NSI_NS_USER);
	ck_assert_uint_eq(m.ns[2]->ino, INO(7));
	ck_assert_int_eq(m.ns[3]->type, NSI_NS_NET);
	ck_assert_uint_eq(m.ns[3]->ino, INO(8));
	ck_assert_int_eq(m.ns[4]->type, NSI_NS_NET);
	ck_assert_uint_eq(m.ns[4]->ino, INO(9));

	ns = must_get(&m, NSI_NS_MNT, INO(1));
	ck_assert_uint_eq(ns->nprocs, 3);
	ck_assert_ptr_nonnull(ns->rep);
	ck_assert_int_eq(ns->rep->pid, 100);

	ns = must_get(&m, NSI_NS_NET, INO(9));
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert(ns_has_proc(ns, 100) && ns_has_proc(ns, 300));
	ck_assert_int_eq(ns->rep->pid, 100);

	ns = must_get(&m, NSI_NS_NET, INO(8));
	ck_assert_uint_eq(ns->nprocs, 1);
	ck_assert_int_eq(ns->rep->pid, 200);

	ns = must_get(&m, NSI_NS_USER, INO(7));
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert(ns_has_proc(ns, 200) && ns_has_proc(ns, 300));
	ck_assert_int_eq(ns->rep->pid, 200);

	ns = must_get(&m, NSI_NS_USER, INO(5));
	ck_assert_uint_eq(ns->nprocs, 1);
	ck_assert_int_eq(ns->rep->pid, 100);

	/* Absent keys, and create=0 does not create them. */
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(7), 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_PID, INO(1), 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, 0, 0));
	ck_assert_uint_eq(m.nns, 5);

	/* Processes sorted by PID, each with its own fields. */
	ck_assert_int_eq(m.procs[0]->pid, 100);
	ck_assert_int_eq(m.procs[1]->pid, 200);
	ck_assert_int_eq(m.procs[2]->pid, 300);
	ck_assert_ptr_eq(nsi_model_find_proc(&m, 200), m.procs[1]);
	ck_assert_str_eq(nsi_model_find_proc(&m, 300)->comm, "proc300");
	ck_assert_uint_eq(nsi_model_find_proc(&m, 300)->ns[NSI_NS_NET], INO(9));
	ck_assert_ptr_null(nsi_model_find_proc(&m, 150));
	ck_assert_ptr_null(nsi_model_find_proc(&m, 1));
	ck_assert_ptr_null(nsi_model_find_proc(&m, 301));

	nsi_model_release(&m);
}
END_TEST

/* Inode 0 of a type the kernel has goes to that type's unknown group. */
START_TEST(test_unknown_group)
{
	struct nsi_model m;
	struct nsi_proc *p;
	struct nsi_ns *ns;

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_PID] = 1;
	/* mnt, user, uts, ipc, cgroup, time: have_type 0, inode 0. */

	p = mkproc(12, 0, 0, 0);
	p->ns_errno[NSI_NS_NET] = EACCES;
	p->ns[NSI_NS_PID] = INO(4);
	add(&m, p);
	p = mkproc(11, 0, INO(7), 0);
	p->ns[NSI_NS_PID] = INO(4);
	add(&m, p);
	p = mkproc(10, 0, 0, 0);
	p->ns_errno[NSI_NS_NET] = EACCES;
	p->ns_errno[NSI_NS_PID] = EACCES;
	add(&m, p);

	nsi_model_finish(&m);
	/* net:0 {10,12}, net:7 {11}, pid:0 {10}, pid:4 {11,12}; nothing else. */
	ck_assert_uint_eq(m.nns, 4);
	check_sorted(&m);
	check_hash(&m);

	/* By inode, the unknown groups last: pid 4, net 7, net 0, pid 0. */
	ck_assert_int_eq(m.ns[0]->type, NSI_NS_PID);
	ck_assert_uint_eq(m.ns[0]->ino, INO(4));
	ck_assert_int_eq(m.ns[1]->type, NSI_NS_NET);
	ck_assert_uint_eq(m.ns[1]->ino, INO(7));
	ck_assert_int_eq(m.ns[2]->type, NSI_NS_NET);
	ck_assert_uint_eq(m.ns[2]->ino, 0);
	ck_assert_int_eq(m.ns[3]->type, NSI_NS_PID);
	ck_assert_uint_eq(m.ns[3]->ino, 0);

	ns = must_get(&m, NSI_NS_NET, 0);
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert(ns_has_proc(ns, 10) && ns_has_proc(ns, 12));
	ck_assert_int_eq(ns->rep->pid, 10);

	ns = must_get(&m, NSI_NS_PID, 0);
	ck_assert_uint_eq(ns->nprocs, 1);
	ck_assert_int_eq(ns->rep->pid, 10);

	ns = must_get(&m, NSI_NS_PID, INO(4));
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert_int_eq(ns->rep->pid, 11);

	/* Types the kernel lacks have no group at all. */
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_MNT, 0, 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_USER, 0, 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_TIME, 0, 0));

	nsi_model_release(&m);
}
END_TEST

/* The same inode number under two types is two namespaces. */
START_TEST(test_same_ino_other_type)
{
	struct nsi_model m;
	struct nsi_proc *p;
	int t;

	nsi_model_init(&m);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		m.have_type[t] = 1;
	p = nsi_proc_new(1);
	ck_assert_ptr_nonnull(p);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		p->ns[t] = INO(42);
	add(&m, p);
	nsi_model_finish(&m);

	ck_assert_uint_eq(m.nns, NSI_NS_NTYPES);
	check_sorted(&m);
	check_hash(&m);
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		struct nsi_ns *ns = must_get(&m, (enum nsi_ns_type)t, INO(42));

		ck_assert_ptr_eq(m.ns[t], ns);
		ck_assert_uint_eq(ns->nprocs, 1);
		ck_assert_int_eq(ns->rep->pid, 1);
	}
	nsi_model_release(&m);
}
END_TEST

/* A namespace held only by nsfs mounts: created by lookup, no process. */
START_TEST(test_nsfs_only)
{
	struct nsi_model m;
	struct nsi_ns *ns, *again;
	char path[64];

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_MNT] = 1;

	ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(500), 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(ns->type, NSI_NS_NET);
	ck_assert_uint_eq(ns->ino, INO(500));
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_uint_eq(ns->nnsfs, 0);
	ck_assert_uint_eq(ns->owner, 0);
	ck_assert_uint_eq(ns->parent, 0);
	ck_assert_int_eq(ns->netnsid, -1);
	ck_assert_uint_eq(m.nns, 1);

	/* The path is copied: the caller's buffer may change afterwards. */
	strcpy(path, "/run/netns/a");
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, path), 0);
	strcpy(path, "/run/docker/netns/abc");
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, path), 0);
	strcpy(path, "XXXXXXXXXXXXXXXXXXXXX");
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/netns/a"), 0);
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/docker/netns/abc"), 0);
	ck_assert_uint_eq(ns->nnsfs, 2);
	ck_assert(ns_has_nsfs(ns, "/run/netns/a"));
	ck_assert(ns_has_nsfs(ns, "/run/docker/netns/abc"));

	/* create=1 on an existing key returns the same namespace. */
	again = nsi_model_get_ns(&m, NSI_NS_NET, INO(500), 1);
	ck_assert_ptr_eq(again, ns);
	ck_assert_uint_eq(m.nns, 1);

	/* A process in another namespace does not touch it. */
	add(&m, mkproc(5, INO(1), INO(501), 0));
	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nns, 3);	/* mnt:1, net:500, net:501 */
	check_sorted(&m);
	check_hash(&m);

	ns = must_get(&m, NSI_NS_NET, INO(500));
	ck_assert_uint_eq(ns->nprocs, 0);
	ck_assert_ptr_null(ns->rep);
	ck_assert_uint_eq(ns->nnsfs, 2);
	ck_assert(ns_has_nsfs(ns, "/run/netns/a"));
	ck_assert(ns_has_nsfs(ns, "/run/docker/netns/abc"));

	ns = must_get(&m, NSI_NS_NET, INO(501));
	ck_assert_uint_eq(ns->nprocs, 1);
	ck_assert_uint_eq(ns->nnsfs, 0);
	ck_assert_int_eq(ns->rep->pid, 5);

	nsi_model_release(&m);
}
END_TEST

/* A namespace first met through nsfs, then joined by processes. */
START_TEST(test_nsfs_then_procs)
{
	struct nsi_model m;
	struct nsi_ns *ns;

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;

	ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(77), 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/netns/blue"), 0);

	add(&m, mkproc(900, 0, INO(77), 0));
	add(&m, mkproc(800, 0, INO(77), 0));
	nsi_model_finish(&m);

	ck_assert_uint_eq(m.nns, 1);
	ns = must_get(&m, NSI_NS_NET, INO(77));
	ck_assert_uint_eq(ns->nprocs, 2);
	ck_assert_int_eq(ns->rep->pid, 800);
	ck_assert_uint_eq(ns->nnsfs, 1);
	ck_assert_str_eq(ns->nsfs[0], "/run/netns/blue");
	nsi_model_release(&m);
}
END_TEST

/* The hash stays valid after nsi_model_finish() sorted m->ns. */
START_TEST(test_hash_after_finish)
{
	struct nsi_model m;
	struct nsi_ns *ns;
	int i;

	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	/* Descending inodes, so that sorting moves every namespace. */
	for (i = 40; i > 0; i--)
		add(&m, mkproc(i, 0, INO(1000 - i), INO(2000 - i % 5)));
	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nns, 45);
	check_sorted(&m);
	check_hash(&m);

	/* A namespace created after finish is found, and so are the others. */
	ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(5), 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_ptr_eq(nsi_model_get_ns(&m, NSI_NS_NET, INO(5), 0), ns);
	ck_assert_uint_eq(m.nns, 46);
	check_hash(&m);
	nsi_model_release(&m);
}
END_TEST

/* Deterministic pseudo-random numbers (a 64-bit LCG). */
static uint64_t lcg_state;

static uint32_t lcg_next(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(lcg_state >> 33);
}

#define STRESS_PROCS	5000
#define STRESS_NETNS	1000
#define STRESS_PID0	1000
/* Inodes 4096 apart, a stride a weak hash would fold together. */
#define STRESS_INO(r)	INO((ino_t)(r) * 4096)

/*
 * 5000 processes (PIDs 1000..5999, added in shuffled order) in 1000 net
 * namespaces of 5 processes each (net r holds PIDs 1000 + r + 1000k),
 * one shared mnt namespace, and the unknown user group.
 */
START_TEST(test_stress)
{
	struct nsi_model m;
	pid_t order[STRESS_PROCS];
	struct nsi_ns *ns;
	size_t i;
	int r;

	for (i = 0; i < STRESS_PROCS; i++)
		order[i] = (pid_t)(STRESS_PID0 + i);
	lcg_state = 20240601;
	for (i = STRESS_PROCS - 1; i > 0; i--) {
		size_t j = lcg_next() % (i + 1);
		pid_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}

	nsi_model_init(&m);
	m.have_type[NSI_NS_MNT] = 1;
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	for (i = 0; i < STRESS_PROCS; i++) {
		pid_t pid = order[i];
		int rr = (pid - STRESS_PID0) % STRESS_NETNS;

		add(&m, mkproc(pid, INO(1), STRESS_INO(rr + 1), 0));
	}

	/* Before finish: every net namespace has its 5 processes. */
	ck_assert_uint_eq(m.nns, STRESS_NETNS + 2);
	ck_assert_uint_eq(m.nprocs, STRESS_PROCS);
	for (r = 0; r < STRESS_NETNS; r++) {
		ns = must_get(&m, NSI_NS_NET, STRESS_INO(r + 1));
		ck_assert_uint_eq(ns->nprocs, 5);
	}

	nsi_model_finish(&m);
	ck_assert_uint_eq(m.nns, STRESS_NETNS + 2);
	check_sorted(&m);
	check_hash(&m);

	/* mnt first, then the 1000 net namespaces, then the user group. */
	ns = m.ns[0];
	ck_assert_int_eq(ns->type, NSI_NS_MNT);
	ck_assert_uint_eq(ns->nprocs, STRESS_PROCS);
	ck_assert_int_eq(ns->rep->pid, STRESS_PID0);
	for (r = 0; r < STRESS_NETNS; r++) {
		size_t k;

		ns = m.ns[1 + r];
		ck_assert_int_eq(ns->type, NSI_NS_NET);
		ck_assert_uint_eq(ns->ino, STRESS_INO(r + 1));
		ck_assert_uint_eq(ns->nprocs, 5);
		ck_assert_ptr_nonnull(ns->rep);
		ck_assert_int_eq(ns->rep->pid, STRESS_PID0 + r);
		for (k = 0; k < 5; k++) {
			ck_assert_uint_eq(ns->procs[k]->ns[NSI_NS_NET], ns->ino);
			ck_assert_int_eq((ns->procs[k]->pid - STRESS_PID0) % STRESS_NETNS, r);
		}
	}
	ns = m.ns[STRESS_NETNS + 1];
	ck_assert_int_eq(ns->type, NSI_NS_USER);
	ck_assert_uint_eq(ns->ino, 0);
	ck_assert_uint_eq(ns->nprocs, STRESS_PROCS);

	/* Absent keys between and around the present ones. */
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, STRESS_INO(0), 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, STRESS_INO(STRESS_NETNS + 1), 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, STRESS_INO(1) + 1, 0));
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_PID, STRESS_INO(1), 0));

	for (i = 0; i < STRESS_PROCS; i++) {
		pid_t pid = (pid_t)(STRESS_PID0 + i);
		struct nsi_proc *p = nsi_model_find_proc(&m, pid);

		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(p->pid, pid);
		ck_assert_ptr_eq(m.procs[i], p);
	}
	ck_assert_ptr_null(nsi_model_find_proc(&m, STRESS_PID0 - 1));
	ck_assert_ptr_null(nsi_model_find_proc(&m, STRESS_PID0 + STRESS_PROCS));
	nsi_model_release(&m);
}
END_TEST

/* A released model can be set up and used again. */
START_TEST(test_release_reinit)
{
	struct nsi_model m;
	struct nsi_ns *ns;
	int round;

	for (round = 0; round < 2; round++) {
		nsi_model_init(&m);
		m.have_type[NSI_NS_NET] = 1;
		add(&m, mkproc(3, 0, INO(3), 0));
		add(&m, mkproc(2, 0, INO(3), 0));
		ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(4), 1);
		ck_assert_ptr_nonnull(ns);
		ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/netns/r"), 0);
		nsi_model_finish(&m);
		ck_assert_uint_eq(m.nns, 2);
		ck_assert_uint_eq(m.nprocs, 2);
		ck_assert_int_eq(must_get(&m, NSI_NS_NET, INO(3))->rep->pid, 2);
		nsi_model_release(&m);
	}
	/* Release without finish frees too (checked by valgrind). */
	nsi_model_init(&m);
	m.have_type[NSI_NS_NET] = 1;
	add(&m, mkproc(3, 0, INO(3), 0));
	ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(4), 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(nsi_ns_add_nsfs(ns, "/run/netns/r"), 0);
	nsi_model_release(&m);
}
END_TEST

/*
 * Holders a user can add without end: a bind mount path seen again adds
 * nothing (also from another mount namespace, and not when the namespace
 * has an nsfs path of ours); past NSI_NS_HOLDERS_MAX each kind is counted,
 * threads still count as members.
 */
START_TEST(test_holder_limit)
{
	struct nsi_model m;
	struct nsi_ns *ns, *own;
	char path[32];
	int i;

	nsi_model_init(&m);
	ns = nsi_model_get_ns(&m, NSI_NS_NET, INO(50), 1);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(nsi_ns_add_holder(ns, NSI_HOLD_BIND_MOUNT, 7, -1,
					   "/a", INO(60)), 0);
	ck_assert_int_eq(nsi_ns_add_holder(ns, NSI_HOLD_BIND_MOUNT, 8, -1,
					   "/a", INO(61)), 0);
	ck_assert_uint_eq(ns->nholders, 1);
	for (i = 0; i < NSI_NS_HOLDERS_MAX + 10; i++)
		ck_assert_int_eq(nsi_ns_add_holder(ns, NSI_HOLD_THREAD, 9,
						   1000 + i, NULL, 0), 0);
	ck_assert_uint_eq(ns->nholders, NSI_NS_HOLDERS_MAX);
	ck_assert_uint_eq(ns->holders_omitted, 11);
	ck_assert_uint_eq(ns->nthreads, NSI_NS_HOLDERS_MAX + 10);
	ck_assert(ns->found_by & (1u << NSI_HOLD_THREAD));

	own = nsi_model_get_ns(&m, NSI_NS_NET, INO(51), 1);
	ck_assert_ptr_nonnull(own);
	ck_assert_int_eq(nsi_ns_add_nsfs(own, "/run/netns/x"), 0);
	ck_assert_int_eq(nsi_ns_add_nsfs(own, "/run/netns/x"), 0);
	ck_assert_uint_eq(own->nnsfs, 1);
	ck_assert_int_eq(nsi_ns_add_holder(own, NSI_HOLD_BIND_MOUNT, 7, -1,
					   "/run/netns/x", INO(60)), 0);
	ck_assert_uint_eq(own->nholders, 0);
	for (i = 0; i < NSI_NS_HOLDERS_MAX + 5; i++) {
		snprintf(path, sizeof(path), "/run/netns/n%d", i);
		ck_assert_int_eq(nsi_ns_add_nsfs(own, path), 0);
	}
	ck_assert_uint_eq(own->nnsfs, NSI_NS_HOLDERS_MAX);
	ck_assert_uint_eq(own->holders_omitted, 6);
	nsi_model_release(&m);
}
END_TEST

/*
 * Containers sharing namespaces (a pod, --network container:X):
 *   pid 10, 12 in container a; pid 11 in container b; pid 13 on the host.
 *   net 1: 12, 11, 10 (a and b); mnt 2: 10, 12 (a); the initial user
 *   namespace: all (host).
 */
START_TEST(test_shared_containers)
{
	struct nsi_model m;
	struct nsi_container *a, *b;
	struct nsi_proc *p[4];
	struct nsi_ns *ns;
	int i;

	nsi_model_init(&m);
	m.have_type[NSI_NS_MNT] = 1;
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	a = nsi_model_get_container(&m, "docker", "aaaa", 1);
	b = nsi_model_get_container(&m, "docker", "bbbb", 1);
	ck_assert(a && b);
	p[0] = mkproc(12, INO(2), INO(1), HOST_USER);
	p[1] = mkproc(11, INO(4), INO(1), HOST_USER);
	p[2] = mkproc(10, INO(2), INO(1), HOST_USER);
	p[3] = mkproc(13, INO(5), INO(6), HOST_USER);
	p[0]->container = a;
	p[1]->container = b;
	p[2]->container = a;
	for (i = 0; i < 4; i++)
		add(&m, p[i]);
	ck_assert_int_eq(nsi_model_finish(&m), 0);

	ns = must_get(&m, NSI_NS_NET, INO(1));
	ck_assert_uint_eq(ns->ncontainers, 2);
	ck_assert_ptr_eq(ns->containers[0], a);	/* by lowest PID: 10 */
	ck_assert_ptr_eq(ns->containers[1], b);
	ck_assert_ptr_null(ns->container);
	ns = must_get(&m, NSI_NS_MNT, INO(2));
	ck_assert_uint_eq(ns->ncontainers, 1);
	ck_assert_ptr_eq(ns->container, a);
	ns = must_get(&m, NSI_NS_USER, HOST_USER);
	ck_assert_uint_eq(ns->ncontainers, 0);	/* pid 13 is the host's */
	ck_assert_ptr_null(ns->container);
	/* a second finish (the live view) gives the same lists */
	ck_assert_int_eq(nsi_model_finish(&m), 0);
	ns = must_get(&m, NSI_NS_NET, INO(1));
	ck_assert_uint_eq(ns->ncontainers, 2);
	nsi_model_release(&m);
}
END_TEST

/*
 * Which member has the lowest PID never decides a namespace's container:
 *   pid 1 on the host (mnt 5, net 6, the initial user namespace); pid 5, a host process that
 *   entered container a's net 1 (setns) with a lower PID than a's pid 10;
 *   pid 20 in container b run with --network host (net 6).
 * net 1 stays a's, its row pid 10; net 6, PID 1's, stays the host's.
 */
START_TEST(test_host_process_entered)
{
	struct nsi_model m;
	struct nsi_container *a, *b;
	struct nsi_proc *p[4];
	struct nsi_ns *ns;
	int i;

	nsi_model_init(&m);
	m.have_type[NSI_NS_MNT] = 1;
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_USER] = 1;
	a = nsi_model_get_container(&m, "docker", "aaaa", 1);
	b = nsi_model_get_container(&m, "docker", "bbbb", 1);
	ck_assert(a && b);
	p[0] = mkproc(1, INO(5), INO(6), HOST_USER);
	p[1] = mkproc(5, INO(5), INO(1), HOST_USER);
	p[2] = mkproc(10, INO(2), INO(1), HOST_USER);
	p[3] = mkproc(20, INO(7), INO(6), HOST_USER);
	p[2]->container = a;
	p[3]->container = b;
	for (i = 0; i < 4; i++)
		add(&m, p[i]);
	ck_assert_int_eq(nsi_model_finish(&m), 0);

	ns = must_get(&m, NSI_NS_NET, INO(1));
	ck_assert_uint_eq(ns->ncontainers, 1);
	ck_assert_ptr_eq(ns->container, a);
	ck_assert_int_eq(ns->rep->pid, 10);	/* not the host's pid 5 */
	ck_assert_int_eq(ns->host, 0);
	ns = must_get(&m, NSI_NS_NET, INO(6));
	ck_assert_uint_eq(ns->ncontainers, 0);	/* PID 1's: the host's */
	ck_assert_int_eq(ns->rep->pid, 1);
	ck_assert_int_eq(ns->host, 1);	/* nsi_ns_label(): "host" */
	ns = must_get(&m, NSI_NS_MNT, INO(7));
	ck_assert_ptr_eq(ns->container, b);
	ns = must_get(&m, NSI_NS_USER, HOST_USER);
	ck_assert_uint_eq(ns->ncontainers, 0);
	ck_assert_int_eq(a->rep->pid, 10);
	nsi_model_release(&m);
}
END_TEST

/*
 * A namespace no process is in shows the process that holds it (thread:
 * with its TID); an ancestor records the namespace it was reached from.
 */
START_TEST(test_held_by)
{
	struct nsi_model m;
	struct nsi_proc *p = nsi_proc_new(40);
	struct nsi_ns *thr, *fd, *anc, *mnt, *kid, *own;

	nsi_model_init(&m);
	ck_assert_ptr_nonnull(p);
	p->ns[NSI_NS_NET] = INO(1);
	p->ns[NSI_NS_PID] = INO(7);
	m.have_type[NSI_NS_NET] = 1;
	m.have_type[NSI_NS_PID] = 1;
	ck_assert_int_eq(nsi_model_add_proc(&m, p), 0);
	/* pid_for_children: of a namespace no process is in yet, and of
	 * one that has a process (unshare --pid --fork): dropped there */
	kid = nsi_model_get_ns(&m, NSI_NS_PID, INO(6), 1);
	ck_assert_int_eq(nsi_ns_add_holder(kid, NSI_HOLD_FOR_CHILDREN, 40, -1,
					   NULL, 0), 0);
	ck_assert_int_eq(nsi_ns_add_holder(nsi_model_get_ns(&m, NSI_NS_PID,
							    INO(7), 0),
					   NSI_HOLD_FOR_CHILDREN, 40, -1,
					   NULL, 0), 0);
	thr = nsi_model_get_ns(&m, NSI_NS_UTS, INO(2), 1);
	fd = nsi_model_get_ns(&m, NSI_NS_NET, INO(3), 1);
	anc = nsi_model_get_ns(&m, NSI_NS_USER, INO(4), 1);
	mnt = nsi_model_get_ns(&m, NSI_NS_NET, INO(5), 1);
	ck_assert_int_eq(nsi_ns_add_holder(thr, NSI_HOLD_THREAD, 40, 41,
					   NULL, 0), 0);
	/* a PID not in the model, then one that is */
	ck_assert_int_eq(nsi_ns_add_holder(fd, NSI_HOLD_FD, 99, 3, NULL, 0),
			 0);
	ck_assert_int_eq(nsi_ns_add_holder(fd, NSI_HOLD_FD, 40, 4, NULL, 0),
			 0);
	ck_assert_int_eq(nsi_ns_add_via(anc, NSI_HOLD_PARENT, thr), 0);
	ck_assert_int_eq(nsi_ns_add_holder(mnt, NSI_HOLD_BIND_MOUNT, 40, -1,
					   "/x", INO(9)), 0);
	nsi_model_finish(&m);
	ck_assert_ptr_eq(thr->held_by, p);
	ck_assert_int_eq(thr->tid, 41);
	ck_assert_ptr_eq(fd->held_by, p);
	ck_assert_int_eq(fd->tid, 0);
	ck_assert_ptr_null(anc->held_by);
	ck_assert_ptr_eq(anc->holders[0].via, thr);
	ck_assert(anc->found_by & (1u << NSI_HOLD_PARENT));
	/* a bind mount's PID only read the mount table */
	ck_assert_ptr_null(mnt->held_by);
	/* a process in it: no holder's process */
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(1), 0)->held_by);
	ck_assert_uint_eq(kid->nholders, 1);
	ck_assert_ptr_eq(kid->held_by, p);
	own = nsi_model_get_ns(&m, NSI_NS_PID, INO(7), 0);
	ck_assert_uint_eq(own->nholders, 0);
	ck_assert(!(own->found_by & (1u << NSI_HOLD_FOR_CHILDREN)));
	nsi_model_release(&m);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_test(tc, test_type_names);
	tcase_add_test(tc, test_proc_new);
	tcase_add_test(tc, test_empty_model);
	suite_add_tcase(s, tc);

	tc = tcase_create("grouping");
	tcase_add_test(tc, test_grouping);
	tcase_add_test(tc, test_unknown_group);
	tcase_add_test(tc, test_same_ino_other_type);
	tcase_add_test(tc, test_nsfs_only);
	tcase_add_test(tc, test_nsfs_then_procs);
	tcase_add_test(tc, test_hash_after_finish);
	tcase_add_test(tc, test_release_reinit);
	tcase_add_test(tc, test_holder_limit);
	tcase_add_test(tc, test_shared_containers);
	tcase_add_test(tc, test_host_process_entered);
	tcase_add_test(tc, test_held_by);
	tcase_add_test(tc, test_container_owners);
	tcase_add_test(tc, test_host_ns);
	tcase_add_test(tc, test_proc_caps);
	suite_add_tcase(s, tc);

	tc = tcase_create("stress");
	/* Generous for valgrind with CK_FORK=no (no timeout there anyway). */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stress);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(model_suite());
}
