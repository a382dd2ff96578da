#!/bin/sh
docker run --rm -v "$PWD:/src" fedora:39 /src/eng/test-rpm.sh
