# specguard: `make run` (the main job on the bundled example) and `make test` (all tests).
SWIFT ?= swift
APT_PACKAGES = libyaml-dev libpcre2-dev pkg-config zlib1g-dev curl
SPECGUARD = .build/release/specguard

.PHONY: run test build release deps fuzz clean-ours

# Installs the system libraries (and curl, which `make run` and its examples use) when any is missing
# (apt-get, as root or with sudo).
deps:
	@missing=""; \
	pkg-config --exists yaml-0.1 2>/dev/null || missing="$$missing libyaml-dev"; \
	pkg-config --exists libpcre2-8 2>/dev/null || missing="$$missing libpcre2-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	[ -e /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build

# Release flags live in scripts/lib/build-release (shared with the benchmark scripts).
release: deps
	SWIFT=$(SWIFT) scripts/lib/build-release specguard

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) fuzz SECONDS=20

# Builds the libFuzzer binary (in .build-fuzz) and runs each fuzz target for SECONDS seconds, two at a
# time; fails when one finds a crash, hang, leak or broken invariant (see Fuzz/run and README "Fuzzing").
SECONDS ?= 60
fuzz: deps
	SWIFT=$(SWIFT) Fuzz/run $(SECONDS)

# Removes the build products of this package's own modules (debug and release; compiled dependencies stay),
# for when an incremental build left code compiled against an older layout of a changed value type.
OWN_MODULES = Documents Schemas OpenAPIModel Validation Linting ContractTesting Sidecar ContractFixtures \
	FaultyService specguard FuzzTargets CommandLineTestSupport SpecguardFuzz
clean-ours:
	for configuration in debug release; do for module in $(OWN_MODULES); do \
	  rm -rf .build/$$configuration/$$module.build .build/$$configuration/Modules/$$module.swiftmodule; done; done
	touch Package.swift

MOCK_PORT ?= 4010
PROXY_PORT ?= 8080
ADMIN_PORT ?= 9090

# Builds release, starts the mock for specs/petstore.yaml and the validating proxy in front of it,
# prints three requests to try, and stops both on Ctrl-C.
run: release
	@$(SPECGUARD) mock --spec specs/petstore.yaml --listen 127.0.0.1:$(MOCK_PORT) & mock=$$!; \
	$(SPECGUARD) proxy --spec specs/petstore.yaml --upstream http://127.0.0.1:$(MOCK_PORT) \
	  --listen 127.0.0.1:$(PROXY_PORT) --admin-listen 127.0.0.1:$(ADMIN_PORT) & proxy=$$!; \
	trap 'kill $$proxy $$mock 2>/dev/null; wait $$proxy $$mock 2>/dev/null; echo; echo "stopped mock and proxy"' EXIT; \
	trap 'exit 0' INT TERM; \
	for i in $$(seq 50); do \
	  curl -s -o /dev/null http://127.0.0.1:$(ADMIN_PORT)/readyz && break; sleep 0.1; \
	done; \
	echo; \
	echo "mock on :$(MOCK_PORT), proxy on :$(PROXY_PORT) (metrics, coverage on :$(ADMIN_PORT)). Try:"; \
	echo; \
	echo "  # accepted: forwarded to the mock, which answers with the spec's example"; \
	echo "  curl -i -H 'X-API-Key: demo' 'http://127.0.0.1:$(PROXY_PORT)/v1/pets?limit=2'"; \
	echo; \
	echo "  # rejected: 400 with a problem document listing every violation; the mock never sees it"; \
	echo "  curl -i -H 'X-API-Key: demo' -H 'Content-Type: application/json' -d '{\"name\":\"\",\"species\":\"unicorn\"}' http://127.0.0.1:$(PROXY_PORT)/v1/pets"; \
	echo; \
	echo "  # unauthorized: no API key, 401"; \
	echo "  curl -i http://127.0.0.1:$(PROXY_PORT)/v1/pets/42"; \
	echo; \
	echo "  curl -s http://127.0.0.1:$(ADMIN_PORT)/coverage   # what traffic exercised"; \
	echo; \
	echo "Ctrl-C stops both."; \
	wait