FROM debian:12 AS build
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
 && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz \
 && echo "abc  /tmp/a.tgz" | sha256sum -c -
RUN curl -fsSLO https://example.com/c.tgz \
 && curl -fsSLO https://example.com/c.tgz.sha256 \
 && sha256sum -c c.tgz.sha256
RUN curl -fsSLO https://example.com/d.tgz \
 && curl -fsSLO https://example.com/d.tgz.asc \
 && gpg --batch --verify d.tgz.asc d.tgz
RUN curl -fsSLO https://example.com/node.tgz \
 && curl -fsSLO https://example.com/SHASUMS256.txt \
 && grep " node.tgz\$" SHASUMS256.txt | sha256sum -c -
RUN curl -fsSLO https://example.com/e.tgz
RUN echo "abc  e.tgz" | sha512sum --check --strict
RUN curl -fsSLO https://example.com/md5.tgz && echo "abc  md5.tgz" | md5sum -c -
RUN curl -fsSLO https://example.com/printed.tgz && sha256sum printed.tgz
RUN curl -fsSLO https://example.com/f.tgz && curl -fsSL https://example.com/f.tgz.sha256 | sha256sum -c -
RUN curl -fsSL https://example.com/g.tgz > g.tgz && echo "abc  g.tgz" | sha256sum -c -
RUN curl -fsSLO https://example.com/other-stage.tgz
FROM debian:12
RUN echo "abc  other-stage.tgz" | sha256sum -c -
