# mailbot: the Telegram bot. Build: docker build -t mailbot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... mailbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MAILBOT_CACHE_DIR=/tmp/mailbot-cache \
    MAILBOT_DATA_DIR=/data

RUN useradd --create-home --uid 10001 mailbot && mkdir /data && chown mailbot /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
# A regular (non-editable) install: the knowledge base ships inside the package.
RUN pip install . && mailbot check-knowledge

USER mailbot
# Chat settings, a group's own answers and statistics (SQLite): keep them across restarts.
VOLUME ["/data"]
# Webhook mode listens here (mailbot serve --webhook-url URL --listen 0.0.0.0 --port 8443).
EXPOSE 8443
# Healthy while the bundled knowledge base loads and validates.
HEALTHCHECK --interval=60s --timeout=10s --start-period=10s --retries=3 CMD ["mailbot", "health"]
ENTRYPOINT ["mailbot"]
CMD ["serve"]
