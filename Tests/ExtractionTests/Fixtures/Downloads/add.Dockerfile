FROM alpine:3.20
ARG RELEASE=https://example.com/releases
ADD https://example.com/plain.tgz /opt/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/checked.tgz /opt/
ADD https://github.com/moby/buildkit.git#v0.14.1 /src/buildkit
ADD https://github.com/moby/buildkit.git#2a9e1dd41b8bd64cef2a7b76de1a2e7e3d1f4a85 /src/pinned
ADD ./local.tgz /opt/
ADD ${RELEASE}/from-arg.tgz /opt/
ADD --chown=1000:1000 \
    https://example.com/continued.tgz \
    /opt/
ADD ["https://example.com/exec-form.tgz", "/opt/"]
