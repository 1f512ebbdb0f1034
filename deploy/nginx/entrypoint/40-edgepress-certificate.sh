#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts (docker-entrypoint.d). nginx reads its
# certificate from TLS_DIR: links to Let's Encrypt's certificate for SERVER_NAME once the certbot
# service has obtained it, and until then to a temporary self-signed one, so that the very first
# `docker compose up -d` serves the site before any certificate exists. A background loop then
# follows the first issuance and every renewal, reloading nginx when the certificate changes.
set -eu
: "${SERVER_NAME:?}"
TLS_DIR="${TLS_DIR:-/etc/nginx/tls}"
LIVE_DIR="${LETSENCRYPT_DIR:-/etc/letsencrypt}/live/${SERVER_NAME}"
mkdir -p "$TLS_DIR"

use_certificate() {
  ln -sf "$1" "$TLS_DIR/fullchain.pem"
  ln -sf "$2" "$TLS_DIR/privkey.pem"
}

link_letsencrypt() {
  [ -s "$LIVE_DIR/fullchain.pem" ] && [ -s "$LIVE_DIR/privkey.pem" ] || return 1
  use_certificate "$LIVE_DIR/fullchain.pem" "$LIVE_DIR/privkey.pem"
}

if link_letsencrypt; then
  echo "edgepress: serving the Let's Encrypt certificate for ${SERVER_NAME}"
else
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=${SERVER_NAME}" \
    -keyout "$TLS_DIR/self-signed.key" -out "$TLS_DIR/self-signed.pem" 2>/dev/null
  use_certificate "$TLS_DIR/self-signed.pem" "$TLS_DIR/self-signed.key"
  echo "edgepress: no certificate for ${SERVER_NAME} yet: a temporary self-signed one until certbot obtains it"
fi

[ "${CERTIFICATE_WATCH:-on}" = on ] || exit 0
(
  served=$(cksum < "$TLS_DIR/fullchain.pem")
  while sleep "${CERTIFICATE_WATCH_SECONDS:-60}"; do
    link_letsencrypt || continue
    current=$(cksum < "$TLS_DIR/fullchain.pem")
    [ "$current" = "$served" ] && continue
    served=$current
    echo "edgepress: certificate for ${SERVER_NAME} changed; reloading nginx"
    nginx -s reload
  done
) &
