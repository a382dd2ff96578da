FROM debian:12 AS build
ARG TOOL_VERSION=1.4.2
RUN set -eux; \
    apt-get update; \
    # a comment inside the continuation
    curl -fsSL \

      -o /tmp/tool.tgz \
      "https://example.com/tool/${TOOL_VERSION}/tool-linux-x64.tgz"; \
    tar -xzf /tmp/tool.tgz -C /usr/local/bin; \
    wget -q https://example.com/other/other.tgz \
      https://example.com/other/second.tgz
RUN curl -fsSLo /tmp/checked.tgz https://example.com/checked.tgz \
 && echo "3f786850e387550fdab836ed7e6dc881de23001b  /tmp/checked.tgz" \
    | sha256sum -c -
