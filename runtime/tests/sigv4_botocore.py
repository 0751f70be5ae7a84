#!/usr/bin/env python3
"""Signs CodeArtifact-like requests with botocore's SigV4Auth at a fixed time
with fixed credentials and prints them, with botocore's results, as JSON.

The output is committed as runtime/tests/fixtures/sigv4_botocore.json, and
runtime/tests/sigv4_botocore.rs checks that our signer produces the same
Authorization header for each, that our verifier accepts botocore's
signatures, and that this script still reproduces the file exactly.
Regenerate with:

    python3 runtime/tests/sigv4_botocore.py > runtime/tests/fixtures/sigv4_botocore.json

Needs botocore (`pip install botocore`). Nothing is sent anywhere.
"""

import base64
import datetime
import hashlib
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

TIME = datetime.datetime(2026, 11, 28, 21, 4, 5, tzinfo=datetime.timezone.utc)
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TEMP_ACCESS_KEY = "ASIAIOSFODNN7EXAMPLE"
TOKEN = (
    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6o+example/session+token=="
)


def update_status_body(n):
    versions = [f"12.6.{i}" for i in range(n)]
    body = {
        "versions": versions,
        "versionRevisions": {v: f"REVISION-{i:04d}" for i, v in enumerate(versions)},
        "expectedStatus": "Published",
        "targetStatus": "Archived",
    }
    return json.dumps(body, separators=(",", ":")).encode()


ASSET = bytes(range(256)) * 17 + b"generic asset payload\n"


def cases():
    """(name, method, path, query pairs, headers, body, region, with_token)."""
    owner = [("domain", "my-domain"), ("domain-owner", "111122223333")]
    return [
        (
            "update_package_versions_status",
            "POST",
            "/v1/package/versions/update_status",
            owner
            + [
                ("repository", "my-repo"),
                ("format", "npm"),
                ("namespace", "types"),
                ("package", "node"),
            ],
            [("Content-Type", "application/json")],
            update_status_body(10),
            "us-west-2",
        ),
        (
            "publish_package_version",
            "POST",
            "/v1/package/version/publish",
            owner
            + [
                ("repository", "my-repo"),
                ("format", "generic"),
                ("namespace", "my-ns"),
                ("package", "my-package"),
                ("version", "1.0.0+build.7"),
                ("asset", "my asset~v1.tar.gz"),
                ("unfinished", "true"),
            ],
            [
                ("Content-Type", "application/octet-stream"),
                ("x-amz-content-sha256", hashlib.sha256(ASSET).hexdigest()),
            ],
            ASSET,
            "eu-central-1",
        ),
        (
            "get_package_version_asset",
            "GET",
            "/v1/package/version/asset",
            owner
            + [
                ("repository", "my-repo"),
                ("format", "generic"),
                ("namespace", "@scope/ns"),
                ("package", "caf\u00e9"),
                ("version", "2.0.0"),
                ("asset", "a=b&c.txt"),
            ],
            [],
            b"",
            "us-east-1",
        ),
        (
            "describe_domain",
            "GET",
            "/v1/domain",
            owner,
            [("Accept", "application/json"), ("X-Custom-Spaces", "  a   b  ")],
            b"",
            "ap-southeast-2",
        ),
        (
            "list_domains_empty_query",
            "POST",
            "/v1/domains",
            [],
            [("Content-Type", "application/json")],
            b'{"maxResults":5}',
            "us-east-1",
        ),
        (
            "path_needing_double_encoding",
            "DELETE",
            "/v1/test/a%20b/%C3%A9",
            [("k", "v w")],
            [],
            b"",
            "us-east-1",
        ),
    ]


def sign(name, method, path, query, headers, body, region, with_token):
    host = f"codeartifact.{region}.amazonaws.com"
    url = f"https://{host}{path}"
    if query:
        url += "?" + percent_encode_sequence(query)
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    if with_token:
        creds = Credentials(TEMP_ACCESS_KEY, SECRET, TOKEN)
    else:
        creds = Credentials(ACCESS_KEY, SECRET)
    signer = botocore.auth.SigV4Auth(creds, "codeartifact", region)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIME):
        signer.add_auth(request)
    authorization = request.headers["Authorization"]
    # Rebuild the texts botocore signed: the request as it was just before
    # the Authorization header was added.
    del request.headers["Authorization"]
    canonical = signer.canonical_request(request)
    return {
        "name": name + ("_with_session_token" if with_token else ""),
        "method": method,
        "url": url,
        "headers": [[k, v] for k, v in headers],
        "body_base64": base64.b64encode(body).decode(),
        "region": region,
        "service": "codeartifact",
        "access_key_id": creds.access_key,
        "secret_access_key": SECRET,
        "session_token": TOKEN if with_token else None,
        "time": TIME.strftime("%Y%m%dT%H%M%SZ"),
        "expected": {
            "authorization": authorization,
            "x-amz-date": request.headers["X-Amz-Date"],
            "x-amz-security-token": request.headers.get("X-Amz-Security-Token"),
            "canonical_request": canonical,
            "string_to_sign": signer.string_to_sign(request, canonical),
        },
    }


def main():
    out = []
    for case in cases():
        for with_token in (False, True):
            out.append(sign(*case, with_token))
    json.dump({"cases": out}, sys.stdout, indent=2, sort_keys=True, ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
