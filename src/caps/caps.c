/*
 * caps.c - capability names and text through libcap, what a process's
 * capabilities let it do (nsi_cap_judge()), and the capability names of
 * the engines' configuration.  The only file that includes
 * <sys/capability.h>.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "caps.h"

char *nsi_cap_name(unsigned int bit)
{
	char *lib, *name;

	if (bit > 63) {
		errno = EINVAL;
		return NULL;
	}
	/*
	 * libcap names what it knows and gives the number for the rest; we
	 * copy into plain malloc'd memory so that callers need no cap_free().
	 */
	lib = cap_to_name((cap_value_t)bit);
	if (lib) {
		name = strdup(lib);
		cap_free(lib);
	} else if (asprintf(&name, "%u", bit) < 0) {
		name = NULL;
	}
	if (!name)
		errno = ENOMEM;
	return name;
}

void nsi_cap_names_free(char **names, size_t n)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int nsi_cap_names(uint64_t mask, char ***names)
{
	char **v = calloc(64, sizeof(*v));
	unsigned int bit;
	int n = 0;

	*names = NULL;
	if (!v)
		return -ENOMEM;
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		v[n] = nsi_cap_name(bit);
		if (!v[n]) {
			nsi_cap_names_free(v, (size_t)n);
			return -ENOMEM;
		}
		n++;
	}
	*names = v;
	return n;
}

char *nsi_cap_list(uint64_t mask, const char *sep)
{
	char **names, *out, *p;
	size_t len = 1, seplen = strlen(sep);
	int n, i;

	n = nsi_cap_names(mask, &names);
	if (n < 0) {
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < n; i++)
		len += strlen(names[i]) + seplen;
	out = p = malloc(len);
	if (out) {
		*p = '\0';
		for (i = 0; i < n; i++)
			p += sprintf(p, "%s%s", i ? sep : "", names[i]);
	} else {
		errno = ENOMEM;
	}
	nsi_cap_names_free(names, (size_t)n);
	return out;
}

/* Raise in @caps, in @flag, every bit of @mask. */
static int set_flag(cap_t caps, cap_flag_t flag, uint64_t mask)
{
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		cap_value_t v = (cap_value_t)bit;

		if ((mask & (1ULL << bit)) &&
		    cap_set_flag(caps, flag, 1, &v, CAP_SET) < 0)
			return -1;
	}
	return 0;
}

/*
 * A text libcap made, copied into plain malloc'd memory (callers need no
 * cap_free()) and freed; NULL for NULL, errno kept.
 */
static char *take_text(char *lib)
{
	char *text;

	if (!lib)
		return NULL;
	text = strdup(lib);
	cap_free(lib);
	if (!text)
		errno = ENOMEM;
	return text;
}

/*
 * The last texts made, by their three masks: most processes share a few
 * (every kernel thread "=ep", every process of a user "="), and
 * cap_to_text(3) of each costs some 12,000 instructions.  Round robin;
 * the texts stay until the end of the run (a few hundred bytes).
 */
#define TEXT_MEMO 8
static struct {
	uint64_t inh, prm, eff;
	char *text;
} text_memo[TEXT_MEMO];
static unsigned int text_memo_next;

static char *make_text(const uint64_t cap[NSI_CAP_NSETS]);

char *nsi_cap_text(const uint64_t cap[NSI_CAP_NSETS])
{
	char *text, *keep;
	unsigned int i;

	for (i = 0; i < TEXT_MEMO; i++)
		if (text_memo[i].text && text_memo[i].inh == cap[NSI_CAP_INH] &&
		    text_memo[i].prm == cap[NSI_CAP_PRM] &&
		    text_memo[i].eff == cap[NSI_CAP_EFF]) {
			text = strdup(text_memo[i].text);
			if (!text)
				errno = ENOMEM;
			return text;
		}
	text = make_text(cap);
	keep = text ? strdup(text) : NULL;
	if (keep) {
		i = text_memo_next++ % TEXT_MEMO;
		free(text_memo[i].text);
		text_memo[i].inh = cap[NSI_CAP_INH];
		text_memo[i].prm = cap[NSI_CAP_PRM];
		text_memo[i].eff = cap[NSI_CAP_EFF];
		text_memo[i].text = keep;
	}
	return text;
}

/* nsi_cap_text() without the memo. */
static char *make_text(const uint64_t cap[NSI_CAP_NSETS])
{
	char *text = NULL;
	cap_t caps = cap_init();
	int err = ENOMEM;

	if (!caps)
		goto out;
	if (set_flag(caps, CAP_INHERITABLE, cap[NSI_CAP_INH]) < 0 ||
	    set_flag(caps, CAP_PERMITTED, cap[NSI_CAP_PRM]) < 0 ||
	    set_flag(caps, CAP_EFFECTIVE, cap[NSI_CAP_EFF]) < 0) {
		err = errno;
		goto out;
	}
	text = take_text(cap_to_text(caps, NULL));
	err = errno;
out:
	if (caps)
		cap_free(caps);
	if (!text)
		errno = err;
	return text;
}

/* Raise in @iab, in @vec, every bit of @mask the kernel has. */
static int set_vector(cap_iab_t iab, cap_iab_vector_t vec, uint64_t mask)
{
	unsigned int bit;

	mask &= nsi_cap_all();	/* cap_iab_set_vector()'s own limit */
	for (bit = 0; bit < 64; bit++)
		if ((mask & (1ULL << bit)) &&
		    cap_iab_set_vector(iab, vec, (cap_value_t)bit,
				       CAP_SET) < 0)
			return -1;
	return 0;
}

/*
 * The IAB tuple as cap_iab_get_pid(3) fills it from the same three lines
 * of the status: I = CapInh, A = CapAmb, B = the bits missing from
 * CapBnd.  Built from the masks the scan read through its pin, rather
 * than by cap_iab_get_pid(), which reads /proc/PID/status again by path
 * (another process may hold the PID by then) and cannot serve a
 * snapshot's model or a thread row.
 */
char *nsi_cap_iab_text(const uint64_t cap[NSI_CAP_NSETS])
{
	cap_iab_t iab = cap_iab_init();
	char *text = NULL;
	int err = ENOMEM;

	if (!iab)
		goto out;
	if (set_vector(iab, CAP_IAB_INH, cap[NSI_CAP_INH]) < 0 ||
	    set_vector(iab, CAP_IAB_AMB, cap[NSI_CAP_AMB]) < 0 ||
	    set_vector(iab, CAP_IAB_BOUND, ~cap[NSI_CAP_BND]) < 0) {
		err = errno;
		goto out;
	}
	text = take_text(cap_iab_to_text(iab));
	err = errno;
out:
	if (iab)
		cap_free(iab);
	if (!text)
		errno = err;
	return text;
}

int nsi_cap_file_text(const char *path, char **text)
{
	char *lib = NULL;
	cap_t caps;
	uid_t rootid;
	int rc = 0;

	*text = NULL;
	caps = cap_get_file(path);
	if (!caps)	/* ENODATA: the file has none */
		return errno == ENODATA ? 0 : -errno;
	lib = cap_to_text(caps, NULL);
	if (!lib) {
		rc = -errno;
		goto out;
	}
	/* a namespaced (version 3) one, as getcap -n shows it */
	rootid = cap_get_nsowner(caps);
	if (rootid != 0 && rootid != (uid_t)-1)
		rc = asprintf(text, "%s [rootid=%u]", lib,
			      (unsigned int)rootid) < 0 ? -ENOMEM : 0;
	else if (!(*text = strdup(lib)))
		rc = -ENOMEM;
out:
	if (lib)
		cap_free(lib);
	cap_free(caps);
	if (rc < 0)
		*text = NULL;
	return rc;
}

/*
 * The masks are computed once: the live view asks for them for every
 * process at every refresh.
 */
uint64_t nsi_cap_dangerous(void)
{
	static uint64_t mask;
	static int done;
	static const char *const names[] = {
		"cap_sys_admin", "cap_sys_module", "cap_sys_rawio",
		"cap_sys_ptrace", "cap_sys_boot", "cap_syslog",
		"cap_dac_read_search", "cap_net_admin", "cap_bpf", NULL
	};

	if (!done) {
		mask = nsi_cap_mask_of_words(names);
		done = 1;
	}
	return mask;
}

uint64_t nsi_cap_all(void)
{
	static uint64_t mask;
	static int done;

	if (!done) {
		cap_value_t n = cap_max_bits();

		mask = n >= 64 ? ~UINT64_C(0) :
			n <= 0 ? 0 : (UINT64_C(1) << n) - 1;
		done = 1;
	}
	return mask;
}

void nsi_cap_judge(const struct nsi_status *st, int userns_initial,
		   struct nsi_cap_risk *r)
{
	const unsigned int need = (1u << NSI_CAP_PRM) | (1u << NSI_CAP_EFF);
	uint64_t bnd;
	int nnp, root;

	*r = (struct nsi_cap_risk){ 0 };
	if ((st->cap_known & need) != need)
		return;
	r->known = 1;
	r->now = st->cap[NSI_CAP_EFF] | st->cap[NSI_CAP_PRM] |
		(st->cap_known & (1u << NSI_CAP_AMB) ? st->cap[NSI_CAP_AMB] : 0);
	/* an unknown bounding set: assume the widest, as the kernel's */
	bnd = st->cap_known & (1u << NSI_CAP_BND) ? st->cap[NSI_CAP_BND] :
		nsi_cap_all();
	nnp = st->no_new_privs == 1;
	root = st->have_euid && (st->ruid == 0 || st->euid == 0);
	r->gain = nnp ? 0 : bnd & ~r->now;
	r->reach = r->now | (root && !nnp ? bnd : 0);
	r->escape = r->reach & nsi_cap_dangerous();
	r->full = (r->now & nsi_cap_all()) == nsi_cap_all();
	r->host = userns_initial;
	r->dangerous = r->escape && r->host != 0;
}

char *nsi_cap_risk_words(const struct nsi_cap_risk *r)
{
	static const char own[] = "inside its own user namespace";
	char *names, *s;

	if (r->full)
		return asprintf(&s, "full %s", own) < 0 ? NULL : s;
	if (!r->escape)
		return strdup("");
	names = nsi_cap_list(r->escape, ",");
	if (!names)
		return NULL;
	if (asprintf(&s, "%s %s", names, own) < 0)
		s = NULL;
	free(names);
	return s;
}

/* ------------------------------------------------ names in configuration */

/* The longest capability name taken, "cap_" excepted. */
#define CAP_WORD_MAX	40

int nsi_cap_from_word(const char *word, size_t len, int *bit)
{
	char name[CAP_WORD_MAX + 5] = "cap_";
	const char *w = word;
	cap_value_t v;
	size_t i;

	if (len > 4 && !strncasecmp(word, "cap_", 4)) {
		w += 4;
		len -= 4;
	}
	if (!len || len > CAP_WORD_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)w[i];

		if (!isalnum(ch) && ch != '_')
			return -EINVAL;
		name[4 + i] = (char)tolower(ch);
	}
	name[4 + len] = '\0';
	if (cap_from_name(name, &v) < 0 || v < 0 || v > 63)
		return -EINVAL;
	*bit = (int)v;
	return 0;
}

uint64_t nsi_cap_mask_of_words(const char *const *names)
{
	uint64_t mask = 0;
	int bit;

	for (; *names; names++)
		if (nsi_cap_from_word(*names, strlen(*names), &bit) == 0)
			mask |= 1ULL << bit;
	return mask;
}
