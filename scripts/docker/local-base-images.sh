#!/usr/bin/env bash
# Builds the image's base images from Debian's own packages, for machines that cannot pull
# node:20-bookworm-slim and postgres:16-bookworm from Docker Hub. Needs root (debootstrap) and a
# running Docker daemon; reaches only the Debian mirror and, in the node stage, nothing else.
#
#   scripts/docker/local-base-images.sh            # builds the images that are missing
#   scripts/docker/local-base-images.sh --rebuild  # builds them all again
#
# It prints the build arguments and the compose variables that use them:
#   docker build --build-arg NODE_IMAGE=polkamesh-local/node:20 \
#                --build-arg RUNTIME_IMAGE=polkamesh-local/node:20-runtime -t polkamesh-backend .
#   POSTGRES_IMAGE=polkamesh-local/postgres docker compose up
#
# Images (kept between runs; `docker rmi` them to start over):
#   polkamesh-local/debian:trixie     debootstrap --variant=minbase trixie, without docs/man/locales
#   polkamesh-local/node:20-runtime   + nodejs (Node 20.19) and ca-certificates
#   polkamesh-local/node:20           + npm; trusts the CAs in /usr/local/share/ca-certificates
#   polkamesh-local/postgres          + postgresql, configured like the official image
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
suite="${DEBIAN_SUITE:-trixie}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
debian_image="polkamesh-local/debian:$suite"
declare -A targets=(
  [node-runtime]='polkamesh-local/node:20-runtime'
  [node]='polkamesh-local/node:20'
  [postgres]='polkamesh-local/postgres'
)
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true

log() { printf 'local-base-images: %s\n' "$*" >&2; }
has_image() { [ "$rebuild" = false ] && docker image inspect "$1" >/dev/null 2>&1; }

# The same trimming as the official -slim images: no docs, man pages or translations, now or in
# any package installed later.
slim_rootfs() {
  local rootfs="$1"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
path-exclude /usr/share/lintian/*
SLIM
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CLEAN'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CLEAN
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/{info,locale,man,lintian}/* \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*
  # Docker provides these at run time; do not ship the host's
  : >"$rootfs/etc/resolv.conf"
  : >"$rootfs/etc/hostname"
}

build_debian_image() {
  command -v debootstrap >/dev/null || { log 'debootstrap is missing (apt-get install debootstrap)'; exit 1; }
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "debootstrap --variant=minbase $suite from $mirror"
  debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }
  slim_rootfs "$work/rootfs"
  tar --numeric-owner -C "$work/rootfs" -c . |
    docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$debian_image" >/dev/null
  log "built $debian_image"
}

build_target() {
  local target="$1" image="$2" context
  context="$(mktemp -d)"
  trap 'rm -rf "$context"' RETURN
  cp -p "$here/debian-bases.Dockerfile" "$here/postgres-entrypoint.sh" "$context/"
  mkdir "$context/extra-ca-certificates"
  find /usr/local/share/ca-certificates -name '*.crt' -type f -exec cp {} "$context/extra-ca-certificates/" \; 2>/dev/null || true
  log "building $image (stage $target)"
  docker build --quiet --build-arg "DEBIAN_IMAGE=$debian_image" --target "$target" \
    -f "$context/debian-bases.Dockerfile" -t "$image" "$context" >/dev/null
  log "built $image"
}

has_image "$debian_image" || build_debian_image
for target in node-runtime node postgres; do
  has_image "${targets[$target]}" || build_target "$target" "${targets[$target]}"
done

cat <<USAGE
NODE_IMAGE=${targets[node]}
RUNTIME_IMAGE=${targets[node-runtime]}
POSTGRES_IMAGE=${targets[postgres]}
USAGE
