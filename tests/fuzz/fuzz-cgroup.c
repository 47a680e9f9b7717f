/*
 * fuzz-cgroup.c - libFuzzer harness of nsi_cgroup_parse() (cgroup-rules.h,
 * src/engines/cgroup-rules.c): the text of /proc/PID/cgroup, cgroups(7), and the
 * container it names.
 *
 * The input is passed as it is, without a NUL after it (the parser's
 * contract: "need not be NUL-terminated"); libFuzzer's copy of it ends
 * where the heap block ends, so AddressSanitizer catches any read past
 * @len.  The result is checked against the contract in cgroup-rules.h.
 *
 * Build and run (scripts/fuzz builds all three harnesses):
 *   scripts/fuzz 60                    # every harness, 60 s each
 *   $BUILD/fuzz-cgroup -max_len=4096 -dict=tests/fuzz/cgroup.dict \
 *       CORPUS_COPY tests/fuzz/corpus/cgroup
 * ($BUILD is ${TMPDIR:-/tmp}/nsinspect-fuzz by default; new inputs go into
 * the first directory, so give a scratch copy first, not the repository's
 * corpus.)
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Exactly 64 lowercase hex digits. */
static int is_id64(const char *id)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		      (id[i] >= 'a' && id[i] <= 'f')))
			return 0;
	return id[64] == '\0';
}

/* "" or lowercase hex digits and dashes. */
static int is_pod(const char *pod)
{
	for (; *pod; pod++)
		if (!((*pod >= '0' && *pod <= '9') ||
		      (*pod >= 'a' && *pod <= 'f') || *pod == '-'))
			return 0;
	return 1;
}

static void check_ref(const struct nsi_cgroup_ref *ref)
{
	static const char *const hex_ids[] = {
		"docker", "cri-o", "podman", "cri", "unknown",
	};
	static const char *const named[] = {
		"lxc", "nspawn", "libvirt", "containerd",
	};
	const struct nsi_cgroup_rule *r = NULL;
	size_t i;

	/* both strings end within their buffers; the ID is never empty */
	if (!memchr(ref->id, '\0', sizeof(ref->id)) ||
	    !memchr(ref->pod, '\0', sizeof(ref->pod)) || !ref->id[0])
		abort();
	if (!is_pod(ref->pod))
		abort();
	if (!ref->runtime || !ref->rule)
		abort();
	/* the rule is one of the table's, and gave its runtime */
	for (i = 0; i < nsi_cgroup_nrules; i++)
		if (ref->rule == nsi_cgroup_rules[i].name)
			r = &nsi_cgroup_rules[i];
	if (!r || r->runtime != ref->runtime)
		abort();
	for (i = 0; i < sizeof(hex_ids) / sizeof(hex_ids[0]); i++)
		if (strcmp(ref->runtime, hex_ids[i]) == 0) {
			if (!is_id64(ref->id))
				abort();
			return;
		}
	/* lxc, nspawn, libvirt and ctr name their containers */
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(ref->runtime, named[i]) == 0)
			break;
	if (i == sizeof(named) / sizeof(named[0]))
		abort();
	/* a machine of libvirt is not an nspawn container */
	if (strcmp(ref->runtime, "nspawn") == 0 &&
	    strncmp(ref->id, "qemu-", 5) == 0)
		abort();
}

/* No container: all zero but the rule, which is a monitor's or NULL. */
static void check_none(const struct nsi_cgroup_ref *ref)
{
	size_t i;

	if (ref->runtime || ref->id[0] || ref->pod[0])
		abort();
	if (!ref->rule)
		return;
	for (i = 0; i < nsi_cgroup_nrules; i++)
		if (ref->rule == nsi_cgroup_rules[i].name)
			break;
	if (i == nsi_cgroup_nrules || nsi_cgroup_rules[i].runtime)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsi_cgroup_ref ref, junk, again;
	int rc;

	/* @ref is always written: a container, or zeroes and a rule. */
	memset(&junk, 0xa5, sizeof(junk));
	junk.runtime = NULL;
	junk.rule = NULL;
	ref = junk;
	rc = nsi_cgroup_parse((const char *)data, size, &ref);
	if (rc == 1)
		check_ref(&ref);
	else if (rc != 0 && rc != -EINVAL)
		abort();
	else
		check_none(&ref);
	/* no line at all is well formed */
	if (size == 0 && rc != -EINVAL)
		abort();

	/* The same bytes give the same container. */
	if (rc == 1) {
		memset(&again, 0x5a, sizeof(again));
		if (nsi_cgroup_parse((const char *)data, size, &again) != 1 ||
		    again.runtime != ref.runtime || again.rule != ref.rule ||
		    strcmp(again.id, ref.id) != 0 ||
		    strcmp(again.pod, ref.pod) != 0)
			abort();
	}
	return 0;
}
