FROM debian:12 AS lists
ENV TOOL_VERSION=2.1.0
RUN v=8.0.1 \
    && curl --fail --location \
        --remote-name https://builds.example.com/runtime/$v/runtime-$v-linux-x64.tar.gz \
        --remote-name https://builds.example.com/checksums/$v-sha.txt \
    && curl -fsSLO https://elsewhere.example.org/extra.tgz \
    && sha512sum -c $v-sha.txt --ignore-missing
RUN curl -fsSLO https://example.com/node.tar.xz \
    && curl -fsSLO https://example.com/SHASUMS256.txt.asc \
    && gpg --batch --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc \
    && grep " node.tar.xz\$" SHASUMS256.txt | sha256sum -c -
RUN curl -fsSLO "https://example.com/tool-$TOOL_VERSION.tgz" \
    && echo "abc  tool-2.1.0.tgz" | sha256sum -c -
RUN curl -fsSLO https://example.com/unchecked-list/SHA256SUMS
