#!/bin/sh
# shellcheck shell=sh disable=SC2016
# engine.sh - a container engine is untrusted: whatever it does wrong,
# nsinspect prints the namespaces, says so in one line, exits 0, asks it
# at most once per run within one time budget (1 s for all engines), and
# its live view (--tui) is never held by it.  With a real docker
# container running (so that nsinspect has a container to ask about), a
# private mount namespace puts a fake engine on /run/docker.sock (a tmpfs
# over /run there; the host's engine is untouched).  The fake logs every
# connection ("connect") and request line, and behaves as told:
#   huge      answers with a 100 KiB header line (libcurl: CURLE_OUT_OF_MEMORY)
#   silent    accepts, never answers
#   unlisted  answers 200 with an empty list: the container is not listed
#
# Cases: the huge header with -J (one warning line, the namespaces,
# exit 0); a silent engine with --caps (one connection, about 1 s, not
# 2); a silent engine with --tui (20 refreshes of 0.1 s take about 2 s,
# not 20 s; the space key's refreshes are not held; one or two
# connections, not one per refresh); a container the engine does not
# list (shown by ID, exit 0, no warning, asked once by --caps, and once
# in 20 refreshes of --tui).
#
# tmux missing is a failure (Debian package tmux).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare mount python3 awk date
require_cmd_pkg tmux tmux
require_nsinspect
require_docker
t_tmux_trap
t_trap2
# t_trap2 replaced the traps: kill tmux too
trap 't_tmux_kill; t_cleanup2' EXIT
trap 't_tmux_kill; t_cleanup2; exit 129' HUP
trap 't_tmux_kill; t_cleanup2; exit 130' INT
trap 't_tmux_kill; t_cleanup2; exit 143' TERM

C=nsi-engine-$$
if ! docker run -d --name "$C" "$T_IMAGE" sleep 600 >"$T_TMP/run.out" 2>&1; then
	not_ok "docker run $T_IMAGE" "$(cat "$T_TMP/run.out")"
	t_finish
fi
t_add_container "$C"
ID=$(docker inspect -f '{{.Id}}' "$C")
PID=$(docker inspect -f '{{.State.Pid}}' "$C")

cat >"$T_TMP/fake.py" <<'EOF'
import os, socket, sys, threading
sock, log, mode = sys.argv[1:4]
lock = threading.Lock()
held = []

def note(line):
    with lock, open(log, "a") as f:
        f.write(line + "\n")

def serve(c):
    note("connect")
    if mode == "silent":
        held.append(c)		# never answered, never closed
        return
    data = b""
    while b"\r\n\r\n" not in data:
        d = c.recv(4096)
        if not d:
            c.close()
            return
        data += d
    note(data.split(b"\r\n")[0].decode(errors="replace"))
    body = b"[]"
    head = b"HTTP/1.1 200 OK\r\n"
    if mode == "huge":
        head += b"X-Big: " + b"a" * 102400 + b"\r\n"
    head += b"Content-Type: application/json\r\n"
    head += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    try:
        c.sendall(head + body)
    except OSError:
        pass
    c.close()

if os.path.exists(sock):
    os.unlink(sock)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sock)
s.listen(64)
open(log + ".ready", "w").close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

# fake_sh MODE NAME - write $T_TMP/NAME.sh: in a private mount namespace,
# the fake engine in MODE on /run/docker.sock, then "$@" of the script
# (its log in $T_TMP/NAME.log).
fake_sh() {
	cat >"$T_TMP/$2.sh" <<EOF
mount -t tmpfs tmpfs /run || exit 99
python3 "$T_TMP/fake.py" /run/docker.sock "$T_TMP/$2.log" $1 &
FAKE=\$!
for _ in \$(seq 1 50); do [ -e "$T_TMP/$2.log.ready" ] && break; sleep 0.1; done
: >"$T_TMP/$2.log"
_t0=\$(date +%s%N)
"\$@"
rc=\$?
echo \$(((\$(date +%s%N) - _t0) / 1000000)) >"$T_TMP/$2.ms"
kill \$FAKE
exit \$rc
EOF
}

# in_fake MODE NAME CMD... - run CMD (stdout NAME.out, stderr NAME.err,
# exit status NAME.rc, its wall time in ms NAME.ms) against the fake engine.
in_fake() {
	_m=$1 _n=$2
	shift 2
	fake_sh "$_m" "$_n"
	timeout 60 unshare --mount --propagation private \
		sh "$T_TMP/$_n.sh" "$@" >"$T_TMP/$_n.out" 2>"$T_TMP/$_n.err"
	echo $? >"$T_TMP/$_n.rc"
	if [ "$(cat "$T_TMP/$_n.rc")" = 99 ]; then
		not_ok "a tmpfs over /run in a private mount namespace"
		t_finish
	fi
}

# connections NAME - how many connections the fake of NAME accepted.
connections() {
	grep -c '^connect$' "$T_TMP/$1.log" 2>/dev/null
}

# namespaces_shown NAME - whether NAME.out is -J output with the
# container's namespaces (its PID's rows) in it.
namespaces_shown() {
	# jq -e is true on an empty file
	[ -s "$T_TMP/$1.out" ] && t_jq "$T_TMP/$1.out" --argjson p "$PID" \
		'[.namespaces[] | select(.pid == $p)] | length > 0'
}

# one_line NAME ERE - whether NAME.err has exactly one line about the
# engine, and it matches ERE (other lines may tell of processes of other
# tests, which this one does not control).
one_line() {
	[ "$(grep -ci 'engine' "$T_TMP/$1.err")" = 1 ] &&
		grep -i 'engine' "$T_TMP/$1.err" | grep -Eq -- "$2"
}

# ----------------------------------------- a 100 KiB header line (-J)

in_fake huge huge "$NSINSPECT" -J
is "$(cat "$T_TMP/huge.rc")" 0 "huge header line: nsinspect -J exits 0"
if namespaces_shown huge; then
	ok "huge header line: the namespaces are printed"
else
	not_ok "huge header line: the namespaces are printed"
	diag_file "$T_TMP/huge.out" "stdout"
fi
if one_line huge "docker\.sock'.*too large.*containers are shown by ID"; then
	ok "huge header line: one warning line naming the socket and why"
else
	not_ok "huge header line: one warning line naming the socket and why"
	diag_file "$T_TMP/huge.err" "stderr"
fi
is "$(connections huge)" 1 "huge header line: the engine is asked once"

# ------------------------------------------- a silent engine (--caps)

in_fake silent caps "$NSINSPECT" --caps -J
is "$(cat "$T_TMP/caps.rc")" 0 "silent engine: nsinspect --caps exits 0"
is "$(connections caps)" 1 "silent engine: --caps asks it once"
ms=$(cat "$T_TMP/caps.ms")
if [ "$ms" -lt 1800 ]; then
	ok "silent engine: --caps waits for it 1 s in all ($ms ms)"
else
	not_ok "silent engine: --caps waits for it 1 s in all" "took $ms ms"
fi
if one_line caps "docker\.sock'.*no answer within the time limit"; then
	ok "silent engine: --caps says so in one line"
else
	not_ok "silent engine: --caps says so in one line"
	diag_file "$T_TMP/caps.err" "stderr"
fi
if [ -s "$T_TMP/caps.out" ] && t_jq "$T_TMP/caps.out" '.processes | length > 0'; then
	ok "silent engine: --caps prints the processes"
else
	not_ok "silent engine: --caps prints the processes"
fi

# ------------------------------ a container the engine does not list

in_fake unlisted unl "$NSINSPECT" -J
is "$(cat "$T_TMP/unl.rc")" 0 "unlisted container: nsinspect -J exits 0"
if [ -s "$T_TMP/unl.out" ] && t_jq "$T_TMP/unl.out" --argjson p "$PID" --arg id "$ID" \
	'[.namespaces[] | select(.pid == $p) | .container] |
	 length > 0 and all(.id == $id and .name == null)'; then
	ok "unlisted container: shown by its ID, without a name"
else
	not_ok "unlisted container: shown by its ID, without a name" \
		"$(jq -c --argjson p "$PID" '[.namespaces[] | select(.pid == $p) | .container]' "$T_TMP/unl.out" 2>&1 | head -c 600)"
fi
is "$(grep -i engine "$T_TMP/unl.err")" "" \
	"unlisted container: no warning about the engine (it answered)"
in_fake unlisted unlcaps "$NSINSPECT" --caps -J
is "$(cat "$T_TMP/unlcaps.rc")" 0 "unlisted container: --caps exits 0"
is "$(connections unlcaps)" 1 "unlisted container: --caps asks the engine once"

# ------------------------------------------------------ the live view

# tui_run NAME MODE ARGS... - nsinspect --tui ARGS in tmux against the
# fake engine in MODE; NAME.ms: its time in ms, NAME.rc: its status.
tui_run() {
	_n=$1 _m=$2
	shift 2
	fake_sh "$_m" "$_n"
	cat >"$T_TMP/$_n.tui" <<EOF
timeout --foreground 60 unshare --mount --propagation private sh "$T_TMP/$_n.sh" "$NSINSPECT" --tui $*
echo \$? >"$T_TMP/$_n.rc"
EOF
	t_tui_start 120 40 "sh $T_TMP/$_n.tui"
}

# 20 refreshes, 0.1 s apart: about 2 s unless the engine holds them
tui_run tuis silent -d 0.1 --iterations 20
if t_tui_await 650 '^EXITED:'; then
	ms=$(cat "$T_TMP/tuis.ms")
	is "$(cat "$T_TMP/tuis.rc")" 0 "silent engine: --tui --iterations 20 exits 0"
	if [ "$ms" -lt 8000 ]; then
		ok "silent engine: 20 refreshes of 0.1 s are not held by it ($ms ms)"
	else
		not_ok "silent engine: 20 refreshes of 0.1 s are not held by it" \
			"took $ms ms"
	fi
	n=$(connections tuis)
	if [ "${n:-0}" -ge 1 ] && [ "$n" -le 3 ]; then
		ok "silent engine: --tui asked it $n time(s), not at every refresh"
	else
		not_ok "silent engine: --tui asked it 1 to 3 times" "connections: ${n:-0}"
	fi
else
	not_ok "silent engine: --tui --iterations 20 ends" "no EXITED line in 65 s"
	t_tui_screen
	diag_file "$T_TMP/screen" "screen"
fi

# the space key refreshes at once: 6 of them, then q, with a silent engine
tui_run tuik silent -d 3600
if t_tui_await 100 'Processes: [0-9]+'; then
	t_tui_keys Space Space Space Space Space Space q
	if t_tui_await 300 '^EXITED:'; then
		ms=$(cat "$T_TMP/tuik.ms")
		if [ "$ms" -lt 4500 ]; then
			ok "silent engine: 6 refresh keys and q are answered at once ($ms ms in all)"
		else
			not_ok "silent engine: 6 refresh keys and q are answered at once" \
				"the run took $ms ms"
		fi
	else
		not_ok "silent engine: q ends the live view" "no EXITED line in 30 s"
	fi
	n=$(connections tuik)
	if [ "${n:-0}" -ge 1 ] && [ "$n" -le 2 ]; then
		ok "silent engine: the refresh keys do not ask it again ($n)"
	else
		not_ok "silent engine: the refresh keys do not ask it again" \
			"connections: ${n:-0}"
	fi
else
	not_ok "silent engine: the live view starts" "no counts line in 10 s"
	diag_file "$T_TMP/screen" "screen"
fi

# a container the engine does not list: asked once, not at every refresh
tui_run tuiu unlisted -d 0.1 --iterations 20
if t_tui_await 650 '^EXITED:'; then
	is "$(cat "$T_TMP/tuiu.rc")" 0 "unlisted container: --tui --iterations 20 exits 0"
	is "$(connections tuiu)" 1 "unlisted container: --tui asks once in 20 refreshes"
else
	not_ok "unlisted container: --tui --iterations 20 ends" "no EXITED line in 65 s"
fi

t_finish
