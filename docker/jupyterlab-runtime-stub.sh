#!/bin/sh
# Builds a small stand-in .deb for the JavaScript build tools that Debian's
# jupyterlab package depends on, and prints its path. Used by docker/Dockerfile:
#
#   apt-get install "$(docker/jupyterlab-runtime-stub.sh)" jupyterlab ...
#
# Why: Debian's jupyterlab (4.0.x) ships the prebuilt JupyterLab front end
# (/usr/share/jupyter/lab/static) but also Depends on nodejs, webpack, jest,
# yarnpkg and ~85 node-* packages, which only `jupyter lab build` (rebuilding the
# front end for source extensions) uses. Installed for real they add ~800 packages
# and ~1.2 GB to the image. The stand-in package Provides exactly the non-Python
# dependencies of the jupyterlab candidate, at their candidate versions, so apt's
# dependency state stays consistent (a later `apt-get install nodejs` works as usual)
# while the lab serves the prebuilt front end. Needs an up-to-date `apt-get update`.
set -eu

name=jupyterlab-js-build-tools-stub
dir="$(mktemp -d)"
provides=""
# Depends of the candidate jupyterlab, one per line; keep those whose first
# alternative is not a Python package (python3-*, python3:any), drop version constraints.
for dep in $(apt-cache show --no-all-versions jupyterlab | sed -n 's/^Depends: //p' | tr ',' '\n' |
  sed 's/^ *//; s/ *|.*//; s/ *(.*//; s/:any$//' | grep -v '^python3' | sort -u); do
  version="$(apt-cache policy "$dep" | awk '/Candidate:/ {print $2}')"
  case "$version" in
    "" | "(none)") entry="$dep" ;;       # a virtual package: provide it unversioned
    *) entry="$dep (= $version)" ;;      # satisfies the same versioned Depends as the real one
  esac
  provides="$provides${provides:+, }$entry"
done
[ -n "$provides" ] || { echo "jupyterlab-runtime-stub.sh: jupyterlab has no non-Python dependencies?" >&2; exit 1; }

mkdir -p "$dir/pkg/DEBIAN"
cat > "$dir/pkg/DEBIAN/control" <<EOF
Package: $name
Version: 1.0
Architecture: all
Maintainer: losscourse lab image <noreply@invalid>
Provides: $provides
Description: stand-in for the JavaScript build tools of jupyterlab
 JupyterLab's prebuilt front end needs none of them; only "jupyter lab build" would.
 Built by docker/jupyterlab-runtime-stub.sh of the losscourse repository.
EOF
dpkg-deb --build --root-owner-group "$dir/pkg" "$dir/$name.deb" >/dev/null
echo "$dir/$name.deb"
