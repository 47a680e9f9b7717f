#!/bin/sh
# install.sh - "make install" puts the program, its man page, its bash
# completion and its systemd units (the service naming the installed
# program) where they belong (DESTDIR, a scratch root), and the
# completion completes: types, columns of either view, --tree relations,
# files, PIDs, and every long option --help lists.  Oracle: the installed
# files themselves, bash-completion's own loader and nsinspect --help.
#
# Needs: make, bash and the bash-completion package (scripts/docker-testbed
# installs it).
. "$(dirname "$0")/lib.sh"

require_nsinspect
require_cmd make bash
BC=/usr/share/bash-completion/bash_completion
require_file "$BC" "bash-completion's loader (Debian package bash-completion)"

ROOT=$T_TMP/root
t_make_install "$ROOT"
bin=$(find "$ROOT" -path '*/bin/nsinspect' -type f)
man=$(find "$ROOT" -path '*/man/man8/nsinspect.8' -type f)
comp=$(find "$ROOT" -path '*/bash-completion/completions/nsinspect' -type f)
if [ -n "$bin" ] && [ -x "$bin" ] && "$bin" --version | grep -q '^nsinspect '; then
	ok "the program is installed and runs (${bin#"$ROOT"})"
else
	not_ok "the program is installed and runs" "found: '$bin'"
fi
if [ -n "$man" ] && grep -q '^\.TH NSINSPECT' "$man"; then
	ok "the man page is installed (${man#"$ROOT"})"
else
	not_ok "the man page is installed" "found: '$man'"
fi
# the systemd units (contrib/systemd), side by side, the service naming
# the program as installed (a scratch root's path less the root)
svc=$(find "$ROOT" -path '*/systemd/system/nsinspect-metrics.service' -type f)
tmr=$(find "$ROOT" -path '*/systemd/system/nsinspect-metrics.timer' -type f)
if [ -n "$svc" ] && [ -n "$tmr" ] && [ "$(dirname "$svc")" = "$(dirname "$tmr")" ]; then
	ok "the systemd service and timer are installed ($(dirname "${svc#"$ROOT"}"))"
	is "$(sed -n 's/^ExecStart=//p' "$svc")" \
		"${bin#"$ROOT"} --metrics=/var/lib/prometheus/node-exporter/nsinspect.prom" \
		"the service's ExecStart is the installed program"
	is "$(grep -c '@[a-z]*@' "$svc")" 0 "the service has no @variable@ left"
else
	not_ok "the systemd service and timer are installed" "found: '$svc' '$tmr'"
fi
if [ -n "$comp" ]; then
	ok "the bash completion is installed (${comp#"$ROOT"})"
else
	not_ok "the bash completion is installed below bash-completion/completions"
	t_finish
fi

# complete WORDS... - what the installed completion offers for the command
# line WORDS (the last one being completed), one per line, sorted
complete_words() {
	(cd "$T_TMP/files" && bash -c '
		. "$1"; . "$2"; shift 2
		compopt() { :; }	# only inside a real completion
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_nsinspect "$1" "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" "$comp" "$NSINSPECT" "$@" |
		sort)
}
mkdir -p "$T_TMP/files"
: >"$T_TMP/files/snap-old.json"
: >"$T_TMP/files/other.txt"

is "$(complete_words -t ne)" "net" "-t ne: net"
is "$(complete_words --ns net,us)" "net,user" "--ns net,us: net,user (a list)"
is "$(complete_words -o NPR)" "NPROCS" "-o NPR: NPROCS (a namespace column)"
is "$(complete_words -o +NS,NPR)" "+NS,NPROCS" "-o +NS,NPR: +NS,NPROCS (appended, a list)"
is "$(complete_words --caps -o CAPE)" "CAPEFF" "--caps -o CAPE: CAPEFF (a process column)"
is "$(complete_words --caps -o FILEC)" "FILECAPS" "--caps -o FILEC: FILECAPS"
is "$(complete_words --iab 1 -o +IA)" "+IAB" "--iab -o +IA: +IAB (a process column)"
is "$(complete_words --deco)" "--decode" "--deco: --decode"
is "$(complete_words --tree '')" "owner
parent
process" "--tree: owner, parent, process"
is "$(complete_words --input snap)" "snap-old.json" "--input snap: the file"
is "$(complete_words --diff snap-old.json oth)" "other.txt" "--diff OLD oth: the second file"
if complete_words -p '' | grep -qx "$$"; then
	ok "-p: PIDs (this one among them)"
else
	not_ok "-p: PIDs (this one among them)"
fi
# every long option --help names is offered
"$NSINSPECT" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$T_TMP/help-opts"
complete_words -- | sed 's/=$//' | sort -u >"$T_TMP/comp-opts"
missing=$(comm -23 "$T_TMP/help-opts" "$T_TMP/comp-opts" | tr '\n' ' ')
is "$missing" "" "every long option of --help is completed"

t_finish
