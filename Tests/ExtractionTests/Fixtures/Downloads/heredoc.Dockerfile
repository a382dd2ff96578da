# syntax=docker/dockerfile:1.7
FROM alpine:3.20
RUN <<EOF
set -e
apk add --no-cache curl
curl -fsSLo /tmp/app.tgz https://example.com/app.tgz
tar -xzf /tmp/app.tgz
EOF
RUN bash -e <<SCRIPT
wget -qO- https://example.com/setup.sh | sh
SCRIPT
RUN python3 <<EOF
import os
os.system("curl -o /tmp/py.tgz https://example.com/in-python.tgz")
EOF
RUN cat <<EOF > /usr/local/bin/fetch.sh
curl -o /tmp/data.tgz https://example.com/data-in-a-file.tgz
EOF
RUN <<EOF
#!/usr/bin/env python3
print("curl https://example.com/shebang-python.tgz")
EOF
RUN <<-EOF
	curl -fsSLO https://example.com/tabbed.tgz
	echo "abc  tabbed.tgz" | sha256sum -c -
	EOF
RUN <<EOF
curl -fsSLO https://example.com/after-heredocs.tgz
EOF
