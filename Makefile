# ImageCensus: the two commands a newcomer needs.
#   make demo   build and crawl the offline sample fleet
#   make test   run the whole test suite (starts its own loopback servers)
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

release:
	scripts/setup.sh
	$(SWIFT) build -c release

clean:
	rm -rf .build .demo
