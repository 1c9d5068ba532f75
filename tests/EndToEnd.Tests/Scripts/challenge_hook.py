#!/usr/bin/env python3
"""certbot --manual-auth-hook / --manual-cleanup-hook that calls the solver host the way cert-manager does through
the kube-apiserver: POST /apis/<group>/v1alpha1/<solver> with a ChallengePayload, over mutual TLS with the front
proxy's client certificate and the X-Remote-User / X-Remote-Group headers of the cert-manager ServiceAccount.

Usage: challenge_hook.py present|cleanup

certbot sets CERTBOT_DOMAIN and CERTBOT_VALIDATION. The rest comes from the environment:
  SOLVERS_HOOK_URL        https://127.0.0.1:<port>/apis/<group>/v1alpha1/<solver>
  SOLVERS_HOOK_CA         CA bundle that verifies the host's serving certificate
  SOLVERS_HOOK_CERT/KEY   the front proxy's client certificate and key (PEM)
  SOLVERS_HOOK_USER       X-Remote-User
  SOLVERS_HOOK_GROUPS     comma-separated, one X-Remote-Group header each
  SOLVERS_HOOK_ZONE       the zone cert-manager found by its SOA walk, e.g. example.test.
  SOLVERS_HOOK_NAMESPACE  resourceNamespace (cert-manager's cluster resource namespace for a ClusterIssuer)
  SOLVERS_HOOK_CONFIG     the issuer's dns01.webhook.config as JSON; absent means no config
  SOLVERS_HOOK_LOG        optional file that gets one JSON line per call: the body sent, the HTTP status and the
                          seconds from connecting to the complete answer

Exits 0 only when the answer is 2xx and response.success is true; otherwise prints the host's message to stderr.
"""
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse

ACTIONS = {"present": "Present", "cleanup": "CleanUp"}


def go_json(value) -> str:
    """Compact JSON with Go's encoding/json escaping of <, > and & (cert-manager's client is Go)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_body(action: str) -> bytes:
    domain = os.environ["CERTBOT_DOMAIN"]
    # An ACME authorization for *.example.test carries the identifier example.test; cert-manager's dnsName is that.
    if domain.startswith("*."):
        domain = domain[2:]
    zone = os.environ["SOLVERS_HOOK_ZONE"]
    if not zone.endswith("."):
        zone += "."
    # Field order as cert-manager's Go struct ChallengeRequest; no apiVersion/kind, uid always empty.
    request = {
        "uid": "",
        "action": action,
        "type": "dns-01",
        "dnsName": domain,
        "key": os.environ["CERTBOT_VALIDATION"],
        "resourceNamespace": os.environ.get("SOLVERS_HOOK_NAMESPACE", "cert-manager"),
        "resolvedFQDN": f"_acme-challenge.{domain}.",
        "resolvedZone": zone,
        "allowAmbientCredentials": True,
    }
    config = os.environ.get("SOLVERS_HOOK_CONFIG")
    if config:
        # A CRD object round-trips through maps in the apiserver, so the config's keys arrive sorted.
        request["config"] = json.loads(config, object_pairs_hook=lambda pairs: dict(sorted(pairs)))
    # Go's json.Encoder ends the body with a newline.
    return (go_json({"request": request}) + "\n").encode("utf-8")


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1] not in ACTIONS:
        print("usage: challenge_hook.py present|cleanup", file=sys.stderr)
        return 2
    action = ACTIONS[sys.argv[1]]
    body = build_body(action)
    status, text, seconds = send(action, body)
    if os.environ.get("SOLVERS_HOOK_LOG"):
        with open(os.environ["SOLVERS_HOOK_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"body": body.decode("utf-8"), "status": status, "seconds": seconds}) + "\n")
    if status is None:
        print(text, file=sys.stderr)
        return 1

    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if not 200 <= status < 300 or not isinstance(answer, dict):
        print(f"{action} for {os.environ['CERTBOT_DOMAIN']}: HTTP {status}: {text.strip()}", file=sys.stderr)
        return 1
    result = answer.get("response") or {}
    if result.get("success") is not True:
        message = (result.get("status") or {}).get("message", text.strip())
        print(f"{action} for {os.environ['CERTBOT_DOMAIN']} failed: {message}", file=sys.stderr)
        return 1
    return 0


def send(action: str, body: bytes):
    """POSTs the body; returns (status, text, seconds), or (None, error message, seconds) when no answer came."""
    started = time.monotonic()
    url = urllib.parse.urlsplit(os.environ["SOLVERS_HOOK_URL"])
    context = ssl.create_default_context(cafile=os.environ["SOLVERS_HOOK_CA"])
    context.load_cert_chain(os.environ["SOLVERS_HOOK_CERT"], os.environ["SOLVERS_HOOK_KEY"])
    connection = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=60)
    try:
        connection.putrequest("POST", url.path, skip_accept_encoding=True)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Accept", "application/json, */*")
        connection.putheader("User-Agent", "cert-manager-challenges/v1.21.1 (linux/amd64) cert-manager/e2e")
        connection.putheader("X-Remote-User", os.environ["SOLVERS_HOOK_USER"])
        for group in filter(None, os.environ.get("SOLVERS_HOOK_GROUPS", "").split(",")):
            connection.putheader("X-Remote-Group", group)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), time.monotonic() - started
    except (OSError, http.client.HTTPException) as error:
        message = f"{action} for {os.environ['CERTBOT_DOMAIN']}: cannot reach the solver host at {url.geturl()}: {error}"
        return None, message, time.monotonic() - started
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
