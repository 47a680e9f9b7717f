/*
 * caps-default.h - the bounding set each container engine gives a
 * container by default (caps-default.c): built-in lists, and the
 * engines' own configuration (containers.conf(5), lxc.container.conf(5))
 * where it says (docs/default-caps.md).
 */
#ifndef NSI_CAPS_DEFAULT_H
#define NSI_CAPS_DEFAULT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

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
 * nsi_cap_defaults_fill() - store each container's default bounding set
 * (nsi_cap_default()) in it (struct nsi_container.caps_default...), once:
 * a container that has one already is skipped.  The ceiling is the
 * bounding set of PID 1 (the host's), the kernel's whole set
 * (nsi_cap_all()) when it was not read; a user's container is not looked
 * up by ID (a user's LXC container is not the one of /var/lib/lxc).
 * Call it after nsi_model_finish() (PID 1 is found by PID).  Reads files
 * (nsi_cap_default()), prints nothing.
 * @m: the model.
 */
void nsi_cap_defaults_fill(struct nsi_model *m);

/**
 * nsi_proc_cap_default() - the default of nsi_cap_default() for a
 * process: its container's, as nsi_cap_defaults_fill() stored it
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

#endif /* NSI_CAPS_DEFAULT_H */
