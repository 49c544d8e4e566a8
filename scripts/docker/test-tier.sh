#!/usr/bin/env bash
# The Docker tier: builds the image and runs it and both compose files for real
# (test/docker/*.docker-spec.ts). `npm run test:docker`; .ci/run runs it last.
#
#   1. Docker     as root: installs docker.io with apt-get when `docker` is missing, starts dockerd
#                 when no daemon answers (and stops it again at exit). When no daemon answers and
#                 none can be started (not root, no cgroups, no overlay, …) it prints why and exits
#                 0: the tier is skipped, not failed.
#   2. compose v2 `docker compose` and `docker-compose`: Debian's docker-compose package from trixie
#                 (Go, 2.26; bookworm's is the Python 1.29, too old for these files) when missing.
#   3. base images the official node:20-bookworm-slim and postgres:16-bookworm when they can be
#                 pulled, else polkamesh-local/* built from Debian (local-base-images.sh; kept
#                 between runs). DOCKER_TIER_BASE=official|local forces one.
#   4. build      `docker build` of this checkout as polkamesh-backend:docker-tier (the build
#                 cache stays; the image is removed at exit unless DOCKER_TIER_KEEP_IMAGE=1).
#   5. tests      jest -c test/docker/jest.config.js; containers, volumes and networks they create
#                 are removed by the tests themselves.
# At the end it prints the figures: image size, time to a completed job, build and tier times.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

tier_started=$SECONDS
state_dir="$(mktemp -d "${TMPDIR:-/tmp}/polkamesh-docker-tier.XXXXXX")"
report_file="$state_dir/report"
image="polkamesh-backend:docker-tier"
started_dockerd_pid=""
built_image=false

log() { printf 'docker tier: %s\n' "$*"; }
skip() {
  log "SKIPPED: $*"
  exit 0
}
is_root() { [ "$(id -u)" = 0 ]; }
daemon_answers() { timeout 20 docker info >/dev/null 2>&1; }

# Polls `check` until it succeeds or `seconds` have passed.
wait_until() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}

dockerd_stopped() { ! kill -0 "$started_dockerd_pid" 2>/dev/null; }
cleanup() {
  local code=$?
  if [ "$built_image" = true ] && [ "${DOCKER_TIER_KEEP_IMAGE:-}" != 1 ]; then
    docker rmi "$image" >/dev/null 2>&1 || true
  fi
  if [ -n "$started_dockerd_pid" ] && kill -0 "$started_dockerd_pid" 2>/dev/null; then
    log "stopping the dockerd this tier started (pid $started_dockerd_pid)"
    kill -TERM "$started_dockerd_pid" 2>/dev/null || true
    wait_until 30 dockerd_stopped || log "dockerd $started_dockerd_pid did not stop within 30 s"
  fi
  rm -rf "$state_dir"
  exit "$code"
}
trap cleanup EXIT

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$state_dir/apt.log" 2>&1 || {
    apt-get update >>"$state_dir/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$state_dir/apt.log" 2>&1
  } || {
    tail -n 20 "$state_dir/apt.log"
    return 1
  }
}

# --- 1. Docker ----------------------------------------------------------------------------------
if ! daemon_answers && ! command -v dockerd >/dev/null 2>&1; then
  is_root || skip 'docker is not installed and installing it needs root'
  command -v apt-get >/dev/null 2>&1 || skip 'docker is not installed and there is no apt-get'
  log 'installing docker.io with apt-get'
  apt_install docker.io || skip 'apt-get could not install docker.io'
fi

dockerd_answers_or_died() { daemon_answers || ! kill -0 "$started_dockerd_pid" 2>/dev/null; }
if ! daemon_answers; then
  is_root || skip "no Docker daemon answers and starting one needs root ($(docker info 2>&1 | tail -n 1))"
  log 'starting dockerd'
  dockerd --pidfile "$state_dir/dockerd.pid" >"$state_dir/dockerd.log" 2>&1 &
  started_dockerd_pid=$!
  if ! wait_until 60 dockerd_answers_or_died; then
    skip "dockerd did not answer within 60 s: $(tail -n 5 "$state_dir/dockerd.log")"
  fi
  if ! kill -0 "$started_dockerd_pid" 2>/dev/null; then
    started_dockerd_pid=""
    skip "dockerd cannot run here: $(grep -E 'level=(error|fatal)|failed' "$state_dir/dockerd.log" | tail -n 3)"
  fi
fi
log "Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), storage $(docker info --format '{{.Driver}}')"

# --- 2. compose v2 -------------------------------------------------------------------------------
compose_v2() { docker compose version 2>/dev/null | grep -q 'version v\?2' && docker-compose version 2>/dev/null | grep -q 'version v\?2'; }

# --- 3. base images ------------------------------------------------------------------------------
base="${DOCKER_TIER_BASE:-}"
if [ -z "$base" ]; then
  if timeout 300 docker pull -q node:20-bookworm-slim >/dev/null 2>&1 &&
    timeout 300 docker pull -q postgres:16-bookworm >/dev/null 2>&1; then
    base=official
  else
    base=local
  fi
fi
build_args=()
if [ "$base" = local ]; then
  log 'Docker Hub cannot be reached: base images from Debian (scripts/docker/local-base-images.sh)'
  if ! command -v debootstrap >/dev/null 2>&1; then
    is_root || { log 'debootstrap is missing and installing it needs root'; exit 1; }
    apt_install debootstrap
  fi
  base_started=$SECONDS
  scripts/docker/local-base-images.sh >"$state_dir/base-images.env"
  log "base images ready in $((SECONDS - base_started)) s"
  # NODE_IMAGE=…, RUNTIME_IMAGE=…, POSTGRES_IMAGE=…
  while IFS='=' read -r key value; do
    case "$key" in
      NODE_IMAGE | RUNTIME_IMAGE) build_args+=(--build-arg "$key=$value") ;;
      POSTGRES_IMAGE) postgres_image="$value" ;;
    esac
  done <"$state_dir/base-images.env"
else
  postgres_image=postgres:16-bookworm
fi
log "base images: $base ${build_args[*]:-} postgres=$postgres_image"

if ! compose_v2; then
  is_root || { log 'docker compose v2 is missing and installing it needs root'; exit 1; }
  log "installing docker compose v2 (Debian trixie's docker-compose package)"
  debian_image="$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^polkamesh-local/debian:' | head -n 1 || true)"
  # from the Debian image when there is one, else from the official postgres image (also Debian)
  docker run --rm -v "$state_dir:/out" "${debian_image:-$postgres_image}" sh -c \
    'set -e; echo "deb http://deb.debian.org/debian trixie main" >/etc/apt/sources.list.d/trixie.list;
     apt-get update -qq; cd /tmp; apt-get download -qq docker-compose/trixie; cp docker-compose_*.deb /out/' \
    >"$state_dir/compose-download.log" 2>&1 || {
    tail -n 20 "$state_dir/compose-download.log"
    exit 1
  }
  dpkg -i "$state_dir"/docker-compose_*.deb >"$state_dir/compose-install.log" 2>&1 || {
    tail -n 20 "$state_dir/compose-install.log"
    exit 1
  }
  compose_v2 || { log 'docker compose v2 still does not answer'; exit 1; }
fi
log "$(docker compose version)"

# --- 4. build -------------------------------------------------------------------------------------
log "docker build -t $image ${build_args[*]:-} ."
build_started=$SECONDS
built_image=true
if ! docker build "${build_args[@]}" -t "$image" . >"$state_dir/build.log" 2>&1; then
  tail -n 60 "$state_dir/build.log"
  log 'docker build failed'
  exit 1
fi
echo "image build: $((SECONDS - build_started)) s (with the build cache of earlier runs, if any)" >>"$report_file"

# --- 5. tests -------------------------------------------------------------------------------------
status=0
POLKAMESH_TEST_IMAGE="$image" POLKAMESH_TEST_POSTGRES_IMAGE="$postgres_image" \
  POLKAMESH_DOCKER_REPORT="$report_file" \
  npx jest -c test/docker/jest.config.js --runInBand || status=$?

echo "base images: $base" >>"$report_file"
echo "whole Docker tier: $((SECONDS - tier_started)) s" >>"$report_file"
printf '\n=== Docker tier figures\n'
cat "$report_file"
exit "$status"
