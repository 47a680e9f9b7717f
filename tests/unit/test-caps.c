/*
 * test-caps.c - unit tests of the capability decoding of caps.h:
 * nsi_cap_name(), nsi_cap_names(), nsi_cap_list() and nsi_cap_text(),
 * and the engines' default sets of nsi_cap_default() with their parsers
 * (nsi_cap_containers_conf(), nsi_cap_lxc_config()).
 *
 * The names are libcap's (cap_to_name(3)); the text form is cap_to_text(3),
 * as getpcaps(8) prints it.  The expected texts were taken from libcap 2.66
 * (Debian 12) on a kernel whose last capability is 40
 * (cap_checkpoint_restore, /proc/sys/kernel/cap_last_cap): libcap writes
 * the bits above the kernel's last capability apart from the "=ep" form.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "caps-default.h"
#include "model.h"
#include "check-tap.h"

/* Capability numbers of capabilities(7), for readability. */
#define CAP_BIT(n)	(UINT64_C(1) << (n))
#define B_CHOWN		0
#define B_DAC_OVERRIDE	1
#define B_SETPCAP	8
#define B_NET_BIND	10
#define B_NET_RAW	13
#define B_SYS_ADMIN	21
#define B_SYS_RESOURCE	24
#define B_CHECKPOINT	40

/* Every capability the kernel of this machine and libcap 2.66 know. */
#define ALL_KNOWN	UINT64_C(0x1ffffffffff)

static void check_name(unsigned int bit, const char *want)
{
	char *name = nsi_cap_name(bit);

	ck_assert_msg(name != NULL, "nsi_cap_name(%u) returned NULL", bit);
	ck_assert_msg(strcmp(name, want) == 0, "nsi_cap_name(%u) == \"%s\", expected \"%s\"",
		      bit, name, want);
	free(name);
}

START_TEST(test_cap_name_known)
{
	check_name(0, "cap_chown");
	check_name(1, "cap_dac_override");
	check_name(B_SETPCAP, "cap_setpcap");
	check_name(B_NET_RAW, "cap_net_raw");
	check_name(21, "cap_sys_admin");
	check_name(B_SYS_RESOURCE, "cap_sys_resource");
	check_name(38, "cap_perfmon");
	check_name(39, "cap_bpf");
	check_name(B_CHECKPOINT, "cap_checkpoint_restore");
}
END_TEST

START_TEST(test_cap_name_unnamed)
{
	/* Bits libcap does not name come out as their decimal number. */
	check_name(41, "41");
	check_name(50, "50");
	check_name(62, "62");
	check_name(63, "63");
}
END_TEST

START_TEST(test_cap_name_is_owned)
{
	char *a = nsi_cap_name(21);
	char *b = nsi_cap_name(21);

	/* Each call returns a fresh malloc'd string the caller frees. */
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_cap_names_empty)
{
	char **names = NULL;
	int n = nsi_cap_names(0, &names);

	ck_assert_int_eq(n, 0);
	nsi_cap_names_free(names, 0);
}
END_TEST

START_TEST(test_cap_names_two)
{
	char **names = NULL;
	int n = nsi_cap_names(0x3, &names);

	ck_assert_int_eq(n, 2);
	ck_assert_ptr_nonnull(names);
	ck_assert_str_eq(names[0], "cap_chown");
	ck_assert_str_eq(names[1], "cap_dac_override");
	nsi_cap_names_free(names, (size_t)n);
}
END_TEST

START_TEST(test_cap_names_order_and_unknown)
{
	uint64_t mask = CAP_BIT(63) | CAP_BIT(B_SYS_ADMIN) | CAP_BIT(41) |
			CAP_BIT(B_NET_RAW) | CAP_BIT(B_CHECKPOINT);
	static const char *const want[] = {
		"cap_net_raw", "cap_sys_admin", "cap_checkpoint_restore", "41", "63",
	};
	char **names = NULL;
	int n = nsi_cap_names(mask, &names);
	int i;

	ck_assert_int_eq(n, 5);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(names[i], want[i]);
	nsi_cap_names_free(names, (size_t)n);
}
END_TEST

START_TEST(test_cap_names_all_64)
{
	char **names = NULL;
	char num[8];
	int n = nsi_cap_names(UINT64_MAX, &names);
	int i;

	ck_assert_int_eq(n, 64);
	ck_assert_str_eq(names[0], "cap_chown");
	ck_assert_str_eq(names[21], "cap_sys_admin");
	ck_assert_str_eq(names[40], "cap_checkpoint_restore");
	for (i = 41; i < 64; i++) {
		snprintf(num, sizeof(num), "%d", i);
		ck_assert_str_eq(names[i], num);
	}
	nsi_cap_names_free(names, (size_t)n);
}
END_TEST

START_TEST(test_cap_list)
{
	char *s;

	s = nsi_cap_list(0, ",");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);

	s = nsi_cap_list(CAP_BIT(B_NET_RAW), ",");
	ck_assert_str_eq(s, "cap_net_raw");
	free(s);

	s = nsi_cap_list(0x3, ",");
	ck_assert_str_eq(s, "cap_chown,cap_dac_override");
	free(s);

	s = nsi_cap_list(CAP_BIT(63) | CAP_BIT(B_CHOWN) | CAP_BIT(B_SYS_ADMIN), ", ");
	ck_assert_str_eq(s, "cap_chown, cap_sys_admin, 63");
	free(s);

	s = nsi_cap_list(CAP_BIT(B_NET_BIND) | CAP_BIT(B_NET_RAW), "\n");
	ck_assert_str_eq(s, "cap_net_bind_service\ncap_net_raw");
	free(s);
}
END_TEST

START_TEST(test_cap_list_all)
{
	char *s = nsi_cap_list(UINT64_MAX, ",");
	size_t commas = 0;
	const char *p;

	ck_assert_ptr_nonnull(s);
	for (p = s; *p; p++)
		commas += *p == ',';
	ck_assert_uint_eq(commas, 63);
	ck_assert_msg(strncmp(s, "cap_chown,cap_dac_override,", 27) == 0, "got \"%s\"", s);
	ck_assert_msg(strstr(s, ",cap_checkpoint_restore,41,42,") != NULL, "got \"%s\"", s);
	ck_assert_msg(strcmp(s + strlen(s) - 6, ",62,63") == 0, "got \"%s\"", s);
	free(s);
}
END_TEST

/* nsi_cap_text() with inheritable, permitted, effective (bnd, amb 0). */
static char *text3(uint64_t inh, uint64_t prm, uint64_t eff)
{
	uint64_t cap[NSI_CAP_NSETS] = { 0 };

	cap[NSI_CAP_INH] = inh;
	cap[NSI_CAP_PRM] = prm;
	cap[NSI_CAP_EFF] = eff;
	return nsi_cap_text(cap);
}

static void check_text(uint64_t inh, uint64_t prm, uint64_t eff, const char *want)
{
	char *t = text3(inh, prm, eff);

	ck_assert_msg(t != NULL, "nsi_cap_text(i=%#llx p=%#llx e=%#llx) returned NULL (errno %d)",
		      (unsigned long long)inh, (unsigned long long)prm,
		      (unsigned long long)eff, errno);
	ck_assert_msg(strcmp(t, want) == 0,
		      "nsi_cap_text(i=%#llx p=%#llx e=%#llx) == \"%s\", expected \"%s\"",
		      (unsigned long long)inh, (unsigned long long)prm,
		      (unsigned long long)eff, t, want);
	free(t);
}

START_TEST(test_cap_text_empty)
{
	check_text(0, 0, 0, "=");
}
END_TEST

START_TEST(test_cap_text_full)
{
	check_text(0, ALL_KNOWN, ALL_KNOWN, "=ep");
	check_text(ALL_KNOWN, ALL_KNOWN, ALL_KNOWN, "=eip");
	/* The usual root shell in a container without cap_sys_resource. */
	check_text(0, ALL_KNOWN & ~CAP_BIT(B_SYS_RESOURCE),
		   ALL_KNOWN & ~CAP_BIT(B_SYS_RESOURCE), "=ep cap_sys_resource-ep");
}
END_TEST

START_TEST(test_cap_text_single)
{
	check_text(0, CAP_BIT(B_NET_RAW), 0, "cap_net_raw=p");
	check_text(CAP_BIT(B_SETPCAP), 0, 0, "cap_setpcap=i");
	check_text(0, 0x3, 0x1, "cap_chown=ep cap_dac_override+p");
	check_text(0, CAP_BIT(B_NET_RAW) | CAP_BIT(B_SYS_ADMIN), CAP_BIT(B_SYS_ADMIN),
		   "cap_sys_admin=ep cap_net_raw+p");
}
END_TEST

/* Bits above the last capability are not dropped from the text either. */
START_TEST(test_cap_text_unknown_bits)
{
	check_text(0, UINT64_MAX, UINT64_MAX,
		   "=ep 41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,"
		   "59,60,61,62,63+ep");
}
END_TEST

/* The memo of recent texts: 20 sets (more than it keeps), twice, each
 * text that of its own masks whether it was made or remembered, and
 * each a copy of its own the caller frees. */
START_TEST(test_cap_text_memo)
{
	char want[20][32], *a, *b;
	int round, i;

	for (i = 0; i < 20; i++) {
		char *name = nsi_cap_name((unsigned int)i);

		ck_assert_ptr_nonnull(name);
		snprintf(want[i], sizeof(want[i]), "%s=p", name);
		free(name);
	}
	for (round = 0; round < 2; round++)
		for (i = 0; i < 20; i++)
			check_text(0, CAP_BIT(i), 0, want[i]);
	/* a remembered text is handed out as a copy of its own */
	a = text3(0, CAP_BIT(B_NET_RAW), 0);
	b = text3(0, CAP_BIT(B_NET_RAW), 0);
	ck_assert_msg(a && b && a != b && strcmp(a, b) == 0,
		      "two calls gave %p and %p", (void *)a, (void *)b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_cap_text_ignores_bnd_amb)
{
	uint64_t cap[NSI_CAP_NSETS];
	char *a, *b, *c;

	cap[NSI_CAP_INH] = CAP_BIT(B_NET_BIND);
	cap[NSI_CAP_PRM] = CAP_BIT(B_NET_BIND) | CAP_BIT(B_NET_RAW);
	cap[NSI_CAP_EFF] = CAP_BIT(B_NET_BIND);
	cap[NSI_CAP_BND] = 0;
	cap[NSI_CAP_AMB] = 0;
	a = nsi_cap_text(cap);
	cap[NSI_CAP_BND] = UINT64_MAX;
	cap[NSI_CAP_AMB] = CAP_BIT(B_NET_BIND);
	b = nsi_cap_text(cap);
	cap[NSI_CAP_BND] = ALL_KNOWN;
	cap[NSI_CAP_AMB] = UINT64_MAX;
	c = nsi_cap_text(cap);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(a, "cap_net_bind_service=eip cap_net_raw+p");
	ck_assert_str_eq(b, a);
	ck_assert_str_eq(c, a);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* nsi_cap_iab_text() of these inheritable, ambient and bounding sets. */
static void check_iab(uint64_t inh, uint64_t amb, uint64_t bnd,
		      const char *want)
{
	uint64_t cap[NSI_CAP_NSETS] = { 0 };
	char *t;

	cap[NSI_CAP_INH] = inh;
	cap[NSI_CAP_AMB] = amb;
	cap[NSI_CAP_BND] = bnd;
	cap[NSI_CAP_PRM] = cap[NSI_CAP_EFF] = ALL_KNOWN;	/* not used */
	t = nsi_cap_iab_text(cap);
	ck_assert_msg(t != NULL, "nsi_cap_iab_text() returned NULL");
	ck_assert_msg(strcmp(t, want) == 0,
		      "nsi_cap_iab_text(i=%#llx a=%#llx b=%#llx) == \"%s\", "
		      "expected \"%s\"", (unsigned long long)inh,
		      (unsigned long long)amb, (unsigned long long)bnd, t, want);
	free(t);
}

/* The IAB text of getpcaps --iab: ^ ambient, ! blocked, !% both. */
START_TEST(test_cap_iab_text)
{
	check_iab(0, 0, ALL_KNOWN, "");
	check_iab(0, 0, UINT64_MAX, "");	/* bits the kernel lacks */
	check_iab(CAP_BIT(B_NET_RAW), 0, ALL_KNOWN, "cap_net_raw");
	check_iab(CAP_BIT(B_NET_RAW), CAP_BIT(B_NET_RAW),
		  ALL_KNOWN & ~CAP_BIT(B_SYS_ADMIN),
		  "^cap_net_raw,!cap_sys_admin");
	check_iab(CAP_BIT(B_NET_RAW) | CAP_BIT(B_SYS_ADMIN), 0,
		  ALL_KNOWN & ~CAP_BIT(B_SYS_ADMIN),
		  "cap_net_raw,!%cap_sys_admin");
	check_iab(0, 0, ALL_KNOWN & ~(CAP_BIT(B_CHOWN) | CAP_BIT(B_CHECKPOINT)),
		  "!cap_chown,!cap_checkpoint_restore");
}
END_TEST

/* A status with these sets (bounding: every capability), as a UID. */
static struct nsi_status judge_status(uid_t uid, uint64_t prm, uint64_t eff,
				      uint64_t amb, int nnp)
{
	struct nsi_status st;

	nsi_status_init(&st);
	st.cap[NSI_CAP_PRM] = prm;
	st.cap[NSI_CAP_EFF] = eff;
	st.cap[NSI_CAP_AMB] = amb;
	st.cap[NSI_CAP_BND] = nsi_cap_all();
	st.cap_known = (1u << NSI_CAP_NSETS) - 1;
	st.ruid = st.euid = uid;
	st.have_euid = 1;
	st.no_new_privs = nnp;
	return st;
}

/* nobody with only cap_net_raw: nothing escape-prone, whatever CapBnd */
START_TEST(test_judge_nobody_net_raw)
{
	struct nsi_status st = judge_status(65534, CAP_BIT(B_NET_RAW),
					    CAP_BIT(B_NET_RAW),
					    CAP_BIT(B_NET_RAW), 0);
	struct nsi_cap_risk r;

	nsi_cap_judge(&st, 1, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_uint_eq(r.now, CAP_BIT(B_NET_RAW));
	ck_assert_uint_eq(r.reach, CAP_BIT(B_NET_RAW));
	ck_assert_uint_eq(r.escape, 0);
	ck_assert_int_eq(r.dangerous, 0);
	ck_assert_int_eq(r.full, 0);
	/* the ceiling: what a file-capability program could give */
	ck_assert_uint_eq(r.gain, nsi_cap_all() & ~CAP_BIT(B_NET_RAW));
	/* no_new_privs: an execve gives nothing new */
	st.no_new_privs = 1;
	nsi_cap_judge(&st, 1, &r);
	ck_assert_uint_eq(r.gain, 0);
}
END_TEST

/* root with an emptied permitted set gets its bounding set back by any
 * execve, unless no_new_privs */
START_TEST(test_judge_root_regains)
{
	struct nsi_status st = judge_status(0, 0, 0, 0, 0);
	struct nsi_cap_risk r;

	nsi_cap_judge(&st, 1, &r);
	ck_assert_uint_eq(r.now, 0);
	ck_assert_uint_eq(r.reach, nsi_cap_all());
	ck_assert_uint_eq(r.escape, nsi_cap_dangerous());
	ck_assert_int_eq(r.dangerous, 1);
	st.no_new_privs = 1;
	nsi_cap_judge(&st, 1, &r);
	ck_assert_uint_eq(r.reach, 0);
	ck_assert_int_eq(r.dangerous, 0);
}
END_TEST

/* every capability in a child user namespace: full there, not on the host */
START_TEST(test_judge_child_userns)
{
	uint64_t all = nsi_cap_all();
	struct nsi_status st = judge_status(0, all, all, 0, 0);
	struct nsi_cap_risk r;
	char *w;

	nsi_cap_judge(&st, 0, &r);
	ck_assert_int_eq(r.full, 1);
	ck_assert_int_eq(r.host, 0);
	ck_assert_uint_eq(r.escape, nsi_cap_dangerous());
	ck_assert_int_eq(r.dangerous, 0);
	w = nsi_cap_risk_words(&r);
	ck_assert_str_eq(w, "full inside its own user namespace");
	free(w);
	/* the same on the host, or where the user namespace is unknown */
	nsi_cap_judge(&st, 1, &r);
	ck_assert_int_eq(r.dangerous, 1);
	nsi_cap_judge(&st, -1, &r);
	ck_assert_int_eq(r.dangerous, 1);
	/* some of them only */
	st = judge_status(1000, CAP_BIT(B_SYS_ADMIN) | CAP_BIT(B_CHOWN),
			  CAP_BIT(B_SYS_ADMIN), 0, 1);
	nsi_cap_judge(&st, 0, &r);
	w = nsi_cap_risk_words(&r);
	ck_assert_str_eq(w, "cap_sys_admin inside its own user namespace");
	free(w);
	st = judge_status(1000, CAP_BIT(B_CHOWN), 0, 0, 1);
	nsi_cap_judge(&st, 0, &r);
	w = nsi_cap_risk_words(&r);
	ck_assert_str_eq(w, "");
	free(w);
}
END_TEST

/* sets not read: nothing is judged */
START_TEST(test_judge_unknown)
{
	struct nsi_status st;
	struct nsi_cap_risk r;

	nsi_status_init(&st);
	nsi_cap_judge(&st, 1, &r);
	ck_assert_int_eq(r.known, 0);
	ck_assert_int_eq(r.dangerous, 0);
}
END_TEST

/*
 * The engines' default bounding sets, each checked against a mask from an
 * independent oracle: the engine's documented list, decoded with
 * `capsh --decode=MASK` (libcap 2.66):
 *  a80425fb  Docker's 14 (the CapBnd of a default `docker run`; moby's
 *            docs "Runtime privilege and Linux capabilities")
 *  800405fb  Podman's 11 of containers.conf (Docker's minus net_raw,
 *            mknod, audit_write; `podman inspect` .BoundingCaps)
 *  000005fb  CRI-O's 9 (internal/config/capabilities Default())
 *  fdecafff  systemd-nspawn's 26 (arg_caps_retain of nspawn.c, systemd
 *            252; the payload's CapBnd here is fcecafff: the host lacks
 *            cap_sys_resource)
 */
#define MASK_DOCKER	UINT64_C(0xa80425fb)
#define MASK_PODMAN	UINT64_C(0x800405fb)
#define MASK_CRIO	UINT64_C(0x000005fb)
#define MASK_NSPAWN	UINT64_C(0xfdecafff)

static void check_default(const char *runtime, uint64_t ceiling,
			  uint64_t want, const char *name)
{
	struct nsi_cap_default d;

	nsi_cap_default(runtime, "x", ceiling, &d);
	ck_assert_msg(d.known == 1, "%s: known %d", runtime, d.known);
	ck_assert_msg(d.mask == want, "%s: mask %#llx, expected %#llx",
		      runtime, (unsigned long long)d.mask,
		      (unsigned long long)want);
	ck_assert_str_eq(d.name, name);
}

START_TEST(test_default_fixed)
{
	check_default("docker", ALL_KNOWN, MASK_DOCKER, "docker");
	check_default("containerd", ALL_KNOWN, MASK_DOCKER, "containerd");
	check_default("cri", ALL_KNOWN, MASK_DOCKER, "cri (containerd's)");
	check_default("cri-o", ALL_KNOWN, MASK_CRIO, "cri-o");
	check_default("nspawn", ALL_KNOWN, MASK_NSPAWN, "nspawn");
	ck_assert_uint_eq(nsi_cap_docker_default(), MASK_DOCKER);
}
END_TEST

/* An engine cannot give what the host's bounding set lacks. */
START_TEST(test_default_ceiling)
{
	uint64_t host = ALL_KNOWN & ~CAP_BIT(B_SYS_RESOURCE);

	check_default("nspawn", host, UINT64_C(0xfcecafff), "nspawn");
	check_default("docker", host & ~CAP_BIT(B_NET_RAW),
		      MASK_DOCKER & ~CAP_BIT(B_NET_RAW), "docker");
}
END_TEST

/* No engine (libvirt, unknown): nothing is added or dropped. */
START_TEST(test_default_unknown)
{
	static const char *const rts[] = { "libvirt", "unknown", "", NULL };
	struct nsi_cap_default d;
	uint64_t added = 1, dropped = 1;
	int i;

	for (i = 0; rts[i]; i++) {
		nsi_cap_default(rts[i], "x", ALL_KNOWN, &d);
		ck_assert_int_eq(d.known, 0);
		ck_assert_uint_eq(d.mask, 0);
		ck_assert_str_eq(d.name, "none");
		ck_assert_int_eq(nsi_cap_against_default(ALL_KNOWN, &d,
							 &added, &dropped), 0);
		ck_assert_uint_eq(added, 0);
		ck_assert_uint_eq(dropped, 0);
	}
}
END_TEST

/* A process of no container: the host's default, the kernel's whole set */
START_TEST(test_default_host)
{
	struct nsi_cap_default d;
	uint64_t added, dropped;

	nsi_cap_default(NULL, NULL, MASK_DOCKER, &d);
	ck_assert_int_eq(d.known, 1);
	ck_assert_uint_eq(d.mask, nsi_cap_all());
	ck_assert_str_eq(d.name, "host");
	ck_assert_int_eq(nsi_cap_against_default(
			nsi_cap_all() & ~CAP_BIT(B_SYS_ADMIN), &d, &added,
			&dropped), 1);
	ck_assert_uint_eq(added, 0);
	ck_assert_uint_eq(dropped, CAP_BIT(B_SYS_ADMIN));
}
END_TEST

/* Podman's own default is no drop: the old comparison with Docker's was */
START_TEST(test_against_podman)
{
	struct nsi_cap_default d = { 1, MASK_PODMAN, "podman" };
	uint64_t added, dropped;

	nsi_cap_against_default(MASK_PODMAN, &d, &added, &dropped);
	ck_assert_uint_eq(added, 0);
	ck_assert_uint_eq(dropped, 0);
	nsi_cap_against_default(MASK_PODMAN | CAP_BIT(B_SYS_ADMIN), &d,
				&added, &dropped);
	ck_assert_uint_eq(added, CAP_BIT(B_SYS_ADMIN));
	ck_assert_uint_eq(dropped, 0);
}
END_TEST

START_TEST(test_cap_from_word)
{
	int bit = -1;

	ck_assert_int_eq(nsi_cap_from_word("NET_RAW", 7, &bit), 0);
	ck_assert_int_eq(bit, B_NET_RAW);
	ck_assert_int_eq(nsi_cap_from_word("CAP_SYS_ADMIN", 13, &bit), 0);
	ck_assert_int_eq(bit, B_SYS_ADMIN);
	ck_assert_int_eq(nsi_cap_from_word("sys_admin", 9, &bit), 0);
	ck_assert_int_eq(nsi_cap_from_word("chownXX", 5, &bit), 0);
	ck_assert_int_eq(bit, B_CHOWN);
	ck_assert_int_eq(nsi_cap_from_word("NO_SUCH", 7, &bit), -EINVAL);
	ck_assert_int_eq(nsi_cap_from_word("CAP_", 4, &bit), -EINVAL);
	ck_assert_int_eq(nsi_cap_from_word("", 0, &bit), -EINVAL);
	ck_assert_int_eq(nsi_cap_from_word("net raw", 7, &bit), -EINVAL);
	ck_assert_int_eq(nsi_cap_from_word("cap_net_raw\"", 12, &bit),
			 -EINVAL);
}
END_TEST

/* The [containers] table of Debian 12's containers-common 0.50.1. */
static const char podman_conf[] =
	"# The containers configuration file\n"
	"[containers]\n"
	"\n"
	"# List of default capabilities for containers. If it is empty or "
	"commented out,\n"
	"# the default capabilities defined in the container engine will be "
	"added.\n"
	"#\n"
	"default_capabilities = [\n"
	"  \"CHOWN\",\n  \"DAC_OVERRIDE\",\n  \"FOWNER\",\n  \"FSETID\",\n"
	"  \"KILL\",\n  \"NET_BIND_SERVICE\",\n  \"SETFCAP\",\n"
	"  \"SETGID\",\n  \"SETPCAP\",\n  \"SETUID\",\n  \"SYS_CHROOT\"\n"
	"]\n"
	"\n"
	"default_sysctls = [\n  \"net.ipv4.ping_group_range=0 0\",\n]\n"
	"[engine]\n"
	"default_capabilities = [\"SYS_ADMIN\"]\n";

START_TEST(test_containers_conf)
{
	uint64_t m = 0;

	ck_assert_int_eq(nsi_cap_containers_conf(podman_conf, &m), 1);
	ck_assert_uint_eq(m, MASK_PODMAN);
	/* comments, single quotes, CAP_ prefix, one line, trailing comma */
	ck_assert_int_eq(nsi_cap_containers_conf(
		"[ containers ]\n  default_capabilities=['CAP_CHOWN', # x\n"
		"\"kill\",]\n", &m), 1);
	ck_assert_uint_eq(m, CAP_BIT(B_CHOWN) | CAP_BIT(5));
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = []\n", &m), 1);
	ck_assert_uint_eq(m, 0);
}
END_TEST

START_TEST(test_containers_conf_absent)
{
	uint64_t m = 7;

	ck_assert_int_eq(nsi_cap_containers_conf("", &m), 0);
	/* commented out, in another table, a longer key */
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"# default_capabilities = [\"CHOWN\"]\n"
		"default_capabilities_x = [\"CHOWN\"]\n"
		"[engine]\ndefault_capabilities = [\"CHOWN\"]\n"
		"[containers.x]\ndefault_capabilities = [\"CHOWN\"]\n", &m), 0);
	ck_assert_int_eq(nsi_cap_containers_conf(
		"default_capabilities = [\"CHOWN\"]\n", &m), 0);
	ck_assert_uint_eq(m, 7);
}
END_TEST

START_TEST(test_containers_conf_bad)
{
	uint64_t m = 7;

	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = [\"NO_SUCH\"]\n", &m), -EINVAL);
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = [\"CHOWN\"\n", &m), -EINVAL);
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = [\"CHOWN\n\"]\n", &m), -EINVAL);
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = \"CHOWN\"\n", &m), -EINVAL);
	ck_assert_int_eq(nsi_cap_containers_conf("[containers]\n"
		"default_capabilities = [CHOWN]\n", &m), -EINVAL);
	ck_assert_uint_eq(m, 7);
}
END_TEST

/* A scratch directory for LXC configs. */
static char lxc_dir[64];

static void lxc_setup(void)
{
	snprintf(lxc_dir, sizeof(lxc_dir), "/tmp/nsi-test-caps.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(lxc_dir));
}

static void lxc_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", lxc_dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", lxc_dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static int lxc_mask(const char *name, uint64_t ceiling, uint64_t *m)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", lxc_dir, name);
	return nsi_cap_lxc_config(path, ceiling, m);
}

/* capsh --decode=10002020000: sys_module, sys_time, mac_* are bits
 * 16, 25, 32, 33 */
#define LXC_BUSYBOX_DROP (CAP_BIT(16) | CAP_BIT(25) | CAP_BIT(32) | \
			  CAP_BIT(33))

START_TEST(test_lxc_busybox)
{
	uint64_t m;

	/* the busybox template's line (lxc 5.0) */
	put("config", "# Template used\nlxc.uts.name = \"t\"\n"
	    "lxc.cap.drop = sys_module mac_admin mac_override sys_time\n");
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), 0);
	ck_assert_uint_eq(m, ALL_KNOWN & ~LXC_BUSYBOX_DROP);
	/* the CapBnd seen live: 000001fcfcfeffff, host without
	 * cap_sys_resource */
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN &
				  ~CAP_BIT(B_SYS_RESOURCE), &m), 0);
	ck_assert_uint_eq(m, UINT64_C(0x1fcfcfeffff));
}
END_TEST

START_TEST(test_lxc_include_clear_keep)
{
	char text[512];
	uint64_t m;

	ck_assert_int_eq(mkdir(strcat(strcpy(text, lxc_dir), "/d"), 0700), 0);
	put("d/10-a.conf", "lxc.cap.drop = sys_rawio\n");
	put("d/20-b.conf", "lxc.cap.drop = 21\n");	/* a number */
	put("d/ignored.txt", "lxc.cap.drop = chown\n");
	put("common.conf", "lxc.cap.drop = mac_admin\n");
	snprintf(text, sizeof(text), "lxc.include = %s/common.conf\n"
		 "lxc.include = %s/d\n", lxc_dir, lxc_dir);
	put("config", text);
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), 0);
	ck_assert_uint_eq(m, ALL_KNOWN & ~(CAP_BIT(33) | CAP_BIT(17) |
					   CAP_BIT(B_SYS_ADMIN)));
	/* an empty lxc.cap.drop clears what came before (userns.conf) */
	snprintf(text, sizeof(text), "lxc.include = %s/common.conf\n"
		 "lxc.cap.drop =\nlxc.cap.drop = net_raw\n", lxc_dir);
	put("config", text);
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), 0);
	ck_assert_uint_eq(m, ALL_KNOWN & ~CAP_BIT(B_NET_RAW));
	/* lxc.cap.keep wins */
	put("config", "lxc.cap.drop = chown\n"
	    "lxc.cap.keep = chown net_raw sys_resource\n");
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN &
				  ~CAP_BIT(B_SYS_RESOURCE), &m), 0);
	ck_assert_uint_eq(m, CAP_BIT(B_CHOWN) | CAP_BIT(B_NET_RAW));
	put("config", "lxc.cap.keep = none\n");
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), 0);
	ck_assert_uint_eq(m, 0);
}
END_TEST

/* Bounded: include loops, symbolic links, FIFOs, big files */
START_TEST(test_lxc_hostile)
{
	char text[512], path[256];
	uint64_t m = 7;

	snprintf(text, sizeof(text), "lxc.include = %s/config\n", lxc_dir);
	put("config", text);
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), -ELOOP);

	snprintf(path, sizeof(path), "%s/link", lxc_dir);
	put("real", "lxc.cap.drop = chown\n");
	ck_assert_int_eq(symlink("real", path), 0);
	ck_assert_int_eq(lxc_mask("link", ALL_KNOWN, &m), -ELOOP);

	snprintf(path, sizeof(path), "%s/fifo", lxc_dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(lxc_mask("fifo", ALL_KNOWN, &m), -EMEDIUMTYPE);

	snprintf(path, sizeof(path), "%s/big", lxc_dir);
	put("big", "");
	ck_assert_int_eq(truncate(path, 256 * 1024 + 1), 0);
	ck_assert_int_eq(lxc_mask("big", ALL_KNOWN, &m), -EFBIG);
	ck_assert_int_eq(lxc_mask("missing", ALL_KNOWN, &m), -ENOENT);
	/* an include of a FIFO fails the config, it does not block */
	snprintf(text, sizeof(text), "lxc.include = %s/fifo\n", lxc_dir);
	put("config", text);
	ck_assert_int_eq(lxc_mask("config", ALL_KNOWN, &m), -EMEDIUMTYPE);
	ck_assert_uint_eq(m, 7);
}
END_TEST

/* An LXC name that is not a plain file name is not made a path of */
START_TEST(test_lxc_name_not_path)
{
	struct nsi_cap_default d;

	nsi_cap_default("lxc", "../../tmp", ALL_KNOWN, &d);
	ck_assert_int_eq(d.known, 1);
	ck_assert_msg(strstr(d.name, "/var/lib/lxc") == NULL,
		      "name '%s' from a path", d.name);
	nsi_cap_default("lxc", "..", ALL_KNOWN, &d);
	ck_assert_msg(strstr(d.name, "/var/lib/lxc") == NULL,
		      "name '%s' from a path", d.name);
}
END_TEST

static Suite *caps_suite(void)
{
	Suite *s = suite_create("caps");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_cap_name_known);
	tcase_add_test(tc, test_cap_name_unnamed);
	tcase_add_test(tc, test_cap_name_is_owned);
	tcase_add_test(tc, test_cap_names_empty);
	tcase_add_test(tc, test_cap_names_two);
	tcase_add_test(tc, test_cap_names_order_and_unknown);
	tcase_add_test(tc, test_cap_names_all_64);
	tcase_add_test(tc, test_cap_list);
	tcase_add_test(tc, test_cap_list_all);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_cap_text_empty);
	tcase_add_test(tc, test_cap_text_full);
	tcase_add_test(tc, test_cap_text_single);
	tcase_add_test(tc, test_cap_text_unknown_bits);
	tcase_add_test(tc, test_cap_text_ignores_bnd_amb);
	tcase_add_test(tc, test_cap_text_memo);
	tcase_add_test(tc, test_cap_iab_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("judge");
	tcase_add_test(tc, test_judge_nobody_net_raw);
	tcase_add_test(tc, test_judge_root_regains);
	tcase_add_test(tc, test_judge_child_userns);
	tcase_add_test(tc, test_judge_unknown);
	suite_add_tcase(s, tc);

	tc = tcase_create("defaults");
	tcase_add_test(tc, test_default_fixed);
	tcase_add_test(tc, test_default_ceiling);
	tcase_add_test(tc, test_default_unknown);
	tcase_add_test(tc, test_default_host);
	tcase_add_test(tc, test_against_podman);
	tcase_add_test(tc, test_cap_from_word);
	tcase_add_test(tc, test_containers_conf);
	tcase_add_test(tc, test_containers_conf_absent);
	tcase_add_test(tc, test_containers_conf_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("lxc");
	tcase_add_checked_fixture(tc, lxc_setup, lxc_teardown);
	tcase_add_test(tc, test_lxc_busybox);
	tcase_add_test(tc, test_lxc_include_clear_keep);
	tcase_add_test(tc, test_lxc_hostile);
	tcase_add_test(tc, test_lxc_name_not_path);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(caps_suite());
}
