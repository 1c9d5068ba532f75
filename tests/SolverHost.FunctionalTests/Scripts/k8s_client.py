"""Talks to the solver host with the official Kubernetes Python client, as a Python user of an
aggregated API would: discovery through ApisApi, the solver through CustomObjectsApi."""
import json
import sys

from kubernetes import client


def main() -> None:
    host, ca_file, cert_file, key_file, group, solver, payload_file = sys.argv[1:8]
    configuration = client.Configuration()
    configuration.host = host
    configuration.ssl_ca_cert = ca_file
    configuration.cert_file = cert_file
    configuration.key_file = key_file
    configuration.verify_ssl = True
    api_client = client.ApiClient(configuration)

    groups = client.ApisApi(api_client).get_api_versions()
    with open(payload_file, encoding="utf-8") as f:
        payload = json.load(f)
    answer = client.CustomObjectsApi(api_client).create_cluster_custom_object(group, "v1alpha1", solver, payload)
    print(json.dumps({"groups": [g.name for g in groups.groups], "answer": answer}))


if __name__ == "__main__":
    main()
