#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# image.sh - the container image (scripts/build-image) and the Kubernetes
# DaemonSet (contrib/kubernetes/nsinspect-daemonset.yaml), run the way the
# DaemonSet runs it:
#   - the image is built from "make install" (reused when its root
#     filesystem is unchanged), has no shell, and the copyright file of
#     each Debian package it took a library from (oracle: dpkg-query -S);
#     its "docker save" archive loads into containerd with ctr;
#   - the manifest is valid against the Kubernetes API's schemas, unknown
#     fields refused (tests/kubernetes/validate-manifest.cjs, kubernetes-
#     models), and the validator refuses a field name typo and a wrong type;
#   - "docker run" with the options derived from the manifest
#     (tests/kubernetes/docker-run-args.py: --pid host, user, capabilities,
#     no-new-privileges, read-only root, profiles, limits, hostPath mounts)
#     reports the same namespaces as nsinspect on the host (-J), for
#     namespaces made here (unshare, ip netns add; oracles lsns -J and
#     /proc/PID/ns) and the host's own; the same capability sets of a
#     process (--caps, oracle /proc/PID/status); the manifest's own command
#     (--metrics=FILE --interval) writes the textfile into the mounted
#     directory, keeps exactly the capabilities the manifest adds, and ends
#     with 0 on docker stop;
#   - without --pid host: it sees only its own processes, and says so (one
#     stderr line naming its PID namespace, "host_pid_namespace": false).
#
# Needs scripts/docker-testbed (docker, python3-yaml, node and the
# validator's modules in $K8S_VALIDATOR_DIR); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq python3 ip unshare lsns awk sort
require_cmd_pkg nodejs node
require_cmd_pkg dpkg dpkg-query
require_cmd_pkg mount findmnt
require_nsinspect
require_docker
require_ctr
require_file "$CAPS_HOLD" "the caps-hold test helper"
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	not_ok "required: python3 module yaml is missing" "install the Debian package python3-yaml"
	t_finish
fi
K8S_VALIDATOR_DIR=${K8S_VALIDATOR_DIR:-/var/cache/nsinspect-test/kubernetes-validator}
if [ ! -d "$K8S_VALIDATOR_DIR/node_modules/kubernetes-models" ]; then
	not_ok "required: the manifest validator's modules are missing in $K8S_VALIDATOR_DIR" \
		"run scripts/docker-testbed as root (npm ci of tests/kubernetes/package.json)"
	t_finish
fi

T_START=$(date +%s)
MANIFEST=${MANIFEST:-$T_TOP/contrib/kubernetes/nsinspect-daemonset.yaml}	# (another one: to see this test fail)
VALIDATE="node $T_TOP/tests/kubernetes/validate-manifest.cjs $K8S_VALIDATOR_DIR"
# the image is built from the build tree of the helpers (make check's
# top build directory), also when $NSINSPECT is another build (.ci/run's
# ASan one): an image of the sanitizer build is none a user would run
BUILDDIR=$(cd "$(dirname "$CAPS_HOLD")/../.." && pwd)
VERSION=$("$NSINSPECT" --version | awk '{ print $2 }')
IMAGE=nsinspect:$VERSION
P=nsi-image-$$

# ------------------------------------------------------------- the image

if "$T_TOP/scripts/build-image" --save "$T_TMP/image.tar" "$BUILDDIR" \
	>"$T_TMP/build.out" 2>&1; then
	ok "scripts/build-image: $(tail -n 1 "$T_TMP/build.out" | cut -c 14-)"
else
	not_ok "scripts/build-image"
	diag_file "$T_TMP/build.out" "its output"
	t_finish
fi

docker image inspect "$IMAGE" >"$T_TMP/inspect.json" 2>&1
got=$(jq -r '.[0].Config | [(.Entrypoint | join(" ")),
	.Labels["org.opencontainers.image.version"],
	.Labels["org.opencontainers.image.title"], (.User // "")] | join(" ")' "$T_TMP/inspect.json")
case "$got" in
*/bin/nsinspect" $VERSION nsinspect 0:0") ok "docker inspect: entrypoint, version and title labels, user 0 ($got)" ;;
*) not_ok "docker inspect: entrypoint, version and title labels, user 0" "got: $got" ;;
esac
is "$(docker image inspect -f '{{.Id}}' nsinspect:latest 2>&1)" \
	"$(jq -r '.[0].Id' "$T_TMP/inspect.json")" "nsinspect:latest is nsinspect:$VERSION"
is "$(docker run --rm "$IMAGE" --version 2>&1)" "$("$NSINSPECT" --version)" \
	"the image's nsinspect is the build's"
if docker run --rm --entrypoint /bin/sh "$IMAGE" -c true >/dev/null 2>&1; then
	not_ok "the image has no shell (/bin/sh ran)"
else
	ok "the image has no shell"
fi

# Its files (the layer of the saved archive): nothing executable but
# nsinspect and shared objects, and the copyright file of each Debian
# package a shared object is from, the same as the host's (oracle:
# dpkg-query -S on the host).
mkdir "$T_TMP/saved" "$T_TMP/rootfs"
tar -C "$T_TMP/saved" -xf "$T_TMP/image.tar" manifest.json 2>/dev/null
layer=$(jq -r '.[0].Layers | if length == 1 then .[0] else empty end' "$T_TMP/saved/manifest.json" 2>/dev/null)
if [ -n "$layer" ] && tar -C "$T_TMP/saved" -xf "$T_TMP/image.tar" "$layer" &&
   tar -C "$T_TMP/rootfs" -xf "$T_TMP/saved/$layer"; then
	ok "the saved archive holds one layer ($(du -k "$T_TMP/saved/$layer" | cut -f1) KiB)"
else
	not_ok "the saved archive holds one layer" "manifest.json: $(cat "$T_TMP/saved/manifest.json" 2>&1)"
fi
others=$(cd "$T_TMP/rootfs" && find . -type f -perm -u+x ! -name '*.so*' ! -name nsinspect)
is "$others" "" "no executable in the image other than nsinspect and libraries"
missing=""
nlibs=0
for so in $(cd "$T_TMP/rootfs" && find . -type f -name '*.so*' | sed 's|^\.||'); do
	nlibs=$((nlibs + 1))
	pkg=$(dpkg-query -S "$so" "${so#/usr}" 2>/dev/null | sed -n '1s/[:,].*//p')
	c=/usr/share/doc/$pkg/copyright
	if [ -z "$pkg" ] || ! cmp -s "$c" "$T_TMP/rootfs$c"; then
		missing="$missing $so(${pkg:-no package})"
	fi
done
if [ "$nlibs" -gt 5 ] && [ -z "$missing" ]; then
	ok "each of the $nlibs shared objects comes with its Debian package's copyright file"
else
	not_ok "each shared object comes with its Debian package's copyright file" \
		"$nlibs shared objects; without:$missing"
fi

# The archive of docker save loads into containerd (as into a node's).
t_trap2		# before t_add_ctr_ns: t_add_container would undo its trap
t_add_ctr_ns "$P"
if t_ctr "$P" images import "$T_TMP/image.tar" >"$T_TMP/ctr.out" 2>&1 &&
   t_ctr "$P" images ls -q >"$T_TMP/ctr-ls" 2>&1 &&
   grep -q "nsinspect:$VERSION\$" "$T_TMP/ctr-ls"; then
	ok "ctr images import of the saved archive: $(grep "nsinspect:$VERSION\$" "$T_TMP/ctr-ls")"
else
	not_ok "ctr images import of the saved archive"
	diag_file "$T_TMP/ctr.out" "ctr images import"
	diag_file "$T_TMP/ctr-ls" "ctr images ls"
fi

# ---------------------------------------------------------- the manifest

if $VALIDATE "$MANIFEST" >"$T_TMP/valid.out" 2>&1 &&
   [ "$(grep -c ': valid$' "$T_TMP/valid.out")" -eq 3 ]; then
	ok "the manifest is valid (Namespace, ServiceAccount, DaemonSet; unknown fields refused)"
else
	not_ok "the manifest is valid"
	diag_file "$T_TMP/valid.out" "validate-manifest.cjs"
fi
# broken copies: the validator must see a misspelt field and a wrong type
for broken in 's/enableServiceLinks:/enableServiceLink:/|/spec/template/spec/enableServiceLink: unknown field' \
	's/mountPropagation:/mountPropogation:/|/volumeMounts/0/mountPropogation: unknown field' \
	's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: "yes"/|/securityContext/readOnlyRootFilesystem: must be boolean'; do
	sed "${broken%%|*}" "$MANIFEST" >"$T_TMP/broken.yaml"
	$VALIDATE "$T_TMP/broken.yaml" >"$T_TMP/broken.out" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && grep -qF "${broken#*|}" "$T_TMP/broken.out"; then
		ok "the validator refuses a broken manifest (${broken%%|*}): $(grep -F "${broken#*|}" "$T_TMP/broken.out" | sed 's/^[^ ]* //')"
	else
		not_ok "the validator refuses a broken manifest (${broken%%|*})" "exit status $rc"
		diag_file "$T_TMP/broken.out" "validate-manifest.cjs"
	fi
done

# the docker run of the manifest, the textfile directory in $T_TMP
TEXTFILE=$T_TMP/textfile
if python3 "$T_TOP/tests/kubernetes/docker-run-args.py" "$MANIFEST" \
	"/var/lib/prometheus/node-exporter=$TEXTFILE" >"$T_TMP/run.json" 2>"$T_TMP/run-args.err"; then
	ok "docker run options from the manifest: $(jq -r '.options | join(" ")' "$T_TMP/run.json")"
else
	not_ok "docker run options from the manifest"
	diag_file "$T_TMP/run-args.err" "docker-run-args.py"
	t_finish
fi
jq -r '.notes[]' "$T_TMP/run.json" | while read -r n; do diag "note: $n"; done
is "$(jq -r .image "$T_TMP/run.json")" "$IMAGE" "the manifest runs the image built here"
# the options, one a line, as "$@"
OPTS=$(jq -r '.options[]' "$T_TMP/run.json")
ARGS=$(jq -r '.args[]' "$T_TMP/run.json")
CAPS_ADDED=$(jq -r '.options as $o | [range(0; $o | length) | select($o[.] == "--cap-add") | $o[. + 1]] | map("cap_" + ascii_downcase) | sort | join(",")' "$T_TMP/run.json")
line=" $(echo "$OPTS" | paste -sd' ') "
case "$line" in
*" --pid host "*) case "$line" in
	*" --cap-drop ALL "*) case "$line" in
		*" --read-only "*) way=yes ;; esac ;; esac ;;
esac
if [ "${way:-}" = yes ] && ! echo "$OPTS" | grep -qx -- --privileged; then
	ok "the DaemonSet's way: --pid host, --cap-drop ALL, read-only root, not privileged (adds $CAPS_ADDED)"
else
	not_ok "the DaemonSet's way: --pid host, --cap-drop ALL, read-only root, not privileged" "$line"
fi

# in_pod [-d] [--no-host-pid] ARGS... - docker run the image as the
# DaemonSet does, with ARGS instead of its args; output in $T_TMP/out
# and err, exit status in T_RC (-d: detached, the container's ID in out).
in_pod() {
	_d="--rm"
	_nopid=0
	while :; do
		case "$1" in
		-d) _d="-d"; shift ;;
		--no-host-pid) _nopid=1; shift ;;
		*) break ;;
		esac
	done
	_n=$P-$T_NUM
	t_add_container "$_n"
	(
		IFS='
'
		# shellcheck disable=SC2086
		set -- $OPTS "$IMAGE" "$@"
		# shellcheck disable=SC2046
		[ "$_nopid" -eq 1 ] && set -- $(printf '%s\n' "$@" | awk 'p { p = 0; next } $0 == "--pid" { p = 1; next } { print }')
		exec docker run "$_d" --name "$_n" "$@"
	) >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	T_RC=$?
}

# ------------------------------------------------ namespaces made here

# a process in fresh uts, ipc, net, mnt, cgroup, pid and time namespaces
# (unshare, pid_for_children of its own), its child sleep in all of them
t_spawn "$T_TMP/unshare.out" unshare --uts --ipc --net --mount --cgroup --pid --time --fork sleep 600
U=$T_SPAWNED
t_wait 50 pgrep -P "$U" sleep
S=$(pgrep -P "$U" sleep | head -n 1)
# a user namespace of its own, root mapped
t_spawn "$T_TMP/userns.out" unshare --user --map-root-user sleep 600
US=$T_SPAWNED
t_wait 50 sh -c "[ \"\$(cat /proc/$US/comm)\" = sleep ] && [ \"\$(stat -L -c %i /proc/$US/ns/user)\" != \"\$(stat -L -c %i /proc/self/ns/user)\" ]"
# a network namespace no process is in
t_add_netns "$T_NAME"
ip netns add "$T_NAME"
NETNS_INO=$(stat -L -c %i "/run/netns/$T_NAME" 2>/dev/null)
if [ -n "$S" ] && [ -n "$NETNS_INO" ]; then
	ok "set up: unshare (pid $U, sleep $S), unshare --user (pid $US), ip netns add $T_NAME ($NETNS_INO)"
else
	not_ok "set up: unshare, unshare --user, ip netns add" "sleep '$S', netns '$NETNS_INO'"
	t_finish
fi
# the test's namespaces: "TYPE INODE", from /proc/PID/ns of the host
MINE=$( {
	for t in uts ipc net mnt cgroup pid time; do echo "$t $(t_ns_ino "$S" "$t")"; done
	echo "user $(t_ns_ino "$US" user)"
	echo "net $NETNS_INO"
} | sort -u)
# the host's own: those of kthreadd (PID 1's may be unreadable)
HOSTNS=$(for t in mnt net pid user uts ipc cgroup time; do echo "$t $(t_ns_ino 2 "$t")"; done)

# the same columns in both (the default set adds HOLDER when a namespace
# is held from another mount namespace: the host's is one for the pod)
COLS=NS,TYPE,NPROCS,PID,PPID,USER,NSFS,HOLDER,HELD_BY,CONTAINER,COMMAND
nsi -J -o "$COLS"
cp "$T_TMP/out" "$T_TMP/host.json"
in_pod -J -o "$COLS"
cp "$T_TMP/out" "$T_TMP/pod.json"
cp "$T_TMP/err" "$T_TMP/pod.err"
POD_RC=$T_RC
nsi -J -o "$COLS"
cp "$T_TMP/out" "$T_TMP/host2.json"
lsns -J >"$T_TMP/lsns.json" 2>/dev/null
if [ "$POD_RC" -eq 0 ] && jq -e '.namespaces | length > 8' "$T_TMP/pod.json" >/dev/null 2>&1; then
	ok "nsinspect -J in the DaemonSet's container: $(jq '.namespaces | length' "$T_TMP/pod.json") namespaces (the host's: $(jq '.namespaces | length' "$T_TMP/host.json"))"
else
	not_ok "nsinspect -J in the DaemonSet's container" "exit status $POD_RC"
	diag_file "$T_TMP/pod.err" "stderr"
fi
is "$(t_unexpected_err "$T_TMP/pod.err")" "" "no stderr line in the container but the documented unreadable one"

# view FILE TYPE INO - the fields of one namespace of -J FILE
view() {
	jq -c --arg t "$2" --argjson i "$3" '.namespaces[] | select(.type == $t and .ns == $i) |
		{ns, type, nprocs, pid, ppid, user, command, nsfs, holder, held_by, container}' "$1"
}
# the test's namespaces: the same in the container as on the host
echo "$MINE" | {
	while read -r t i; do
		h=$(view "$T_TMP/host.json" "$t" "$i")
		p=$(view "$T_TMP/pod.json" "$t" "$i")
		if [ -z "$h" ] || [ "$h" != "$p" ]; then
			echo "$t $i: host $h"
			echo "$t $i: pod  $p"
		fi
	done
} >"$T_TMP/mine.diff"
if [ ! -s "$T_TMP/mine.diff" ]; then
	ok "the $(echo "$MINE" | wc -l) namespaces made here: the same in the container as on the host (ns, nprocs, pid, ppid, user, command, nsfs, holder, held_by, container)"
else
	not_ok "the namespaces made here: the same in the container as on the host"
	diag_file "$T_TMP/mine.diff"
fi
# and as lsns sees them (the process-held ones; lsns shows no nsfs-only one)
echo "$MINE" | while read -r t i; do
	l=$(jq -c --arg t "$t" --argjson i "$i" '.namespaces[] | select(.type == $t and .ns == $i) | [.ns, .type, .nprocs, .pid]' "$T_TMP/lsns.json")
	[ -z "$l" ] && continue
	p=$(jq -c --arg t "$t" --argjson i "$i" '.namespaces[] | select(.type == $t and .ns == $i) | [.ns, .type, .nprocs, .pid]' "$T_TMP/pod.json")
	[ "$l" = "$p" ] || echo "lsns $l, pod $p"
done >"$T_TMP/lsns.diff"
is "$(cat "$T_TMP/lsns.diff")" "" "the namespaces made here: NS, TYPE, NPROCS, PID as lsns -J says"
p=$(jq -c --arg n "$T_NAME" '[.namespaces[] | select(.nsfs != null and (.nsfs | index("/run/netns/" + $n)))] | map({ns, type, nprocs, nsfs})' "$T_TMP/pod.json")
is "$p" "[{\"ns\":$NETNS_INO,\"type\":\"net\",\"nprocs\":0,\"nsfs\":[\"/run/netns/$T_NAME\"]}]" "ip netns add's namespace: no process, its /run/netns name"
# the host's own namespaces: found, with the same lowest PID
echo "$HOSTNS" | while read -r t i; do
	h=$(jq -c --arg t "$t" --argjson i "$i" '.namespaces[] | select(.type == $t and .ns == $i) | [.ns, .type, .pid, .user]' "$T_TMP/host.json")
	p=$(jq -c --arg t "$t" --argjson i "$i" '.namespaces[] | select(.type == $t and .ns == $i) | [.ns, .type, .pid, .user]' "$T_TMP/pod.json")
	[ -n "$h" ] && [ "$h" = "$p" ] || echo "$t $i: host $h pod $p"
done >"$T_TMP/host.diff"
is "$(cat "$T_TMP/host.diff")" "" "the host's own 8 namespaces: the same in the container"
# every namespace the host showed both before and after the container's
# run is in the container's list too (others come and go on a busy machine)
jq -r '.namespaces[] | "\(.type) \(.ns)"' "$T_TMP/host.json" | sort >"$T_TMP/h1"
jq -r '.namespaces[] | "\(.type) \(.ns)"' "$T_TMP/host2.json" | sort >"$T_TMP/h2"
jq -r '.namespaces[] | "\(.type) \(.ns)"' "$T_TMP/pod.json" | sort >"$T_TMP/p1"
comm -12 "$T_TMP/h1" "$T_TMP/h2" >"$T_TMP/stable"
is "$(comm -23 "$T_TMP/stable" "$T_TMP/p1")" "" \
	"each of the host's $(wc -l <"$T_TMP/stable") namespaces (seen before and after) is in the container's list"
# the container's own namespaces are its, by the Docker engine it asked
# through the read-only /run
own=$(jq -r --arg img "$IMAGE" '[.namespaces[] | select(.container.image == $img and .container.runtime == "docker") | .type] | sort | join(",")' "$T_TMP/pod.json")
case "$own" in
*ipc*mnt*net*uts*) ok "its own namespaces are a docker container's of image $IMAGE ($own): dockerd asked through /run" ;;
*) not_ok "its own namespaces are a docker container's of image $IMAGE" "got: '$own'" ;;
esac

# ------------------------------------------------------------ capabilities

t_spawn "$T_TMP/hold.log" "$CAPS_HOLD" -a cap_net_raw 'cap_chown,cap_net_raw=pi cap_net_raw+e'
H=$T_SPAWNED
t_wait 100 grep -qx ready "$T_TMP/hold.log"
nsi --caps "$H" -J
jq -c '.processes' "$T_TMP/out" >"$T_TMP/caps-host"
in_pod --caps "$H" -J
jq -c '.processes' "$T_TMP/out" >"$T_TMP/caps-pod"
st=$(awk '/^Cap(Inh|Prm|Eff|Bnd|Amb):/ { printf "%s0x%s", sep, $2; sep = " " }' "/proc/$H/status")
got=$(jq -r '.[0] | [.capinh.mask, .capprm.mask, .capeff.mask, .capbnd.mask, .capamb.mask] | join(" ")' "$T_TMP/caps-pod")
if [ "$T_RC" -eq 0 ] && [ "$got" = "$st" ] && cmp -s "$T_TMP/caps-host" "$T_TMP/caps-pod"; then
	ok "--caps of a process (caps-hold, pid $H): the same in the container as on the host and in /proc/$H/status ($(jq -r '.[0].captext' "$T_TMP/caps-pod"))"
else
	not_ok "--caps of a process: the same in the container as on the host" \
		"status: $st" "pod:    $got" "host: $(cat "$T_TMP/caps-host")" "pod:  $(cat "$T_TMP/caps-pod")"
	diag_file "$T_TMP/err" "stderr"
fi

# ----------------------------------------------- the manifest's own command

mkdir -p "$TEXTFILE"
IFS='
'
# shellcheck disable=SC2086
set -- $ARGS
unset IFS
in_pod -d "$@"
CID=$(cat "$T_TMP/out")
t_add_container "$CID"
if t_wait 150 test -s "$TEXTFILE/nsinspect.prom"; then
	ok "the DaemonSet's command ($(echo "$ARGS" | paste -sd' ')) writes $(wc -l <"$TEXTFILE/nsinspect.prom") lines into the mounted directory"
else
	not_ok "the DaemonSet's command writes the textfile into the mounted directory"
	docker logs "$CID" >"$T_TMP/logs" 2>&1
	diag_file "$T_TMP/logs" "docker logs"
fi
v=$(awk '/^nsinspect_build_info/ { print $1 " " $2 }' "$TEXTFILE/nsinspect.prom")
is "$v" "nsinspect_build_info{version=\"$VERSION\"} 1" "the textfile is nsinspect's metrics"
nets=$(awk '/^nsinspect_namespaces\{.*type="net"/ { print $2 }' "$TEXTFILE/nsinspect.prom")
if [ -n "$nets" ] && [ "$nets" -ge 2 ]; then
	ok "it counts the host's network namespaces ($nets, the test's $T_NAME among them)"
else
	not_ok "it counts the host's network namespaces" "nsinspect_namespaces{type=\"net\"}: '$nets'"
fi
# the running nsinspect keeps exactly the capabilities the manifest adds
# (none of them unused), and no_new_privs, as root
CPID=$(docker inspect -f '{{.State.Pid}}' "$CID" 2>/dev/null)
if [ -n "$CPID" ] && [ "$CPID" -gt 0 ]; then
	nsi --caps "$CPID" -J
	got=$(jq -r '.processes[0] | [(.capprm.names | join(",")), (.capeff.names | join(",")), (.capbnd.names | join(",")), (.nnp | tostring), .user] | join(" ")' "$T_TMP/out")
	is "$got" "$CAPS_ADDED $CAPS_ADDED $CAPS_ADDED true root" \
		"the running nsinspect keeps exactly the manifest's capabilities (permitted, effective, bounding), no_new_privs"
	seccomp=$(awk '$1 == "Seccomp:" { print $2 }' "/proc/$CPID/status")
	is "$seccomp" 2 "it runs under a seccomp filter (the runtime's default profile)"
else
	not_ok "the container runs" "docker inspect: no PID"
fi
start=$(date +%s)
docker stop "$CID" >/dev/null 2>&1
took=$(($(date +%s) - start))
rc=$(docker inspect -f '{{.State.ExitCode}}' "$CID" 2>&1)
grace=$(jq -r .grace "$T_TMP/run.json")
if [ "$rc" = 0 ] && [ "$took" -lt "$grace" ]; then
	ok "docker stop (SIGTERM): exit status 0 after ${took}s (grace period ${grace}s)"
else
	not_ok "docker stop (SIGTERM): exit status 0 within the grace period" "exit status $rc after ${took}s"
fi
is "$(ls -A "$TEXTFILE")" "nsinspect.prom" "no temporary file left beside the textfile"

# ------------------------------------------------- without --pid host

in_pod --no-host-pid -J
cp "$T_TMP/out" "$T_TMP/nopid.json"
# (the table's run below is another container, in another PID namespace)
cp "$T_TMP/err" "$T_TMP/nopid.err"
jq -c '{host_pid_namespace, namespaces: (.namespaces | length), pids: ([.namespaces[].pid] | unique)}' "$T_TMP/nopid.json" >"$T_TMP/nopid" 2>&1
diag "without --pid host: exit status $T_RC, $(cat "$T_TMP/nopid")"
diag_file "$T_TMP/err" "its stderr"
in_pod --no-host-pid
diag_file "$T_TMP/out" "its table"
if [ -z "$(view "$T_TMP/nopid.json" uts "$(t_ns_ino "$S" uts)" 2>/dev/null)" ]; then
	ok "without --pid host it does not see the test's processes (recorded above)"
else
	not_ok "without --pid host it does not see the test's processes"
fi
# ... and says so: one line naming its PID namespace, and JSON's field
_pidns=$(jq -r '[.namespaces[] | select(.type == "pid") | .ns] | if length == 1 then .[0] else "several" end' "$T_TMP/nopid.json")
if t_jq "$T_TMP/nopid.json" '.host_pid_namespace == false' &&
	[ "$(grep -c "^nsinspect: not in the host's PID namespace (pid:\[$_pidns\]): only its processes are seen$" "$T_TMP/nopid.err")" -eq 1 ]; then
	ok "without --pid host it says so: one stderr line (pid:[$_pidns]), \"host_pid_namespace\": false"
else
	not_ok "without --pid host it says so: one stderr line, \"host_pid_namespace\": false" \
		"its pid namespace: $_pidns"
	diag_file "$T_TMP/nopid.err" "its stderr"
fi

diag "image.sh took $(($(date +%s) - T_START)) s"
t_finish
