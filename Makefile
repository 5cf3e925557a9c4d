# specguard: `make run` (the main job on the bundled example) and `make test` (all tests).
SWIFT ?= swift
APT_PACKAGES = libyaml-dev libpcre2-dev pkg-config zlib1g-dev
SPECGUARD = .build/release/specguard

.PHONY: run test build release deps bench fuzz clean-peers

# Installs the system libraries when any is missing (apt-get, as root or with sudo).
deps:
	@missing=""; \
	pkg-config --exists yaml-0.1 2>/dev/null || missing="$$missing libyaml-dev"; \
	pkg-config --exists libpcre2-8 2>/dev/null || missing="$$missing libpcre2-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	[ -e /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product specguard

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

run: release
	@echo "== specguard lint specs/*.yaml"
	-$(SPECGUARD) lint specs/petstore.yaml specs/shop.yaml specs/openapi31.yaml specs/swagger2.yaml
	@echo
	@echo "== specguard inspect specs/shop.yaml"
	$(SPECGUARD) inspect specs/shop.yaml
