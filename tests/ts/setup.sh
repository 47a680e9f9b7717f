#!/bin/sh
# setup.sh - the README's two set-up commands install what they say and no
# more: scripts/bootstrap (build and run) installs exactly the build
# dependencies of debian/control (plus the compiler and autotools), and
# nothing only the tests need; every package a test asks for
# (require_cmd_pkg, t_pkg_of) comes from scripts/test-setup, from
# bootstrap, or is part of every Debian system (Essential, Priority
# required, or a dependency of a listed package); the README's table names
# each package test-setup installs.  scripts/apt-missing installs nothing
# that is there and says one line when it cannot install.  Oracles:
# debian/control, dpkg-query, the scripts' own --list.  Needs no network:
# nothing is installed (every package checked is there already, or the
# case runs as nobody).
. "$(dirname "$0")/lib.sh"

top=$T_TOP
require_cmd dpkg-query setpriv sort comm

"$top/scripts/bootstrap" --list | sort -u > "$T_TMP/bootstrap"
"$top/scripts/test-setup" --list | sort -u > "$T_TMP/test-setup"
is "$(sort -u "$T_TMP/bootstrap" "$T_TMP/test-setup" | wc -l)" \
	"$(cat "$T_TMP/bootstrap" "$T_TMP/test-setup" | wc -l | tr -d ' ')" \
	"no package is in both bootstrap's and test-setup's lists"

# debian/control's Build-Depends: names only, without versions; the
# packaging tools (debhelper-compat) and the completion directory's
# pkg-config file (bash-completion) are the package build's, not
# bootstrap's.
sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' "$top/debian/control" |
	sed '$d; s/^Build-Depends://' | tr ',' '\n' |
	sed 's/(.*//; s/[[:space:]]//g' | grep -v '^$' |
	grep -vx 'debhelper-compat\|bash-completion' > "$T_TMP/control"
printf '%s\n' build-essential autoconf automake >> "$T_TMP/control"
sort -u -o "$T_TMP/control" "$T_TMP/control"
is "$(comm -3 "$T_TMP/bootstrap" "$T_TMP/control" | tr -s '\t\n' '  ')" "" \
	"bootstrap installs debian/control's Build-Depends, the compiler and autotools, nothing else"
for p in docker.io valgrind clang tmux lsns; do
	if grep -qx "$p" "$T_TMP/bootstrap"; then
		not_ok "bootstrap does not install the test-only package $p"
	fi
done

# Every package a test names.
sed -n 's/^[[:space:]]*require_cmd_pkg[[:space:]]\{1,\}\([a-z0-9.+-]*\).*/\1/p' \
	"$top"/tests/ts/*.sh > "$T_TMP/wanted"
sed -n '/^t_pkg_of()/,/^}/s/.*) echo \([a-z0-9.+-]*\) ;;/\1/p' \
	"$top/tests/ts/lib.sh" >> "$T_TMP/wanted"
sort -u -o "$T_TMP/wanted" "$T_TMP/wanted"
[ "$(wc -l < "$T_TMP/wanted")" -gt 20 ] ||
	not_ok "found the packages the tests name" "only: $(tr '\n' ' ' < "$T_TMP/wanted")"
# what the set-up installs, and what those depend on (two levels)
sort -u "$T_TMP/bootstrap" "$T_TMP/test-setup" > "$T_TMP/listed"
deps_of() {
	# shellcheck disable=SC2046
	dpkg-query -W -f='${Depends}, ${Pre-Depends}\n' $(cat "$1") 2>/dev/null |
		tr ',|' '\n\n' | sed 's/(.*//; s/:any//; s/[[:space:]]//g' | grep -v '^$'
}
deps_of "$T_TMP/listed" | sort -u > "$T_TMP/dep1"
deps_of "$T_TMP/dep1" | sort -u > "$T_TMP/dep2"
sort -u "$T_TMP/listed" "$T_TMP/dep1" "$T_TMP/dep2" > "$T_TMP/covered"
unmet=""
while read -r p; do
	grep -qx "$p" "$T_TMP/covered" && continue
	case "$(dpkg-query -W -f='${Essential} ${Priority}' "$p" 2>/dev/null)" in
	"yes "* | *" required") continue ;;
	esac
	unmet="$unmet $p"
done < "$T_TMP/wanted"
is "$unmet" "" "every package a test names is installed by the set-up or is in every Debian system ($(wc -l < "$T_TMP/wanted" | tr -d ' ') packages)"

# The README's table of what test-setup installs.
sed -n '/^| What | Debian packages | For |$/,/^$/p' "$top/README.md" |
	awk -F'|' 'NR > 2 { print $3 }' | tr ' ,' '\n\n' | grep -v '^$' |
	sed 's/^(.*//' | grep '^[a-z0-9][a-z0-9.+-]*$' | sort -u > "$T_TMP/readme"
is "$(comm -23 "$T_TMP/test-setup" "$T_TMP/readme" | tr '\n' ' ')" "" \
	"the README's set-up table names every package test-setup installs"

# apt-missing: nothing to do is silent; not root is one line, exit 1.
run "$top/scripts/apt-missing" --name test-setup coreutils dpkg
is "$T_RC:$(cat "$T_TMP/out" "$T_TMP/err")" "0:" \
	"apt-missing of installed packages prints nothing and exits 0"
run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$top/scripts/apt-missing" --name test-setup coreutils nsinspect-no-such-package
is "$T_RC:$(cat "$T_TMP/out")" "1:" "apt-missing as nobody, a package missing: exit 1"
is "$(cat "$T_TMP/err")" \
	"test-setup: run as root to install nsinspect-no-such-package (or install them by hand)" \
	"apt-missing as nobody names the missing package in one line"
run "$top/scripts/test-setup" --bogus
is "$T_RC:$(cat "$T_TMP/err")" \
	"1:test-setup: unknown argument: --bogus (usage: scripts/test-setup [--list])" \
	"test-setup refuses an unknown argument"
t_finish
