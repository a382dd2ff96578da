# ImageCensus: the two commands a newcomer needs.
#   make demo   build and crawl the offline sample fleet
#   make test   run the whole test suite (starts its own loopback servers)
#   make bench  measure crawls of a generated fleet against git grep (docs/performance.md)
#   make install [PREFIX=/usr/local]   build a release census and copy it to $(PREFIX)/bin
#   make uninstall [PREFIX=/usr/local] remove what make install copied
SWIFT ?= swift
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin

.PHONY: demo test build release bench clean install uninstall

build:
	scripts/setup.sh
	$(SWIFT) build

demo: build
	$(SWIFT) run census demo

test:
	scripts/setup.sh --test
	scripts/test.sh

bench:
	scripts/setup.sh --test --release
	scripts/bench.sh

# A release build links the Swift runtime and Foundation statically: one binary that runs without the
# toolchain's libraries, and faster (docs/performance.md, "Cold extraction, twelfth look").
release:
	scripts/setup.sh --release
	$(SWIFT) build -c release --static-swift-stdlib

# SwiftPM looks for a module's resource bundle (ImageCensus_<module>.resources) next to the executable,
# so census's own bundles (none of a test target) are copied beside it.
install:
	scripts/setup.sh --release
	$(SWIFT) build -c release --static-swift-stdlib --product census
	install -d "$(BINDIR)"
	bin="$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)"; \
	install -m 755 "$$bin/census" "$(BINDIR)/census"; \
	for bundle in "$$bin"/ImageCensus_*.resources; do \
	  case "$$bundle" in *Tests.resources) continue ;; esac; \
	  [ -d "$$bundle" ] || continue; \
	  rm -rf "$(BINDIR)/$$(basename "$$bundle")"; cp -R "$$bundle" "$(BINDIR)/"; \
	done
	@echo "installed $(BINDIR)/census"

uninstall:
	rm -f "$(BINDIR)/census"
	rm -rf "$(BINDIR)"/ImageCensus_*.resources

clean:
	rm -rf .build .demo
