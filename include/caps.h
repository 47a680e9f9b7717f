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
 * struct nsi_cap_default - the bounding set an engine gives a container
 * by default, against which CAPADD, CAPDROP, --audit and the live view's
 * CAPS compare its bounding set (docs/default-caps.md lists each).
 * @known: 1 when the engine's default is known; 0 for a runtime with none
 *         (libvirt, unknown): @mask is 0 then and nothing is added or
 *         dropped against it.
 * @mask:  the default set (bit N = capability N), always within the
 *         ceiling given to nsi_cap_default(): an engine cannot give what
 *         its host's bounding set lacks (the host's own default
 *         excepted: every capability of the kernel).
 * @name:  a static short name of the default and where it came from:
 *         "docker", "containerd", "cri (containerd's)", "cri-o",
 *         "podman /etc/containers/containers.conf", "podman
 *         /usr/share/containers/containers.conf", "podman built-in",
 *         "lxc /var/lib/lxc/NAME/config", "lxc
 *         /usr/share/lxc/config/common.conf", "lxc (no config read)",
 *         "nspawn", "host" (a process of no container) or "none".
 */
struct nsi_cap_default {
	int known;
	uint64_t mask;
	const char *name;
};

/**
 * nsi_cap_default() - the default bounding set of a container's engine.
 * @runtime: a runtime name of struct nsi_container ("docker", "podman",
 *           ...), or NULL for a process of no container (the host's
 *           default: nsi_cap_all(), the kernel's whole set).
 * @id:      the container's ID; for "lxc" its name, whose
 *           /var/lib/lxc/NAME/config is read when @id is a plain file
 *           name (no '/', no leading '.').
 * @ceiling: the host's bounding set (that of PID 1, or nsi_cap_all()).
 * @d:       filled.
 *
 * Docker, containerd and cri: moby's and containerd 1.x's 14
 * (nsi_cap_docker_default()).  cri-o: CRI-O 1.18+'s 9.  podman:
 * default_capabilities of the [containers] table of
 * /etc/containers/containers.conf, else of
 * /usr/share/containers/containers.conf, else Podman 4.3's built-in list
 * (Docker's 14; Podman 4.4 made it 11); read once per run.  nspawn:
 * systemd-nspawn's retained set (arg_caps_retain, 26 capabilities, the
 * same from systemd 220 to 252 and later).  lxc: @ceiling minus the
 * lxc.cap.drop list (or only the lxc.cap.keep list) of the container's
 * config and the files it includes (lxc.include, a file or a directory's
 * *.conf, at most 4 deep and 64 files), else of LXC's common.conf.
 * Every file is a regular file opened with O_NOFOLLOW|O_NONBLOCK, of at
 * most 256 KiB; one that cannot be read is skipped for the next source.
 * Reads files, prints nothing.
 */
void nsi_cap_default(const char *runtime, const char *id, uint64_t ceiling,
		     struct nsi_cap_default *d);

/**
 * nsi_proc_cap_default() - the default of nsi_cap_default() for a
 * process: its container's, as nsi_model_finish() stored it
 * (struct nsi_container.caps_default...), else computed now with
 * nsi_cap_all() as the ceiling; for a process of no container, the
 * host's: every capability of the kernel (CAPDROP then shows what a
 * service or its host dropped).
 * @p: the process.
 * @d: filled.
 */
void nsi_proc_cap_default(const struct nsi_proc *p,
			  struct nsi_cap_default *d);

/**
 * nsi_cap_against_default() - a bounding set against a default set: the
 * one rule of CAPADD, CAPDROP, --audit and the live view.
 * @bnd:     the bounding set.
 * @d:       the default (nsi_cap_default()).
 * @added:   set to @bnd & ~@d->mask, or 0 when @d is not known.
 * @dropped: set to @d->mask & ~@bnd, or 0 when @d is not known.
 *
 * Return: @d->known: 0 when nothing can be said.
 */
int nsi_cap_against_default(uint64_t bnd, const struct nsi_cap_default *d,
			    uint64_t *added, uint64_t *dropped);

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
 * nsi_cap_containers_conf() - the default_capabilities array of the
 * [containers] table of a containers.conf(5) text (TOML, read minimally:
 * the table header, the key, then a bracketed list of quoted names with
 * comments; the first such key counts).
 * @text: the file's text, NUL-terminated.
 * @mask: set to the capabilities when found.
 *
 * Return: 1 when found, 0 when the text has no such key, -EINVAL when its
 * value is not a list of known capability names.
 */
int nsi_cap_containers_conf(const char *text, uint64_t *mask);

/**
 * nsi_cap_lxc_config() - the bounding set an LXC config gives a
 * container (lxc.container.conf(5)): @ceiling minus every lxc.cap.drop
 * (an empty one clears the list), or only the lxc.cap.keep list when one
 * is set, following lxc.include (absolute paths; a directory includes its
 * *.conf files by name), as nsi_cap_default() bounds them.
 * @path:    the config file.
 * @ceiling: the host's bounding set.
 * @mask:    set to the result.
 *
 * Return: 0, or -errno when @path or an included file cannot be read
 * (-ELOOP beyond 4 levels or 64 files, -EFBIG over 256 KiB,
 * -EMEDIUMTYPE not a regular file).
 */
int nsi_cap_lxc_config(const char *path, uint64_t ceiling, uint64_t *mask);

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
