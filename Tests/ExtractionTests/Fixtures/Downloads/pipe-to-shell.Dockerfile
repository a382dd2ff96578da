FROM ubuntu:24.04
RUN curl -fsSL https://example.com/install.sh | sh
RUN curl -fsSL https://example.com/install-bash.sh | bash -s -- --version 1.2
RUN wget -O- https://example.com/wget-install.sh | sudo sh
RUN wget -qO - https://example.com/wget-quiet.sh | bash
RUN sh -c "curl -fsSL https://example.com/inner.sh | sh"
RUN curl -fsSL https://example.com/archive.tgz | tar -xz -C /opt
RUN curl -fsSL https://example.com/health || echo https://example.com/not-a-download | sh
RUN curl -fsSL https://bootstrap.example.com/get-tool.py | python3 -
RUN curl -fsSL https://example.com/sudo.sh | sudo -E bash -
RUN curl -sSL https://getcomposer.example.com/installer | php
RUN /bin/bash -c "$(curl -fsSL https://example.com/brew-install.sh)"
