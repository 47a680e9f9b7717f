#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# hostile.sh - process names and command lines are the inspected
# system's, so an attacker's: invalid UTF-8, control characters, an ESC
# sequence, a newline, a 4 KiB argv[0], a comm set through /proc/PID/comm.
# Checked byte for byte: JSON is strict UTF-8 (Python decodes it without
# errors) and holds the exact text, each invalid byte as U+FFFD; tables
# and raw output escape what is not printable as \xNN (libsmartcols), so
# no raw ESC, control byte or newline reaches the terminal.
. "$(dirname "$0")/lib.sh"

require_cmd bash python3 od
require_nsinspect

# argv[0]: invalid UTF-8 (ff fe), a control byte, ESC [31m, a newline
t_spawn "$T_TMP/a.out" bash -c 'exec -a "$(printf "bad\377\376utf\001x\033[31mred\nnl")" sleep 300'
A=$T_SPAWNED
# argv[0] of 4096 bytes, then ESC
LONG=$(printf '%4096s' '' | tr ' ' A)
t_spawn "$T_TMP/b.out" bash -c 'exec -a "$1$(printf "\033]0;title\007")" sleep 300' sh "$LONG"
B=$T_SPAWNED
t_wait 100 sh -c "t() { [ \"\$(cat /proc/\$1/comm 2>/dev/null)\" = sleep ]; }; t $A && t $B"
# a comm with ESC and an invalid byte (what prctl(PR_SET_NAME) sets)
printf 'c\033[2J\377m' >"/proc/$A/comm" 2>/dev/null

# json_utf8 FILE - FILE is JSON in strict UTF-8 (an invalid byte fails)
json_utf8() {
	python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$1" 2>/dev/null
}

# the oracle: /proc/PID/cmdline bytes, NULs as spaces, decoded with
# U+FFFD for each invalid byte
for P in "$A" "$B"; do
	nsi_ok "--caps $P -J" --caps "$P" -J -o PID,COMMAND,NAME || continue
	res=$(python3 - "$T_TMP/out" "$P" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    doc = json.loads(raw.decode("utf-8"))   # strict: invalid UTF-8 raises
except Exception as e:
    print("not JSON/UTF-8: %s" % e); sys.exit(0)
b = open("/proc/%s/cmdline" % sys.argv[2], "rb").read().rstrip(b"\0").replace(b"\0", b" ")
want = b.decode("utf-8", "replace")
got = doc["processes"][0]["command"]
print("ok" if got == want else "command differs: %r != %r" % (got[:80], want[:80]))
PY
)
	is "$res" ok "PID $P: -J is strict UTF-8 and COMMAND is the command line byte for byte (invalid bytes as U+FFFD)"
done

# JSON of the comm (NAME): the kernel escapes nothing in comm; ours is
# the status Name line, where the kernel writes ESC as \x1b... as it is
nsi_ok "--caps $A -J -o NAME" --caps "$A" -J -o NAME
if json_utf8 "$T_TMP/out"; then
	ok "-J with a hostile comm is strict UTF-8 JSON"
else
	not_ok "-J with a hostile comm is strict UTF-8 JSON"
	diag_file "$T_TMP/out"
fi

# tables and raw: exact escaped text, nothing raw
nsi_ok "--caps $A -r -o PID,COMMAND" --caps "$A" -r -o PID,COMMAND
want_r='bad\xff\xfeutf\x01x\x1b[31mred\x0anl\x20300'
row=$(sed -n 2p "$T_TMP/out")
is "$row" "$A $want_r" "-r: the command line escaped byte for byte as \\xNN"
nsi_ok "--caps $A -o PID,COMMAND (table)" --caps "$A" -o PID,COMMAND
if grep -qF 'bad\xff\xfeutf\x01x\x1b[31mred\x0anl 300' "$T_TMP/out" &&
   ! od -An -c "$T_TMP/out" | grep -q '033'; then
	ok "table: the command line escaped byte for byte, no raw ESC"
else
	not_ok "table: the command line escaped byte for byte, no raw ESC"
	diag_file "$T_TMP/out"
fi
nsi_ok "--caps $B -r -o COMMAND" --caps "$B" -r -o COMMAND
row=$(sed -n 2p "$T_TMP/out")
is "$row" "$LONG\\x1b]0;title\\x07\\x20300" "-r: a 4 KiB argv[0] in full, then its escaped ESC and BEL"
# every output form of every view: no raw ESC, BEL or C1 byte anywhere
leak=""
for args in "" "-J" "-r" "--output-all" "--output-all -J" "--caps" "--caps -J" "--caps --output-all"; do
	# shellcheck disable=SC2086
	"$NSINSPECT" $args >"$T_TMP/t" 2>"$T_TMP/e"
	case $args in
	*-J*) json_utf8 "$T_TMP/t" || leak="$leak [$args: not strict UTF-8 JSON]" ;;
	*) if od -An -tx1 "$T_TMP/t" "$T_TMP/e" | grep -Eq ' (1b|07)( |$)'; then
		leak="$leak [$args: raw ESC or BEL]"
	   fi ;;
	esac
done
is "${leak:-none}" none "all views and forms: no raw ESC or BEL in tables, JSON always strict UTF-8"

t_kill "$A" "$B"
t_finish
