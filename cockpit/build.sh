#!/bin/bash
# cockpit/build.sh OUTDIR: virtnet's Cockpit page into OUTDIR: our files as they are, and
# patternfly.css, the parts of PatternFly 4 (Cockpit 287's design system) this page uses,
# from the package package-lock.json names. npm installs it once into a cache outside the
# clone ($VIRTNET_NPM_CACHE, default /var/cache/virtnet-npm, else ~/.cache/virtnet-npm),
# keyed by the lockfile, so later builds work offline. No file is loaded from elsewhere at
# run time: fonts are Cockpit's own (virtnet.css).
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=$1
cache=${VIRTNET_NPM_CACHE:-/var/cache/virtnet-npm}
mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache=${XDG_CACHE_HOME:-$HOME/.cache}/virtnet-npm
key=$(sha256sum "$src/package-lock.json" | cut -c1-16)
mods=$cache/$key
if [ ! -f "$mods/.complete" ]; then
	rm -rf "$mods"
	mkdir -p "$mods"
	cp "$src/package.json" "$src/package-lock.json" "$mods/"
	(cd "$mods" && npm ci --no-audit --no-fund --ignore-scripts --cache "$cache/npm-cache") >&2
	touch "$mods/.complete"
fi
pf=$mods/node_modules/@patternfly/patternfly
parts=(Page/page Button/button Table/table Table/table-grid Form/form FormControl/form-control
	Check/check Switch/switch ModalBox/modal-box Backdrop/backdrop Alert/alert Label/label
	Card/card Toolbar/toolbar EmptyState/empty-state Title/title DescriptionList/description-list
	Breadcrumb/breadcrumb HelperText/helper-text Tabs/tabs)
mkdir -p "$out"
{
	echo "/* PatternFly $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$pf/package.json" | head -1) (MIT License, github.com/patternfly), the parts this page uses. */"
	# its @font-face rules load fonts of its own: the page uses Cockpit's (virtnet.css)
	sed '/^@font-face/,/^}/d' "$pf/patternfly-base.css"
	for p in "${parts[@]}"; do cat "$pf/components/$p.css"; done
	cat "$pf/layouts/Bullseye/bullseye.css"
} | sed 's|url("\.\./\.\./assets/images/status-icon-sprite\.svg#|url("status-icon-sprite.svg#|g' >"$out/patternfly.css.tmp"
cp "$pf/assets/images/status-icon-sprite.svg" "$out/status-icon-sprite.svg"
if grep -qE 'url\(["'"'"']?(https?:|//|\.\.?/)' "$out/patternfly.css.tmp"; then
	echo "error: cockpit/build.sh: patternfly.css would load a file from elsewhere" >&2
	exit 1
fi
mv "$out/patternfly.css.tmp" "$out/patternfly.css"
for f in index.html manifest.json virtnet.css api.js dom.js app.js list.js details.js create.js dialog.js; do
	cp "$src/$f" "$out/$f"
done
