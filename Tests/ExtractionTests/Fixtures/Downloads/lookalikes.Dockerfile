FROM alpine:3.20
# RUN curl -fsSL https://example.com/commented-out.sh | sh
LABEL org.opencontainers.image.source="https://example.com/label"
ENV DOWNLOAD_URL=https://example.com/env.tgz
RUN curl --version && wget --help
RUN echo "fetch https://example.com/echoed.tgz with curl" && printf 'see https://example.com/printf\n'
RUN git clone https://example.com/repo.git /src
RUN curl -fsSL --proxy http://proxy.example.com:3128 https://example.com/through-proxy.tgz -o /tmp/p.tgz \
 && echo "abc  /tmp/p.tgz" | sha256sum -c
COPY <<EOF /etc/motd
curl -fsSL https://example.com/in-copy-heredoc | sh
EOF
RUN curl -fsSL "$DOWNLOAD_URL" -o /tmp/env.tgz
RUN VERSION=$(curl -s https://api.example.com/repos/tool/releases/latest | jq -r .tag_name) && echo "$VERSION"
RUN curl -s https://api.example.com/repos/tool/releases/latest | grep tag_name
