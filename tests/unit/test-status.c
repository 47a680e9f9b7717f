/*
 * test-status.c - unit tests of nsi_status_parse() and nsi_status_read()
 * (procfs.h): the security fields of /proc/PID/status, proc(5).
 *
 * The fixture trees under FIXTURES/proc/PID/status follow the format of a
 * real 6.x kernel (100), of an old kernel without CapAmb, NoNewPrivs,
 * Seccomp and NSpid (200), of a status with malformed Cap lines (300), and
 * of processes in many supplementary groups, whose Groups line pushes the
 * Cap lines past 8 KiB: 400 (14 KiB, three PID namespace levels) and 500
 * (the 8 KiB mark falls inside the CapPrm digits).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check-tap.h"
#include "model.h"
#include "proc-status.h"
#include "procfs.h"

#define BIT(set)	(1u << (set))
#define ALL_SETS	(BIT(NSI_CAP_INH) | BIT(NSI_CAP_PRM) | BIT(NSI_CAP_EFF) | \
			 BIT(NSI_CAP_BND) | BIT(NSI_CAP_AMB))

#define ck_assert_mask_eq(got, want) do { \
	uint64_t _g = (got), _w = (want); \
	ck_assert_msg(_g == _w, "%s == %#llx, expected %#llx", #got, \
		      (unsigned long long)_g, (unsigned long long)_w); \
} while (0)

/*
 * Parse @text through a heap buffer of exactly strlen(@text) bytes with no
 * NUL after it, so that a parser reading past @len is caught by valgrind
 * (and usually by a wrong result).  The struct is first filled with junk:
 * nsi_status_parse() must set every field itself.
 */
static int parse_text(const char *text, struct nsi_status *st)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, text, len);
	memset(st, 0xa5, sizeof(*st));
	rc = nsi_status_parse(buf, len, st);
	free(buf);
	return rc;
}

/* The lines of interest of a 6.x kernel, with a distinct mask per set. */
static const char modern[] =
	"Name:\tdemo\n"
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t4242\n"
	"Ngid:\t0\n"
	"Pid:\t4242\n"
	"PPid:\t1\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t64\n"
	"Groups:\t \n"
	"NStgid:\t4242\n"
	"NSpid:\t4242\n"
	"NSpgid:\t4200\n"
	"NSsid:\t4100\n"
	"Kthread:\t0\n"
	"Threads:\t1\n"
	"SigQ:\t0/96364\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000001000\n"
	"SigCgt:\t0000000180004a07\n"
	"CapInh:\t0000000000000001\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t0000000000200000\n"
	"CapBnd:\t000001ffffffffff\n"
	"CapAmb:\t0000000000002000\n"
	"NoNewPrivs:\t1\n"
	"Seccomp:\t2\n"
	"Seccomp_filters:\t3\n"
	"Speculation_Store_Bypass:\tthread force mitigated\n"
	"SpeculationIndirectBranch:\tconditional enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t10\n"
	"nonvoluntary_ctxt_switches:\t2\n";

START_TEST(test_status_init)
{
	struct nsi_status st;

	memset(&st, 0x5a, sizeof(st));
	nsi_status_init(&st);
	ck_assert_mask_eq(st.cap_known, 0);
	ck_assert_int_eq(st.no_new_privs, -1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, -1);
	ck_assert_int_eq(st.nspid_levels, 0);
	ck_assert_int_eq(st.kthread, -1);
	ck_assert_int_eq(st.malformed, 0);
}
END_TEST

START_TEST(test_parse_all_caps)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text(modern, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0x1);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1fffeffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0x200000);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0x2000);
	ck_assert_int_eq(st.malformed, 0);
}
END_TEST

START_TEST(test_parse_other_fields)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text(modern, &st), 0);
	ck_assert_int_eq(st.no_new_privs, 1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_FILTER);
	ck_assert_int_eq(st.seccomp_filters, 3);
	/* NStgid, NSpgid and NSsid must not be taken for NSpid. */
	ck_assert_int_eq(st.nspid_levels, 1);
	ck_assert_int_eq(st.nspid[0], 4242);
	ck_assert_int_eq(st.kthread, 0);
}
END_TEST

/*
 * Kthread (PF_KTHREAD, Linux 6.2): it, not the parent, decides what is a
 * kernel thread; without the line, kthreadd and its children are.
 */
START_TEST(test_parse_kthread)
{
	static const char kth[] = "Name:\tkworker/0:1\nPPid:\t2\nKthread:\t1\n";
	static const char umh[] = "Name:\tmodprobe\nPPid:\t2\nKthread:\t0\n";
	static const char old[] = "Name:\tkworker/0:1\nPPid:\t2\n";
	static const char fake[] = "Name:\tkworker/0:7\nPPid:\t900\n";
	struct nsi_proc p = { .pid = 77, .ppid = 2, .have_status = 1 };

	ck_assert_int_eq(parse_text(kth, &p.status), 0);
	ck_assert_int_eq(nsi_proc_is_kthread(&p), 1);
	ck_assert_int_eq(parse_text(umh, &p.status), 0);
	ck_assert_int_eq(nsi_proc_is_kthread(&p), 0);	/* a usermode helper */
	ck_assert_int_eq(parse_text(old, &p.status), 0);
	ck_assert_int_eq(nsi_proc_is_kthread(&p), 1);	/* by its parent */
	ck_assert_int_eq(parse_text(fake, &p.status), 0);
	p.ppid = 900;
	ck_assert_int_eq(nsi_proc_is_kthread(&p), 0);
	ck_assert_int_eq(parse_text("Kthread:\t7\n", &p.status), -EBADMSG);
	ck_assert_int_eq(p.status.kthread, -1);
}
END_TEST

/* Tgid: the process of a thread (-p TID, --caps TID); not Ngid or NStgid */
START_TEST(test_parse_tgid)
{
	static const char thread[] = "Name:\tworker\nTgid:\t4242\n"
		"Ngid:\t0\nPid:\t4250\nNStgid:\t17\nThreads:\t3\n";
	struct nsi_status st;

	ck_assert_int_eq(parse_text(modern, &st), 0);
	ck_assert_int_eq(st.tgid, 4242);
	ck_assert_int_eq(parse_text(thread, &st), 0);
	ck_assert_int_eq(st.tgid, 4242);
	ck_assert_int_eq(st.threads, 3);
	ck_assert_int_eq(parse_text("Tgid:\tx\n", &st), -EBADMSG);
	ck_assert_int_eq(st.tgid, 0);
}
END_TEST

START_TEST(test_parse_no_capamb)
{
	struct nsi_status st;
	static const char text[] =
		"Name:\told\n"
		"Pid:\t77\n"
		"CapInh:\t0000000000000000\n"
		"CapPrm:\t0000001fffffffff\n"
		"CapEff:\t0000001ffffffffe\n"
		"CapBnd:\t0000001fffffffff\n"
		"Cpus_allowed:\tf\n";

	ck_assert_int_eq(parse_text(text, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS & ~BIT(NSI_CAP_AMB));
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1fffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0x1ffffffffeULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1fffffffffULL);
	ck_assert_int_eq(st.malformed, 0);
	/* The lines an old kernel lacks are unknown, not 0. */
	ck_assert_int_eq(st.no_new_privs, -1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, -1);
	ck_assert_int_eq(st.nspid_levels, 0);
}
END_TEST

/* One malformed CapEff value in an otherwise complete status. */
static const char *const bad_capeff[] = {
	"zzzz",
	"",			/* empty value */
	"10000000000000000",	/* 17 hex digits */
	"00000000000000001",	/* 17 digits, even if the value would fit */
	"00000000000000ffzz",	/* trailing junk */
	"-1",			/* strtoull() would take this as ~0 */
	"0x1f",			/* strtoull() would skip the 0x */
	"+ff",
	"12 34",
};

START_TEST(test_parse_malformed_cap)
{
	struct nsi_status st;
	char text[512];
	int rc;

	snprintf(text, sizeof(text),
		 "CapInh:\t0000000000000001\n"
		 "CapPrm:\t0000000000000003\n"
		 "CapEff:\t%s\n"
		 "CapBnd:\t000001ffffffffff\n"
		 "CapAmb:\t0000000000000000\n"
		 "NoNewPrivs:\t1\n"
		 "Seccomp:\t1\n"
		 "Seccomp_filters:\t0\n"
		 "NSpid:\t12\t1\n", bad_capeff[_i]);
	rc = parse_text(text, &st);
	ck_assert_msg(rc == -EBADMSG, "CapEff \"%s\": returned %d, expected -EBADMSG",
		      bad_capeff[_i], rc);
	ck_assert_msg(!(st.cap_known & BIT(NSI_CAP_EFF)),
		      "CapEff \"%s\" accepted as %#llx", bad_capeff[_i],
		      (unsigned long long)st.cap[NSI_CAP_EFF]);
	ck_assert_int_eq(st.malformed, 1);
	/* Everything else is still filled. */
	ck_assert_mask_eq(st.cap_known, ALL_SETS & ~BIT(NSI_CAP_EFF));
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0x1);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x3);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0);
	ck_assert_int_eq(st.no_new_privs, 1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_STRICT);
	ck_assert_int_eq(st.seccomp_filters, 0);
	ck_assert_int_eq(st.nspid_levels, 2);
	ck_assert_int_eq(st.nspid[0], 12);
	ck_assert_int_eq(st.nspid[1], 1);
}
END_TEST

START_TEST(test_parse_several_malformed)
{
	struct nsi_status st;
	static const char text[] =
		"CapInh:\tq\n"
		"CapPrm:\t0000000000000003\n"
		"CapEff:\t\n"
		"CapBnd:\t1000001ffffffffff\n"
		"CapAmb:\t0000000000000000\n";

	ck_assert_int_eq(parse_text(text, &st), -EBADMSG);
	ck_assert_int_eq(st.malformed, 3);
	ck_assert_mask_eq(st.cap_known, BIT(NSI_CAP_PRM) | BIT(NSI_CAP_AMB));
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x3);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0);
}
END_TEST

START_TEST(test_parse_short_and_upper_hex)
{
	struct nsi_status st;
	static const char text[] =
		"CapInh:\t5\n"			/* 1 digit is well formed */
		"CapPrm:\tffffffffffffffff\n"	/* 16 digits, every bit */
		"CapEff:\t00000000A80425FB\n"	/* upper-case hex digits */
		"CapBnd:\t0\n"
		"CapAmb:\t0000000000000000\n";

	ck_assert_int_eq(parse_text(text, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0x5);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], UINT64_MAX);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0xa80425fbULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0);
}
END_TEST

START_TEST(test_parse_unknown_bits_kept)
{
	struct nsi_status st;
	static const char text[] =
		"CapInh:\t0000000000000000\n"
		"CapPrm:\tc000000000000000\n"
		"CapEff:\t8000020000000001\n"
		"CapBnd:\tc00001ffffffffff\n"
		"CapAmb:\t4000000000000000\n";

	ck_assert_int_eq(parse_text(text, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0xc000000000000000ULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0x8000020000000001ULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0xc00001ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0x4000000000000000ULL);
}
END_TEST

START_TEST(test_parse_no_new_privs)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("NoNewPrivs:\t0\n", &st), 0);
	ck_assert_int_eq(st.no_new_privs, 0);
	ck_assert_int_eq(parse_text("NoNewPrivs:\t1\n", &st), 0);
	ck_assert_int_eq(st.no_new_privs, 1);
	ck_assert_int_eq(parse_text("Seccomp:\t0\n", &st), 0);
	ck_assert_int_eq(st.no_new_privs, -1);
}
END_TEST

/* real and effective UIDs: the Uid line's first two fields */
START_TEST(test_parse_uids)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("Uid:\t1000\t0\t0\t0\n", &st), 0);
	ck_assert_int_eq(st.have_euid, 1);
	ck_assert_uint_eq(st.ruid, 1000);
	ck_assert_uint_eq(st.euid, 0);
	ck_assert_int_eq(parse_text("Uid:\t1000\n", &st), -EBADMSG);
	ck_assert_int_eq(st.have_euid, 0);
}
END_TEST

START_TEST(test_parse_seccomp)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("Seccomp:\t0\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_DISABLED);
	ck_assert_int_eq(parse_text("Seccomp:\t1\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_STRICT);
	ck_assert_int_eq(parse_text("Seccomp:\t2\nSeccomp_filters:\t7\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_FILTER);
	ck_assert_int_eq(st.seccomp_filters, 7);
	ck_assert_int_eq(parse_text("NoNewPrivs:\t0\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, -1);
}
END_TEST

/* Seccomp_filters (5.9+) starts with "Seccomp": it must not be read as it. */
START_TEST(test_parse_seccomp_filters_alone)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("Seccomp_filters:\t4\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, 4);
	/* The other order of the lines. */
	ck_assert_int_eq(parse_text("Seccomp_filters:\t5\nSeccomp:\t2\n", &st), 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_FILTER);
	ck_assert_int_eq(st.seccomp_filters, 5);
}
END_TEST

START_TEST(test_parse_seccomp_malformed)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("Seccomp:\tfilter\nNoNewPrivs:\t1\n", &st),
			 -EBADMSG);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.malformed, 1);
	ck_assert_int_eq(st.no_new_privs, 1);
}
END_TEST

START_TEST(test_parse_nspid_levels)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("NStgid:\t9\nNSpid:\t31337\nNSpgid:\t8\n", &st), 0);
	ck_assert_int_eq(st.nspid_levels, 1);
	ck_assert_int_eq(st.nspid[0], 31337);

	/* Three levels: the initial PID namespace first. */
	ck_assert_int_eq(parse_text("NStgid:\t5000\t70\t2\n"
				    "NSpid:\t5001\t71\t1\n"
				    "NSpgid:\t4999\t69\t0\n"
				    "NSsid:\t4999\t69\t0\n", &st), 0);
	ck_assert_int_eq(st.nspid_levels, 3);
	ck_assert_int_eq(st.nspid[0], 5001);
	ck_assert_int_eq(st.nspid[1], 71);
	ck_assert_int_eq(st.nspid[2], 1);

	ck_assert_int_eq(parse_text("NStgid:\t5000\t70\nPid:\t5000\n", &st), 0);
	ck_assert_int_eq(st.nspid_levels, 0);
}
END_TEST

START_TEST(test_parse_nspid_malformed)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("NSpid:\tabc\nNoNewPrivs:\t0\n", &st), -EBADMSG);
	ck_assert_int_eq(st.nspid_levels, 0);
	ck_assert_int_eq(st.malformed, 1);
	ck_assert_int_eq(st.no_new_privs, 0);
}
END_TEST

/* More levels than NSI_NSPID_MAX must not write past st->nspid. */
START_TEST(test_parse_nspid_overflow)
{
	struct {
		struct nsi_status st;
		unsigned char canary[64];
	} s;
	char text[1024];
	size_t off;
	int i;

	off = (size_t)snprintf(text, sizeof(text), "NSpid:");
	for (i = 0; i < NSI_NSPID_MAX + 10; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "\t%d",
					1000 - i);
	snprintf(text + off, sizeof(text) - off, "\nNoNewPrivs:\t1\n");

	memset(s.canary, 0xcc, sizeof(s.canary));
	memset(&s.st, 0, sizeof(s.st));
	ck_assert_int_eq(nsi_status_parse(text, strlen(text), &s.st) <= 0, 1);
	for (i = 0; i < (int)sizeof(s.canary); i++)
		ck_assert_uint_eq(s.canary[i], 0xcc);
	ck_assert_int_le(s.st.nspid_levels, NSI_NSPID_MAX);
	ck_assert_int_eq(s.st.no_new_privs, 1);
}
END_TEST

/* Only @len bytes count: what follows in memory must be ignored. */
START_TEST(test_parse_not_nul_terminated)
{
	static const char text[] =
		"CapInh:\t0000000000000000\n"
		"CapPrm:\t0000000000000001"	/* cut here: "f\n" follows */
		"f\n"
		"CapEff:\t0000000000000001\n";
	size_t cut = strlen("CapInh:\t0000000000000000\nCapPrm:\t0000000000000001");
	struct nsi_status st;
	char *buf;
	int rc;

	buf = malloc(cut);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, text, cut);
	rc = nsi_status_parse(buf, cut, &st);
	free(buf);
	ck_assert_int_eq(rc, 0);
	ck_assert_mask_eq(st.cap_known, BIT(NSI_CAP_INH) | BIT(NSI_CAP_PRM));
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1);

	/* The same cut inside a larger buffer, which goes on after @len. */
	ck_assert_int_eq(nsi_status_parse(text, cut, &st), 0);
	ck_assert_mask_eq(st.cap_known, BIT(NSI_CAP_INH) | BIT(NSI_CAP_PRM));
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1);

	/* A cut in the middle of the digits: 14 digits are still well formed. */
	ck_assert_int_eq(nsi_status_parse(text, cut - 2, &st), 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x0);

	/* A cut right after the tab: an empty value. */
	ck_assert_int_eq(nsi_status_parse(text, strlen("CapInh:\t0000000000000000\n"
						       "CapPrm:\t"), &st), -EBADMSG);
	ck_assert_mask_eq(st.cap_known, BIT(NSI_CAP_INH));
	ck_assert_int_eq(st.malformed, 1);
}
END_TEST

START_TEST(test_parse_empty)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("", &st), 0);
	ck_assert_mask_eq(st.cap_known, 0);
	ck_assert_int_eq(st.no_new_privs, -1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, -1);
	ck_assert_int_eq(st.nspid_levels, 0);
	ck_assert_int_eq(st.malformed, 0);
}
END_TEST

/* Names must match whole: "CapInhX" or "capinh" are not CapInh. */
START_TEST(test_parse_exact_names)
{
	struct nsi_status st;

	ck_assert_int_eq(parse_text("CapInhX:\t0000000000000001\n"
				    "capprm:\t0000000000000001\n"
				    "XCapEff:\t0000000000000001\n"
				    "NoNewPrivsX:\t1\n"
				    "NSpidX:\t4\n", &st), 0);
	ck_assert_mask_eq(st.cap_known, 0);
	ck_assert_int_eq(st.no_new_privs, -1);
	ck_assert_int_eq(st.nspid_levels, 0);
}
END_TEST

/* nsi_status_read() on the fixture tree FIXTURES/proc. */

static int procfd = -1;

static void procfd_setup(void)
{
	procfd = nsi_procfs_open(FIXTURES "/proc");
	ck_assert_int_ge(procfd, 0);
}

static void procfd_teardown(void)
{
	if (procfd >= 0)
		close(procfd);
	procfd = -1;
}

START_TEST(test_procfs_open_missing)
{
	ck_assert_int_eq(nsi_procfs_open(FIXTURES "/no-such-dir"), -ENOENT);
	ck_assert_int_eq(nsi_procfs_open(FIXTURES "/proc/100/status"), -ENOTDIR);
}
END_TEST

START_TEST(test_read_modern)
{
	struct nsi_status st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(nsi_status_read(procfd, 100, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0x2400);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0xa80425fbULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0xa80005fbULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0x400);
	ck_assert_int_eq(st.no_new_privs, 1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_FILTER);
	ck_assert_int_eq(st.seccomp_filters, 1);
	ck_assert_int_eq(st.nspid_levels, 1);
	ck_assert_int_eq(st.nspid[0], 100);
	ck_assert_int_eq(st.malformed, 0);
}
END_TEST

START_TEST(test_read_old_kernel)
{
	struct nsi_status st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(nsi_status_read(procfd, 200, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS & ~BIT(NSI_CAP_AMB));
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1fffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0x1fffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1fffffffffULL);
	ck_assert_int_eq(st.no_new_privs, -1);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_UNKNOWN);
	ck_assert_int_eq(st.seccomp_filters, -1);
	ck_assert_int_eq(st.nspid_levels, 0);
	ck_assert_int_eq(st.malformed, 0);
}
END_TEST

START_TEST(test_read_malformed)
{
	struct nsi_status st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(nsi_status_read(procfd, 300, &st), -EBADMSG);
	/* CapEff "zzzz", CapBnd with 17 digits, CapAmb empty. */
	ck_assert_mask_eq(st.cap_known, BIT(NSI_CAP_INH) | BIT(NSI_CAP_PRM));
	ck_assert_int_eq(st.malformed, 3);
	ck_assert_mask_eq(st.cap[NSI_CAP_INH], 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x3000);
	ck_assert_int_eq(st.no_new_privs, 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_DISABLED);
	ck_assert_int_eq(st.seccomp_filters, 0);
	ck_assert_int_eq(st.nspid_levels, 1);
	ck_assert_int_eq(st.nspid[0], 300);
}
END_TEST

/* A status of ~14 KiB (2000 groups before the Cap lines), 3 PID levels. */
START_TEST(test_read_large_nested)
{
	struct nsi_status st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(nsi_status_read(procfd, 400, &st), 0);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0xa80425fbULL);
	ck_assert_int_eq(st.no_new_privs, 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_DISABLED);
	ck_assert_int_eq(st.nspid_levels, 3);
	ck_assert_int_eq(st.nspid[0], 400);
	ck_assert_int_eq(st.nspid[1], 57);
	ck_assert_int_eq(st.nspid[2], 1);
}
END_TEST

/*
 * A status whose first 8 KiB end in the middle of the CapPrm digits
 * ("CapPrm:\t000001ff" | "ffffffff"): a reader that stops at a fixed size
 * would take the 8 digits it has as a well-formed, wrong mask.
 */
START_TEST(test_read_cut_mask)
{
	struct nsi_status st;

	memset(&st, 0xa5, sizeof(st));
	ck_assert_int_eq(nsi_status_read(procfd, 500, &st), 0);
	ck_assert_mask_eq(st.cap[NSI_CAP_PRM], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap_known, ALL_SETS);
	ck_assert_mask_eq(st.cap[NSI_CAP_EFF], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_BND], 0x1ffffffffffULL);
	ck_assert_mask_eq(st.cap[NSI_CAP_AMB], 0);
	ck_assert_int_eq(st.no_new_privs, 0);
	ck_assert_int_eq(st.seccomp, NSI_SECCOMP_DISABLED);
}
END_TEST

START_TEST(test_read_missing_pid)
{
	struct nsi_status st;

	ck_assert_int_eq(nsi_status_read(procfd, 999, &st), -ENOENT);
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_status_init);
	tcase_add_test(tc, test_parse_all_caps);
	tcase_add_test(tc, test_parse_other_fields);
	tcase_add_test(tc, test_parse_tgid);
	tcase_add_test(tc, test_parse_no_capamb);
	tcase_add_loop_test(tc, test_parse_malformed_cap, 0,
			    (int)(sizeof(bad_capeff) / sizeof(bad_capeff[0])));
	tcase_add_test(tc, test_parse_several_malformed);
	tcase_add_test(tc, test_parse_short_and_upper_hex);
	tcase_add_test(tc, test_parse_unknown_bits_kept);
	tcase_add_test(tc, test_parse_no_new_privs);
	tcase_add_test(tc, test_parse_kthread);
	tcase_add_test(tc, test_parse_uids);
	tcase_add_test(tc, test_parse_seccomp);
	tcase_add_test(tc, test_parse_seccomp_filters_alone);
	tcase_add_test(tc, test_parse_seccomp_malformed);
	tcase_add_test(tc, test_parse_nspid_levels);
	tcase_add_test(tc, test_parse_nspid_malformed);
	tcase_add_test(tc, test_parse_nspid_overflow);
	tcase_add_test(tc, test_parse_not_nul_terminated);
	tcase_add_test(tc, test_parse_empty);
	tcase_add_test(tc, test_parse_exact_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, procfd_setup, procfd_teardown);
	tcase_add_test(tc, test_procfs_open_missing);
	tcase_add_test(tc, test_read_modern);
	tcase_add_test(tc, test_read_old_kernel);
	tcase_add_test(tc, test_read_malformed);
	tcase_add_test(tc, test_read_large_nested);
	tcase_add_test(tc, test_read_cut_mask);
	tcase_add_test(tc, test_read_missing_pid);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return nsi_check_run(status_suite());
}
