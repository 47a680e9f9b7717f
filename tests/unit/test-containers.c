/*
 * test-containers.c - unit tests of the engines (src/engines/):
 * nsi_cgroup_parse() on one fixture per cgroup path form
 * (FIXTURES/cgroup/), nsi_proc_read_container() on a fixture proc tree
 * (FIXTURES/proc-containers/PID/cgroup),
 * nsi_docker_parse() on Docker Engine API answers (FIXTURES/docker/: the
 * real GET /containers/json of a dockerd 20.10, and hand-made ones), and
 * nsi_docker_query() against Unix sockets served by the test itself.
 *
 * Run once under valgrind to check that nothing leaks:
 *   valgrind --leak-check=full --error-exitcode=1 \
 *	env CK_FORK=no tests/unit/test-containers
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundles.h"
#include "cgroup-rules.h"
#include "check-tap.h"
#include "columns.h"
#include "containers.h"
#include "docker.h"
#include "engine-http.h"
#include "engine-json.h"
#include "engines.h"
#include "model.h"
#include "podman.h"
#include "procfs.h"

/* The container IDs of the fixtures (SHA-256 digests, as real IDs are). */
#define ID_A	"677ffa80e2b7866997ae62616b108b91cf88964c4405fb82c9652a8b3560d6f7"
#define ID_B	"af92a46233cf19aee8a05b26cb5c928debf76a8b50f74830f922fd501d58cfb4"
#define ID_C	"978d5fb8e94b16bfcfb42f50233401fd201d66eeeebc1f996e427be0c651f296"
#define ID_D	"26d169506f1a45e17e7f5524f70c1009f6d677b66f5636d964a816d7d5296afb"
#define ID_E	"a251761ad52723e1c7225c28f8b1cb6f12873ffa7bede31a13c39de586786a36"
#define ID_F	"f880785da92af62f0d7874c2de8e68a9e5eaf4dce2bc3ba0c3a1cc3a1c817542"
#define ID_G	"f1cb8d6c3b4b4d918c363decba4e3eaa5dd7c439193f57fd71da253caa75a87d"
#define ID_H	"8e436d26a28c4c7725877d62d3071ddb415fc055d6163290a3bfe36d77f6451c"
/* cont-test of the machine where docker-cgroupfs-live and containers.json
 * were taken. */
#define ID_LIVE	"c0d7826c96a5bcc4914e9b0c12ca565d961800c444ee163a8cb0f0bbee7a2b09"
/* docker run --cgroup-parent of the same machine */
#define ID_PARENT_LIVE \
	"a2a659ea5a86c4f74db22c1d5e360e6ba54fb5361b84530807c6e2838a6bdd91"
/* the podman container of the machine where podman-cgroupfs-live was taken */
#define ID_PODMAN_LIVE \
	"278590cb01ad7bedc8540025bd90aec39d8013b943a2ae43158d20e8fc89972a"
/* FIXTURES/state: OCI bundles of containerd (CRI sandbox and container,
 * a plain ctr one, a symbolic link, bad JSON), CRI-O (sandbox and
 * container in its run root, one in its root only) and a Podman bundle
 * in CRI-O's storage; FIXTURES/proc-pods: their processes' cgroups. */
#define STATE		FIXTURES "/state"
#define ID_CSB	"c6447d522da930bce74d812df2f95853ff8deaada86d051d16db18d584de1191"
#define ID_CAPP	"bddf920438e0ee7e1fbac57ffd84c469f46e56b6863d932d8a7035307d3f59c1"
#define ID_OSB	"c0eaae38f82b4ba01ca961095230aea23a9ada92dcfd4871d57ee2523a0ed58e"
#define ID_OAPP	"428c19015231239df6c51b7404f8573aadb8a44e1cf372e601fe836d0018bbf7"
#define ID_OLIB	"9dcc4f0aae061ab3e1ce29df7612b9d776b6df44bb100b1cb3cb9617badee102"
#define ID_PODMAN_CRIO \
	"37c054c5b55deb5b51b5f2d8463287d0c0104455d18dcd85289edb575012323d"
#define ID_LINK	"254b94c9a1fa509e4e77d21b4670eb6539a4f01a8ca1ab468505a617f45f965f"
#define ID_BAD	"222424a0414c8fb1952e958e223e013227648695e64655ca745db5211c8f422e"
#define POD_CD	"7c4e9a12-5b3d-4f6e-8a1c-9d2e0f3b4a5c"
#define POD_CRIO "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define POD_1	"3f5b8a2e-6c1d-4e0f-9a7b-2d4c6e8f0a1b"
#define POD_2	"c0ffee00-1234-4abc-8def-0123456789ab"
#define POD_STATIC "0123456789abcdef0123456789abcdef"

/* Inode numbers in the range the kernel gives nsfs inodes. */
#define INO(n)	((ino_t)(4026531840ULL + (n)))

/*
 * Read FIXTURES/@name into a heap buffer of exactly its size, with no NUL
 * after it, so that a parser reading past the length is caught by
 * valgrind.
 */
static char *read_fixture(const char *name, size_t *lenp)
{
	char path[512], *buf;
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "cannot open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fstat(fd, &st), 0);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	ck_assert_ptr_nonnull(buf);
	n = st.st_size ? read(fd, buf, (size_t)st.st_size) : 0;
	ck_assert_int_eq(n, st.st_size);
	close(fd);
	*lenp = (size_t)n;
	return buf;
}

/* The NSI_RULE_BUNDLE rules' question, answered from FIXTURES/state. */
static int fixture_bundle(void *arg, const char *ns, const char *id)
{
	int *asked = arg;

	if (asked)
		(*asked)++;
	return nsi_bundle_exists(STATE, ns, id);
}

/* nsi_cgroup_parse_at() on @text through an exact-size heap copy, with
 * the bundles of FIXTURES/state. */
static int parse_text(const char *text, size_t len, struct nsi_cgroup_ref *ref)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, text, len);
	memset(ref, 0, sizeof(*ref));
	rc = nsi_cgroup_parse_at(buf, len, ref, fixture_bundle, NULL);
	free(buf);
	return rc;
}

static int parse_str(const char *text, struct nsi_cgroup_ref *ref)
{
	return parse_text(text, strlen(text), ref);
}

/* ------------------------------------------------------------------ */
/* nsi_cgroup_parse() on the fixtures */

static const struct {
	const char *file;
	int rc;
	const char *runtime;
	const char *id;
	const char *pod;
	const char *rule;	/* the rule that decides, NULL: none */
} forms[] = {
	/* Docker */
	{ "docker-cgroupfs-v1", 1, "docker", ID_A, "", "docker-cgroupfs" },
	{ "docker-cgroupfs-live", 1, "docker", ID_LIVE, "", "docker-cgroupfs" },
	{ "docker-systemd-v2", 1, "docker", ID_B, "", "docker-systemd" },
	{ "docker-daemon", 0, NULL, NULL, NULL, NULL },
	{ "docker-in-docker", 1, "docker", ID_A, "", NULL },	/* outer */
	{ "deleted-v2", 1, "docker", ID_B, "", NULL },
	{ "docker-parent-systemd", 1, "docker", ID_A, "", "docker-systemd" },
	/* --cgroup-parent with cgroupfs: no name tells docker */
	{ "docker-parent-cgroupfs", 1, "unknown", ID_A, "", "unknown" },
	/* docker run --cgroup-parent /nsi13c-parent, docker 20.10 here */
	{ "docker-parent-cgroupfs-live", 1, "unknown", ID_PARENT_LIVE, "",
	  "unknown" },
	/* containerd, Kubernetes */
	{ "containerd-cri", 1, "containerd", ID_C, "", "cri-containerd-systemd" },
	{ "containerd-cri-raw", 1, "containerd", ID_E, POD_2,
	  "cri-containerd-raw" },
	{ "containerd-ctr", 1, "containerd", "web01", "", "containerd-ctr" },
	{ "containerd-ctr-k8s-v1", 1, "containerd", ID_C, "", "containerd-ctr" },
	/* ctr run of containerd 1.6, the test machine */
	{ "containerd-ctr-live", 1, "containerd", "nsi13c-ctr", "",
	  "containerd-ctr" },
	/* ctr -n nsinspect-test: taken because containerd keeps its bundle
	 * (FIXTURES/state) */
	{ "containerd-ctr-bundle", 1, "containerd", "web01", "",
	  "containerd-ctr-bundle" },
	/* kubelet on systemd, containerd on cgroupfs: "slice:prefix:ID" */
	{ "containerd-cri-raw-v2", 1, "containerd", ID_CSB, POD_CD,
	  "cri-containerd-raw" },
	{ "kubepods-systemd-containerd-sandbox", 1, "containerd", ID_CSB,
	  POD_CD, "cri-containerd-systemd" },
	{ "crio-raw-v2", 1, "cri-o", ID_OAPP, POD_CRIO, "crio-raw" },
	{ "kubepods-cgroupfs-crio-v1", 1, "cri-o", ID_OSB, POD_CRIO, "crio" },
	{ "kubepods-cgroupfs", 1, "cri", ID_D, POD_1, "kubepods-cgroupfs" },
	{ "kubepods-cgroupfs-crio", 1, "cri-o", ID_F, POD_1, "crio" },
	{ "kubepods-cgroupfs-static", 1, "cri", ID_H, POD_STATIC,
	  "kubepods-cgroupfs" },
	{ "kubepods-systemd", 1, "containerd", ID_E, POD_2,
	  "cri-containerd-systemd" },
	{ "kubepods-systemd-crio", 1, "cri-o", ID_F, POD_1, "crio" },
	{ "kubepods-systemd-docker", 1, "docker", ID_G, POD_2, "docker-systemd" },
	{ "crio-raw-v1", 1, "cri-o", ID_F, POD_1, "crio-raw" },
	{ "crio-conmon", 0, NULL, NULL, NULL, "crio-conmon" },
	/* Podman */
	{ "podman", 1, "podman", ID_A, "", "podman" },
	{ "podman-container-subdir", 1, "podman", ID_B, "", "podman" },
	{ "podman-conmon", 0, NULL, NULL, NULL, "podman-conmon" },
	{ "podman-cgroupfs", 1, "podman", ID_A, "", "podman" },
	{ "podman-pod-cgroupfs", 1, "podman", ID_A, "", "podman" },
	{ "podman-rootless-v2", 1, "podman", ID_B, "", "podman" },
	{ "podman-rootless-v1", 1, "podman", ID_B, "", "rootless-v1-session" },
	/* podman 4.3 rootful, no systemd, hybrid v1 (the test machine) */
	{ "podman-cgroupfs-live", 1, "podman", ID_PODMAN_LIVE, "", "podman" },
	{ "podman-conmon-cgroupfs-live", 0, NULL, NULL, NULL, NULL },
	/* LXC */
	{ "lxc-payload", 1, "lxc", "web01", "", "lxc-payload" },
	{ "lxc-payload-long", 1, "lxc", "db.example.org-with-a-rather-long-"
	  "name-that-tools-cut-at-twelve", "", "lxc-payload" },
	{ "lxc-unprivileged", 1, "lxc", "u1", "", "lxc-payload" },
	{ "lxc-old", 1, "lxc", "web01", "", "lxc-legacy" },
	{ "lxc-monitor", 0, NULL, NULL, NULL, "lxc-monitor" },
	/* lxc-start of LXC 5.0, the test machine */
	{ "lxc-payload-live", 1, "lxc", "nsi13c-lxc", "", "lxc-payload" },
	{ "lxc-monitor-live", 0, NULL, NULL, NULL, "lxc-monitor" },
	{ "lxc-pivot", 0, NULL, NULL, NULL, "lxc-pivot" },
	{ "docker-in-lxc", 1, "lxc", "c1", "", "lxc-payload" },	/* outer */
	/* systemd-machined */
	{ "nspawn-escaped", 1, "nspawn", "my-vm", "", "nspawn" },
	{ "nspawn-v1", 1, "nspawn", "my-vm", "", "nspawn" },
	{ "nspawn-supervisor", 0, NULL, NULL, NULL, "nspawn-supervisor" },
	{ "nspawn-service", 1, "nspawn", "my-vm", "", "nspawn-service" },
	{ "nspawn-service-supervisor", 0, NULL, NULL, NULL,
	  "nspawn-service-supervisor" },
	{ "libvirt-qemu", 1, "libvirt", "qemu-1-vm1", "", "libvirt" },
	{ "libvirt-lxc", 1, "libvirt", "lxc-4242-web01", "", "libvirt" },
	/* Look-alikes that match no rule */
	{ "unknown-scope", 1, "unknown", ID_C, "", "unknown" },
	{ "unknown-bare", 1, "unknown", ID_C, "", "unknown" },
	/* The host, v1 and v2 lines together */
	{ "host-v2", 0, NULL, NULL, NULL, NULL },
	{ "host-v1", 0, NULL, NULL, NULL, NULL },
	{ "hybrid", 1, "docker", ID_C, "", NULL },
	{ "hybrid-systemd", 1, "docker", ID_C, "", NULL },
	{ "hybrid-v2-wins", 1, "docker", ID_B, "", NULL },
	/* Broken files */
	{ "malformed-garbage", -EINVAL, NULL, NULL, NULL, NULL },
	{ "malformed-empty", -EINVAL, NULL, NULL, NULL, NULL },
	{ "malformed-short-id", 0, NULL, NULL, NULL, NULL },
	{ "malformed-uppercase", 0, NULL, NULL, NULL, NULL },
	{ "malformed-63hex", 0, NULL, NULL, NULL, NULL },
	{ "malformed-65hex", 0, NULL, NULL, NULL, NULL },
	{ "malformed-mixed", 1, "docker", ID_D, "", NULL },
	/* a session manager's cgroups on the test machine: the host */
	{ "host-top-level-words", 0, NULL, NULL, NULL, NULL },
};

#define NFORMS	((int)(sizeof(forms) / sizeof(forms[0])))

START_TEST(test_cgroup_forms)
{
	struct nsi_cgroup_ref ref;
	char name[64];
	size_t len;
	char *buf;
	int rc;

	snprintf(name, sizeof(name), "cgroup/%s", forms[_i].file);
	buf = read_fixture(name, &len);
	memset(&ref, 0, sizeof(ref));
	rc = nsi_cgroup_parse_at(buf, len, &ref, fixture_bundle, NULL);
	free(buf);
	ck_assert_msg(rc == forms[_i].rc, "%s: returned %d, expected %d",
		      forms[_i].file, rc, forms[_i].rc);
	if (forms[_i].rule)
		ck_assert_msg(ref.rule && strcmp(ref.rule, forms[_i].rule) == 0,
			      "%s: rule %s, expected %s", forms[_i].file,
			      ref.rule ? ref.rule : "(none)", forms[_i].rule);
	if (rc != 1)
		return;
	ck_assert_ptr_nonnull(ref.runtime);
	ck_assert_str_eq(ref.runtime, forms[_i].runtime);
	ck_assert_str_eq(ref.id, forms[_i].id);
	ck_assert_str_eq(ref.pod, forms[_i].pod);
}
END_TEST

/* Every rule of the table has a fixture above that it decides. */
START_TEST(test_cgroup_rules_have_fixtures)
{
	size_t i, j, k;

	for (i = 0; i < nsi_cgroup_nrules; i++) {
		const char *name = nsi_cgroup_rules[i].name;
		int found = 0;

		for (j = 0; j < (size_t)NFORMS; j++)
			if (forms[j].rule && strcmp(forms[j].rule, name) == 0)
				found = 1;
		ck_assert_msg(found, "rule %s has no fixture", name);
		for (k = 0; k < i; k++)
			ck_assert_str_ne(nsi_cgroup_rules[k].name, name);
	}
}
END_TEST

/*
 * Each rule's example path (docs/cgroup-rules.md shows them) is decided
 * by that rule, on a v2 line and on a v1 line.
 */
START_TEST(test_cgroup_rule_examples)
{
	const struct nsi_cgroup_rule *r = &nsi_cgroup_rules[_i];
	struct nsi_cgroup_ref ref;
	const char *id;
	char text[512];
	int v;

	if (strstr(r->example, NSI_EXAMPLE_ID))
		id = NSI_EXAMPLE_ID;
	else if (strcmp(r->name, "libvirt") == 0)
		id = "qemu-1-web01";
	else
		id = "web01";
	for (v = 0; v < 2; v++) {
		snprintf(text, sizeof(text), "%s:%s\n",
			 v ? "4:memory" : "0:", r->example);
		ck_assert_int_eq(parse_str(text, &ref), r->runtime ? 1 : 0);
		ck_assert_msg(ref.rule && strcmp(ref.rule, r->name) == 0,
			      "%s: decided by %s", r->example,
			      ref.rule ? ref.rule : "(none)");
		if (!r->runtime)
			continue;
		ck_assert_str_eq(ref.runtime, r->runtime);
		ck_assert_str_eq(ref.id, id);
		if (strstr(r->example, "kubepods") && r->kind != RULE_SCOPE)
			ck_assert_str_eq(ref.pod, NSI_EXAMPLE_POD);
	}
}
END_TEST

/* Where the containerd ctr rule stops: systemd units, other rules' names. */
START_TEST(test_cgroup_ctr_limits)
{
	struct nsi_cgroup_ref ref;

	ck_assert_int_eq(parse_str("0::/system.slice/cron.service\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/init.scope\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/user/alice\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/machine/qemu\n", &ref), 0);
	/* Deeper than /<namespace>/<id>: a cgroup of the container's own. */
	ck_assert_int_eq(parse_str("0::/default/web01/init.scope\n", &ref), 1);
	ck_assert_str_eq(ref.id, "web01");
	ck_assert_int_eq(parse_str("0::/a/b/c\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/a/b\n", &ref), 0);
	/* Only the namespaces default and k8s.io: a session manager's
	 * "/<word>/<32 hex>" (seen on the test machine) is the host. */
	ck_assert_int_eq(parse_str("0::/process_api/ab54a033401cdf865a5cc255"
				   "a11dc563\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/k8s.io/web01\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "containerd");
	/* Not containerd identifiers. */
	ck_assert_int_eq(parse_str("0::/default/we b\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/default/-web\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/default/web..01\n", &ref), 0);
	/* A 64-hex ID under another namespace may be docker's
	 * --cgroup-parent: unknown. */
	ck_assert_int_eq(parse_str("0::/moby/" ID_A "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	ck_assert_int_eq(parse_str("0::/default/" ID_A "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "containerd");
	/* Outside the cgroup namespace's root: ".." does not count. */
	ck_assert_int_eq(parse_str("0::/../default/web01\n", &ref), 1);
	ck_assert_str_eq(ref.id, "web01");
	/* rootless v1 sessions: a number, then the ID */
	ck_assert_int_eq(parse_str("3:cpu:/user/alice/x/" ID_A "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	/* nspawn machines whose names start like libvirt's, but are not */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-lxc\\x2dweb."
				   "scope/payload\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "nspawn");
	ck_assert_str_eq(ref.id, "lxc-web");
	/* a monitor ends the walk, even with a look-alike under it */
	ck_assert_int_eq(parse_str("0::/lxc.monitor.x/" ID_A "\n", &ref), 0);
	ck_assert_str_eq(ref.rule, "lxc-monitor");
}
END_TEST

/* ------------------------------------------------------------------ */
/* nsi_cgroup_parse() on inline text: lengths, escapes, edge cases */

/* Only @len bytes count: what follows in memory must be ignored. */
START_TEST(test_cgroup_not_nul_terminated)
{
	static const char text[] = "0::/docker/" ID_A "\n";
	struct nsi_cgroup_ref ref;

	/* The whole line, without its newline. */
	ck_assert_int_eq(parse_text(text, sizeof(text) - 2, &ref), 1);
	ck_assert_str_eq(ref.id, ID_A);
	/* Cut one digit short: 63 digits are no ID. */
	ck_assert_int_eq(parse_text(text, sizeof(text) - 3, &ref), 0);
	/* Cut inside "0::": no well-formed line. */
	ck_assert_int_eq(parse_text(text, 2, &ref), -EINVAL);
	ck_assert_int_eq(parse_text(text, 0, &ref), -EINVAL);
}
END_TEST

START_TEST(test_cgroup_escapes)
{
	struct nsi_cgroup_ref ref;

	ck_assert_int_eq(parse_str("0::/machine.slice/machine-a\\x2db\\x2dc.scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.runtime, "nspawn");
	ck_assert_str_eq(ref.id, "a-b-c");
	/* Upper-case hex digits in an escape are decoded too. */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-x\\x5Fy.scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.id, "x_y");
	/* An escape that is not "\xNN" is kept as it is. */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-q\\xZZ.scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.id, "q\\xZZ");
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-end\\x2.scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.id, "end\\x2");
	/* A NUL byte cannot be a name: not a container. */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-a\\x00b.scope\n",
				   &ref), 0);
	/* "machine-.scope": empty name. */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-.scope\n", &ref), 0);
	/* A slice, not a scope (podman pods live in such slices). */
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-libpod_pod_"
				   ID_A ".slice\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/machine.slice/machine-libpod_pod_"
				   ID_A ".slice/libpod-" ID_B ".scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.runtime, "podman");
	ck_assert_str_eq(ref.id, ID_B);
}
END_TEST

START_TEST(test_cgroup_names_and_limits)
{
	struct nsi_cgroup_ref ref;
	char text[600];

	/* The longest name that fits ref.id, and one byte more. */
	snprintf(text, sizeof(text), "0::/lxc.payload.%0255d\n", 7);
	ck_assert_int_eq(parse_str(text, &ref), 1);
	ck_assert_str_eq(ref.runtime, "lxc");
	ck_assert_uint_eq(strlen(ref.id), 255);
	snprintf(text, sizeof(text), "0::/lxc.payload.%0256d\n", 7);
	ck_assert_int_eq(parse_str(text, &ref), 0);
	ck_assert_int_eq(parse_str("0::/lxc.payload.\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/lxc\n", &ref), 0);

	/* Empty components and a path outside our cgroup namespace. */
	ck_assert_int_eq(parse_str("0::/../..//docker//" ID_C "/\n", &ref), 1);
	ck_assert_str_eq(ref.id, ID_C);
	/* A bare ID needs "docker" or a pod right above it; else it only
	 * looks like a container: runtime unknown. */
	ck_assert_int_eq(parse_str("0::/system.slice/" ID_C "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	ck_assert_str_eq(ref.id, ID_C);
	ck_assert_int_eq(parse_str("0::/docker/x/" ID_C "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	/* A pod outside kubepods is no pod. */
	ck_assert_int_eq(parse_str("0::/other/pod" POD_1 "/" ID_C "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	ck_assert_str_eq(ref.pod, "");
	/* Nor is a pod UID with upper-case letters. */
	ck_assert_int_eq(parse_str("0::/kubepods/podABCD/" ID_C "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	/* A pod UID too long for ref.pod. */
	ck_assert_int_eq(parse_str("0::/kubepods/pod" POD_1 POD_1 "/" ID_C "\n",
				   &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	/* The pod itself, no container under it. */
	ck_assert_int_eq(parse_str("0::/kubepods/burstable/pod" POD_1 "\n",
				   &ref), 0);
	/* A docker scope in no pod: no pod UID, even under kubepods. */
	ck_assert_int_eq(parse_str("0::/kubepods.slice/docker-" ID_C ".scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.pod, "");
	/* CRI-O's monitor is on the host side. */
	ck_assert_int_eq(parse_str("0::/kubepods.slice/crio-conmon-" ID_C
				   ".scope\n", &ref), 0);
	/* Colons in the path belong to the path. */
	ck_assert_int_eq(parse_str("0::/a:b/docker-" ID_C ".scope\n", &ref), 1);
	ck_assert_str_eq(ref.id, ID_C);
}
END_TEST

START_TEST(test_cgroup_well_formed)
{
	struct nsi_cgroup_ref ref;

	/* A well-formed line of the host makes the file the host's. */
	ck_assert_int_eq(parse_str("0::/\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/", &ref), 0);
	ck_assert_int_eq(parse_str("\n\n0::/\n\n", &ref), 0);
	/* Not well formed: no path, a relative path, a hierarchy that is
	 * not a number, missing colons. */
	ck_assert_int_eq(parse_str("0::\n", &ref), -EINVAL);
	ck_assert_int_eq(parse_str("0::docker/" ID_A "\n", &ref), -EINVAL);
	ck_assert_int_eq(parse_str("x::/\n", &ref), -EINVAL);
	ck_assert_int_eq(parse_str(":cpu:/\n", &ref), -EINVAL);
	ck_assert_int_eq(parse_str("0:/docker/" ID_A "\n", &ref), -EINVAL);
	ck_assert_int_eq(parse_str("\n", &ref), -EINVAL);
	/* v2 preferred even after the v1 lines, the first v1 otherwise. */
	ck_assert_int_eq(parse_str("2:cpu:/docker/" ID_A "\n"
				   "1:name=systemd:/docker/" ID_B "\n", &ref), 1);
	ck_assert_str_eq(ref.id, ID_A);
	ck_assert_int_eq(parse_str("2:cpu:/docker/" ID_A "\n"
				   "0::/system.slice/libpod-" ID_B ".scope\n",
				   &ref), 1);
	ck_assert_str_eq(ref.runtime, "podman");
	ck_assert_str_eq(ref.id, ID_B);
	/* "2::/x" has an empty controller list but is a v1 hierarchy. */
	ck_assert_int_eq(parse_str("2::/docker/" ID_A "\n"
				   "1:cpu:/docker/" ID_B "\n", &ref), 1);
	ck_assert_str_eq(ref.id, ID_A);
}
END_TEST

/*
 * A cgroup directory name with a newline would make up a line of the
 * file (the kernel prints the path as it is; cgroup_mkdir refuses such a
 * name today, defence in depth).  The kernel prints each hierarchy once,
 * highest ID first, the unified one (0) last.
 */
START_TEST(test_cgroup_forged_lines)
{
	struct nsi_cgroup_ref ref;

	/* v2 only: a second "0::" line */
	ck_assert_int_eq(parse_str("0::/user.slice/user-1001.slice/"
				   "user@1001.service/a\n"
				   "0::/system.slice/docker-" ID_A ".scope\n",
				   &ref), 0);
	ck_assert_int_eq(ref.forged, 1);
	ck_assert_ptr_null(ref.runtime);
	/* hybrid: a v1 line after the unified one, a hierarchy twice, an ID
	 * out of order */
	ck_assert_int_eq(parse_str("1:name=systemd:/\n0::/a\n"
				   "4:memory:/docker/" ID_A "\n", &ref), 0);
	ck_assert_int_eq(ref.forged, 1);
	ck_assert_int_eq(parse_str("4:memory:/a\n4:memory:/docker/" ID_A
				   "\n0::/\n", &ref), 0);
	ck_assert_int_eq(ref.forged, 1);
	ck_assert_int_eq(parse_str("9:name=systemd:/a\n12:x:/docker/" ID_A
				   "\n4:memory:/\n0::/\n", &ref), 0);
	ck_assert_int_eq(ref.forged, 1);
	/* as the kernel writes it: not forged */
	ck_assert_int_eq(parse_str("12:pids:/docker/" ID_A "\n"
				   "1:name=systemd:/docker/" ID_A "\n"
				   "0::/docker/" ID_A "\n", &ref), 1);
	ck_assert_int_eq(ref.forged, 0);
}
END_TEST

/*
 * Below user@UID.service (or /user/USER/N on cgroup v1) any directory is
 * the user's: a container found there is that user's, whatever engine's
 * name it has.
 */
START_TEST(test_cgroup_user_owned)
{
	struct nsi_cgroup_ref ref;

	ck_assert_int_eq(parse_str("0::/user.slice/user-1001.slice/"
				   "user@1001.service/app.slice/docker-" ID_A
				   ".scope\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "docker");
	ck_assert_int_eq(ref.user_owned, 1);
	ck_assert_uint_eq(ref.owner, 1001);
	ck_assert_int_eq(parse_str("0::/user.slice/user-1002.slice/"
				   "user@1002.service/user.slice/lxc.payload."
				   "prod-db\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "lxc");
	ck_assert_int_eq(ref.user_owned, 1);
	ck_assert_uint_eq(ref.owner, 1002);
	ck_assert_int_eq(parse_str("0::/user.slice/user-1001.slice/"
				   "user@1001.service/user.slice/libpod-" ID_A
				   ".scope\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "podman");
	ck_assert_int_eq(ref.user_owned, 1);
	ck_assert_int_eq(parse_str("3:memory:/user/alice/0/" ID_A "\n", &ref),
			 1);
	ck_assert_str_eq(ref.runtime, "podman");
	ck_assert_int_eq(ref.user_owned, 1);
	ck_assert_str_eq(ref.owner_user, "alice");
	/* a user name that cannot be (a NUL: the fuzzer's): no container,
	 * and no rule named */
	ck_assert_int_eq(parse_text("3:memory:/user/a\0b/0/" ID_A "\n",
				    sizeof("3:memory:/user/a\0b/0/" ID_A "\n") - 1,
				    &ref), 0);
	ck_assert_ptr_null(ref.rule);
	/* the system's */
	ck_assert_int_eq(parse_str("0::/system.slice/docker-" ID_A ".scope\n",
				   &ref), 1);
	ck_assert_int_eq(ref.user_owned, 0);
	ck_assert_int_eq(parse_str("0::/user.slice/user-1001.slice/"
				   "session-3.scope/docker-" ID_A ".scope\n",
				   &ref), 1);
	ck_assert_int_eq(ref.user_owned, 0);	/* not delegated */
}
END_TEST

/* ------------------------------------------------------------------ */
/*
 * Attribute every process of @m to its container, as the scan does one
 * process at a time (nsi_proc_read_container()): each through a pin of its
 * own.  A process that exits meanwhile keeps p->container NULL.
 * Return: 0, or -ENOMEM.
 */
static int scan_containers(struct nsi_model *m, int procfd)
{
	size_t i;
	int rc;

	for (i = 0; i < m->nprocs; i++) {
		struct nsi_pin pin;

		if (nsi_pin_open(procfd, m->procs[i]->pid, 0, &pin) < 0)
			continue;	/* gone: on the host, as far as we know */
		rc = nsi_proc_read_container(m, &pin, m->procs[i]);
		nsi_pin_close(&pin);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* scan_containers() on FIXTURES/proc-containers */

static struct nsi_proc *mkproc(pid_t pid, ino_t net, ino_t pidns, ino_t user)
{
	struct nsi_proc *p = nsi_proc_new(pid);
	char buf[32];

	ck_assert_ptr_nonnull(p);
	snprintf(buf, sizeof(buf), "proc%d", (int)pid);
	p->comm = strdup(buf);
	ck_assert_ptr_nonnull(p->comm);
	p->ns[NSI_NS_NET] = net;
	p->ns[NSI_NS_PID] = pidns;
	p->ns[NSI_NS_USER] = user;
	return p;
}

/*
 * 100 and 101: docker ID_A (12 v1 hierarchies; one v2 line); 200:
 * containerd ID_E in pod POD_2; 300: the host; 400: podman ID_A (same ID,
 * other runtime: another container); 500: a garbage cgroup file; 600: no
 * directory (it exited); 700: lxc web01.
 *   net INO(1): 100, 101        -> docker ID_A
 *   net INO(2): 200, 300        -> mixed with the host: none
 *   net INO(3): 400             -> podman ID_A
 *   net INO(4): 500, 600, 700   -> lxc and unknown: none
 *   pid: one each; user INO(20): all
 */
static void build_model(struct nsi_model *m)
{
	static const struct { pid_t pid; int net; } procs[] = {
		{ 101, 1 }, { 100, 1 }, { 200, 2 }, { 300, 2 }, { 400, 3 },
		{ 500, 4 }, { 600, 4 }, { 700, 4 },
	};
	size_t i;

	nsi_model_init(m);
	m->state_root = STATE;	/* no bundle of these: never the host's */
	m->have_type[NSI_NS_NET] = 1;
	m->have_type[NSI_NS_PID] = 1;
	m->have_type[NSI_NS_USER] = 1;
	for (i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		struct nsi_proc *p = mkproc(procs[i].pid, INO(procs[i].net),
					    INO(100 + procs[i].pid), INO(20));

		ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	}
}

static int open_tree(void)
{
	int fd = nsi_procfs_open(FIXTURES "/proc-containers");

	ck_assert_msg(fd >= 0, "cannot open the fixture tree: %s",
		      strerror(-fd));
	return fd;
}

static struct nsi_container *container_of(struct nsi_model *m, pid_t pid)
{
	struct nsi_proc *p = nsi_model_find_proc(m, pid);

	ck_assert_ptr_nonnull(p);
	return p->container;
}

START_TEST(test_scan_attribution)
{
	struct nsi_container *c;
	struct nsi_model m;
	char *text;
	int fd = open_tree();

	build_model(&m);
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	close(fd);
	nsi_model_finish(&m);

	ck_assert_uint_eq(m.ncontainers, 4);
	c = container_of(&m, 100);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->runtime, "docker");
	ck_assert_str_eq(c->id, ID_A);
	ck_assert_str_eq(c->short_id, "677ffa80e2b7");
	ck_assert_ptr_null(c->pod);
	ck_assert_ptr_null(c->name);
	/* Two processes of one container share its struct. */
	ck_assert_ptr_eq(container_of(&m, 101), c);
	ck_assert_ptr_eq(nsi_model_get_container(&m, "docker", ID_A, 0), c);

	c = container_of(&m, 200);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->runtime, "containerd");
	ck_assert_str_eq(c->id, ID_E);
	ck_assert_ptr_nonnull(c->pod);
	ck_assert_str_eq(c->pod, POD_2);

	ck_assert_ptr_null(container_of(&m, 300));	/* host */
	ck_assert_ptr_null(container_of(&m, 500));	/* garbage file */
	ck_assert_ptr_null(container_of(&m, 600));	/* vanished */

	/* The same ID under another runtime is another container. */
	c = container_of(&m, 400);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->runtime, "podman");
	ck_assert_ptr_ne(c, container_of(&m, 100));

	c = container_of(&m, 700);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->runtime, "lxc");
	ck_assert_str_eq(c->id, "web01");
	ck_assert_str_eq(c->short_id, "web01");
	/* the ID is the name: named so, shown whole, not as an ID */
	ck_assert_str_eq(c->name, "web01");
	text = nsi_container_text(c);
	ck_assert_str_eq(text, "web01 (lxc)");
	free(text);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_scan_finish_counts)
{
	struct nsi_container *a, *pod, *lxc;
	struct nsi_model m;
	int fd = open_tree();

	build_model(&m);
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	close(fd);
	nsi_model_finish(&m);

	a = nsi_model_get_container(&m, "docker", ID_A, 0);
	pod = nsi_model_get_container(&m, "containerd", ID_E, 0);
	lxc = nsi_model_get_container(&m, "lxc", "web01", 0);
	ck_assert(a && pod && lxc);
	ck_assert_uint_eq(a->nprocs, 2);
	ck_assert_int_eq(a->rep->pid, 100);
	ck_assert_uint_eq(pod->nprocs, 1);
	ck_assert_int_eq(pod->rep->pid, 200);
	ck_assert_uint_eq(lxc->nprocs, 1);

	/* Namespaces whose only members are in one container. */
	ck_assert_ptr_eq(nsi_model_get_ns(&m, NSI_NS_NET, INO(1), 0)->container, a);
	ck_assert_ptr_eq(nsi_model_get_ns(&m, NSI_NS_PID, INO(200), 0)->container, a);
	ck_assert_ptr_eq(nsi_model_get_ns(&m, NSI_NS_PID, INO(300), 0)->container, pod);
	ck_assert_ptr_eq(nsi_model_get_ns(&m, NSI_NS_NET, INO(3), 0)->container,
			 nsi_model_get_container(&m, "podman", ID_A, 0));
	/* Mixed with the host, or with processes of unknown container. */
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(2), 0)->container);
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_NET, INO(4), 0)->container);
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_USER, INO(20), 0)->container);
	ck_assert_ptr_null(nsi_model_get_ns(&m, NSI_NS_PID, INO(400), 0)->container);
	nsi_model_release(&m);
}
END_TEST

/* Scanning twice finds the same containers and creates no new one. */
START_TEST(test_scan_twice)
{
	struct nsi_container *c;
	struct nsi_model m;
	int fd = open_tree();

	build_model(&m);
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	c = container_of(&m, 200);
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	close(fd);
	ck_assert_uint_eq(m.ncontainers, 4);
	ck_assert_ptr_eq(container_of(&m, 200), c);
	ck_assert_str_eq(c->pod, POD_2);
	nsi_model_release(&m);
}
END_TEST

/* A missing proc root: every process stays on the host. */
START_TEST(test_scan_bad_procfd)
{
	struct nsi_model m;
	size_t i;

	build_model(&m);
	ck_assert_int_eq(scan_containers(&m, -1), 0);
	for (i = 0; i < m.nprocs; i++)
		ck_assert_ptr_null(m.procs[i]->container);
	ck_assert_uint_eq(m.ncontainers, 0);
	nsi_model_release(&m);
}
END_TEST

/*
 * containerd-ctr-bundle: "/<namespace>/<id>" in a namespace other than
 * default and k8s.io is containerd's only when containerd keeps a bundle
 * for it; asked once per file, however many lines repeat the path.
 */
START_TEST(test_cgroup_ctr_bundle)
{
	static const char v1[] = "3:memory:/nsinspect-test/web01\n"
				 "2:cpu:/nsinspect-test/web01\n"
				 "1:name=systemd:/nsinspect-test/web01\n"
				 "0::/nsinspect-test/web01\n";
	struct nsi_cgroup_ref ref;
	int asked = 0;

	/* without the state, as before: the host */
	memset(&ref, 0, sizeof(ref));
	ck_assert_int_eq(nsi_cgroup_parse(v1, sizeof(v1) - 1, &ref), 0);
	ck_assert_int_eq(nsi_cgroup_parse_at(v1, sizeof(v1) - 1, &ref,
					     fixture_bundle, &asked), 1);
	ck_assert_int_eq(asked, 1);
	ck_assert_str_eq(ref.runtime, "containerd");
	ck_assert_str_eq(ref.rule, "containerd-ctr-bundle");
	ck_assert_str_eq(ref.id, "web01");
	ck_assert_str_eq(ref.ctr_ns, "nsinspect-test");
	/* no bundle: not containerd's */
	ck_assert_int_eq(parse_str("0::/nsinspect-test/web02\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/process_api/ab54a033401cdf865a5cc255"
				   "a11dc563\n", &ref), 0);
	ck_assert_int_eq(parse_str("0::/nsinspect-test/" ID_A "\n", &ref), 1);
	ck_assert_str_eq(ref.runtime, "unknown");
	ck_assert_str_eq(ref.ctr_ns, "");
	/* not containerd identifiers: never asked */
	asked = 0;
	ck_assert_int_eq(nsi_cgroup_parse_at("0::/../web01\n", 13, &ref,
					     fixture_bundle, &asked), 0);
	ck_assert_int_eq(nsi_cgroup_parse_at("0::/a b/web01\n", 14, &ref,
					     fixture_bundle, &asked), 0);
	ck_assert_int_eq(asked, 0);
	/* the known namespaces need no bundle, and say theirs */
	ck_assert_int_eq(parse_str("0::/default/web01\n", &ref), 1);
	ck_assert_str_eq(ref.ctr_ns, "default");
	ck_assert_int_eq(parse_str("0::/docker/" ID_A "\n", &ref), 1);
	ck_assert_str_eq(ref.ctr_ns, "");
}
END_TEST

/* ------------------------------------------------------------------ */
/* OCI bundles: nsi_bundle_parse(), nsi_bundle_read(), and the scan of
 * FIXTURES/proc-pods with FIXTURES/state */

/*
 * proc-pods: 10 containerd CRI sandbox (kubelet's systemd driver) and 11
 * its container "nginx" (cgroupfs driver: runtime "cri" until the bundle
 * tells), sharing net INO(1); 20 CRI-O sandbox (crio-ID) and 21 its
 * container "coredns" (raw "slice:crio:ID"), sharing net INO(2); 22 CRI-O
 * in the root only (cri -> cri-o); 30 ctr in namespace nsinspect-test; 31
 * a session manager's /process_api/<hex> (host); 32 a Podman bundle in
 * CRI-O's storage (stays cri); 33 a symbolic link as config.json; 34 bad
 * JSON.
 */
static void pods_model(struct nsi_model *m)
{
	static const struct { pid_t pid; int net; } procs[] = {
		{ 10, 1 }, { 11, 1 }, { 20, 2 }, { 21, 2 }, { 22, 3 },
		{ 30, 4 }, { 31, 5 }, { 32, 6 }, { 33, 7 }, { 34, 8 },
	};
	size_t i;

	nsi_model_init(m);
	m->state_root = STATE;
	m->have_type[NSI_NS_NET] = 1;
	m->have_type[NSI_NS_PID] = 1;
	m->have_type[NSI_NS_USER] = 1;
	for (i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		struct nsi_proc *p = mkproc(procs[i].pid, INO(procs[i].net),
					    INO(100 + procs[i].pid), INO(20));

		ck_assert_int_eq(nsi_model_add_proc(m, p), 0);
	}
}

static void check_pod(const struct nsi_container *c, const char *runtime,
		      const char *id, const char *name, const char *image,
		      const char *podns, const char *pod, int sandbox)
{
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->runtime, runtime);
	ck_assert_str_eq(c->id, id);
	ck_assert_pstr_eq(c->name, name);
	ck_assert_pstr_eq(c->image, image);
	ck_assert_pstr_eq(c->pod_namespace, podns);
	ck_assert_pstr_eq(c->pod_name, pod);
	ck_assert_int_eq(c->sandbox, sandbox);
}

START_TEST(test_bundle_scan)
{
	struct nsi_model m;
	const struct nsi_ns *net;
	struct nsi_container *c;
	char *text;
	int fd = nsi_procfs_open(FIXTURES "/proc-pods");

	ck_assert_int_ge(fd, 0);
	pods_model(&m);
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	close(fd);
	ck_assert_int_eq(nsi_model_finish(&m), 0);

	check_pod(container_of(&m, 10), "containerd", ID_CSB, NULL, NULL,
		  "default", "web-0", 1);
	check_pod(container_of(&m, 11), "containerd", ID_CAPP, "nginx",
		  "registry.example.org/web/nginx:1.25", "default", "web-0",
		  0);
	ck_assert_str_eq(container_of(&m, 11)->pod, POD_CD);
	check_pod(container_of(&m, 20), "cri-o", ID_OSB, NULL,
		  "registry.k8s.io/pause:3.9", "kube-system",
		  "coredns-5d78c9869d-x2x7q", 1);
	check_pod(container_of(&m, 21), "cri-o", ID_OAPP, "coredns",
		  "registry.k8s.io/coredns/coredns:v1.10.1", "kube-system",
		  "coredns-5d78c9869d-x2x7q", 0);
	check_pod(container_of(&m, 22), "cri-o", ID_OLIB, "sidecar",
		  "registry.example.org/sidecar:2", "kube-system",
		  "coredns-5d78c9869d-x2x7q", 0);
	/* ctr: the name is the ID, no image in the bundle, no pod */
	check_pod(container_of(&m, 30), "containerd", "web01", "web01", NULL,
		  NULL, NULL, 0);
	ck_assert_ptr_null(container_of(&m, 31));
	/* Podman's bundle does not make a CRI-O container */
	check_pod(container_of(&m, 32), "cri", ID_PODMAN_CRIO, NULL, NULL,
		  NULL, NULL, 0);
	/* a symbolic link, bad JSON: shown by ID, and counted */
	check_pod(container_of(&m, 33), "containerd", ID_LINK, NULL, NULL,
		  NULL, NULL, 0);
	check_pod(container_of(&m, 34), "containerd", ID_BAD, NULL, NULL,
		  NULL, NULL, 0);
	ck_assert_uint_eq(m.bundles_unreadable, 2);
	ck_assert_int_eq(m.bundles_errno, EBADMSG);
	/* the namespaces of the state directories, listed once */
	ck_assert_int_eq(m.ctr_namespaces_read, 1);
	ck_assert_int_eq(nsi_bundle_ns_known(&m, "nsinspect-test"), 1);
	ck_assert_int_eq(nsi_bundle_ns_known(&m, "k8s.io"), 1);
	ck_assert_int_eq(nsi_bundle_ns_known(&m, "nsinspect"), 0);
	ck_assert_int_eq(nsi_bundle_ns_known(&m, "process_api"), 0);
	ck_assert_int_eq(nsi_bundle_ns_known(&m, "system.slice"), 0);

	/* the pod's shared net namespace lists sandbox and member */
	net = nsi_model_get_ns(&m, NSI_NS_NET, INO(1), 0);
	ck_assert_uint_eq(net->ncontainers, 2);
	text = nsi_containers_text(net->containers, net->ncontainers);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "containerd c6447d522da9 sandbox of pod "
			 "default/web-0, nginx (containerd bddf920438e0) pod "
			 "default/web-0");
	free(text);
	text = nsi_container_text(container_of(&m, 30));
	ck_assert_str_eq(text, "web01 (containerd)");
	free(text);
	/* found by name, and a second scan reads no bundle again */
	ck_assert_ptr_eq(nsi_model_find_container(&m, "coredns"),
			 container_of(&m, 21));
	c = container_of(&m, 11);
	fd = nsi_procfs_open(FIXTURES "/proc-pods");
	ck_assert_int_eq(scan_containers(&m, fd), 0);
	close(fd);
	ck_assert_ptr_eq(container_of(&m, 11), c);
	ck_assert_uint_eq(m.bundles_unreadable, 2);
	nsi_model_release(&m);
}
END_TEST

static int parse_bundle(const char *text, const char *runtime,
			struct nsi_bundle *b)
{
	return nsi_bundle_parse(text, strlen(text), runtime, "id1", b);
}

/* What a bundle may hold that is not what it should. */
START_TEST(test_bundle_parse_bad)
{
	struct nsi_bundle b;
	char *big;
	size_t n;

	ck_assert_int_eq(parse_bundle("[]", "containerd", &b), -EBADMSG);
	ck_assert_int_eq(parse_bundle("{} x", "containerd", &b), -EBADMSG);
	ck_assert_int_eq(parse_bundle("{\"a\": ", "containerd", &b),
			 -EBADMSG);
	ck_assert_int_eq(parse_bundle("", "cri-o", &b), -EBADMSG);
	/* annotations not an object: a plain ctr container */
	ck_assert_int_eq(parse_bundle("{\"annotations\": [1]}", "containerd",
				      &b), 1);
	ck_assert_str_eq(b.name, "id1");
	ck_assert_int_eq(b.cri, 0);
	nsi_bundle_free(&b);
	/* values that are not strings, empty, or hold a NUL: ignored */
	ck_assert_int_eq(parse_bundle("{\"annotations\": {"
		"\"io.kubernetes.cri.container-type\": \"container\","
		"\"io.kubernetes.cri.container-name\": 7,"
		"\"io.kubernetes.cri.image-name\": \"\","
		"\"io.kubernetes.cri.sandbox-name\": \"a\\u0000b\","
		"\"io.kubernetes.cri.sandbox-namespace\": \"ns\"}}",
		"containerd", &b), 1);
	ck_assert_ptr_null(b.name);
	ck_assert_ptr_null(b.image);
	ck_assert_ptr_null(b.pod_name);
	ck_assert_str_eq(b.pod_namespace, "ns");
	ck_assert_int_eq(b.cri, 1);
	nsi_bundle_free(&b);
	/* an annotation past NSI_BUNDLE_STRING_MAX: ignored, never cut */
	n = NSI_BUNDLE_STRING_MAX + 200;
	big = malloc(n);
	ck_assert_ptr_nonnull(big);
	snprintf(big, n, "{\"annotations\": {\"io.kubernetes.container.name\""
		 ": \"%0*d\", \"io.kubernetes.pod.name\": \"p\"}}",
		 NSI_BUNDLE_STRING_MAX + 1, 0);
	ck_assert_int_eq(parse_bundle(big, "cri-o", &b), 1);
	ck_assert_ptr_null(b.name);
	ck_assert_str_eq(b.pod_name, "p");
	nsi_bundle_free(&b);
	free(big);
	/* Podman's in CRI-O's storage: not CRI-O's */
	ck_assert_int_eq(parse_bundle("{\"annotations\": {"
		"\"io.container.manager\": \"libpod\"}}", "cri-o", &b), 0);
}
END_TEST

/* Make DIR/k8s.io/ID/ below a temporary state root; return the root. */
static void mkdirs(char *root, const char *id)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/run", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/run/containerd", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task/k8s.io", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	if (!id)
		return;
	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task/k8s.io/%s", root, id);
	ck_assert_int_eq(mkdir(path, 0700), 0);
}

static void rm_tree(const char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * Files a bundle reader must not be fooled by: a FIFO (no blocking), a
 * file past NSI_BUNDLE_MAX (refused whole), a symbolic link to a
 * directory in place of the container's directory, and IDs that are not
 * one path component.
 */
START_TEST(test_bundle_read_hostile)
{
	char root[] = "/tmp/nsi-bundles.XXXXXX", path[600];
	struct nsi_bundle b;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(root));
	mkdirs(root, "fifo");
	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task/k8s.io/fifo/config.json", root);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(nsi_bundle_read(root, "containerd", NULL, "fifo", &b),
			 -EMEDIUMTYPE);

	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task/k8s.io/big", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	strcat(path, "/config.json");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)NSI_BUNDLE_MAX + 1), 0);
	close(fd);
	ck_assert_int_eq(nsi_bundle_read(root, "containerd", "k8s.io", "big",
					 &b), -EFBIG);

	/* k8s.io/link -> /  (the symbolic link itself is not followed) */
	snprintf(path, sizeof(path), "%s/run/containerd/"
		 "io.containerd.runtime.v2.task/k8s.io/link", root);
	ck_assert_int_eq(symlink(FIXTURES "/state/run/containerd/"
				 "io.containerd.runtime.v2.task/k8s.io/"
				 ID_CAPP, path), 0);
	ck_assert_int_lt(nsi_bundle_read(root, "containerd", "k8s.io", "link",
					 &b), 0);
	ck_assert_int_eq(nsi_bundle_exists(root, "k8s.io", "link"), 0);

	/* IDs and namespaces that are not one component */
	ck_assert_int_eq(nsi_bundle_read(STATE, "containerd", "k8s.io/..",
					 ID_CAPP, &b), 0);
	ck_assert_int_eq(nsi_bundle_read(STATE, "containerd", "..", "x", &b), 0);
	ck_assert_int_eq(nsi_bundle_read(STATE, "cri", NULL, "../k8s.io", &b),
			 0);
	ck_assert_int_eq(nsi_bundle_exists(STATE, "..", "nsinspect-test"), 0);
	/* found where it is */
	ck_assert_int_eq(nsi_bundle_read(STATE, "cri", NULL, ID_CAPP, &b), 1);
	ck_assert_str_eq(b.runtime, "containerd");
	ck_assert_str_eq(b.name, "nginx");
	nsi_bundle_free(&b);
	/* a missing state root: nothing, no error */
	ck_assert_int_eq(nsi_bundle_read("/nonexistent", "cri", NULL, ID_CAPP,
					 &b), 0);
	rm_tree(root);
}
END_TEST

/* ------------------------------------------------------------------ */
/* nsi_docker_parse() */

/* A model holding the docker containers @ids (NULL-terminated). */
static void docker_model(struct nsi_model *m, const char *const *ids)
{
	nsi_model_init(m);
	for (; *ids; ids++)
		ck_assert_ptr_nonnull(nsi_model_get_container(m, "docker",
							      *ids, 1));
}

static int parse_json_fixture(struct nsi_model *m, const char *name)
{
	char path[64], *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "docker/%s", name);
	buf = read_fixture(path, &len);
	rc = nsi_docker_parse(m, buf, len);
	free(buf);
	return rc;
}

/*
 * A container another --link's has two names ("/linked", "/linker/alias"):
 * name is the first, names both, --container finds it by each; an
 * answer with more names than NSI_CONTAINER_NAMES_MAX keeps that many.
 */
START_TEST(test_docker_parse_names)
{
	static const char *const ids[] = { ID_A, ID_LIVE, NULL };
	struct nsi_container *c;
	struct nsi_model m;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	docker_model(&m, ids);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	fprintf(f, "[{\"Id\": \"%s\", \"Names\": [\"/linked\", "
		"\"/linker/alias\", \"/linked\", 7, \"/\"]}, "
		"{\"Id\": \"%s\", \"Names\": [", ID_A, ID_LIVE);
	for (i = 0; i < 3 * NSI_CONTAINER_NAMES_MAX; i++)
		fprintf(f, "%s\"/n%zu\"", i ? ", " : "", i);
	fprintf(f, "]}]");
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(nsi_docker_parse(&m, buf, len), 2);
	free(buf);

	c = nsi_model_get_container(&m, "docker", ID_A, 0);
	ck_assert_str_eq(c->name, "linked");
	ck_assert_uint_eq(c->nnames, 2);
	ck_assert_str_eq(c->names[0], "linked");
	ck_assert_str_eq(c->names[1], "linker/alias");
	ck_assert_ptr_eq(nsi_model_find_container(&m, "linked"), c);
	ck_assert_ptr_eq(nsi_model_find_container(&m, "linker/alias"), c);
	c = nsi_model_get_container(&m, "docker", ID_LIVE, 0);
	ck_assert_str_eq(c->name, "n0");
	ck_assert_uint_eq(c->nnames, NSI_CONTAINER_NAMES_MAX);
	ck_assert_ptr_null(nsi_model_find_container(&m, "n100"));
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_docker_parse_real)
{
	static const char *const ids[] = { ID_LIVE, ID_A, NULL };
	struct nsi_container *c;
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(parse_json_fixture(&m, "containers.json"), 1);
	c = nsi_model_get_container(&m, "docker", ID_LIVE, 0);
	ck_assert_str_eq(c->name, "cont-test");
	ck_assert_str_eq(c->image, "nsinspect-test/busybox");
	ck_assert_str_eq(c->network_mode, "default");
	ck_assert_str_eq(nsi_container_label(c), "cont-test");
	ck_assert_ptr_eq(nsi_model_find_container(&m, "cont-test"), c);
	/* Not listed: left alone. */
	c = nsi_model_get_container(&m, "docker", ID_A, 0);
	ck_assert_ptr_null(c->name);
	ck_assert_ptr_null(c->image);
	ck_assert_ptr_null(c->network_mode);

	/* Again: the old strings are replaced, not leaked (valgrind). */
	ck_assert_int_eq(parse_json_fixture(&m, "containers.json"), 1);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_docker_parse_mixed)
{
	static const char *const ids[] = { ID_A, ID_B, ID_D, NULL };
	struct nsi_container *c;
	struct nsi_model m;

	docker_model(&m, ids);
	/* Entries without an "Id" string, or not objects, are skipped;
	 * ID_C is not in the model and is not added. */
	ck_assert_int_eq(parse_json_fixture(&m, "mixed.json"), 2);
	ck_assert_uint_eq(m.ncontainers, 3);
	ck_assert_ptr_null(nsi_model_get_container(&m, "docker", ID_C, 0));
	c = nsi_model_get_container(&m, "docker", ID_A, 0);
	ck_assert_str_eq(c->name, "web");
	ck_assert_str_eq(c->image, "nginx:1.25");
	ck_assert_str_eq(c->network_mode, "bridge");
	/* No "Names": unnamed, but image and network mode are filled. */
	c = nsi_model_get_container(&m, "docker", ID_B, 0);
	ck_assert_ptr_null(c->name);
	ck_assert_str_eq(c->image, "alpine:3.19");
	ck_assert_str_eq(c->network_mode, "host");
	ck_assert_str_eq(nsi_container_label(c), "af92a46233cf");
	c = nsi_model_get_container(&m, "docker", ID_D, 0);
	ck_assert_ptr_null(c->name);
	nsi_model_release(&m);
}
END_TEST

/* Only containers of runtime "docker" are named. */
START_TEST(test_docker_parse_other_runtime)
{
	struct nsi_model m;

	nsi_model_init(&m);
	ck_assert_ptr_nonnull(nsi_model_get_container(&m, "podman", ID_A, 1));
	ck_assert_int_eq(parse_json_fixture(&m, "mixed.json"), 0);
	ck_assert_ptr_null(m.containers[0]->name);
	ck_assert_uint_eq(m.ncontainers, 1);
	nsi_model_release(&m);
}
END_TEST

/*
 * A container under a --cgroup-parent of the user's (cgroupfs driver) is
 * "unknown" from its cgroup; dockerd's list makes it docker's.  An
 * unknown one dockerd does not list stays unknown, and a podman one with
 * the same ID as a listed container stays podman's.
 */
START_TEST(test_docker_parse_claims_unknown)
{
	struct nsi_container *a, *d, *p;
	struct nsi_cgroup_ref ref;
	struct nsi_model m;
	size_t len;
	char *buf;
	int i;

	buf = read_fixture("cgroup/docker-parent-cgroupfs", &len);
	ck_assert_int_eq(nsi_cgroup_parse(buf, len, &ref), 1);
	free(buf);
	ck_assert_str_eq(ref.runtime, "unknown");
	nsi_model_init(&m);
	a = nsi_model_get_container(&m, ref.runtime, ref.id, 1);
	d = nsi_model_get_container(&m, "unknown", ID_D, 1);
	p = nsi_model_get_container(&m, "podman", ID_B, 1);
	/* enough containers that the hash has collisions to keep */
	for (i = 0; i < 40; i++) {
		char id[65];

		snprintf(id, sizeof(id), "%064x", i);
		ck_assert_ptr_nonnull(nsi_model_get_container(&m, "docker", id,
							      1));
	}
	ck_assert_int_eq(nsi_docker_wanted(&m), 1);
	ck_assert_int_eq(parse_json_fixture(&m, "mixed.json"), 1);
	ck_assert_str_eq(a->runtime, "docker");
	ck_assert_str_eq(a->name, "web");
	ck_assert_ptr_eq(nsi_model_get_container(&m, "docker", ID_A, 0), a);
	ck_assert_ptr_null(nsi_model_get_container(&m, "unknown", ID_A, 0));
	ck_assert_str_eq(d->runtime, "unknown");
	ck_assert_ptr_eq(nsi_model_get_container(&m, "unknown", ID_D, 0), d);
	ck_assert_str_eq(p->runtime, "podman");
	ck_assert_ptr_null(p->name);
	for (i = 0; i < 40; i++) {
		char id[65];

		snprintf(id, sizeof(id), "%064x", i);
		ck_assert_ptr_nonnull(nsi_model_get_container(&m, "docker", id,
							      0));
	}
	/* Claiming where the engine's runtime has that ID already. */
	ck_assert_int_eq(nsi_model_claim_container(&m, d, "docker"), 0);
	p = nsi_model_get_container(&m, "unknown", ID_D, 1);
	ck_assert_int_eq(nsi_model_claim_container(&m, p, "docker"), -EEXIST);
	ck_assert_str_eq(p->runtime, "unknown");
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_docker_parse_bad)
{
	static const char *const ids[] = { ID_LIVE, NULL };
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(parse_json_fixture(&m, "empty.json"), 0);
	ck_assert_int_eq(parse_json_fixture(&m, "not-array.json"), -EBADMSG);
	ck_assert_int_eq(parse_json_fixture(&m, "truncated.json"), -EBADMSG);
	ck_assert_int_eq(parse_json_fixture(&m, "trailing.json"), -EBADMSG);
	ck_assert_int_eq(nsi_docker_parse(&m, "", 0), -EBADMSG);
	ck_assert_int_eq(nsi_docker_parse(&m, "null", 4), -EBADMSG);
	ck_assert_int_eq(nsi_docker_parse(&m, "[1, \"x\", null]", 14), 0);
	/* @len counts, not a NUL: "[]" followed by junk it does not cover. */
	ck_assert_int_eq(nsi_docker_parse(&m, "[]junk", 2), 0);
	ck_assert_ptr_null(m.containers[0]->name);
	nsi_model_release(&m);
}
END_TEST

/*
 * An ID listed more than once names one container, which counts once (the
 * return was the number of entries, 7 here: tests/fuzz/fuzz-docker found
 * it); its later entries replace what the first gave.
 */
START_TEST(test_docker_parse_duplicate)
{
	static const char *const ids[] = { "a", ID_A, NULL };
	static const char dup7[] =
		"[{\"Id\":\"a\"},{\"Id\":\"a\"},{\"Id\":\"a\"},{\"Id\":\"a\"},"
		"{\"Id\":\"a\"},{\"Id\":\"a\"},{\"Id\":\"a\"}]";
	static const char twice[] =
		"[{\"Id\":\"" ID_A "\",\"Names\":[\"/one\"],\"Image\":\"i1\"},"
		" {\"Id\":\"" ID_A "\",\"Names\":[\"/two\"]}]";
	struct nsi_container *c;
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(nsi_docker_parse(&m, dup7, sizeof(dup7) - 1), 1);
	ck_assert_int_eq(nsi_docker_parse(&m, twice, sizeof(twice) - 1), 1);
	c = nsi_model_get_container(&m, "docker", ID_A, 0);
	ck_assert_str_eq(c->name, "two");
	ck_assert_str_eq(c->image, "i1");
	nsi_model_release(&m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* nsi_docker_query() against sockets of the test's own */

struct sock_dir {
	char dir[64];
	char path[96];
};

/* A fresh directory for a socket; the path is not created. */
static void sock_dir_new(struct sock_dir *sd)
{
	snprintf(sd->dir, sizeof(sd->dir), "/tmp/nsi-test-docker-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sd->dir));
	snprintf(sd->path, sizeof(sd->path), "%s/docker.sock", sd->dir);
}

static void sock_dir_free(struct sock_dir *sd)
{
	unlink(sd->path);
	rmdir(sd->dir);
}

/* A socket bound at sd->path; listening when @backlog >= 0. */
static int sock_bind(const struct sock_dir *sd, int backlog)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sd->path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (backlog >= 0)
		ck_assert_int_eq(listen(fd, backlog), 0);
	return fd;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			_exit(3);
		buf += n;
		len -= (size_t)n;
	}
}

/*
 * Fork a server that accepts one connection on @lfd, reads the request
 * head and answers @status with @body (@body_len bytes; -1: a body of
 * 17 MiB of spaces, past the client's limit).  Anything but
 * "GET /containers/json" gets 405.  Return: its PID.
 */
static pid_t serve_once(int lfd, int status, const char *body, long body_len)
{
	pid_t pid = fork();
	char req[8192], head[256];
	size_t got = 0;
	ssize_t n;
	int fd;

	ck_assert_int_ge(pid, 0);
	if (pid > 0)
		return pid;
	signal(SIGPIPE, SIG_IGN);
	alarm(10);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		_exit(2);
	while (got < sizeof(req) - 1) {
		n = read(fd, req + got, sizeof(req) - 1 - got);
		if (n <= 0)
			_exit(2);
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	if (strncmp(req, "GET /containers/json ", 21) != 0) {
		status = 405;
		body = "";
		body_len = 0;
	}
	if (body_len < 0) {
		static char spaces[1 << 16];
		int i;

		memset(spaces, ' ', sizeof(spaces));
		n = snprintf(head, sizeof(head), "HTTP/1.1 %d OK\r\n"
			     "Connection: close\r\n\r\n", status);
		write_all(fd, head, (size_t)n);
		for (i = 0; i < 17 * 16; i++)
			if (write(fd, spaces, sizeof(spaces)) <= 0)
				break;
		_exit(0);
	}
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
		     "Content-Type: application/json\r\n"
		     "Content-Length: %ld\r\n"
		     "Connection: close\r\n\r\n", status,
		     status == 200 ? "OK" : "Error", body_len);
	write_all(fd, head, (size_t)n);
	write_all(fd, body, (size_t)body_len);
	close(fd);
	_exit(0);
}

static void reap(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

START_TEST(test_query_no_docker)
{
	struct sock_dir sd;
	struct nsi_model m;
	struct timespec t0;
	int lfd;

	/* No container at all, then only a podman one: no request. */
	nsi_model_init(&m);
	ck_assert_int_eq(nsi_docker_query(&m, "/nonexistent/docker.sock", 300), 0);
	ck_assert_ptr_nonnull(nsi_model_get_container(&m, "podman", ID_A, 1));
	ck_assert_int_eq(nsi_docker_query(&m, "/nonexistent/docker.sock", 300), 0);
	/* A socket that would never answer is not even tried. */
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 300), 0);
	ck_assert_int_lt(elapsed_ms(&t0), 100);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_query_no_socket)
{
	static const char *const ids[] = { ID_A, NULL };
	struct sock_dir sd;
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(nsi_docker_query(&m, "/nonexistent/docker.sock", 300),
			 -ENOENT);
	sock_dir_new(&sd);
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 300), -ENOENT);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/* A socket file with no listener behind it. */
START_TEST(test_query_refused)
{
	static const char *const ids[] = { ID_A, NULL };
	struct sock_dir sd;
	struct nsi_model m;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	close(sock_bind(&sd, -1));
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 300), -ECONNREFUSED);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/* Connections queue in the backlog, never accepted, never answered. */
START_TEST(test_query_timeout)
{
	static const char *const ids[] = { ID_A, NULL };
	struct sock_dir sd;
	struct nsi_model m;
	struct timespec t0;
	long ms;
	int lfd;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 300), -ETIMEDOUT);
	ms = elapsed_ms(&t0);
	ck_assert_msg(ms >= 250 && ms < 1500, "took %ld ms for 300 ms", ms);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/*
 * A socket we may not write to: run the query as nobody when root (the
 * socket is root's, mode 0600), else on a socket of mode 0.  Also, when
 * root, a directory nobody may not search.  The query runs in a child,
 * which passes -rc as its exit status.
 */
static int query_as_nobody(struct nsi_model *m, const char *path)
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(100);
		_exit(-nsi_docker_query(m, path, 300));
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return -WEXITSTATUS(st);
}

START_TEST(test_query_denied)
{
	static const char *const ids[] = { ID_A, NULL };
	struct sock_dir sd;
	struct nsi_model m;
	int lfd;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	ck_assert_int_eq(chmod(sd.dir, 0755), 0);
	ck_assert_int_eq(chmod(sd.path, geteuid() == 0 ? 0600 : 0), 0);
	ck_assert_int_eq(query_as_nobody(&m, sd.path), -EACCES);
	if (geteuid() == 0) {
		ck_assert_int_eq(chmod(sd.dir, 0700), 0);
		ck_assert_int_eq(query_as_nobody(&m, sd.path), -EACCES);
	}
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_query_http_500)
{
	static const char *const ids[] = { ID_A, NULL };
	static const char body[] = "{\"message\":\"server error\"}";
	struct sock_dir sd;
	struct nsi_model m;
	pid_t pid;
	int lfd;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	pid = serve_once(lfd, 500, body, (long)strlen(body));
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 2000), -EREMOTEIO);
	reap(pid);
	ck_assert_ptr_null(m.containers[0]->name);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/* Answered 200 with FIXTURES/docker/@fixture as the body. */
static int query_fixture(struct nsi_model *m, const char *fixture)
{
	struct sock_dir sd;
	char path[64], *body;
	size_t len;
	pid_t pid;
	int lfd, rc;

	snprintf(path, sizeof(path), "docker/%s", fixture);
	body = read_fixture(path, &len);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	pid = serve_once(lfd, 200, body, (long)len);
	rc = nsi_docker_query(m, sd.path, 2000);
	reap(pid);
	close(lfd);
	sock_dir_free(&sd);
	free(body);
	return rc;
}

START_TEST(test_query_ok)
{
	static const char *const ids[] = { ID_LIVE, NULL };
	static const char *const ids2[] = { ID_A, ID_B, NULL };
	struct nsi_container *c;
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(query_fixture(&m, "containers.json"), 1);
	c = m.containers[0];
	ck_assert_str_eq(c->name, "cont-test");
	ck_assert_str_eq(c->image, "nsinspect-test/busybox");
	ck_assert_str_eq(c->network_mode, "default");
	nsi_model_release(&m);

	docker_model(&m, ids2);
	ck_assert_int_eq(query_fixture(&m, "mixed.json"), 2);
	ck_assert_str_eq(m.containers[0]->name, "web");
	nsi_model_release(&m);
}
END_TEST

START_TEST(test_query_bad_body)
{
	static const char *const ids[] = { ID_A, NULL };
	struct nsi_model m;

	docker_model(&m, ids);
	ck_assert_int_eq(query_fixture(&m, "truncated.json"), -EBADMSG);
	ck_assert_int_eq(query_fixture(&m, "not-array.json"), -EBADMSG);
	nsi_model_release(&m);
}
END_TEST

/* An answer past the 16 MiB limit is cut off, not swallowed. */
START_TEST(test_query_too_big)
{
	static const char *const ids[] = { ID_A, NULL };
	struct sock_dir sd;
	struct nsi_model m;
	pid_t pid;
	int lfd;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	pid = serve_once(lfd, 200, NULL, -1);
	ck_assert_int_eq(nsi_docker_query(&m, sd.path, 5000), -EMSGSIZE);
	reap(pid);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/*
 * A listener of a UID other than the one expected (a user's socket
 * swapped for a symlink to another's) is connected, never asked: the
 * request is not sent, nothing waits for its answer.
 */
START_TEST(test_engine_get_peer)
{
	struct sock_dir sd;
	struct timespec t0;
	char buf[64], *body;
	size_t len;
	ssize_t n;
	long ms;
	int lfd, cfd;

	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);	/* root's: we run as root */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(nsi_engine_get(sd.path, 65534, 1 << 20, 3000, &body,
					&len), -EPERM);
	ms = elapsed_ms(&t0);
	ck_assert_msg(ms < 1500, "took %ld ms", ms);
	ck_assert_ptr_null(body);
	/* it connected and closed, having sent nothing */
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(cfd, 0);
	n = read(cfd, buf, sizeof(buf));
	ck_assert_int_eq(n, 0);
	close(cfd);
	close(lfd);
	sock_dir_free(&sd);
}
END_TEST

/* A user's answer is cut at the limit given, not at 16 MiB. */
START_TEST(test_engine_get_max)
{
	struct sock_dir sd;
	char *body;
	size_t len;
	pid_t pid;
	int lfd;

	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);
	pid = serve_once(lfd, 200, NULL, -1);
	ck_assert_int_eq(nsi_engine_get(sd.path, 0, 1 << 20, 5000, &body,
					&len), -EMSGSIZE);
	reap(pid);
	close(lfd);
	sock_dir_free(&sd);
}
END_TEST

/* A run asks each engine once, all within one budget. */
START_TEST(test_engines_once)
{
	static const char *const ids[] = { ID_A, NULL };
	struct nsi_engines e;
	struct sock_dir sd;
	struct nsi_model m;
	struct timespec t0;
	long ms;
	int lfd;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);	/* never answers */
	nsi_engines_init(&e, 300);
	e.docker_socket = sd.path;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(nsi_engines_ask(&e, &m), 0);
	ck_assert_int_eq(e.docker_errno, ETIMEDOUT);
	ck_assert_int_eq(nsi_engines_ask(&e, &m), 0);	/* not again */
	ck_assert_int_eq(e.docker_errno, ETIMEDOUT);
	ms = elapsed_ms(&t0);
	ck_assert_msg(ms >= 250 && ms < 550, "took %ld ms for 300 ms", ms);
	nsi_engines_release(&e);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/* The live view's asks never wait, and a failed engine waits a back-off. */
START_TEST(test_engines_poll)
{
	static const char *const ids[] = { ID_A, NULL };
	struct nsi_engines e;
	struct sock_dir sd;
	struct nsi_model m;
	struct timespec t0;
	pid_t first;
	int lfd, i;

	docker_model(&m, ids);
	sock_dir_new(&sd);
	lfd = sock_bind(&sd, 4);	/* never answers */
	nsi_engines_init(&e, 300);
	e.docker_socket = sd.path;
	ck_assert_int_eq(nsi_engines_wait(&e), -1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(nsi_engines_poll(&e, &m), 0);
	ck_assert_int_gt(e.child, 0);
	first = e.child;
	ck_assert_int_eq(nsi_engines_poll(&e, &m), 0);	/* still asking */
	ck_assert_int_eq(e.child, first);
	ck_assert_int_lt(elapsed_ms(&t0), 200);
	ck_assert_int_eq(nsi_engines_wait(&e), NSI_ENGINES_POLL_MS);
	for (i = 0; i < 50 && nsi_engines_wait(&e) != 0; i++)
		usleep(100000);
	ck_assert_int_eq(nsi_engines_wait(&e), 0);
	ck_assert_int_eq(nsi_engines_poll(&e, &m), 0);
	ck_assert_int_eq(e.docker_errno, ETIMEDOUT);
	/* the back-off: no new child at once, for the same containers */
	ck_assert_int_eq(e.child, 0);
	ck_assert_int_eq(nsi_engines_poll(&e, &m), 0);
	ck_assert_int_eq(e.child, 0);
	ck_assert_int_eq(nsi_engines_wait(&e), -1);
	nsi_engines_release(&e);
	close(lfd);
	sock_dir_free(&sd);
	nsi_model_release(&m);
}
END_TEST

/* Podman: containers.json of its storage, and whose engine names what */

static int parse_store(struct nsi_model *m, long owner)
{
	size_t len;
	char *buf = read_fixture("podman/containers.json", &len);
	int rc = nsi_podman_store_parse(m, owner, buf, len);

	free(buf);
	return rc;
}

/*
 * The rootful storage names rootful containers (name whole, image from
 * "metadata"), claims an "unknown" one, and never names a rootless one;
 * a user's storage names only that user's rootless containers.
 */
START_TEST(test_podman_store)
{
	struct nsi_container *a, *b, *c, *d;
	struct nsi_model m;

	nsi_model_init(&m);
	a = nsi_model_get_container(&m, "podman", ID_A, 1);
	b = nsi_model_get_container_of(&m, "podman", ID_B, 1001, 1);
	c = nsi_model_get_container(&m, "podman", ID_C, 1);
	d = nsi_model_get_container(&m, "unknown", ID_D, 1);
	ck_assert_int_eq(nsi_podman_wanted(&m), 1);
	ck_assert_int_eq(parse_store(&m, -1), 3);
	ck_assert_str_eq(a->name, "nsi-podman-rootful-with-a-long-name");
	ck_assert_str_eq(nsi_container_label(a),
			 "nsi-podman-rootful-with-a-long-name");
	ck_assert_str_eq(a->image, "localhost/nsinspect-test/busybox:latest");
	ck_assert_uint_eq(a->nnames, 1);
	ck_assert_str_eq(a->names[0], "nsi-podman-rootful-with-a-long-name");
	ck_assert_ptr_null(b->name);		/* rootless: not root's */
	ck_assert_str_eq(c->name, "bad-metadata");
	ck_assert_ptr_null(c->image);
	ck_assert_str_eq(d->runtime, "podman");	/* claimed */
	ck_assert_str_eq(d->name, "claimed");
	/* another user's storage names nothing of 1001's */
	ck_assert_int_eq(parse_store(&m, 1002), 0);
	ck_assert_ptr_null(b->name);
	ck_assert_int_eq(parse_store(&m, 1001), 1);
	ck_assert_str_eq(b->name, "rootless-one");
	ck_assert_str_eq(b->image, "localhost/other:1");
	ck_assert_int_eq(nsi_podman_wanted(&m), 0);
	ck_assert_int_eq(nsi_podman_store_parse(&m, -1, "{}", 2), -EBADMSG);
	ck_assert_int_eq(nsi_podman_store_parse(&m, -1, "[", 1), -EBADMSG);
	nsi_model_release(&m);
}
END_TEST

/*
 * A user's API service (a rootless Podman's, the user's to write) names
 * only that user's rootless containers: not a rootful one, not another
 * user's, not a docker one, and claims no "unknown" one.
 */
START_TEST(test_podman_api_scope)
{
	static const char answer[] =
		"[{\"Id\":\"" ID_A "\",\"Names\":[\"/evil-a\"]},"
		"{\"Id\":\"" ID_B "\",\"Names\":[\"/mine\"],"
		"\"Image\":\"img\"},"
		"{\"Id\":\"" ID_C "\",\"Names\":[\"/evil-c\"]},"
		"{\"Id\":\"" ID_D "\",\"Names\":[\"/evil-d\"]},"
		"{\"Id\":\"" ID_E "\",\"Names\":[\"/evil-e\"]}]";
	struct nsi_container *a, *b, *c, *d, *e;
	struct nsi_model m;

	nsi_model_init(&m);
	a = nsi_model_get_container(&m, "podman", ID_A, 1);
	b = nsi_model_get_container_of(&m, "podman", ID_B, 1001, 1);
	c = nsi_model_get_container_of(&m, "podman", ID_C, 1002, 1);
	d = nsi_model_get_container(&m, "unknown", ID_D, 1);
	e = nsi_model_get_container(&m, "docker", ID_E, 1);
	ck_assert_int_eq(nsi_engine_parse(&m, "podman", 1001, answer,
					  sizeof(answer) - 1), 1);
	ck_assert_str_eq(b->name, "mine");
	ck_assert_str_eq(b->image, "img");
	ck_assert_ptr_null(a->name);
	ck_assert_ptr_null(c->name);
	ck_assert_ptr_null(d->name);
	ck_assert_str_eq(d->runtime, "unknown");
	ck_assert_ptr_null(e->name);
	/* the rootful service: root's containers, and claims the unknown */
	ck_assert_int_eq(nsi_engine_parse(&m, "podman", -1, answer,
					  sizeof(answer) - 1), 2);
	ck_assert_str_eq(a->name, "evil-a");
	ck_assert_str_eq(d->runtime, "podman");
	ck_assert_str_eq(c->name ? c->name : "", "");
	ck_assert_ptr_null(e->name);
	nsi_model_release(&m);
}
END_TEST

static Suite *containers_suite(void)
{
	Suite *s = suite_create("containers");
	TCase *tc;

	tc = tcase_create("cgroup");
	tcase_add_loop_test(tc, test_cgroup_forms, 0, NFORMS);
	tcase_add_test(tc, test_cgroup_rules_have_fixtures);
	tcase_add_loop_test(tc, test_cgroup_rule_examples, 0,
			    (int)nsi_cgroup_nrules);
	tcase_add_test(tc, test_cgroup_ctr_limits);
	tcase_add_test(tc, test_cgroup_ctr_bundle);
	tcase_add_test(tc, test_bundle_scan);
	tcase_add_test(tc, test_bundle_parse_bad);
	tcase_add_test(tc, test_bundle_read_hostile);
	tcase_add_test(tc, test_cgroup_not_nul_terminated);
	tcase_add_test(tc, test_cgroup_escapes);
	tcase_add_test(tc, test_cgroup_names_and_limits);
	tcase_add_test(tc, test_cgroup_well_formed);
	tcase_add_test(tc, test_cgroup_forged_lines);
	tcase_add_test(tc, test_cgroup_user_owned);
	suite_add_tcase(s, tc);

	tc = tcase_create("scan");
	tcase_add_test(tc, test_scan_attribution);
	tcase_add_test(tc, test_scan_finish_counts);
	tcase_add_test(tc, test_scan_twice);
	tcase_add_test(tc, test_scan_bad_procfd);
	suite_add_tcase(s, tc);

	tc = tcase_create("docker-parse");
	tcase_add_test(tc, test_docker_parse_real);
	tcase_add_test(tc, test_docker_parse_mixed);
	tcase_add_test(tc, test_docker_parse_other_runtime);
	tcase_add_test(tc, test_docker_parse_bad);
	tcase_add_test(tc, test_docker_parse_claims_unknown);
	tcase_add_test(tc, test_docker_parse_duplicate);
	tcase_add_test(tc, test_podman_store);
	tcase_add_test(tc, test_podman_api_scope);
	suite_add_tcase(s, tc);

	tc = tcase_create("docker-query");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_query_no_docker);
	tcase_add_test(tc, test_query_no_socket);
	tcase_add_test(tc, test_query_refused);
	tcase_add_test(tc, test_query_timeout);
	tcase_add_test(tc, test_query_denied);
	tcase_add_test(tc, test_query_http_500);
	tcase_add_test(tc, test_query_ok);
	tcase_add_test(tc, test_query_bad_body);
	tcase_add_test(tc, test_query_too_big);
	tcase_add_test(tc, test_engine_get_peer);
	tcase_add_test(tc, test_engine_get_max);
	tcase_add_test(tc, test_engines_once);
	tcase_add_test(tc, test_engines_poll);
	tcase_add_test(tc, test_docker_parse_names);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(containers_suite());
}
