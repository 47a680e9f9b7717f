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
 * nsi_cap_docker_default() - the mask of Docker's default capability set
 * for containers: CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW,
 * SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL,
 * AUDIT_WRITE (the engine's defaults, also containerd's).
 *
 * Return: the mask (bit N = capability N), from libcap's names.
 */
uint64_t nsi_cap_docker_default(void);

/**
 * nsi_cap_dangerous() - the mask of the capabilities commonly used to
 * escape containers: SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE,
 * SYS_BOOT, SYSLOG, DAC_READ_SEARCH, NET_ADMIN, BPF (a name libcap does
 * not know, e.g. BPF with an old library, is left out).
 *
 * Return: the mask.
 */
uint64_t nsi_cap_dangerous(void);

#endif /* NSI_CAPS_H */
