/*
 * engine-http.c - the one HTTP client of the container engines: GET
 * /containers/json of the Docker Engine API over an engine's Unix socket
 * (libcurl, CURLOPT_UNIX_SOCKET_PATH), for dockerd and Podman's
 * compatible API service alike, sent only to a listener of the expected
 * UID.  The only file of nsinspect that uses libcurl; it never sends
 * anything but that one GET.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CURL_DISABLE_TYPECHECK 1	/* its checks are macros over the names */
#include <curl/curl.h>
#include <dlfcn.h>

#include "engine-http.h"
#include "grow.h"

/*
 * Unversioned, the path is served by every engine at its own current API
 * version; a fixed "/v1.NN" prefix is refused by engines that have raised
 * their minimum version past it.  The fields used are in every version.
 */
#define CONTAINERS_URL	"http://localhost/containers/json"

/* The answer as it arrives. */
struct answer {
	char *buf;
	size_t len;
	size_t size;
	size_t max;	/* the most taken, at most NSI_ENGINE_ANSWER_MAX */
	uid_t peer;	/* the UID the listening process must have */
	int fd;		/* the socket libcurl connects, -1 before */
	int err;	/* -EMSGSIZE past @max, -ENOMEM, -EPERM */
};

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct answer *a = userdata;
	size_t n = size * nmemb;

	if (n > a->max - a->len) {	/* a->len <= a->max always */
		a->err = -EMSGSIZE;
		return 0;	/* any other count aborts the transfer */
	}
	/* 16 KiB at first, then doubled: nsi_grow() passes through it */
	if (a->len + n > a->size &&
	    nsi_grow(&a->buf, &a->size, a->len + n < 16384 ? 16384 : a->len + n,
		     1) < 0) {
		a->err = -ENOMEM;
		return 0;
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

/*
 * Set the options of the one request: GET CONTAINERS_URL over the socket
 * @socket_path, within @timeout_ms, the answer into @a, the socket
 * checked by open_cb() and prereq_cb().  Return: 0, or non-zero when an
 * option is refused (an old libcurl), which fails the query.
 */
static int set_options(CURL *curl, const char *socket_path, long timeout_ms,
		       struct answer *a)
{
	int bad = 0;

	/* libcurl treats 0 as "no limit": never wait forever on dockerd. */
	if (timeout_ms < 1)
		timeout_ms = 1;
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
	bad |= lib.easy_setopt(curl, CURLOPT_WRITEDATA, a);
	bad |= lib.easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_cb);
	bad |= lib.easy_setopt(curl, CURLOPT_OPENSOCKETDATA, a);
	bad |= lib.easy_setopt(curl, CURLOPT_PREREQFUNCTION, prereq_cb);
	bad |= lib.easy_setopt(curl, CURLOPT_PREREQDATA, a);
	return bad;
}

int nsi_engine_get(const char *socket_path, uid_t peer_uid, size_t max,
		   long timeout_ms, char **buf, size_t *len)
{
	struct answer a = { NULL, 0, 0, 0, 0, -1, 0 };
	struct stat st;
	CURLcode res;
	long status = 0;
	CURL *curl;
	int rc;

	*buf = NULL;
	*len = 0;
	a.max = max < NSI_ENGINE_ANSWER_MAX ? max : NSI_ENGINE_ANSWER_MAX;
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

	if (set_options(curl, socket_path, timeout_ms, &a)) {
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
