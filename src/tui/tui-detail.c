/*
 * tui-detail.c - the detail pane of the live view: the selected
 * namespace (its owner, parent, nsfs names, host name, ID maps, network
 * interfaces, members) or process (its container, capabilities,
 * no_new_privs, seccomp, NSpid, namespaces), as lines of text drawn
 * below the rows.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "columns.h"
#include "grow.h"
#include "netinfo.h"
#include "tui-internal.h"

struct lines {
	char **v;
	size_t n, alloc;
};

static void add_line(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (nsi_grow(&l->v, &l->alloc, l->n + 1, sizeof(*l->v)) < 0)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		l->v[l->n++] = s;
	va_end(ap);
}

static void free_lines(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void ns_detail(const struct nsi_ns *ns, struct lines *l)
{
	char *label = nsi_ns_label(ns);
	size_t i;

	add_line(l, "%s:[%llu]  %s  %zu process%s", nsi_ns_type_name(ns->type),
		 (unsigned long long)ns->ino, label ? label : "",
		 ns->nprocs, ns->nprocs == 1 ? "" : "es");
	free(label);
	if (ns->owner)
		add_line(l, "owner user:[%llu]", (unsigned long long)ns->owner);
	if (ns->parent)
		add_line(l, "parent %s:[%llu]", nsi_ns_type_name(ns->type),
			 (unsigned long long)ns->parent);
	for (i = 0; i < ns->nnsfs; i++)
		add_line(l, "nsfs %s", ns->nsfs[i]);
	if (ns->hostname)
		add_line(l, "hostname %s", ns->hostname);
	if (ns->uid_map)
		add_line(l, "uid_map %s   gid_map %s", ns->uid_map,
			 ns->gid_map ? ns->gid_map : "");
	if (ns->net) {
		const struct nsi_netinfo *ni = ns->net;

		if (ni->fw_rules < 0)
			add_line(l, "firewall rules: unknown");
		else
			add_line(l, "firewall rules: %ld (%s)", ni->fw_rules,
				 ni->fw_backend ? ni->fw_backend : "?");
		for (i = 0; i < ni->nifs; i++) {
			const struct nsi_netif *f = &ni->ifs[i];
			char *peer = nsi_netif_peer_text(f);
			const struct nsi_netif *mf =
				nsi_netinfo_find_if(ni, f->master);
			const char *master = mf ? mf->name : NULL;
			add_line(l, "  %-12s %-8s %-6s %s%s%s%s%s%s%s", f->name,
				 f->kind, f->operstate, f->mac,
				 f->naddrs ? " " : "",
				 f->naddrs ? f->addrs[0].addr : "",
				 master ? "  master " : "", master ? master : "",
				 peer ? "  <-> " : "", peer ? peer : "");
			free(peer);
		}
	}
	add_line(l, "members:");
	for (i = 0; i < ns->nprocs; i++) {
		const struct nsi_proc *p = ns->procs[i];
		char cmdb[NSI_COMM_TEXT_MAX];

		add_line(l, "  %7d %-8s %s", (int)p->pid, p->user ? p->user : "",
			 nsi_tui_proc_command(p, cmdb, sizeof(cmdb)));
	}
}

static void proc_detail(struct tui *t, const struct nsi_proc *p,
			struct lines *l)
{
	const struct nsi_status *st = &p->status;
	char cmdb[NSI_COMM_TEXT_MAX], *text;
	int k;

	add_line(l, "PID %d  user %s  %s", (int)p->pid, p->user ? p->user : "",
		 nsi_tui_proc_command(p, cmdb, sizeof(cmdb)));
	if (p->container)
		add_line(l, "container %s%s%s",
			 nsi_container_label(p->container),
			 p->container->image ? "  image " : "",
			 p->container->image ? p->container->image : "");
	if (!p->have_status) {
		add_line(l, "status not readable");
		return;
	}
	if (p->userns_initial == 0) {
		struct nsi_cap_risk r;
		char *words;

		nsi_cap_judge(st, 0, &r);
		words = nsi_cap_risk_words(&r);
		add_line(l, "user namespace %llu, its own: capabilities act "
			 "only inside it%s%s",
			 (unsigned long long)p->ns[NSI_NS_USER],
			 words && *words ? "; " : "", words ? words : "");
		free(words);
	}
	text = nsi_cap_text(st->cap);
	add_line(l, "capabilities (getpcaps): %s", text ? text : "?");
	free(text);
	for (k = 0; k < NSI_CAP_NSETS; k++) {
		char *names = (st->cap_known & (1u << k)) ?
			nsi_cap_list(st->cap[k], ",") : NULL;

		add_line(l, "  %-11s %s", nsi_cap_set_name(k), names ? (*names ? names :
			 "(none)") : "unknown");
		free(names);
	}
	add_line(l, "no_new_privs %s   seccomp %s", st->no_new_privs < 0 ?
		 "unknown" : st->no_new_privs ? "1" : "0",	/* as NNP */
		 nsi_seccomp_name(st->seccomp) ?
		 nsi_seccomp_name(st->seccomp) : "unknown");
	if (st->nspid_levels) {
		char buf[256] = "";
		int i;

		for (i = 0; i < st->nspid_levels; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%d", i ? " " : "", (int)st->nspid[i]);
		add_line(l, "NSpid %s (level %d)", buf, st->nspid_levels - 1);
	}
	add_line(l, "namespaces:");
	for (k = 0; k < NSI_NS_NTYPES; k++)
		if (t->model.have_type[k])
			add_line(l, "  %-6s %s%llu%s", nsi_ns_type_name(k),
				 p->ns[k] ? "" : "unknown ",
				 (unsigned long long)p->ns[k],
				 p->ns[k] &&
				 p->ns[k] == nsi_model_host_ns(&t->model, k) ?
				 "  (the host's)" : "");
}

/*
 * What the detail pane of the selected namespace needs, read now: what
 * the view reads is the view layer's choice (nsi_live_read_detail()).
 */
void nsi_tui_prepare_detail(struct tui *t)
{
	if (!t->detail || t->view != VIEW_NS)
		return;
	t->detail_read = t->cursor[VIEW_NS];
	nsi_live_read_detail(t->live, &t->model,
			     TUI_NS_KEY_TYPE(t->cursor[VIEW_NS]),
			     TUI_NS_KEY_INO(t->cursor[VIEW_NS]));
}

void nsi_tui_detail_follow(struct tui *t)
{
	if (t->detail && t->view == VIEW_NS &&
	    t->cursor[VIEW_NS] != t->detail_read)
		nsi_tui_prepare_detail(t);
}

/*
 * Draw what of @s fits in @width columns, cut after the last "," or " "
 * that fits when not all of it does: a list wraps between its items,
 * never inside a capability's name.  Returns the rest, its blanks skipped.
 */
static const char *put_piece(const char *s, int width)
{
	const char *end = nsi_tui_fit(s, width), *cut = end;
	char *piece;

	if (*end) {
		while (cut > s && cut[-1] != ',' && cut[-1] != ' ')
			cut--;
		if (cut == s)	/* one item wider than the line: cut it */
			cut = end;
	}
	piece = strndup(s, (size_t)(cut - s));
	if (!piece)
		return s + strlen(s);
	nsi_tui_put_safe(piece, width);
	free(piece);
	while (*cut == ' ')
		cut++;
	return cut;
}

void nsi_tui_draw_detail(struct tui *t, int y, int h)
{
	struct lines l = { 0 };
	uint64_t key = t->cursor[t->view];
	size_t i;
	int row;

	if (t->view == VIEW_NS) {
		const struct nsi_ns *ns = nsi_model_get_ns(&t->model,
				TUI_NS_KEY_TYPE(key), TUI_NS_KEY_INO(key), 0);

		if (ns)
			ns_detail(ns, &l);
	} else {
		const struct nsi_proc *p = nsi_model_find_proc(&t->model,
							       (pid_t)key);

		if (p)
			proc_detail(t, p, &l);
	}
	if (!l.n)
		add_line(&l, "(gone)");
	move(y, 0);
	nsi_tui_style_on(t, CP_HEAD, A_REVERSE);
	printw("%-*s", COLS, " Detail (Enter closes)");
	nsi_tui_style_off(t, CP_HEAD, A_REVERSE);
	/* long lines (capability lists) go on, indented, on the next rows */
	for (row = 1, i = 0; row < h && i < l.n; i++) {
		const char *s = l.v[i];
		int cont = 0;

		do {
			nsi_tui_clear_line(y + row);
			if (cont)
				addstr("      ");
			s = put_piece(s, cont ? COLS - 6 : COLS);
			cont = 1;
			row++;
		} while (*s && row < h);
	}
	for (; row < h; row++)
		nsi_tui_clear_line(y + row);
	free_lines(&l);
}
