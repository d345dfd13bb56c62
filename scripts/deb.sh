#!/bin/bash
# make deb: build virtnet_<version>_<arch>.deb with Debian's tooling (dpkg-buildpackage,
# debhelper) from the files git tracks, as they are in the working tree, and check it with
# lintian. The version comes from git: meson's project version, the number of commits and
# the commit (plus .dirty for uncommitted changes). The .deb lands in build/deb/.
set -eu
cd "$(dirname "$0")/.."
top=$PWD

bash scripts/setup.sh --deb

base=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" meson.build | head -1)
count=$(git rev-list --count HEAD)
sha=$(git rev-parse --short=10 HEAD)
version="$base+git$count.$sha"
git diff --quiet HEAD -- . 2>/dev/null || version="$version.dirty"
arch=$(dpkg-architecture -qDEB_HOST_ARCH)

out=$top/build/deb
src=$out/virtnet-$version
rm -rf "$out"
mkdir -p "$src"
# the tracked files (uncommitted edits included), not build trees or anything untracked
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$src"

cat >"$src/debian/changelog" <<CHANGELOG
virtnet ($version) unstable; urgency=medium

  * Built from git commit $(git rev-parse HEAD).

 -- virtnet developers <virtnet-devel@lists.example.org>  $(date -R -d "@$(git log -1 --format=%ct)")
CHANGELOG

echo "deb: building virtnet $version ($arch)"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1; then
	tail -40 "$out/build.log" >&2
	echo "error: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
fi
deb=$out/virtnet_${version}_$arch.deb
[ -f "$deb" ] || { echo "error: $deb was not made (log: $out/build.log)" >&2; exit 1; }
rm -rf "$src"

lintian --fail-on error "$deb" "$out"/virtnet_"${version}"_"$arch".changes >"$out/lintian.txt" 2>&1 && rc=0 || rc=$?
sed 's/^/lintian: /' "$out/lintian.txt"
[ "$rc" -eq 0 ] || { echo "error: lintian reports errors ($out/lintian.txt)" >&2; exit 1; }
echo "$deb"
