/*
 * docker.c - names, images and network modes of docker containers from
 * the Docker Engine API: one GET /containers/json over dockerd's Unix
 * socket (libcurl, CURLOPT_UNIX_SOCKET_PATH), parsed with json-c.  The
 * only file of nsinspect that uses libcurl; it never sends anything but
 * that one GET.  Also the engines of a run (struct nsi_engines): one
 * request per engine and run within one time budget, and the live
 * view's requests, made by a child so that a slow engine never holds the
 * screen.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CURL_DISABLE_TYPECHECK 1	/* its checks are macros over the names */
#include <curl/curl.h>
#include <dlfcn.h>
#include <json-c/json.h>

#include "container.h"
#include "model.h"

/* The answer's size limit: a few KiB per container, so 16 MiB is plenty. */
#define ANSWER_MAX	(16u << 20)

/*
 * Unversioned, the path is served by every engine at its own current API
 * version; a fixed "/v1.NN" prefix is refused by engines that have raised
 * their minimum version past it.  The fields used are in every version.
 */
#define CONTAINERS_URL	"http://localhost/containers/json"

/* Replace the owned string *@field by a copy of @value. */
static int set_string(char **field, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

/* The string member @key of @obj, or NULL when absent or not a string. */
static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Fill @c from one entry of the answer. */
static int name_container(struct nsi_container *c, struct json_object *entry)
{
	struct json_object *names, *one, *host_config;
	const char *s;
	size_t i, n;
	int named = 0;

	/*
	 * Every name: a container another links to (--link) is listed as
	 * "/NAME" and "/LINKER/ALIAS"; the first is its own.  Those past
	 * NSI_CONTAINER_NAMES_MAX are dropped (an answer is untrusted).
	 */
	if (json_object_object_get_ex(entry, "Names", &names) &&
	    json_object_is_type(names, json_type_array)) {
		n = json_object_array_length(names);
		for (i = 0; i < n && i < NSI_CONTAINER_NAMES_MAX; i++) {
			one = json_object_array_get_idx(names, i);
			if (!json_object_is_type(one, json_type_string))
				continue;
			s = json_object_get_string(one);
			/* The API's names start with '/'. */
			if (*s == '/')
				s++;
			if (!*s)
				continue;
			if ((!named++ && set_string(&c->name, s) < 0) ||
			    nsi_container_add_name(c, s) < 0)
				return -ENOMEM;
		}
	}
	s = get_string(entry, "Image");
	if (s && set_string(&c->image, s) < 0)
		return -ENOMEM;
	if (json_object_object_get_ex(entry, "HostConfig", &host_config) &&
	    json_object_is_type(host_config, json_type_object)) {
		s = get_string(host_config, "NetworkMode");
		if (s && set_string(&c->network_mode, s) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Where the tokener stopped, to tell trailing bytes from the end. */
static size_t parse_end(struct json_tokener *tok)
{
#if JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

struct json_object *nsi_json_parse(const char *buf, size_t len,
				   enum json_type type, int *err)
{
	struct json_tokener *tok;
	struct json_object *root;
	size_t end;

	*err = -EBADMSG;
	/* json_tokener_parse_ex() takes an int length. */
	if (len > ANSWER_MAX)
		return NULL;
	tok = json_tokener_new();
	if (!tok) {
		*err = -ENOMEM;
		return NULL;
	}
	root = json_tokener_parse_ex(tok, buf, (int)len);
	/* NULL with json_tokener_continue: the text stopped half-way. */
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(root);
		json_tokener_free(tok);
		return NULL;
	}
	/* Only white space may follow the value. */
	for (end = parse_end(tok); end < len; end++)
		if (!strchr(" \t\r\n", buf[end]) || !buf[end])
			break;
	json_tokener_free(tok);
	if (end < len || !json_object_is_type(root, type)) {
		json_object_put(root);
		return NULL;
	}
	*err = 0;
	return root;
}

struct nsi_container *nsi_engine_container(struct nsi_model *m,
					   const char *runtime, long owner,
					   const char *id)
{
	struct nsi_container *c;

	if (owner >= 0)		/* a user's engine: that user's containers */
		return nsi_model_get_container_of(m, runtime, id, owner, 0);
	c = nsi_model_get_container(m, runtime, id, 0);	/* the system's */
	if (c)
		return c;
	/* One under a cgroup parent of the user's choice (docker's
	 * --cgroup-parent with the cgroupfs driver) was found as
	 * "unknown": the engine's list makes it the engine's. */
	c = nsi_model_get_container(m, "unknown", id, 0);
	if (c) {
		int rc = nsi_model_claim_container(m, c, runtime);

		if (rc < 0) {
			errno = -rc;	/* ENOMEM, or EEXIST */
			return NULL;
		}
	}
	return c;
}

int nsi_engine_parse(struct nsi_model *m, const char *runtime, long owner,
		     const char *buf, size_t len)
{
	struct json_object *root, *seen;
	size_t i, n;
	int named = 0, rc;

	root = nsi_json_parse(buf, len, json_type_array, &rc);
	if (!root)
		return rc;

	/* The IDs that named a container: one listed twice counts once. */
	seen = json_object_new_object();
	if (!seen) {
		json_object_put(root);
		return -ENOMEM;
	}
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		struct json_object *entry = json_object_array_get_idx(root, i);
		struct nsi_container *c;
		const char *id;

		if (!json_object_is_type(entry, json_type_object))
			continue;
		id = get_string(entry, "Id");
		if (!id)
			continue;
		/* Containers with no process in the model are not added. */
		errno = 0;
		c = nsi_engine_container(m, runtime, owner, id);
		if (!c && errno == ENOMEM)
			goto nomem;
		if (!c)
			continue;
		if (name_container(c, entry) < 0)
			goto nomem;
		if (json_object_object_get_ex(seen, id, NULL))
			continue;
		if (json_object_object_add(seen, id, NULL) < 0)
			goto nomem;
		named++;
	}
	json_object_put(seen);
	json_object_put(root);
	return named;
nomem:
	json_object_put(seen);
	json_object_put(root);
	return -ENOMEM;
}

int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len)
{
	return nsi_engine_parse(m, "docker", -1, buf, len);
}

/* The answer as it arrives. */
struct answer {
	char *buf;
	size_t len;
	size_t size;
	size_t max;	/* the most taken, at most ANSWER_MAX */
	uid_t peer;	/* the UID the listening process must have */
	int fd;		/* the socket libcurl connects, -1 before */
	int err;	/* -EMSGSIZE past @max, -ENOMEM, -EPERM */
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct answer *a = userdata;
	size_t n = size * nmemb, want;
	char *big;

	if (n > a->max - a->len) {	/* a->len <= a->max always */
		a->err = -EMSGSIZE;
		return 0;	/* any other count aborts the transfer */
	}
	if (a->len + n > a->size) {
		want = a->size ? a->size : 16384;
		while (want < a->len + n)
			want *= 2;
		big = realloc(a->buf, want);
		if (!big) {
			a->err = -ENOMEM;
			return 0;
		}
		a->buf = big;
		a->size = want;
	}
	memcpy(a->buf + a->len, data, n);
	a->len += n;
	return n;
}

/*
 * libcurl is loaded with dlopen(3) the first time the engine is asked:
 * linked in, it and the 30 libraries it needs (TLS, LDAP, SSH, ...) cost
 * every run of nsinspect about 14 ms of start-up and 3 MB of memory,
 * while most runs on most machines never ask Docker anything.
 */
static struct {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *curl);
} lib;

/*
 * curl_global_init() must run once before any other libcurl call, and is
 * not thread-safe (with older libcurl, or some TLS back-ends): nsinspect
 * is single-threaded, so a plain flag suffices.  It is never undone with
 * curl_global_cleanup(): the process ends soon after.
 */
static int curl_ready(void)
{
	static int done;	/* 1 ready, -errno failed */
	void *h;

	if (done)
		return done > 0 ? 0 : done;
	done = -ELIBACC;
	h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return done;
	*(void **)&lib.global_init = dlsym(h, "curl_global_init");
	*(void **)&lib.easy_init = dlsym(h, "curl_easy_init");
	*(void **)&lib.easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&lib.easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&lib.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&lib.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	if (!lib.global_init || !lib.easy_init || !lib.easy_setopt ||
	    !lib.easy_perform || !lib.easy_getinfo || !lib.easy_cleanup)
		return done;
	if (lib.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return done = -EIO;
	done = 1;
	return 0;
}

/*
 * Is @c a docker container the engine has not named yet, or one whose
 * runtime the cgroup did not tell (dockerd may list it)?
 */
static int unnamed_docker(const struct nsi_container *c)
{
	return !c->name && (strcmp(c->runtime, "docker") == 0 ||
			    strcmp(c->runtime, "unknown") == 0);
}

int nsi_docker_wanted(const struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++)
		if (unnamed_docker(m->containers[i]))
			return 1;
	return 0;
}

/*
 * -errno for a failed transfer.  Only what is ours is -ENOMEM: whatever
 * the engine caused (a header line past libcurl's limit makes libcurl
 * say CURLE_OUT_OF_MEMORY, libcurl 8.6 says CURLE_TOO_LARGE) is the
 * engine's fault, told and survived.
 */
static int curl_errno(CURL *curl, CURLcode res, const struct answer *a)
{
	long os_errno = 0;

	if (a->err == -EPERM || a->err == -ENOMEM)	/* the callbacks' */
		return a->err;
	switch (res) {
	case CURLE_COULDNT_CONNECT:
		/* connect(2)'s errno tells a socket we may not write to. */
		lib.easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == EACCES || os_errno == EPERM)
			return -EACCES;
		if (os_errno == ENOENT)	/* removed since the stat() */
			return -ENOENT;
		return -ECONNREFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_OUT_OF_MEMORY:
	case 100:	/* CURLE_TOO_LARGE, libcurl >= 8.6 */
		return -EMSGSIZE;
	case CURLE_WRITE_ERROR:
		return a->err ? a->err : -EIO;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
		return -EPROTO;
	default:
		return -EIO;
	}
}

/*
 * CURLOPT_OPENSOCKETFUNCTION: the socket libcurl connects (by path,
 * following whatever symlink the socket or a directory above it became
 * since it was looked at), kept to check its peer in prereq_cb().
 */
static curl_socket_t open_cb(void *clientp, curlsocktype purpose,
			     struct curl_sockaddr *addr)
{
	struct answer *a = clientp;
	int fd;

	if (purpose != CURLSOCKTYPE_IPCXN || addr->family != AF_UNIX ||
	    a->fd >= 0) {
		a->err = -EPERM;	/* only the one Unix socket */
		return CURL_SOCKET_BAD;
	}
	fd = socket(AF_UNIX, addr->socktype | SOCK_CLOEXEC, addr->protocol);
	if (fd < 0) {
		a->err = errno == ENOMEM || errno == ENOBUFS ? -ENOMEM :
			 -errno;
		return CURL_SOCKET_BAD;
	}
	a->fd = fd;
	return fd;
}

/*
 * CURLOPT_PREREQFUNCTION: connected, nothing sent yet.  The request goes
 * only to a listener of the expected UID (SO_PEERCRED, unix(7): the
 * credentials of the process that called listen(2), fixed for the
 * socket's life): a symlink swapped in leads to another listener, which
 * is never asked.  (Connecting in open_cb() and telling libcurl so with
 * CURL_SOCKOPT_ALREADY_CONNECTED would check before connect(2) returns,
 * but libcurl 7.88 connects such a socket again and fails, EISCONN.)
 */
static int prereq_cb(void *clientp, char *primary_ip, char *local_ip,
		     int primary_port, int local_port)
{
	struct answer *a = clientp;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	if (a->fd < 0 ||
	    getsockopt(a->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    len != sizeof(cred) || cred.uid != a->peer) {
		a->err = -EPERM;
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

int nsi_docker_get(const char *socket_path, long timeout_ms, char **buf,
		   size_t *len)
{
	return nsi_engine_get(socket_path, 0, ANSWER_MAX, timeout_ms, buf,
			      len);
}

int nsi_engine_get(const char *socket_path, uid_t peer_uid, size_t max,
		   long timeout_ms, char **buf, size_t *len)
{
	struct answer a = { NULL, 0, 0, 0, 0, -1, 0 };
	struct stat st;
	CURLcode res;
	long status = 0;
	CURL *curl;
	int rc, bad = 0;

	*buf = NULL;
	*len = 0;
	a.max = max < ANSWER_MAX ? max : ANSWER_MAX;
	a.peer = peer_uid;
	if (stat(socket_path, &st) < 0)
		return errno == ENOENT || errno == ENOTDIR ? -ENOENT :
		       errno == EACCES ? -EACCES : -EIO;
	rc = curl_ready();
	if (rc < 0)
		return rc;
	curl = lib.easy_init();
	if (!curl)
		return -ENOMEM;

	/* libcurl treats 0 as "no limit": never wait forever on dockerd. */
	if (timeout_ms < 1)
		timeout_ms = 1;
	/* Any option refused (an old libcurl) fails the query. */
	bad |= lib.easy_setopt(curl, CURLOPT_URL, CONTAINERS_URL);
	bad |= lib.easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_path);
#if LIBCURL_VERSION_NUM >= 0x075500
	bad |= lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
#else
	bad |= lib.easy_setopt(curl, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTP);
#endif
	bad |= lib.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	/* An http_proxy of the environment must not take the request away
	 * from the socket. */
	bad |= lib.easy_setopt(curl, CURLOPT_PROXY, "");
	bad |= lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	bad |= lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	/* No SIGALRM for the timeout: signals are the caller's. */
	bad |= lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	bad |= lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
	bad |= lib.easy_setopt(curl, CURLOPT_WRITEDATA, &a);
	bad |= lib.easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_cb);
	bad |= lib.easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &a);
	bad |= lib.easy_setopt(curl, CURLOPT_PREREQFUNCTION, prereq_cb);
	bad |= lib.easy_setopt(curl, CURLOPT_PREREQDATA, &a);
	if (bad) {
		rc = -EIO;
		goto out;
	}
	res = lib.easy_perform(curl);
	if (res != CURLE_OK) {
		rc = curl_errno(curl, res, &a);
		goto out;
	}
	lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		rc = -EREMOTEIO;
		goto out;
	}
	*buf = a.buf;
	*len = a.len;
	a.buf = NULL;
	rc = 0;
out:
	lib.easy_cleanup(curl);
	free(a.buf);
	return rc;
}

int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms)
{
	size_t len;
	char *buf;
	int rc;

	if (!nsi_docker_wanted(m))
		return 0;
	rc = nsi_docker_get(socket_path, timeout_ms, &buf, &len);
	if (rc < 0)
		return rc;
	rc = nsi_docker_parse(m, buf ? buf : "", len);
	free(buf);
	return rc;
}

const char *nsi_engine_strerror(int err)
{
	switch (err) {
	case ENOENT:
		return "no such socket";
	case ECONNREFUSED:
		return "connection refused (no engine listens)";
	case ETIMEDOUT:
		return "no answer within the time limit";
	case EMSGSIZE:
		return "answer too large (a header line past libcurl's "
		       "limit, or more than 16 MiB; 1 MiB from a user's "
		       "Podman)";
	case EPERM:
		return "the process listening on the socket is not of the "
		       "user expected (root, or the socket's owner): not "
		       "asked";
	case EPROTO:
		return "not a valid HTTP answer";
	case EREMOTEIO:
		return "answered with an HTTP status other than 200";
	case EBADMSG:
		return "answer is not the container list expected";
	case ELIBACC:
		return "cannot load libcurl.so.4";
	default:
		return strerror(err);
	}
}

/* ---------------------------------------------------------- engines */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void nsi_engines_init(struct nsi_engines *e, long budget_ms)
{
	*e = (struct nsi_engines){ 0 };
	e->budget_ms = budget_ms;
	e->docker_socket = NSI_DOCKER_SOCKET;
	e->answer_fd = -1;
}

int nsi_engines_ask(struct nsi_engines *e, struct nsi_model *m)
{
	long long left;
	int rc;

	if (!(e->asked & NSI_ENGINE_DOCKER) && nsi_docker_wanted(m)) {
		/* the budget runs from the first request */
		if (!e->deadline_ms)
			e->deadline_ms = now_ms() + e->budget_ms;
		e->asked |= NSI_ENGINE_DOCKER;
		left = e->deadline_ms - now_ms();
		rc = left > 0 ? nsi_docker_query(m, e->docker_socket,
						 (long)left) : -ETIMEDOUT;
		if (rc == -ENOMEM)
			return rc;
		e->docker_errno = rc < 0 ? -rc : 0;
	}
	/* Podman: its API services within what is left, then its files */
	if (!(e->asked & NSI_ENGINE_PODMAN) && nsi_podman_wanted(m)) {
		if (!e->deadline_ms)
			e->deadline_ms = now_ms() + e->budget_ms;
		e->asked |= NSI_ENGINE_PODMAN;
		rc = nsi_podman_query(m, e->deadline_ms, &e->podman);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------- background asks */

/* The least and the most time to wait before asking a failed engine again. */
#define RETRY_FIRST_MS	2000
#define RETRY_MAX_MS	60000
/* A child that outlives its budget by this much is killed. */
#define CHILD_GRACE_MS	2000

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_ids(struct nsi_engines *e)
{
	size_t i;

	for (i = 0; i < e->nids; i++)
		free(e->ids[i]);
	free(e->ids);
	e->ids = NULL;
	e->nids = 0;
}

/*
 * Is a docker container of @m unnamed and not among those unnamed at the
 * last request (e->ids, sorted)?
 */
static int new_unnamed(const struct nsi_engines *e, const struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++) {
		const char *id = m->containers[i]->id;

		if (!unnamed_docker(m->containers[i]))
			continue;
		if (!e->nids || !bsearch(&id, e->ids, e->nids, sizeof(*e->ids),
					 cmp_str))
			return 1;
	}
	return 0;
}

/* Remember the docker containers of @m that are unnamed now. */
static int remember_unnamed(struct nsi_engines *e, const struct nsi_model *m)
{
	size_t i, n = 0;
	char **ids;

	ids = calloc(m->ncontainers + 1, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < m->ncontainers; i++) {
		if (!unnamed_docker(m->containers[i]))
			continue;
		ids[n] = strdup(m->containers[i]->id);
		if (!ids[n]) {
			while (n)
				free(ids[--n]);
			free(ids);
			return -ENOMEM;
		}
		n++;
	}
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_str);
	free_ids(e);
	e->ids = ids;
	e->nids = n;
	return 0;
}

/* The engine failed with @err: not again before the back-off ends. */
static void failed(struct nsi_engines *e, int err)
{
	e->docker_errno = err;
	e->backoff_ms = e->backoff_ms ? e->backoff_ms * 2 : RETRY_FIRST_MS;
	if (e->backoff_ms > RETRY_MAX_MS)
		e->backoff_ms = RETRY_MAX_MS;
	e->retry_ms = now_ms() + e->backoff_ms;
}

static void end_child(struct nsi_engines *e)
{
	if (e->answer_fd >= 0)
		close(e->answer_fd);
	e->answer_fd = -1;
	e->child = 0;
}

/*
 * The child: ask, write the answer to the memfd, and tell how it went in
 * its exit status (0, or the positive errno).  _exit(2) only: the
 * parent's atexit(3) handlers (the terminal's) and stdio are not ours.
 */
static void __attribute__((noreturn)) child_ask(const struct nsi_engines *e)
{
	size_t len, off = 0;
	char *buf;
	ssize_t n;
	int rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	rc = nsi_docker_get(e->docker_socket, e->budget_ms, &buf, &len);
	if (rc < 0)
		_exit(-rc > 0 && -rc < 256 ? -rc : EIO);
	while (off < len) {
		n = write(e->answer_fd, buf + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(buf);
	_exit(off < len ? EIO : 0);
}

/* Start a child that asks the engine. */
static int start_child(struct nsi_engines *e, const struct nsi_model *m)
{
	pid_t pid;
	int rc;

	rc = remember_unnamed(e, m);
	if (rc < 0)
		return rc;
	e->answer_fd = memfd_create("nsinspect-engine", MFD_CLOEXEC);
	if (e->answer_fd < 0) {
		if (errno == ENOMEM)
			return -ENOMEM;
		failed(e, errno);
		return 0;
	}
	pid = fork();
	if (pid < 0) {
		rc = errno;
		end_child(e);
		if (rc == ENOMEM)
			return -ENOMEM;
		failed(e, rc);
		return 0;
	}
	if (pid == 0)
		child_ask(e);
	e->child = pid;
	e->child_start_ms = now_ms();
	return 0;
}

/* Read the whole memfd: the answer. */
static int read_answer(int fd, char **bufp, size_t *lenp)
{
	struct stat st;
	size_t off = 0;
	char *buf;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return -errno;
	if ((unsigned long long)st.st_size > ANSWER_MAX)
		return -EMSGSIZE;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	while (off < (size_t)st.st_size) {
		n = pread(fd, buf + off, (size_t)st.st_size - off, (off_t)off);
		if (n <= 0) {
			free(buf);
			return n < 0 ? -errno : -EIO;
		}
		off += (size_t)n;
	}
	*bufp = buf;
	*lenp = off;
	return 0;
}

/* Has the child ended? Then apply its answer to @m. */
static int collect_child(struct nsi_engines *e, struct nsi_model *m)
{
	size_t len = 0;
	char *buf = NULL;
	pid_t got;
	int st, rc;

	got = waitpid(e->child, &st, WNOHANG);
	if (got == 0) {
		if (now_ms() - e->child_start_ms <
		    e->budget_ms + CHILD_GRACE_MS)
			return 0;	/* still asking */
		kill(e->child, SIGKILL);
		waitpid(e->child, &st, 0);
		end_child(e);
		failed(e, ETIMEDOUT);
		return 0;
	}
	if (got < 0) {
		end_child(e);
		failed(e, ECHILD);
		return 0;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : EINTR;
		end_child(e);
		failed(e, rc);
		return 0;
	}
	rc = read_answer(e->answer_fd, &buf, &len);
	end_child(e);
	if (rc == 0)
		rc = nsi_docker_parse(m, buf, len);
	free(buf);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		failed(e, -rc);
		return 0;
	}
	e->docker_errno = 0;
	e->backoff_ms = 0;
	return 0;
}

int nsi_engines_poll(struct nsi_engines *e, struct nsi_model *m)
{
	int rc;

	/* Podman: its files only (no API service: nothing here may wait),
	 * at most once per NSI_PODMAN_LOOK_MS while one is unnamed */
	if (nsi_podman_wanted(m) && now_ms() >= e->podman_next_ms) {
		e->podman_next_ms = now_ms() + NSI_PODMAN_LOOK_MS;
		rc = nsi_podman_query(m, 0, &e->podman);
		if (rc < 0)
			return rc;
	}

	if (e->child) {
		rc = collect_child(e, m);
		if (rc < 0 || e->child)
			return rc;
	}
	if (!new_unnamed(e, m)) {
		/* a failed engine is asked again, after its back-off */
		if (!e->docker_errno || !nsi_docker_wanted(m) ||
		    now_ms() < e->retry_ms)
			return 0;
	} else if (e->docker_errno && now_ms() < e->retry_ms) {
		return 0;	/* new containers wait for the back-off too */
	}
	return start_child(e, m);
}

long nsi_engines_wait(const struct nsi_engines *e)
{
	siginfo_t si = { 0 };

	if (!e->child)
		return -1;
	/* WNOWAIT: the child stays to be reaped by nsi_engines_poll() */
	if (waitid(P_PID, (id_t)e->child, &si,
		   WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == e->child)
		return 0;
	if (now_ms() - e->child_start_ms >= e->budget_ms + CHILD_GRACE_MS)
		return 0;	/* overdue: nsi_engines_poll() kills it */
	return NSI_ENGINES_POLL_MS;
}

void nsi_engines_release(struct nsi_engines *e)
{
	int st;

	if (e->child > 0) {
		kill(e->child, SIGKILL);
		waitpid(e->child, &st, 0);
	}
	end_child(e);
	free_ids(e);
	nsi_podman_answer_release(&e->podman);
}
