#!/usr/bin/env bash
# Builds the base image debian:trixie-slim locally, for machines that reach a Debian
# mirror but no image registry (docker/Dockerfile starts FROM debian:trixie-slim; with
# access to Docker Hub you do not need this script: `docker pull debian:trixie-slim`).
#
# Usage (as root, with debootstrap and a running Docker engine):
#
#   docker/debian-base.sh [TAG]        # default TAG: debian:trixie-slim
#
# It runs `debootstrap --variant=minbase trixie` from the Debian mirror apt already
# uses on this machine (the first http(s) …/debian URI in /etc/apt/sources.list*,
# else http://deb.debian.org/debian; override with DEBIAN_MIRROR=…), trims it the way
# Debian's official slim images are trimmed (no man pages, docs or locales; empty apt
# lists), imports it with `docker import` and tags it. Takes 1–3 minutes.
#
# Environment:
#   DEBIAN_MIRROR        Debian mirror URL (default: see above)
#   DEBIAN_SUITE=trixie  the release
set -euo pipefail

tag="${1:-debian:trixie-slim}"
suite="${DEBIAN_SUITE:-trixie}"
say() { echo "debian-base.sh: $*"; }
die() { echo "debian-base.sh: ERROR: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "debootstrap needs root (run it with sudo)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed (apt-get install debootstrap)"
command -v docker >/dev/null 2>&1 || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine is reachable (docker info failed)"

mirror="${DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(grep -rhoE '^(URIs:[[:space:]]*|deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
      /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
    grep -oE 'https?://[^[:space:]]+' | head -1 || true)"
  mirror="${mirror%/}"
  [[ -n "$mirror" ]] || mirror="http://deb.debian.org/debian"
fi
security="${DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}"

root="$(mktemp -d "${TMPDIR:-/tmp}/debian-base.XXXXXX")"
trap 'rm -rf --one-file-system "$root"' EXIT

say "debootstrap --variant=minbase $suite from $mirror"
debootstrap --variant=minbase --components=main "$suite" "$root/rootfs" "$mirror" > "$root/debootstrap.log" 2>&1 ||
  { tail -30 "$root/debootstrap.log" >&2; die "debootstrap failed (log above)"; }

r="$root/rootfs"
# The sources an official debian:trixie image has (deb822 format).
rm -f "$r/etc/apt/sources.list"
cat > "$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# Like the official slim images: no man pages, docs or translations; apt keeps no .debs.
cat > "$r/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
cat > "$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' > "$r/etc/apt/apt.conf.d/docker-no-languages"
find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
rm -rf "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/* \
  "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/log/* "$r"/tmp/* 2>/dev/null || true
: > "$r/etc/hostname"
: > "$r/etc/resolv.conf"

say "importing as $tag"
tar --numeric-owner --xattrs -C "$r" -c . |
  docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --message "debootstrap --variant=minbase $suite $mirror" - "$tag" >/dev/null
say "done: $(docker image inspect --format '{{.Id}} {{.Size}} bytes' "$tag")"
