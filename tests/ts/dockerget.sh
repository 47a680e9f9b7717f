#!/bin/sh
# shellcheck shell=sh disable=SC2016
# dockerget.sh - nsinspect asks the Docker engine only with read-only GET
# requests.  With a real container running (its processes show it to
# nsinspect), a private mount namespace puts a recording fake engine on
# /run/docker.sock (a tmpfs over /run there; the host's is untouched):
# every request nsinspect sends must be a GET of the container list, and
# the name the fake answers with must be the one nsinspect shows (so the
# answer was really asked for and used).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare mount python3
require_nsinspect
require_docker

C=nsi-get-$$
if ! docker run -d --name "$C" "$T_IMAGE" sleep 600 >"$T_TMP/run.out" 2>&1; then
	not_ok "docker run $T_IMAGE" "$(cat "$T_TMP/run.out")"
	t_finish
fi
t_add_container "$C"
ID=$(docker inspect -f '{{.Id}}' "$C")
PID=$(docker inspect -f '{{.State.Pid}}' "$C")

# The fake engine: one answer per request, each request logged as
# "METHOD PATH"; the container list names our container "fake-name".
cat >"$T_TMP/fake.py" <<'EOF'
import http.server, json, os, socketserver, sys
sock, log, cid = sys.argv[1:4]

class H(http.server.BaseHTTPRequestHandler):
    def answer(self):
        with open(log, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))
        body = json.dumps([{"Id": cid, "Names": ["/fake-name"],
                            "Image": "fake/image",
                            "HostConfig": {"NetworkMode": "default"}}])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())
    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = answer
    def address_string(self):
        return "unix"
    def log_message(self, *a):
        pass

class S(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

if os.path.exists(sock):
    os.unlink(sock)
srv = S(sock, H)
open(log + ".ready", "w").close()
srv.serve_forever()
EOF

cat >"$T_TMP/inner.sh" <<EOF
mount -t tmpfs tmpfs /run || exit 99
python3 "$T_TMP/fake.py" /run/docker.sock "$T_TMP/requests" "$ID" &
for _ in \$(seq 1 50); do [ -e "$T_TMP/requests.ready" ] && break; sleep 0.1; done
"$NSINSPECT" -J >"$T_TMP/ns.json" 2>"$T_TMP/ns.err"; echo \$? >"$T_TMP/ns.rc"
"$NSINSPECT" --caps -J >"$T_TMP/caps.json" 2>"$T_TMP/caps.err"; echo \$? >"$T_TMP/caps.rc"
"$NSINSPECT" --container fake-name -J >"$T_TMP/c.json" 2>"$T_TMP/c.err"; echo \$? >"$T_TMP/c.rc"
kill \$!
EOF
unshare --mount --propagation private sh "$T_TMP/inner.sh"
if [ "$?" = 99 ]; then
	not_ok "a tmpfs over /run in a private mount namespace"
	t_finish
fi

n=$(grep -c . "$T_TMP/requests" 2>/dev/null)
if [ "${n:-0}" -ge 3 ]; then
	ok "nsinspect asked the (fake) engine: $n requests for 3 runs"
else
	not_ok "nsinspect asked the (fake) engine once per run" "requests: ${n:-0}"
	diag_file "$T_TMP/ns.err" "stderr of -J"
fi
bad=$(grep -v '^GET ' "$T_TMP/requests" 2>/dev/null)
is "$bad" "" "every request is a GET (read-only)"
bad=$(grep -Ev '^GET (/v[0-9.]+)?/containers/json(\?[^ ]*)?$' "$T_TMP/requests" 2>/dev/null)
is "$bad" "" "every request is for the container list (/containers/json)"
for v in ns caps c; do
	is "$(cat "$T_TMP/$v.rc")" 0 "nsinspect ($v) exits 0 with the fake engine"
done
# the answer was used: the container is named as the fake said
if t_jq "$T_TMP/ns.json" --argjson p "$PID" '[.namespaces[] | select(.pid == $p and .container != null) | .container.name] | length > 0 and all(. == "fake-name")'; then
	ok "-J names the container as the fake engine answered (fake-name)"
else
	not_ok "-J names the container as the fake engine answered" \
		"$(jq -c --argjson p "$PID" '[.namespaces[] | select(.pid == $p) | .container]' "$T_TMP/ns.json")"
fi

t_finish
