# ImageCensus: the two commands a newcomer needs.
#   make demo   build and crawl the offline sample fleet
#   make test   run the whole test suite (starts its own loopback servers)
#   make bench  measure crawls of a generated fleet against git grep (docs/performance.md)
SWIFT ?= swift

.PHONY: demo test build release bench clean

build:
	scripts/setup.sh
	$(SWIFT) build

demo: build
	$(SWIFT) run census demo

test:
	scripts/setup.sh --test
	scripts/test.sh

bench:
	scripts/setup.sh --test
	scripts/bench.sh

release:
	scripts/setup.sh
	$(SWIFT) build -c release

clean:
	rm -rf .build .demo
