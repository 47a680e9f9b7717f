/*
 * render-metrics.c - --metrics in the Prometheus text exposition format
 * (render-metrics.h): one family of gauges after another, each with its
 * # HELP and # TYPE lines, label values escaped, no PID as a label.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "caps.h"
#include "render-metrics.h"
#include "replace-file.h"
#include "textsafe.h"
#include "util.h"

void nsi_render_label_value(FILE *f, const char *s)
{
	size_t len, i;

	while (*s) {
		int shown = nsi_text_next(s, &len, 0);

		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			if (!shown)
				fprintf(f, "\\\\x%02x", c);
			else if (c == '\\' || c == '"')
				fprintf(f, "\\%c", c);
			else if (c == '\n')	/* never shown: the format's rule */
				fputs("\\n", f);
			else
				putc(c, f);
		}
		s += len;
	}
}

/* The # HELP and # TYPE lines of a family of gauges. */
static void family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* ,key="value" (no comma when @first). */
static void label(FILE *f, const char *key, const char *value, int first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	nsi_render_label_value(f, value ? value : "");
	putc('"', f);
}

/*
 * Seconds with microseconds, written digit by digit: never the locale's
 * decimal comma, which the format does not take.
 */
static void seconds(FILE *f, double v)
{
	unsigned long long us = (unsigned long long)(v * 1e6 + 0.5);

	fprintf(f, "%llu.%06llu\n", us / 1000000, us % 1000000);
}

/* The labels every series of a container starts with, after "{". */
static void container_labels(FILE *f, const struct nsi_container *c)
{
	label(f, "runtime", c->runtime, 1);
	label(f, "id", c->id, 0);
	label(f, "name", c->name, 0);
	/* a user's container may have a system one's ID: never one series */
	if (c->rootless)
		fprintf(f, ",owner=\"%u\"", (unsigned int)c->owner_uid);
}

/* Build, scan time, namespaces and processes. */
static void host_series(FILE *f, const struct nsi_metrics *mx)
{
	static const char *const userns[NSI_METRICS_USERNS_N] = {
		"initial", "child", "unknown"
	};
	int t;

	family(f, "nsinspect_build_info", "The version of nsinspect that "
	       "wrote these metrics.");
	fprintf(f, "nsinspect_build_info{version=\"%s\"} 1\n",
		PACKAGE_VERSION);
	if (mx->scan_seconds >= 0) {
		family(f, "nsinspect_scan_duration_seconds", "How long the "
		       "scan of processes, namespaces and containers took.");
		fputs("nsinspect_scan_duration_seconds ", f);
		seconds(f, mx->scan_seconds);
	}
	if (mx->scan_time > 0) {
		family(f, "nsinspect_scan_timestamp_seconds", "When the scan "
		       "ended, in seconds since the Epoch.");
		fputs("nsinspect_scan_timestamp_seconds ", f);
		seconds(f, mx->scan_time);
	}
	family(f, "nsinspect_namespaces", "Namespaces found, by type: those "
	       "processes are in, and those only nsfs mounts, open files, "
	       "sockets, threads or their descendants hold.");
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (mx->have_type[t])
			fprintf(f, "nsinspect_namespaces{type=\"%s\"} %zu\n",
				nsi_ns_type_name(t), mx->namespaces[t]);
	family(f, "nsinspect_processes", "Processes (thread groups) seen.");
	fprintf(f, "nsinspect_processes %zu\n", mx->processes);
	if (mx->host_pidns >= 0) {
		family(f, "nsinspect_host_pid_namespace", "1 when the processes "
		       "seen are the host's PID namespace's, 0 when nsinspect "
		       "runs in a container without it and sees only that "
		       "container's.");
		fprintf(f, "nsinspect_host_pid_namespace %d\n", mx->host_pidns);
	}
	family(f, "nsinspect_processes_with_capabilities", "Processes whose "
	       "permitted, effective or ambient set is not empty, by the user "
	       "namespace their capabilities act in.");
	for (t = 0; t < NSI_METRICS_USERNS_N; t++)
		fprintf(f, "nsinspect_processes_with_capabilities"
			"{user_namespace=\"%s\"} %zu\n", userns[t],
			mx->with_caps[t]);
}

/*
 * What could not be read: JSON's "unreadable" object, but the statuses
 * counted in the model (no view's rows counted them).
 */
static void unreadable_series(FILE *f, const struct nsi_metrics *mx,
			      const struct nsi_unreadable *u)
{
	family(f, "nsinspect_unreadable_processes", "Processes not read "
	       "fully, by what could not be read: a namespace link, the "
	       "status (capabilities), the open files (namespaces held by "
	       "fd or socket).");
	fprintf(f, "nsinspect_unreadable_processes{read=\"namespaces\"} %zu\n"
		"nsinspect_unreadable_processes{read=\"status\"} %zu\n"
		"nsinspect_unreadable_processes{read=\"open_files\"} %zu\n",
		u->namespaces, mx->status_unreadable, u->open_files);
	family(f, "nsinspect_unreadable_threads", "Threads whose own status "
	       "(capability sets) could not be read.");
	fprintf(f, "nsinspect_unreadable_threads %zu\n", u->threads);
	if (u->hidepid && u->hidden_tasks >= 0) {
		family(f, "nsinspect_hidden_tasks", "Tasks (processes and "
		       "threads) the hidepid= option of /proc hid.");
		fprintf(f, "nsinspect_hidden_tasks %ld\n", u->hidden_tasks);
	}
}

/* Containers by runtime, and one info series each. */
static void container_info(FILE *f, const struct nsi_metrics *mx)
{
	size_t i;

	family(f, "nsinspect_containers", "Containers found, by runtime.");
	for (i = 0; i < mx->nruntimes; i++) {
		fputs("nsinspect_containers{", f);
		label(f, "runtime", mx->runtimes[i].runtime, 1);
		fprintf(f, "} %zu\n", mx->runtimes[i].containers);
	}
	family(f, "nsinspect_containers_unexported", "Containers of rootless "
	       "users past " NSI_STR(NSI_METRICS_USER_CONTAINERS_MAX) " each: "
	       "counted in nsinspect_containers, without series of their "
	       "own.");
	fprintf(f, "nsinspect_containers_unexported %zu\n",
		mx->containers_unexported);
	family(f, "nsinspect_container_info", "A container: its runtime, ID, "
	       "name and image, and for a Kubernetes pod's its name, "
	       "namespace and UID; always 1.");
	for (i = 0; i < mx->ncontainers; i++) {
		const struct nsi_container *c = mx->containers[i].c;

		fputs("nsinspect_container_info{", f);
		container_labels(f, c);
		label(f, "image", c->image, 0);
		label(f, "pod", c->pod_name, 0);
		label(f, "pod_namespace", c->pod_namespace, 0);
		label(f, "pod_uid", c->pod, 0);
		fputs("} 1\n", f);
	}
}

/* Per container, each namespace type: 1 when it is the host's. */
static void container_shared(FILE *f, const struct nsi_metrics *mx)
{
	size_t i;
	int t;

	family(f, "nsinspect_container_host_namespace", "1 when the container "
	       "is in the host's namespace of the type (as --audit says), 0 "
	       "when in its own; absent when not known.");
	for (i = 0; i < mx->ncontainers; i++)
		for (t = 0; t < NSI_NS_NTYPES; t++) {
			if (mx->containers[i].shared[t] < 0)
				continue;
			fputs("nsinspect_container_host_namespace{", f);
			container_labels(f, mx->containers[i].c);
			fprintf(f, ",type=\"%s\"} %d\n", nsi_ns_type_name(t),
				mx->containers[i].shared[t]);
		}
}

/* One series per capability of each container: its @escape mask, or
 * its added one. */
static int container_caps(FILE *f, const struct nsi_metrics *mx,
			  const char *name, int escape)
{
	size_t i;
	int n, k;

	for (i = 0; i < mx->ncontainers; i++) {
		const struct nsi_metrics_container *e = &mx->containers[i];
		char **names;

		n = nsi_cap_names(escape ? e->escape : e->added, &names);
		if (n < 0)
			return n;
		for (k = 0; k < n; k++) {
			fprintf(f, "%s{", name);
			container_labels(f, e->c);
			label(f, "capability", names[k], 0);
			fputs("} 1\n", f);
		}
		nsi_cap_names_free(names, (size_t)n);
	}
	return 0;
}

/* Whether a mask of some container has a capability. */
static int any_caps(const struct nsi_metrics *mx, int escape)
{
	size_t i;

	for (i = 0; i < mx->ncontainers; i++)
		if (escape ? mx->containers[i].escape : mx->containers[i].added)
			return 1;
	return 0;
}

int nsi_render_metrics(FILE *f, const struct nsi_metrics *mx,
		       const struct nsi_unreadable *u)
{
	static const char added[] =
		"nsinspect_container_capability_beyond_default";
	static const char escape[] =
		"nsinspect_container_capability_escape_prone";
	int rc = 0;

	host_series(f, mx);
	unreadable_series(f, mx, u);
	/* a family without a sample is left out whole */
	if (mx->ncontainers) {
		container_info(f, mx);
		container_shared(f, mx);
	}
	if (any_caps(mx, 0)) {
		family(f, added, "1 for each capability of a container's "
		       "bounding set beyond its engine's default set (the "
		       "union over its processes, as --audit's \"added\").");
		rc = container_caps(f, mx, added, 0);
	}
	if (!rc && any_caps(mx, 1)) {
		family(f, escape, "1 for each escape-prone capability a "
		       "process of the container holds or gets back by itself, "
		       "acting on the host (as --audit's \"dangerous\").");
		rc = container_caps(f, mx, escape, 1);
	}
	errno = 0;
	if (fflush(f) != 0 && !rc)
		rc = errno ? -errno : -EIO;
	if (ferror(f) && !rc)
		rc = -EIO;
	return rc;
}

int nsi_render_metrics_file(const char *path, const struct nsi_metrics *mx,
			    const struct nsi_unreadable *u)
{
	struct nsi_replace r;
	int rc = nsi_replace_open(&r, path, 0666);

	if (rc < 0)
		return rc;
	rc = nsi_render_metrics(r.f, mx, u);
	if (rc < 0) {
		nsi_replace_abort(&r);
		return rc;
	}
	return nsi_replace_commit(&r);
}
