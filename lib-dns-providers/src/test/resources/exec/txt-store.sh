#!/bin/bash
# A lego-style exec hook for tests: keeps TXT values in $STORE_DIR/values (one "fqdn value" per line).
# Usage: txt-store.sh present|cleanup <fqdn.> <value>
# $STORE_DIR/outage makes every call fail (and complain with the token, which certpilot must redact);
# a DNS_API_TOKEN other than $STORE_DIR/token is refused.
set -eu
action="$1"; fqdn="$2"; value="$3"
store="$STORE_DIR/values"
touch "$store"
if [ -e "$STORE_DIR/outage" ]; then
  echo "backend down, request with Authorization: Bearer $DNS_API_TOKEN failed" >&2
  echo x >> "$STORE_DIR/failures"
  exit 2
fi
if [ "$DNS_API_TOKEN" != "$(cat "$STORE_DIR/token")" ]; then
  echo "401 unauthorized for token $DNS_API_TOKEN" >&2
  exit 3
fi
case "$action" in
  present)
    flock "$store" sh -c 'grep -qxF "$1 $2" "$3" || echo "$1 $2" >> "$3"' _ "$fqdn" "$value" "$store" ;;
  cleanup)
    flock "$store" sh -c 'grep -vxF "$1 $2" "$3" > "$3.tmp" || true; mv "$3.tmp" "$3"' _ "$fqdn" "$value" "$store" ;;
  *)
    echo "unknown action $action" >&2; exit 64 ;;
esac
