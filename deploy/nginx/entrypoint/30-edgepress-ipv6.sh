#!/bin/sh
# Run by the nginx image's entrypoint after it rendered the templates. The config listens on IPv6
# as well; in a container whose network has IPv6 disabled (Docker's default), binding [::] fails and
# nginx would not start, so those listen lines are dropped there.
set -eu
conf="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}/edgepress.conf"
if [ "$(cat "${IPV6_SYSCTL:-/proc/sys/net/ipv6/conf/all/disable_ipv6}" 2>/dev/null || echo 1)" = 1 ]; then
  sed -i '/^[[:space:]]*listen \[::\]/d' "$conf"
  echo "edgepress: IPv6 is disabled in this container; listening on IPv4 only"
fi
