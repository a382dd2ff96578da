FROM debian:12 AS apt
RUN apt-get update && apt-get install -y --no-install-recommends curl wget ca-certificates gnupg
RUN curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /etc/apt/keyrings/docker.gpg \
 && echo "deb [signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/debian bookworm stable" \
      > /etc/apt/sources.list.d/docker.list \
 && apt-get update && apt-get install -y docker-ce-cli
RUN curl -fsSLo /usr/share/keyrings/microsoft.asc https://packages.microsoft.com/keys/microsoft.asc
RUN curl -fsSL https://packages.example.com/key.asc | tee /etc/apt/trusted.gpg.d/example.asc
RUN curl -fsSLo /tmp/package.deb https://example.com/package.deb && apt-get install -y /tmp/package.deb
RUN curl -fsSLo get-pip.py https://bootstrap.pypa.io/get-pip.py && python3 get-pip.py && pip install requests
FROM alpine:3.20 AS apk
RUN apk add --no-cache curl wget
FROM fedora:40 AS rpm
RUN dnf install -y curl && yum install -y wget && microdnf install -y curl && tdnf install -y wget \
 && zypper --non-interactive install curl
RUN curl -fsSLo /tmp/RPM-GPG-KEY-example https://example.com/RPM-GPG-KEY-example \
 && rpm --import /tmp/RPM-GPG-KEY-example
RUN curl -fsSLo /etc/yum.repos.d/example.repo https://example.com/example.repo
