/*
 * privs.c - our own privileges: the refusal to run set-user-ID or with
 * file capabilities for a user other than root, and the drop of every
 * capability the view does not need, through libcap.  With caps.c, the
 * only file that includes <sys/capability.h>.
 */
#include "config.h"

#include <errno.h>
#include <sys/auxv.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "privs.h"

int nsi_privs_check_exec(void)
{
	if (getuid() == 0)
		return 0;
	/*
	 * AT_SECURE is the kernel's own word that this exec gave more than
	 * the real user has (set-user-ID, set-group-ID, file capabilities, an
	 * LSM transition); the IDs are compared too, in case of a loader
	 * that would hide it.
	 */
	if (getuid() != geteuid() || getgid() != getegid() ||
	    getauxval(AT_SECURE))
		return -EPERM;
	return 0;
}

/* -errno of a failed libcap call, which sets errno. */
static int fail(void)
{
	return errno ? -errno : -EPERM;
}

int nsi_privs_drop(uint64_t keep)
{
	cap_t cur = cap_get_proc(), want = cap_init();
	cap_iab_t iab = cap_iab_init();
	cap_value_t c, max = (cap_value_t)cap_max_bits();
	cap_flag_value_t v;
	int bounding, rc = -ENOMEM;

	if (!cur || !want || !iab)
		goto out;
	errno = 0;
	/*
	 * Lowering the bounding set takes CAP_SETPCAP, which libcap raises in
	 * the effective set for the time of cap_iab_set_proc(): only when it
	 * is in the permitted set.  Without it, PR_SET_NO_NEW_PRIVS below is
	 * what keeps an exec from gaining capabilities.
	 */
	bounding = cap_get_flag(cur, CAP_SETPCAP, CAP_PERMITTED, &v) == 0 &&
		v == CAP_SET;
	for (c = 0; c < max; c++) {
		int kept = c < 64 && ((keep >> c) & 1);

		if (kept && cap_get_flag(cur, c, CAP_PERMITTED, &v) == 0 &&
		    v == CAP_SET &&
		    (cap_set_flag(want, CAP_PERMITTED, 1, &c, CAP_SET) ||
		     cap_set_flag(want, CAP_EFFECTIVE, 1, &c, CAP_SET))) {
			rc = fail();
			goto out;
		}
		if (!kept && bounding &&
		    cap_iab_set_vector(iab, CAP_IAB_BOUND, c, CAP_SET)) {
			rc = fail();
			goto out;
		}
	}
	/* an empty IAB but for the bounding set: no I, no A */
	if (cap_iab_set_proc(iab) || cap_set_proc(want) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		rc = fail();
		goto out;
	}
	rc = 0;
out:
	cap_free(iab);
	cap_free(want);
	cap_free(cur);
	return rc;
}
