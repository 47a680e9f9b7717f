/*
 * check-tap.h - how every unit test runs its Check suite: TAP on standard
 * output (tests/run-tests counts the "ok" and "not ok" lines), and a
 * non-zero exit status when a test failed.
 */
#ifndef NSI_CHECK_TAP_H
#define NSI_CHECK_TAP_H

#include <check.h>
#include <stdlib.h>

/**
 * nsi_check_run() - run @s (owned by the runner from then on), print TAP.
 * @s: the suite.
 *
 * Return: EXIT_SUCCESS when every test passed, else EXIT_FAILURE.
 */
static inline int nsi_check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* NSI_CHECK_TAP_H */
