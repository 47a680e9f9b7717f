#!/usr/bin/python3
"""docker-run-args.py - the "docker run" options that run a container as a
Kubernetes DaemonSet's manifest runs it, for tests/ts/image.sh: the pod's
host namespaces, the container's user, capabilities, no_new_privs,
read-only root, seccomp and AppArmor profiles, memory and CPU limits,
stop timeout and hostPath mounts (bind-propagation and read-only as the
kubelet gives them).  A field it does not translate is an error, never
ignored.

Usage: docker-run-args.py MANIFEST [HOSTPATH=DIR]...
  HOSTPATH=DIR  mount DIR where the manifest mounts the hostPath HOSTPATH
                (a test's scratch directory instead of a node's)
Prints one JSON object: "options" (docker run options, one argument an
item), "image", "args" (the container's command line after the
entrypoint), "grace" (seconds), "notes" (what could not be reproduced
here, and why).  Exit status 2 on anything it cannot translate.
"""
import json
import os
import subprocess
import sys

import yaml

# Fields that change nothing in how the container runs on a node.
POD_IGNORED = {"serviceAccountName", "automountServiceAccountToken",
               "enableServiceLinks", "tolerations", "priorityClassName",
               "nodeSelector", "affinity"}
CONTAINER_IGNORED = {"name", "imagePullPolicy"}


def fail(msg):
    print(f"docker-run-args: {msg}", file=sys.stderr)
    sys.exit(2)


def memory(q):
    units = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "K": 10**3,
             "M": 10**6, "G": 10**9}
    for u, m in units.items():
        if str(q).endswith(u):
            return str(int(float(str(q)[:-len(u)]) * m))
    return str(int(q))


def cpus(q):
    q = str(q)
    return str(int(q[:-1]) / 1000) if q.endswith("m") else str(float(q))


def propagation(path):
    """The propagation of the host's mount that holds @path."""
    out = subprocess.run(["findmnt", "-n", "-o", "PROPAGATION", "--target",
                          path], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def main():
    if len(sys.argv) < 2:
        fail("usage: docker-run-args.py MANIFEST [HOSTPATH=DIR]...")
    replace = dict(a.split("=", 1) for a in sys.argv[2:])
    with open(sys.argv[1], encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    ds = [d for d in docs if d.get("kind") == "DaemonSet"]
    if len(ds) != 1:
        fail(f"{len(ds)} DaemonSets in {sys.argv[1]}, not 1")
    pod = ds[0]["spec"]["template"]["spec"]
    if len(pod.get("containers", [])) != 1 or pod.get("initContainers"):
        fail("not one container (and no init container)")
    ctr = pod["containers"][0]
    opts, notes = [], []

    for k in pod:
        if k not in POD_IGNORED | {"hostPID", "hostNetwork", "hostIPC",
                                   "terminationGracePeriodSeconds",
                                   "securityContext", "containers",
                                   "volumes"}:
            fail(f"pod field {k} is not translated")
    for k, ns in (("hostPID", "pid"), ("hostNetwork", "network"),
                  ("hostIPC", "ipc")):
        if pod.get(k):
            opts += [f"--{ns}", "host"]

    # the container's security context over the pod's
    psc, csc = pod.get("securityContext", {}), ctr.get("securityContext", {})
    sc = {**psc, **csc}
    for k in sc:
        if k not in {"runAsUser", "runAsGroup", "runAsNonRoot", "privileged",
                     "allowPrivilegeEscalation", "readOnlyRootFilesystem",
                     "capabilities", "seccompProfile", "appArmorProfile"}:
            fail(f"securityContext field {k} is not translated")
    if "runAsUser" in sc:
        opts += ["--user", f"{sc['runAsUser']}:{sc.get('runAsGroup', 0)}"]
    if sc.get("runAsNonRoot") and sc.get("runAsUser", 0) == 0:
        fail("runAsNonRoot with user 0: the kubelet would refuse it")
    if sc.get("privileged"):
        opts.append("--privileged")
    if sc.get("allowPrivilegeEscalation") is False:
        opts += ["--security-opt", "no-new-privileges"]
    if sc.get("readOnlyRootFilesystem"):
        opts.append("--read-only")
    caps = sc.get("capabilities", {})
    for c in caps.get("drop", []):
        opts += ["--cap-drop", c]
    for c in caps.get("add", []):
        opts += ["--cap-add", c]
    seccomp = sc.get("seccompProfile", {}).get("type", "RuntimeDefault")
    if seccomp == "Unconfined":
        opts += ["--security-opt", "seccomp=unconfined"]
    elif seccomp != "RuntimeDefault":	# Docker's default profile
        fail(f"seccompProfile {seccomp} is not translated")
    apparmor = sc.get("appArmorProfile", {}).get("type", "RuntimeDefault")
    if apparmor == "Unconfined":
        opts += ["--security-opt", "apparmor=unconfined"]
    elif apparmor != "RuntimeDefault":
        fail(f"appArmorProfile {apparmor} is not translated")

    for k in ctr:
        if k not in CONTAINER_IGNORED | {"image", "command", "args",
                                         "securityContext", "resources",
                                         "volumeMounts", "env"}:
            fail(f"container field {k} is not translated")
    limits = ctr.get("resources", {}).get("limits", {})
    if "memory" in limits:
        opts += ["--memory", memory(limits["memory"])]
    if "cpu" in limits:
        opts += ["--cpus", cpus(limits["cpu"])]
    for e in ctr.get("env", []):
        opts += ["--env", f"{e['name']}={e['value']}"]

    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for m in ctr.get("volumeMounts", []):
        v = volumes[m["name"]]
        if set(v) != {"name", "hostPath"} or m.get("subPath"):
            fail(f"volume {m['name']} is not a whole hostPath")
        src = replace.get(v["hostPath"]["path"], v["hostPath"]["path"])
        kind = v["hostPath"].get("type", "")
        if kind == "DirectoryOrCreate":
            os.makedirs(src, mode=0o755, exist_ok=True)
        elif kind == "Directory" and not os.path.isdir(src):
            fail(f"hostPath {src} is not a directory: the kubelet would refuse it")
        elif kind == "File" and not os.path.isfile(src):
            fail(f"hostPath {src} is not a file: the kubelet would refuse it")
        # the kubelet's bind mounts are recursive; readOnly makes the top
        # mount read-only, not those below (no recursiveReadOnly)
        spec = f"type=bind,source={src},target={m['mountPath']}"
        if m.get("readOnly"):
            spec += ",readonly,bind-recursive=writable"
        prop = m.get("mountPropagation", "None")
        if prop == "HostToContainer":
            have = propagation(src)
            if "shared" in have or "slave" in have:
                spec += ",bind-propagation=rslave"
            else:
                notes.append(f"{m['mountPath']}: mountPropagation "
                             f"HostToContainer not reproduced: the host's "
                             f"mount of {src} is {have or 'unknown'}, not "
                             f"shared (a node's kubelet needs it shared)")
        elif prop != "None":
            fail(f"mountPropagation {prop} is not translated")
        opts += ["--mount", spec]

    if "terminationGracePeriodSeconds" in pod:
        opts += ["--stop-timeout", str(pod["terminationGracePeriodSeconds"])]
    if "command" in ctr:
        opts += ["--entrypoint", ctr["command"][0]]
    args = ctr.get("command", [])[1:] + ctr.get("args", [])
    json.dump({"options": opts, "image": ctr["image"], "args": args,
               "grace": pod.get("terminationGracePeriodSeconds", 30),
               "notes": notes}, sys.stdout, indent=1)
    print()


main()
