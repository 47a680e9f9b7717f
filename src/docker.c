/*
 * docker.c - names, images and network modes of docker containers from
 * the Docker Engine API: one GET /containers/json over dockerd's Unix
 * socket (libcurl, CURLOPT_UNIX_SOCKET_PATH), parsed with json-c.  The
 * only file of nsinspect that uses libcurl; it never sends anything but
 * that one GET.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	struct json_object *names, *first, *host_config;
	const char *s;

	if (json_object_object_get_ex(entry, "Names", &names) &&
	    json_object_is_type(names, json_type_array) &&
	    json_object_array_length(names) > 0) {
		first = json_object_array_get_idx(names, 0);
		if (json_object_is_type(first, json_type_string)) {
			s = json_object_get_string(first);
			/* The API's names start with '/'. */
			if (*s == '/')
				s++;
			if (set_string(&c->name, s) < 0)
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

int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *root, *seen;
	size_t i, n, end;
	int named = 0;

	/* json_tokener_parse_ex() takes an int length. */
	if (len > ANSWER_MAX)
		return -EBADMSG;
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, buf, (int)len);
	/* NULL with json_tokener_continue: the text stopped half-way. */
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(root);
		json_tokener_free(tok);
		return -EBADMSG;
	}
	/* Only white space may follow the array. */
	for (end = parse_end(tok); end < len; end++)
		if (!strchr(" \t\r\n", buf[end]) || !buf[end])
			break;
	json_tokener_free(tok);
	if (end < len || !json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return -EBADMSG;
	}

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
		c = nsi_model_get_container(m, "docker", id, 0);
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

/* The answer as it arrives. */
struct answer {
	char *buf;
	size_t len;
	size_t size;
	int err;	/* -EIO past ANSWER_MAX, -ENOMEM */
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct answer *a = userdata;
	size_t n = size * nmemb, want;
	char *big;

	if (n > ANSWER_MAX - a->len) {	/* a->len <= ANSWER_MAX always */
		a->err = -EIO;
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

static int has_docker_container(const struct nsi_model *m)
{
	size_t i;

	/* a docker container the engine has not named yet */
	for (i = 0; i < m->ncontainers; i++)
		if (!m->containers[i]->name &&
		    strcmp(m->containers[i]->runtime, "docker") == 0)
			return 1;
	return 0;
}

/* -errno for a failed transfer. */
static int curl_errno(CURL *curl, CURLcode res, const struct answer *a)
{
	long os_errno = 0;

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
		return -ENOMEM;
	case CURLE_WRITE_ERROR:
		return a->err ? a->err : -EIO;
	default:
		return -EIO;
	}
}

int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms)
{
	struct answer a = { NULL, 0, 0, 0 };
	struct stat st;
	CURLcode res;
	long status = 0;
	CURL *curl;
	int rc, bad = 0;

	if (!has_docker_container(m))
		return 0;
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
		rc = -EIO;
		goto out;
	}
	rc = nsi_docker_parse(m, a.buf ? a.buf : "", a.len);
out:
	lib.easy_cleanup(curl);
	free(a.buf);
	return rc;
}
