/*
 * render-diff.h - the output of --diff and --watch: the changes of
 * diff.h as text lines like diff(1)'s (render-diff.c), as one JSON
 * document, and as one JSON object per line (render-json-diff.c, json-c).
 */
#ifndef NSI_RENDER_DIFF_H
#define NSI_RENDER_DIFF_H

#include <stdio.h>
#include <time.h>

#include "diff.h"
#include "diff-input.h"

/**
 * nsi_render_diff_text() - print each change as one line: "+ " what
 * appeared, "- " what is gone, "~ " what changed, "> " and "< " a
 * process that entered or left a namespace:
 *   + container NAME (RUNTIME SHORT_ID, image IMAGE)
 *   ~ container NAME: shares with the host: net,uts -> none
 *   ~ container NAME: CapEff +cap_sys_admin; CapBnd +cap_sys_admin
 *   + net 4026532xxx (container NAME)   / (/run/netns/X) / (pid P COMM)
 *   ~ command COMM: CapPrm -cap_net_raw
 *   > pid P (COMM) net 4026532xxx       / < pid P (COMM) net 4026531840
 *   ~ pid P (COMM): CapEff -cap_chown
 * Names, commands and paths are escaped (textsafe.h, NSI_TEXT_LOCALE).
 * @out: the stream.
 * @d:   the changes (their models alive).
 *
 * Return: 0, -ENOMEM, or -errno of the write.
 */
int nsi_render_diff_text(FILE *out, const struct nsi_diff *d);

/**
 * nsi_render_diff_json() - print {"version": 1, "old": SIDE, "new": SIDE,
 * "differ": BOOL, "changes": [CHANGE, ...]} (json-c, pretty), each SIDE
 * {"file", "hostname", "kernel", "time"} of a snapshot ("file" null for
 * the live system, the others of this run), each CHANGE as the event
 * object of nsi_render_event() with "change" for "event" and no "time";
 * docs/nsinspect.schema.json ("diff") describes it.
 * @out: the stream.
 * @d:   the changes.
 * @in:  what was compared (its paths and metadata), or NULL: no "old"
 *       and "new".
 *
 * Return: 0, -ENOMEM, or -errno of the write.
 */
int nsi_render_diff_json(FILE *out, const struct nsi_diff *d,
			 const struct nsi_diff_input *in);

/**
 * nsi_render_event() - print one change as one line of JSON, then flush:
 * {"event": KIND, "time": "2026-12-01T11:30:00.123Z", "type": NS_TYPE,
 * "inode": N, "pid": P, "comm": C, "container": NAME, "container_id":
 * ID, "runtime": R, ...} (keys of the kind only; null when unknown):
 * container_host_namespaces adds "shared_with_host": {"old": [TYPE...],
 * "new": [...]}; the *_caps kinds "sets": {"effective": {"added":
 * [...], "removed": [...]}, ...} for each set that changed; a namespace's
 * "nsfs": [PATH...] when it is bind mounted.
 * @out:  the stream.
 * @c:    the change.
 * @when: the time of the change (CLOCK_REALTIME), shown in UTC to the
 *        millisecond (RFC 3339).
 *
 * Return: 0, -ENOMEM, or -errno of the write (-EPIPE when the reader is
 * gone).
 */
int nsi_render_event(FILE *out, const struct nsi_change *c,
		     const struct timespec *when);

#endif /* NSI_RENDER_DIFF_H */
