/*
 * caps.h - decoding of capability masks with libcap (capabilities(7),
 * cap_to_name(3), cap_to_text(3)).  caps.c is the only file that includes
 * <sys/capability.h>.
 */
#ifndef NSI_CAPS_H
#define NSI_CAPS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/**
 * nsi_cap_name() - the name of one capability bit.
 * @bit: 0..63.
 *
 * Return: a malloc'd string owned by the caller: libcap's name
 * ("cap_chown"), or the bit's decimal number ("41") for a bit the library
 * does not name, so that no bit is ever dropped; NULL with errno ENOMEM.
 */
char *nsi_cap_name(unsigned int bit);

/**
 * nsi_cap_names() - the names of every bit set in a mask, lowest first.
 * @mask:  a capability mask (bit N = capability N).
 * @names: set to a malloc'd array of malloc'd names (as nsi_cap_name()),
 *         owned by the caller; free with nsi_cap_names_free().
 *
 * Return: the number of names (popcount of @mask), or -ENOMEM.
 */
int nsi_cap_names(uint64_t mask, char ***names);

/** nsi_cap_names_free() - free an array from nsi_cap_names(). */
void nsi_cap_names_free(char **names, size_t n);

/**
 * nsi_cap_list() - the names of a mask joined by @sep.
 * @mask: a capability mask.
 * @sep:  separator, e.g. ",".
 *
 * Return: a malloc'd string owned by the caller ("" for an empty mask), or
 * NULL with errno ENOMEM.
 */
char *nsi_cap_list(uint64_t mask, const char *sep);

/**
 * nsi_cap_text() - the text form getpcaps(8) prints for a process,
 * produced by cap_to_text(3) from its inheritable, permitted and effective
 * masks (e.g. "=ep cap_sys_resource-ep", or "=" for none).
 * @cap: the five masks indexed by enum nsi_cap_set (bounding and ambient
 *       are not part of this form).
 *
 * Return: a malloc'd string owned by the caller, or NULL with errno set
 * (ENOMEM, or EINVAL from libcap).
 */
char *nsi_cap_text(const uint64_t cap[NSI_CAP_NSETS]);

/**
 * nsi_cap_iab_text() - the IAB text form getpcaps(8) --iab prints of a
 * process, produced by cap_iab_to_text(3) from the IAB tuple
 * cap_iab_get_pid(3) would read: its inheritable set, its ambient set
 * ("^") and the bits missing from its bounding set ("!"), e.g.
 * "^cap_net_raw,!cap_sys_module" ("" for none).
 * @cap: the masks indexed by enum nsi_cap_set (INH, AMB and BND used).
 *
 * Return: a malloc'd string owned by the caller, or NULL with errno set
 * (ENOMEM, or EINVAL from libcap).
 */
char *nsi_cap_iab_text(const uint64_t cap[NSI_CAP_NSETS]);

/**
 * nsi_cap_file_text() - the file capabilities of a file (its
 * security.capability attribute, cap_get_file(3)) in the text form
 * getcap(8) prints (cap_to_text(3): "cap_net_raw=ep"), followed by
 * " [rootid=UID]" for a namespaced one, as getcap -n shows it.
 * @path: the file (symbolic links are followed: /proc/self/fd/N of an
 *        O_PATH fd of PROC/PID/exe).
 * @text: set to a malloc'd string owned by the caller, or NULL when the
 *        file has none.
 *
 * Return: 0 (also when it has none), or -errno (-ENOMEM, -EACCES...).
 */
int nsi_cap_file_text(const char *path, char **text);

/**
 * nsi_cap_from_word() - the capability an engine's configuration names.
 * @word: "NET_RAW", "CAP_NET_RAW", "net_raw" or "cap_net_raw" (any case).
 * @len:  its length (@word need not be NUL-terminated).
 * @bit:  set to the capability number.
 *
 * Return: 0, or -EINVAL for a name libcap does not know or any other
 * text.
 */
int nsi_cap_from_word(const char *word, size_t len, int *bit);

/**
 * nsi_cap_mask_of_words() - the mask of a list of capability names
 * (nsi_cap_from_word(): "NET_RAW", "cap_net_raw"...); a name libcap does
 * not know is left out.
 * @names: the names, NULL-terminated.
 *
 * Return: the mask (bit N = capability N).
 */
uint64_t nsi_cap_mask_of_words(const char *const *names);

/**
 * nsi_cap_dangerous() - the mask of the capabilities commonly used to
 * escape containers: SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE,
 * SYS_BOOT, SYSLOG, DAC_READ_SEARCH, NET_ADMIN, BPF (a name libcap does
 * not know, e.g. BPF with an old library, is left out).
 *
 * Return: the mask.
 */
uint64_t nsi_cap_dangerous(void);

/**
 * nsi_cap_all() - the mask of every capability the running kernel has:
 * bits 0 to cap_max_bits(3) - 1 (libcap asks the kernel once).
 *
 * Return: the mask.
 */
uint64_t nsi_cap_all(void);

/**
 * struct nsi_cap_risk - what the capabilities of a process let it do, by
 * the one rule of nsi_cap_judge() that the CAPDANGER column, --audit and
 * the live view's CAPS "!" all use.
 * @known:     1 when the permitted and effective sets were read; every
 *             other field is 0 when not.
 * @now:       what it can use now: CapEff | CapPrm | CapAmb (a permitted
 *             capability can be made effective at will, capset(2); the
 *             ambient set is part of the permitted one).
 * @gain:      what an execve(2) could add beyond @now, up to the bounding
 *             set as the ceiling: a set-user-ID-root or file-capability
 *             program gives it (capabilities(7), "Transformation of
 *             capabilities during execve()"); 0 under no_new_privs,
 *             which the kernel honours by granting nothing new.
 * @reach:     @now, and for a process whose real or effective UID is 0
 *             and that has no no_new_privs, also its bounding set: any
 *             program it runs gets it back (the root rule of
 *             capabilities(7); securebits, which could turn that off, are
 *             not in /proc/PID/status).
 * @escape:    @reach & nsi_cap_dangerous(): the escape-prone ones it holds
 *             or gets back by itself.
 * @full:      1 when @now holds every capability of the kernel
 *             (nsi_cap_all()).
 * @host:      1 when they act on the host: its user namespace is the
 *             initial one; 0 when they act only inside its own user
 *             namespace (user_namespaces(7): a capability is relative to
 *             the user namespace that owns the resource); -1 unknown.
 * @dangerous: 1 when @escape is not empty and @host is not 0: the one
 *             "dangerous" of every view (an unknown user namespace counts
 *             as the host's: doubt does not hide a danger).
 */
struct nsi_cap_risk {
	int known;
	uint64_t now;
	uint64_t gain;
	uint64_t reach;
	uint64_t escape;
	int full;
	int host;
	int dangerous;
};

/**
 * nsi_cap_judge() - judge the capabilities of a process (pure).
 * @st:             its status (capability sets, Uid, NoNewPrivs).
 * @userns_initial: nsi_proc.userns_initial: 1, 0 or -1.
 * @r:              filled.
 */
void nsi_cap_judge(const struct nsi_status *st, int userns_initial,
		   struct nsi_cap_risk *r);

/**
 * nsi_cap_risk_words() - the words every view uses for a process whose
 * escape-prone capabilities act only inside its own user namespace:
 * "full inside its own user namespace" when it holds every capability,
 * else "NAMES inside its own user namespace" (its @escape names joined by
 * ","), or "" when it holds none of them.
 * @r: a judgement with r->host == 0.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_cap_risk_words(const struct nsi_cap_risk *r);

#endif /* NSI_CAPS_H */
