/*
 * fuzz-status.c - libFuzzer harness of nsi_status_parse() (procfs.h,
 * src/proc-status.c): the text of /proc/PID/status, proc(5).
 *
 * The input is passed as it is, without a NUL after it (the parser's
 * contract: "need not be NUL-terminated"); libFuzzer's copy of it ends
 * where the heap block ends, so AddressSanitizer catches any read past
 * @len.  The invariants of struct nsi_status are checked on every result.
 *
 * Build and run (scripts/fuzz builds all three harnesses):
 *   scripts/fuzz 60                    # every harness, 60 s each
 *   $BUILD/fuzz-status -max_len=4096 -dict=tests/fuzz/status.dict \
 *       CORPUS_COPY tests/fuzz/corpus/status
 * ($BUILD is ${TMPDIR:-/tmp}/nsinspect-fuzz by default; new inputs go into
 * the first directory, so give a scratch copy first, not the repository's
 * corpus.)
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "proc-status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct nsi_status *st, int rc, size_t nlines)
{
	int i;

	if (rc != 0 && rc != -EBADMSG)
		abort();
	/* -EBADMSG exactly when some line of interest was malformed */
	if ((rc == -EBADMSG) != (st->malformed > 0))
		abort();
	if (st->malformed < 0 || (size_t)st->malformed > nlines)
		abort();
	if (st->cap_known & ~((1u << NSI_CAP_NSETS) - 1))
		abort();
	if (st->no_new_privs < -1 || st->no_new_privs > 1)
		abort();
	if (st->seccomp < NSI_SECCOMP_UNKNOWN ||
	    st->seccomp > NSI_SECCOMP_FILTER)
		abort();
	if (st->seccomp_filters < -1 || st->ppid < -1 || st->threads < 0)
		abort();
	if (st->nspid_levels < 0 || st->nspid_levels > NSI_NSPID_MAX)
		abort();
	for (i = 0; i < st->nspid_levels; i++)
		if (st->nspid[i] < 0)
			abort();
	if (st->have_euid != 0 && st->have_euid != 1)
		abort();
	if (st->state && (st->state < 'A' || st->state > 'z'))
		abort();
	/* the name is a string within its buffer */
	if (!memchr(st->name, '\0', sizeof(st->name)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct nsi_status a, b;
	size_t nlines = 1;
	const char *s;
	int rc;

	for (s = buf; (s = memchr(s, '\n', size - (size_t)(s - buf))); s++)
		nlines++;

	/* Junk first: the parser must set every field itself. */
	memset(&a, 0xa5, sizeof(a));
	rc = nsi_status_parse(buf, size, &a);
	check(&a, rc, nlines);

	/* The same bytes give the same result, whatever was there before. */
	memset(&b, 0x5a, sizeof(b));
	if (nsi_status_parse(buf, size, &b) != rc ||
	    memcmp(&a, &b, sizeof(a)) != 0)
		abort();
	return 0;
}
