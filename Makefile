# The two commands of the README, plus install. Each does its own set-up.
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all build demo check deb install clean

all: build

build:
	@bash scripts/setup.sh
	@bash scripts/build.sh build

demo: build
	@bash scripts/demo.sh

check:
	@bash scripts/check.sh

deb:
	@bash scripts/deb.sh

install: build
	@meson configure build -Dprefix=$(PREFIX) >/dev/null
	@meson install -C build --destdir "$(DESTDIR)" --quiet
	@echo "installed virtnet, virtnetd, their helpers and man pages under $(DESTDIR)$(PREFIX)"

clean:
	rm -rf build build-asan build-fuzz
