#!/bin/sh
# package.sh - the Debian package: built from a copy of the tree (exactly
# the files "make dist" ships, made by "make distdir" in a temporary
# directory: the source tree is not touched) with dpkg-buildpackage -us -uc
# -b; clean under lintian (no E: or W:); its files (dpkg -c) and Depends
# (dpkg -I) checked; installed with apt into a scratch root, run there, listed
# (dpkg -L) and purged.  The scratch root is an overlayfs over / (upper layer
# on a tmpfs) in a mount namespace of its own: the host's installed libraries
# satisfy the dependencies (apt has no package source there), and nothing the package
# does reaches the host.  Oracles: lintian, dpkg-deb, the ELF NEEDED entries
# of the packaged binary and dpkg -S of the host (Depends), apt and dpkg in
# the scratch root, lsns -J on the host (a namespace this test made).
#
# Needs root, make, dpkg-dev, debhelper, lintian (scripts/docker-testbed
# installs them) and the build dependencies of
# debian/control (scripts/bootstrap).  Takes about 2 minutes, most of it
# the package build.  TOP_BUILDDIR: the configured build tree (make check
# sets it; default: the source tree).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd make dpkg-buildpackage dpkg-deb dh lintian apt-get unshare chroot \
	lsns jq readelf mount
: "${TOP_BUILDDIR:=$T_TOP}"
require_file "$TOP_BUILDDIR/Makefile" "the configured build tree"

start=$(date +%s)
: >"$T_TMP/stamp"
ver=$(sed -n 's/^PACKAGE_VERSION = //p' "$TOP_BUILDDIR/Makefile")
debver=$(dpkg-parsechangelog -l "$T_TOP/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
W=$T_TMP/build
SRC=$W/nsinspect-$ver
mkdir -p "$W"

# ------------------------------------------------------------- the build

check "make distdir: the tarball's files, in a scratch directory" \
	make -s -C "$TOP_BUILDDIR" distdir distdir="$SRC"
[ -f "$SRC/debian/rules" ] || t_finish
if (cd "$SRC" && DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b) \
	>"$T_TMP/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
else
	not_ok "dpkg-buildpackage -us -uc -b"
	tail -n 30 "$T_TMP/build.log" >"$T_TMP/build.tail"
	diag_file "$T_TMP/build.tail" "the end of its output"
	t_finish
fi
deb=$W/nsinspect_${debver}_$arch.deb
changes=$W/nsinspect_${debver}_$arch.changes
require_file "$deb" "the package"
# the unit tests ran in the build (dh_auto_test, NSI_CHECK=unit)
if grep -qE '^[0-9]+ passed, 0 failed' "$T_TMP/build.log" &&
	! grep -q 'tests/ts/' "$T_TMP/build.log"; then
	ok "dh_auto_test ran the unit tests, not the integration tests ($(grep -E '^[0-9]+ passed' "$T_TMP/build.log"))"
else
	not_ok "dh_auto_test ran the unit tests, not the integration tests"
	grep -E 'passed|tests/ts/' "$T_TMP/build.log" >"$T_TMP/build.tests"
	diag_file "$T_TMP/build.tests" "the build's test lines"
fi
# the source tree (and the build tree, when apart) is left alone: no file
# in it changed, none appeared beside it (dpkg-buildpackage writes into
# the parent directory)
left=$( (find "$T_TOP" "$TOP_BUILDDIR" -newer "$T_TMP/stamp" ! -type d \
		! -path '*/.git/*' ! -path '*/tests/run-tests.log'
	ls -d "$T_TOP"/../nsinspect_"$debver"* 2>/dev/null) | sort -u)
is "$left" "" "the source tree is left alone"

# --------------------------------------------------------------- lintian

lintian -I --show-overrides "$changes" >"$T_TMP/lintian.out" 2>&1
bad=$(grep -E '^[EW]: ' "$T_TMP/lintian.out")
if [ -z "$bad" ]; then
	ok "lintian: no error, no warning ($(grep -c . "$T_TMP/lintian.out") other lines)"
else
	not_ok "lintian: no error, no warning"
	diag_file "$T_TMP/lintian.out" "lintian"
fi

# -------------------------------------------------- contents and control

dpkg -c "$deb" | awk '{ print $6 }' >"$T_TMP/contents"
for f in ./usr/bin/nsinspect ./usr/share/man/man8/nsinspect.8.gz \
	./usr/share/bash-completion/completions/nsinspect \
	./usr/share/doc/nsinspect/copyright \
	./usr/share/doc/nsinspect/changelog.Debian.gz; do
	if grep -qx "$f" "$T_TMP/contents"; then
		ok "dpkg -c: $f"
	else
		not_ok "dpkg -c: $f" "contents: $(tr '\n' ' ' <"$T_TMP/contents")"
	fi
done
# The systemd units of contrib/systemd (when the tree has them), the Debian
# way: in /lib/systemd/system (Debian 12), handled by dh_installsystemd
# (deb-systemd-helper in postinst), shipped neither enabled nor started.
units=""
[ -f "$T_TOP/contrib/systemd/nsinspect-metrics.timer" ] &&
	units="nsinspect-metrics.service nsinspect-metrics.timer"
for u in $units; do
	if grep -qx "./lib/systemd/system/$u" "$T_TMP/contents"; then
		ok "dpkg -c: ./lib/systemd/system/$u"
	else
		not_ok "dpkg -c: ./lib/systemd/system/$u" \
			"contents: $(tr '\n' ' ' <"$T_TMP/contents")"
	fi
done
if [ -n "$units" ]; then
	dpkg-deb -e "$deb" "$T_TMP/control"
	pi=$T_TMP/control/postinst
	# --no-enable: enabled again only where the administrator had
	# (debian-installed, was-enabled); --no-start: no deb-systemd-invoke
	if grep -q "deb-systemd-helper debian-installed 'nsinspect-metrics.timer'" "$pi" &&
		grep -q "deb-systemd-helper update-state 'nsinspect-metrics.timer'" "$pi" &&
		! grep -q 'deb-systemd-invoke' "$pi"; then
		ok "postinst: the timer's state kept by deb-systemd-helper, not enabled, not started"
	else
		not_ok "postinst: the timer's state kept by deb-systemd-helper, not enabled, not started"
		diag_file "$pi" "postinst"
	fi
fi
# Depends names the package of every shared library the binary needs (on
# this host: dpkg -S of the library ldconfig resolves the soname to)
dpkg-deb -x "$deb" "$T_TMP/x"
depends=$(dpkg-deb -f "$deb" Depends)
need=$(readelf -d "$T_TMP/x/usr/bin/nsinspect" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
missing=""
for so in $need; do
	path=$(ldconfig -p | awk -v so="$so" '$1 == so { print $NF; exit }')
	# the file's own name, wherever dpkg registered it (/lib or /usr/lib)
	pkg=$(dpkg -S "*/$(basename "$(readlink -f "$path")")" 2>/dev/null |
		head -n 1 | cut -d: -f1)
	case ", $depends," in
	*", $pkg "* | *", $pkg,"* | *"| $pkg "* | *"| $pkg,"*) ;;
	*) missing="$missing $so($pkg)" ;;
	esac
done
if [ -n "$need" ] && [ -z "$missing" ]; then
	ok "Depends names the package of each NEEDED library ($(echo $need | wc -w))"
else
	not_ok "Depends names the package of each NEEDED library" \
		"missing:$missing" "Depends: $depends"
fi
is "$(dpkg-deb -f "$deb" Recommends)" "libcurl4" \
	"Recommends: libcurl4 (loaded with dlopen, invisible to shlibs)"

# ----------------------------------------------------------- scratch root

# a process of this test in new uts and net namespaces, for the run in the
# scratch root to find (lsns on the host is the oracle)
t_unshared net -un
holder=$T_SPAWNED
ino_net=$T_UNSHARED_INO
ino_uts=$(t_ns_ino "$holder" uts)
sel='.namespaces[] | select(.ns == '"$ino_net"' or .ns == '"$ino_uts"') |
	"\(.ns) \(.type) \(.nprocs) \(.pid)"'
t_try3 "$T_TMP/lsns.json" lsns -J -o NS,TYPE,NPROCS,PID
want=$(jq -r "$sel" "$T_TMP/lsns.json" | sort)

# (apt wants the file under its own name: NAME_VERSION_ARCH.deb)
mkdir "$T_TMP/deb" && cp "$deb" "$T_TMP/deb/"
host_before=$(dpkg-query -W -f='${Status}' nsinspect 2>&1; ls /usr/bin/nsinspect 2>&1)
# The scratch root's script: prints "step: RESULT" lines; everything it
# mounts goes with its mount namespace.
cat >"$T_TMP/scratch.sh" <<'EOF'
set -u
T=$1 deb=$2
mount --make-rprivate / || exit 1
mkdir -p "$T/ov"
mount -t tmpfs -o mode=0755 scratch "$T/ov" || exit 1
mkdir "$T/ov/upper" "$T/ov/work" "$T/ov/root"
mount -t overlay scratch -o "lowerdir=/,upperdir=$T/ov/upper,workdir=$T/ov/work" \
	"$T/ov/root" || exit 1
R=$T/ov/root
mount --rbind /dev "$R/dev" && mount --bind /proc "$R/proc" &&
	mount --bind /sys "$R/sys" && mount -t tmpfs scratch "$R/run" &&
	mount -t tmpfs scratch "$R/tmp" || exit 1
mkdir -p "$R/tmp/deb/none.d" && : >"$R/tmp/deb/none.list" &&
	cp "$deb" "$R/tmp/deb/" || exit 1
deb=/tmp/deb/${deb##*/}
# No package source at all: apt can take the dependencies only from what the
# host has installed (its dpkg status), and cannot download anything.  (Not
# --no-download: apt 2.6 then fails on a local .deb with "Internal Error,
# Pathname to install is not absolute".)
nosrc="-o Dir::Etc::SourceList=/tmp/deb/none.list -o Dir::Etc::SourceParts=/tmp/deb/none.d"
in_root() {
	chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
		DEBIAN_FRONTEND=noninteractive "$@"
}
in_root apt-get install -y $nosrc "$deb" >"$T/apt-install.log" 2>&1
echo "install: $?"
echo "status: $(in_root dpkg-query -W -f='${Status} ${Version}' nsinspect)"
in_root dpkg -L nsinspect >"$T/dpkg-L.out" 2>&1
echo "dpkg-L: $?"
echo "version: $(in_root nsinspect --version 2>&1 | head -n 1)"
echo "timer: $(in_root systemctl is-enabled nsinspect-metrics.timer 2>&1)"
in_root nsinspect -J -t net,uts >"$T/scratch-nsi.json" 2>"$T/scratch-nsi.err"
echo "json: $?"
in_root man -w nsinspect >"$T/man.out" 2>&1
echo "man: $? $(cat "$T/man.out")"
in_root apt-get purge -y $nosrc nsinspect >"$T/apt-purge.log" 2>&1
echo "purge: $?"
echo "after-purge: $(in_root dpkg-query -W -f='${Status}' nsinspect 2>&1) $(ls "$R/usr/bin/nsinspect" 2>&1 | sed 's/.*: //')"
EOF
unshare -m sh "$T_TMP/scratch.sh" "$T_TMP" "$T_TMP/deb/${deb##*/}" \
	>"$T_TMP/scratch.out" 2>&1
line() {
	sed -n "s/^$1: //p" "$T_TMP/scratch.out"
}
if [ "$(line install)" = 0 ] && grep -q "^Setting up nsinspect ($debver)" "$T_TMP/apt-install.log"; then
	ok "apt-get install ./${deb##*/} in the scratch root, no package source"
else
	not_ok "apt-get install ./${deb##*/} in the scratch root, no package source"
	diag_file "$T_TMP/scratch.out" "scratch root"
	[ -f "$T_TMP/apt-install.log" ] && tail -n 20 "$T_TMP/apt-install.log" >"$T_TMP/apt.tail" &&
		diag_file "$T_TMP/apt.tail" "apt-get"
fi
is "$(line status)" "install ok installed $debver" "dpkg: nsinspect $debver installed"
if [ "$(line dpkg-L)" = 0 ] && grep -qx /usr/bin/nsinspect "$T_TMP/dpkg-L.out" &&
	grep -qx /usr/share/bash-completion/completions/nsinspect "$T_TMP/dpkg-L.out"; then
	ok "dpkg -L nsinspect: the binary and the completion"
else
	not_ok "dpkg -L nsinspect: the binary and the completion"
	diag_file "$T_TMP/dpkg-L.out" "dpkg -L"
fi
is "$(line version)" "nsinspect $ver" "the installed nsinspect --version"
[ -n "$units" ] &&
	is "$(line timer)" disabled "systemctl is-enabled nsinspect-metrics.timer: disabled"
is "$(line man)" "0 /usr/share/man/man8/nsinspect.8.gz" "man -w nsinspect finds the page"
got=$(jq -r "$sel" "$T_TMP/scratch-nsi.json" 2>/dev/null | sort)
if [ "$(line json)" = 0 ] && [ -n "$want" ] && [ "$got" = "$want" ]; then
	ok "the installed nsinspect -J agrees with lsns -J on this test's namespaces"
else
	not_ok "the installed nsinspect -J agrees with lsns -J on this test's namespaces" \
		"exit: $(line json)" "lsns: $want" "nsinspect: $got"
	diag_file "$T_TMP/scratch-nsi.err" "nsinspect's stderr"
fi
is "$(line purge)" 0 "apt-get purge nsinspect"
case "$(line after-purge)" in
*"no packages found"*"No such file or directory")
	ok "after the purge: no package, no /usr/bin/nsinspect" ;;
*)	not_ok "after the purge: no package, no /usr/bin/nsinspect" \
		"$(line after-purge)" ;;
esac
host_after=$(dpkg-query -W -f='${Status}' nsinspect 2>&1; ls /usr/bin/nsinspect 2>&1)
is "$host_after" "$host_before" "the host's dpkg and /usr/bin are as before"

diag "package.sh took $(($(date +%s) - start)) s"
t_finish
