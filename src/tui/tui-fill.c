/*
 * tui-fill.c - one refresh of the live view: a live scan (live.c) into a
 * fresh model, shared by both views, then the model as rows: the text
 * of each column and the number to sort it by (tui-rows.c keeps the rows
 * across refreshes).  No curses.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "caps-default.h"
#include "columns.h"
#include "tui-internal.h"

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static uint64_t ns_key(const struct nsi_ns *ns)
{
	return (uint64_t)ns->type << 56 | (uint64_t)ns->ino;
}


static char *ns_names(const struct nsi_ns *ns)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < ns->nnsfs; i++)
		len += strlen(ns->nsfs[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (i = 0; i < ns->nnsfs; i++) {
		const char *p = nsi_netns_name(ns->nsfs[i]);

		if (*s)
			strcat(s, ",");
		strcat(s, p);
	}
	return s;
}

const char *nsi_tui_proc_command(const struct nsi_proc *p, char *buf,
				 size_t size)
{
	const char *s = nsi_proc_command(p, buf, size);

	return s ? s : "?";
}

static int fill_ns_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_NS];
	size_t i;
	int rc = 0;

	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nns; i++) {
		const struct nsi_ns *ns = t->model.ns[i];
		const struct nsi_proc *p = ns->rep;
		char nsb[24], np[24], pid[24], cmdb[64];
		char *cont = ns->ncontainers ?
			nsi_containers_text(ns->containers,
					    ns->ncontainers) : NULL;
		char *names = ns_names(ns);
		const char *text[NC_COUNT];
		int64_t num[NC_COUNT];
		int c;

		for (c = 0; c < NC_COUNT; c++)
			num[c] = INT64_MIN;
		snprintf(nsb, sizeof(nsb), "%llu", (unsigned long long)ns->ino);
		snprintf(np, sizeof(np), "%zu", ns->nprocs);
		snprintf(pid, sizeof(pid), "%d", p ? (int)p->pid : 0);
		text[NC_NS] = ns->ino ? nsb : "unknown";
		num[NC_NS] = (int64_t)ns->ino;
		text[NC_TYPE] = nsi_ns_type_name(ns->type);
		text[NC_NPROCS] = np;
		num[NC_NPROCS] = (int64_t)ns->nprocs;
		text[NC_PID] = p ? pid : NULL;
		num[NC_PID] = p ? p->pid : 0;
		text[NC_USER] = p ? p->user : NULL;
		text[NC_CONTAINER] = cont;
		text[NC_NAMES] = names;
		text[NC_COMMAND] = p ?
			nsi_tui_proc_command(p, cmdb, sizeof(cmdb)) : NULL;
		rc = nsi_tui_rows_put(r, ns_key(ns), text, num, 0);
		free(cont);
		free(names);
	}
	return rc ? rc : nsi_tui_rows_sweep(r);
}

/*
 * The capability summary of a process: "none", "full" (every capability
 * of this kernel), "default" (its engine's default set,
 * nsi_proc_cap_default()), "default-N" (some of it), "+N" (N beyond it),
 * or "N" (N capabilities, for a process of the host or of an engine with
 * no known default), of what
 * it can use now; "!" when
 * nsi_cap_judge() calls it dangerous (the rule of CAPDANGER and --audit),
 * "*" when its escape-prone capabilities act only inside its own user
 * namespace (full inside it: "full*").
 */
static void caps_summary(const struct nsi_proc *p, char *buf, size_t size,
			 unsigned int *flags)
{
	struct nsi_cap_default d;
	uint64_t now, def;
	struct nsi_cap_risk r;
	const char *mark;

	*flags = 0;
	if (p->have_status)
		nsi_cap_judge(&p->status, p->userns_initial, &r);
	if (!p->have_status || !r.known) {
		snprintf(buf, size, "?");
		return;
	}
	now = r.now;
	nsi_proc_cap_default(p, &d);
	def = d.mask;
	mark = r.dangerous ? "!" : r.host == 0 && r.escape ? "*" : "";
	if (r.dangerous)
		*flags |= ROW_DANGER;
	if (!now)
		snprintf(buf, size, "none%s", mark);
	else if (r.full)
		snprintf(buf, size, "full%s", mark);
	else if (!d.known || !p->container)
		snprintf(buf, size, "%d%s", __builtin_popcountll(now), mark);
	else if (now == def)
		snprintf(buf, size, "default");
	else if (!(now & ~def))
		snprintf(buf, size, "default-%d",
			 __builtin_popcountll(def & ~now));
	else
		snprintf(buf, size, "+%d%s", __builtin_popcountll(now & ~def),
			 mark);
}

static int fill_proc_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_PROC];
	const char *same = t->utf8 ? "\u00b7" : "-";
	ino_t host[NSI_NS_NTYPES];
	size_t i;
	int rc = 0, k;

	for (k = 0; k < NSI_NS_NTYPES; k++)
		host[k] = nsi_model_host_ns(&t->model, k);
	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nprocs; i++) {
		const struct nsi_proc *p = t->model.procs[i];
		char pid[24], caps[24], cmdb[64], nsb[NSI_NS_NTYPES][24];
		char *cont = p->container ?
			nsi_container_text(p->container) : NULL;
		const char *text[PC_COUNT];
		int64_t num[PC_COUNT];
		unsigned int flags;

		for (k = 0; k < PC_COUNT; k++)
			num[k] = INT64_MIN;
		snprintf(pid, sizeof(pid), "%d", (int)p->pid);
		caps_summary(p, caps, sizeof(caps), &flags);
		text[PC_PID] = pid;
		num[PC_PID] = p->pid;
		text[PC_USER] = p->user;
		text[PC_CONTAINER] = cont;
		text[PC_CAPS] = caps;
		for (k = 0; k < NSI_NS_NTYPES; k++) {
			/*
			 * The last 4 digits tell namespaces apart on screen.
			 * No snprintf(3) here: this runs 8 times for every
			 * process at every refresh.
			 */
			unsigned long long v = p->ns[k] % 10000;
			int d;

			if (!p->ns[k] || p->ns[k] == host[k]) {
				text[PC_NS0 + k] = p->ns[k] ? same : "?";
				continue;
			}
			for (d = 3; d >= 0; d--, v /= 10)
				nsb[k][d] = (char)('0' + v % 10);
			nsb[k][4] = '\0';
			text[PC_NS0 + k] = nsb[k];
		}
		text[PC_COMMAND] = nsi_tui_proc_command(p, cmdb, sizeof(cmdb));
		rc = nsi_tui_rows_put(r, (uint64_t)p->pid, text, num, flags);
		free(cont);
	}
	return rc ? rc : nsi_tui_rows_sweep(r);
}

/* The PIDs on screen, sorted: the live scan reads them in full. */
static size_t on_screen(const struct tui *t, pid_t *pids, size_t max)
{
	const struct nsi_tui_rows *r = &t->rows[t->view];
	size_t n = 0;
	long k;

	for (k = t->first[t->view]; k < (long)r->nvisible &&
	     k < t->first[t->view] + t->list_h && n < max; k++) {
		const struct nsi_tui_row *row = r->rows[r->visible[k]];

		if (t->view == VIEW_PROC)
			pids[n++] = (pid_t)row->key;
		else if (row->text[NC_PID])
			pids[n++] = (pid_t)atoi(row->text[NC_PID]);
	}
	qsort(pids, n, sizeof(*pids), cmp_pid);
	return n;
}

/* One refresh: a live scan that reuses the last one, then the rows. */
int nsi_tui_scan(struct tui *t)
{
	struct nsi_model next;
	pid_t fresh[512];
	size_t nfresh = on_screen(t, fresh, sizeof(fresh) / sizeof(*fresh));
	int rc;

	nsi_model_init(&next);
	rc = nsi_live_scan(t->live, &next, t->refreshes ? &t->model : NULL,
			   (unsigned long)t->refreshes, fresh, nfresh,
			   &t->report);
	nsi_model_release(&t->model);
	t->model = next;
	if (rc < 0)
		return rc;
	t->stamp = time(NULL);
	t->refreshes++;
	rc = fill_ns_rows(t);
	if (rc == 0)
		rc = fill_proc_rows(t);
	return rc;
}
