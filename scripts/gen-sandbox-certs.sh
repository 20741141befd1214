#!/usr/bin/env bash
# Generates the TLS material of the loopback sandbox Kubernetes API (src/sandbox/tls/).
# Run once; the PEMs are committed. They are test material for 127.0.0.1/::1/localhost only,
# not secrets: the CA private keys are thrown away, so nothing else can ever be signed by them.
#
#   ca.pem                      the sandbox CA (trusted by kubeconfigs the sandbox writes)
#   server.pem, server-key.pem  server certificate for 127.0.0.1, ::1, localhost (serverAuth)
#   client.pem, client-key.pem  client certificate signed by the sandbox CA (clientAuth)
#   untrusted-ca.pem            a second, unrelated CA
#   untrusted-client.pem, untrusted-client-key.pem   a client certificate the sandbox must reject
#   untrusted-server.pem, untrusted-server-key.pem   a server certificate for 127.0.0.1 from the
#                               unrelated CA (for tests where a client must refuse the server)
#
# Usage: scripts/gen-sandbox-certs.sh [output-dir]   (default src/sandbox/tls)
set -euo pipefail

out="${1:-$(cd "$(dirname "$0")/.." && pwd)/src/sandbox/tls}"
days=36500 # about 100 years
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# make_ca NAME CN
make_ca() {
  newkey "$work/$1-key.pem"
  openssl req -x509 -new -key "$work/$1-key.pem" -sha256 -days "$days" -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$out/$1.pem"
}

# make_leaf NAME CA SUBJECT EXTFILE-CONTENT
make_leaf() {
  newkey "$out/$1-key.pem"
  openssl req -new -key "$out/$1-key.pem" -subj "$3" -out "$work/$1.csr"
  printf '%s\n' "$4" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$out/$2.pem" -CAkey "$work/$2-key.pem" -CAserial "$work/$2.srl" -CAcreateserial \
    -sha256 -days "$days" -extfile "$work/$1.ext" -out "$out/$1.pem" 2>/dev/null
}

server_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost'
client_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'

make_ca ca "tracecore sandbox CA (loopback test material)"
make_leaf server ca "/CN=tracecore-sandbox-apiserver" "$server_ext"
make_leaf client ca "/O=system:masters/CN=tracecore-sandbox-client" "$client_ext"

make_ca untrusted-ca "unrelated CA (tracecore sandbox negative tests)"
make_leaf untrusted-client untrusted-ca "/CN=untrusted-client" "$client_ext"
make_leaf untrusted-server untrusted-ca "/CN=untrusted-apiserver" "$server_ext"

chmod 644 "$out"/*.pem
echo "wrote $(ls "$out"/*.pem | wc -l) PEM files to $out"
