#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# containerd.sh - containerd live: a `ctr run` container in a ctr namespace
# of this script's own (cgroup /NAMESPACE/ID, which only containerd's
# bundle tells from a session manager's /word/word), and a Kubernetes pod
# as the CRI plugin makes it, without a kubelet: a sandbox and a member
# joining its net, ipc and uts namespaces (--with-ns), with the CRI
# annotations, in cgroups of the kubelet's cgroupfs layout
# (/kubepods/besteffort/pod<uid>/<64 hex>).  The default view,
# --container (name, ID, ID prefix), --caps, --caps --container, --audit
# and the JSON output are checked against ctr containers ls, ctr task ls,
# ctr containers info and the annotations set here.
#
# Needs scripts/docker-testbed (dockerd's containerd and the image it
# imports into ctr namespace nsinspect-test); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq python3 jsonschema awk sha256sum timeout
require_nsinspect
require_ctr

NS=nsi-ts-$$			# our ctr namespace
C="t_ctr $NS"
I=$T_CTR_IMAGE
CTR=nsi-ctr-$$			# the ctr run container (name = ID)
# the pod: 64-hex IDs as the CRI plugin gives them, the kubelet's layout
SB=$(printf 'nsi-sandbox-%s' "$$" | sha256sum | cut -c1-64)
APP=$(printf 'nsi-app-%s' "$$" | sha256sum | cut -c1-64)
APP_NAME=app-$$			# io.kubernetes.cri.container-name
POD_NAME=web-$$			# io.kubernetes.cri.sandbox-name
POD_NS=nsi-ts			# io.kubernetes.cri.sandbox-namespace
POD_UID=$(printf '0f1e2d3c-aaaa-4bbb-8ccc-%012d' "$$")
POD_CG=/kubepods/besteffort/pod$POD_UID
SB12=$(echo "$SB" | cut -c1-12)
APP12=$(echo "$APP" | cut -c1-12)

# task_pid NAME - the PID ctr task ls shows for task NAME.
task_pid() {
	$C tasks ls 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }'
}

# ------------------------------------------------------------ set up

t_add_ctr_ns "$NS"
if ! t_ctr nsinspect-test images export - "$I" 2>"$T_TMP/export.err" |
	$C images import - >"$T_TMP/import.out" 2>&1; then
	not_ok "set up: import $I into ctr namespace $NS"
	diag_file "$T_TMP/export.err" "export"
	diag_file "$T_TMP/import.out" "import"
	t_finish
fi

t_add_cgroup_path "/$NS/$CTR"
t_add_cgroup_path "$POD_CG/$SB"
t_add_cgroup_path "$POD_CG/$APP"
A="--annotation io.kubernetes.cri.sandbox-id=$SB
   --annotation io.kubernetes.cri.sandbox-name=$POD_NAME
   --annotation io.kubernetes.cri.sandbox-namespace=$POD_NS
   --annotation io.kubernetes.cri.sandbox-uid=$POD_UID"
# shellcheck disable=SC2086
if ! $C run -d "$I" "$CTR" sleep 600 >"$T_TMP/run.out" 2>&1 ||
	! $C run -d --cgroup "$POD_CG/$SB" $A \
		--annotation io.kubernetes.cri.container-type=sandbox \
		"$I" "$SB" sleep 600 >>"$T_TMP/run.out" 2>&1 ||
	! t_wait 50 test -n "$(task_pid "$SB")"; then
	not_ok "set up: ctr run $CTR and the sandbox"
	diag_file "$T_TMP/run.out" "ctr run"
	t_finish
fi
SB_PID=$(task_pid "$SB")
# shellcheck disable=SC2086
if ! $C run -d --cgroup "$POD_CG/$APP" $A \
	--with-ns "network:/proc/$SB_PID/ns/net" \
	--with-ns "ipc:/proc/$SB_PID/ns/ipc" \
	--with-ns "uts:/proc/$SB_PID/ns/uts" \
	--annotation io.kubernetes.cri.container-type=container \
	--annotation io.kubernetes.cri.container-name="$APP_NAME" \
	--annotation io.kubernetes.cri.image-name="$I" \
	"$I" "$APP" sleep 600 >"$T_TMP/run.out" 2>&1 ||
	! t_wait 50 test -n "$(task_pid "$APP")" ||
	! t_wait 50 test -n "$(task_pid "$CTR")"; then
	not_ok "set up: ctr run the pod's member"
	diag_file "$T_TMP/run.out" "ctr run"
	t_finish
fi
CTR_PID=$(task_pid "$CTR")
APP_PID=$(task_pid "$APP")
diag "ctr $CTR pid $CTR_PID; sandbox $SB12 pid $SB_PID; $APP_NAME $APP12 pid $APP_PID"
for _p in "$CTR_PID" "$SB_PID" "$APP_PID"; do
	diag "$(tail -1 "/proc/$_p/cgroup")"
done

# The engine's own listing: the three, by ID, with the image.
$C containers ls >"$T_TMP/ctr-ls" 2>&1
for _id in "$CTR" "$SB" "$APP"; do
	if ! awk -v n="$_id" -v i="$I" '$1 == n && $2 == i { f = 1 } END { exit !f }' \
		"$T_TMP/ctr-ls"; then
		not_ok "ctr containers ls lists $_id with image $I"
		diag_file "$T_TMP/ctr-ls" "ctr containers ls"
	fi
done
# ... and the annotations containerd put in the member's spec
$C containers info "$APP" >"$T_TMP/info.json" 2>&1
check "ctr containers info: the member's CRI annotations" \
	t_jq "$T_TMP/info.json" --arg n "$APP_NAME" --arg p "$POD_NAME" \
	'.Spec.annotations["io.kubernetes.cri.container-name"] == $n and
	 .Spec.annotations["io.kubernetes.cri.sandbox-name"] == $p'

# ------------------------------------------------------------ ctr run

# the default view: every namespace of the container's own names it
if nsi_ok "default view" -o NS,TYPE,PID,CONTAINER; then
	if awk -v p="$CTR_PID" -v c="$CTR (containerd)" \
		'$3 == p { n++; if (substr($0, index($0, $4)) != c) bad = 1 }
		 END { exit !(n >= 4 && !bad) }' "$T_TMP/out"; then
		ok "default view: the namespaces of $CTR (ctr namespace $NS) are '$CTR (containerd)'"
	else
		not_ok "default view names $CTR (containerd)"
		grep -F "$CTR" "$T_TMP/out" >"$T_TMP/rows"
		diag_file "$T_TMP/rows" "rows"
	fi
fi

# --container by name (= ID), and by a prefix of it (all but its last
# character: "nsi-ctr-" and a PID are more than the 4 a prefix needs)
for _what in "$CTR" "$(echo "$CTR" | cut -c1-$((${#CTR} - 1)))"; do
	if nsi_ok "--container $_what" -J --container "$_what"; then
		check "--container $_what: runtime containerd, ID and name $CTR, no image in the bundle, no pod" \
			t_jq "$T_TMP/out" --arg id "$CTR" --argjson p "$CTR_PID" '
			[.namespaces[] | select(.pid == $p)] | length >= 4 and
			all(.container.runtime == "containerd" and
			    .container.id == $id and .container.name == $id and
			    .container.image == null and
			    .container.pod_name == null and
			    .container.sandbox == false)'
	fi
done
t_schema_ok "--container $CTR -J: valid against the schema" "$T_TMP/out"

if nsi_ok "--caps" --caps -o PID,CONTAINER; then
	is "$(awk -v p="$CTR_PID" '$1 == p { $1 = ""; sub(/^ /, ""); print }' "$T_TMP/out")" \
		"$CTR (containerd)" "--caps: PID $CTR_PID is $CTR (containerd)"
fi
if nsi_ok "--caps --container" --caps --container "$CTR" -J; then
	check "--caps --container $CTR: its process, named" \
		t_jq "$T_TMP/out" --arg id "$CTR" --argjson p "$CTR_PID" '
		[.processes[] | .pid] == [$p] and
		(.processes[0].container.id == $id)'
fi
if nsi_ok "--audit --container" --audit --container "$CTR"; then
	is "$(awk '$1 == "container" { $1 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"$CTR (containerd)" "--audit --container $CTR: container line"
fi

# ------------------------------------------------------------ the pod

if nsi_ok "--container $APP_NAME" -J --container "$APP_NAME"; then
	check "--container $APP_NAME: runtime, full ID, name, image and pod from the bundle" \
		t_jq "$T_TMP/out" --arg id "$APP" --arg n "$APP_NAME" --arg i "$I" \
		--arg pn "$POD_NAME" --arg ns "$POD_NS" --arg uid "$POD_UID" \
		--argjson p "$APP_PID" '
		[.namespaces[] | select(.pid == $p and (.type == "mnt" or .type == "pid"))
		 | .container] | length == 2 and
		all(.runtime == "containerd" and .id == $id and .name == $n and
		    .image == $i and .pod_name == $pn and .pod_namespace == $ns and
		    .pod == $uid and .sandbox == false)'
	check "--container $APP_NAME: net, ipc and uts are shared with the sandbox, by both containers" \
		t_jq "$T_TMP/out" --arg sb "$SB" --arg app "$APP" --arg pn "$POD_NAME" '
		[.namespaces[] | select(.type == "net" or .type == "ipc" or .type == "uts")]
		| length == 3 and
		all(.container == null and
		    ([.containers[].id] | sort) == ([$sb, $app] | sort) and
		    all(.containers[]; .pod_name == $pn) and
		    ([.containers[] | select(.id == $sb) | .sandbox] == [true]))'
	t_schema_ok "--container $APP_NAME -J: valid against the schema" "$T_TMP/out"
fi

if nsi_ok "--container <sandbox ID prefix>" -J --container "$SB12"; then
	check "--container $SB12: the sandbox, by full ID, no name, its pod" \
		t_jq "$T_TMP/out" --arg id "$SB" --arg pn "$POD_NAME" --arg ns "$POD_NS" \
		--argjson p "$SB_PID" '
		[.namespaces[] | select(.pid == $p and .type == "mnt") | .container]
		| length == 1 and
		all(.runtime == "containerd" and .id == $id and .name == null and
		    .sandbox == true and .pod_name == $pn and .pod_namespace == $ns)'
fi
if nsi_ok "--container <member full ID>" -J --container "$APP"; then
	check "--container $APP12...: the member" \
		t_jq "$T_TMP/out" --arg n "$APP_NAME" \
		'[.namespaces[] | select(.type == "mnt") | .container.name] == [$n]'
fi

SB_TEXT="containerd $SB12 sandbox of pod $POD_NS/$POD_NAME"
APP_TEXT="$APP_NAME (containerd $APP12) pod $POD_NS/$POD_NAME"
# -W: the list of containers on one line, comma-separated (one a line
# without it)
if nsi_ok "default view, the pod" -o TYPE,PID,CONTAINER -W --container "$APP_NAME"; then
	is "$(awk '$1 == "net" { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"$SB_TEXT,$APP_TEXT" "default view: the pod's net namespace names the sandbox and the member with the pod"
	is "$(awk '$1 == "mnt" { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"$APP_TEXT" "default view: the member's mnt namespace"
fi
if nsi_ok "--caps --container $APP_NAME" --caps --container "$APP_NAME" -o PID,CONTAINER; then
	is "$(awk -v p="$APP_PID" '$1 == p { $1 = ""; sub(/^ /, ""); print }' "$T_TMP/out")" \
		"$APP_TEXT" "--caps --container $APP_NAME: PID $APP_PID named with its pod"
fi
if nsi_ok "--caps" --caps -o PID,CONTAINER; then
	is "$(awk -v p="$SB_PID" '$1 == p { $1 = ""; sub(/^ /, ""); print }' "$T_TMP/out")" \
		"$SB_TEXT" "--caps: the sandbox's PID $SB_PID"
fi
if nsi_ok "--audit --container $APP_NAME" --audit --container "$APP_NAME"; then
	is "$(awk '$1 == "container" { $1 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"$APP_TEXT" "--audit: container line with the pod"
	is "$(awk '$1 == "image" { print $2 }' "$T_TMP/out")" "$I" \
		"--audit: the image of the CRI annotation"
	is "$(awk '$1 == "|-net" || $1 == "`-net" { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"shared with $SB_TEXT" "--audit: net shared with the pod's sandbox"
fi

t_finish
