#!/usr/bin/env python3
"""Wire-agreement fixtures: botocore, the reference restJson1 implementation,
serializes a request and parses a sample response and sample errors for each
of the 48 CodeArtifact operations. The Rust tests in
tests/tests/wire_botocore.rs check that our runtime does the same.

Usage (from anywhere):
    python3 tests/botocore/gen_fixtures.py          # (re)write tests/fixtures/botocore/*.json
    python3 tests/botocore/gen_fixtures.py --check  # exit 1 when the fixtures are stale

Needs python3 and botocore (`pip install botocore`); no network: every HTTP
send is short-circuited by a `before-send` hook that records the prepared
request and hands botocore a canned response, so the full client pipeline
(validation, serialization, signing, parsing, modeled error fields) runs.

botocore loads the repository's vendored model/service-2.json, not the one it
ships, so the fixtures follow the model the generator reads.

Request headers kept in the fixtures: everything the protocol decides
(Content-Type, headers bound to input members). Dropped, because they are
transport, signing or SDK bookkeeping rather than protocol: User-Agent,
X-Amz-Date, Authorization, X-Amz-Security-Token, amz-sdk-invocation-id,
amz-sdk-request, Content-Length.

Output is deterministic: fixed values, sorted keys, timestamps as epoch
seconds, blobs as base64. Re-running reproduces the files byte for byte.
"""

import base64
import datetime
import io
import json
import os
import re
import shutil
import sys
import tempfile
from urllib.parse import unquote, urlsplit

import botocore
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "model", "service-2.json")
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "botocore")
DROPPED_HEADERS = {
    "user-agent",
    "x-amz-date",
    "authorization",
    "x-amz-security-token",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "content-length",
}
REQUEST_ID = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.codeartifact/"
TIMESTAMP = 1566002944.273
UNKNOWN_FIELD = "unknownFieldFromTheFuture"

# Two valid values per string shape (the second for second list items and
# map keys). Chosen to satisfy the model's patterns and lengths, and to
# exercise percent-encoding where the pattern allows it.
STRINGS = {
    "AccountId": ["111122223333", "444455556666"],
    "Arn": [
        "arn:aws:codeartifact:us-west-2:111122223333:repository/my-domain/my-repo",
        "arn:aws:codeartifact:us-west-2:111122223333:domain/my-domain",
    ],
    "AssetName": ["asset name (1).tgz", "README.md"],
    "Description": ["A description: spaces, punctuation & é", "Another description"],
    "DomainName": ["my-domain", "other-domain-2"],
    "ErrorMessage": ["The version is not in the expected status.", "Skipped."],
    "ExternalConnectionName": ["public:npmjs", "public:pypi"],
    "HashValue": ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"],
    "PackageGroupContactInfo": ["team@example.com", "ops@example.com"],
    "PackageGroupPattern": ["/npm/my-ns/*", "/pypi//my_pkg$"],
    "PackageGroupPatternPrefix": ["/npm/", "/pypi/"],
    "PackageName": ["my_pkg+v@1:é", "other-package"],
    "PackageNamespace": ["my-ns", "other.ns"],
    "PackageVersion": ["1.0.0+build~1", "2.0.0-beta.2"],
    "PackageVersionRevision": ["REVISION-1/abc=", "REVISION-2"],
    "PaginationToken": ["next+token/==", "token-2"],
    "PolicyDocument": ['{"Version": "2012-10-17",\n "Statement": []}', '{"Statement": []}'],
    "PolicyRevision": ["policy-revision-1", "policy-revision-2"],
    "RepositoryName": ["my-repo", "upstream.repo_2"],
    "SHA256": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "0" * 64],
    "TagKey": ["team", "cost center"],
    "TagValue": ["platform tools", ""],
}
INTEGERS = {"RetryAfterSeconds": 17, "AuthorizationTokenDurationSeconds": 3600}


def string_value(shape, name, index):
    if shape.enum:
        return shape.enum[(len(name) + index) % len(shape.enum)]
    values = STRINGS.get(shape.name)
    if values:
        return values[index % 2]
    return f"example {name} {index}"


def value_for(shape, name, index=0, output=False):
    """A valid value of `shape` with every member set."""
    t = shape.type_name
    if t == "structure":
        v = {m: value_for(s, m, index, output) for m, s in shape.members.items()}
        return v
    if t == "list":
        return [value_for(shape.member, name, i, output) for i in range(2)]
    if t == "map":
        return {
            string_value(shape.key, name, i): value_for(shape.value, name, i, output)
            for i in range(2)
        }
    if t == "string":
        return string_value(shape, name, index)
    if t in ("integer", "long"):
        if shape.name in INTEGERS:
            return INTEGERS[shape.name]
        lo = shape.metadata.get("min", 0)
        hi = shape.metadata.get("max", 1 << 40)
        return max(lo, min(hi, 25 + index))
    if t == "boolean":
        return True
    if t == "timestamp":
        return datetime.datetime.fromtimestamp(TIMESTAMP + index, datetime.timezone.utc)
    if t == "blob":
        return f"blob bytes {name} {index}".encode()
    raise ValueError(f"unhandled shape type {t}")


def to_json(value):
    """A botocore value as our documents carry it."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        secs = value.timestamp()
        return int(secs) if secs == int(secs) else secs
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def with_unknown_fields(shape, value):
    """The JSON a future service might send: unknown fields at every structure level."""
    if shape.type_name == "structure" and isinstance(value, dict):
        out = {k: with_unknown_fields(shape.members[k], v) for k, v in value.items()}
        out[UNKNOWN_FIELD] = {"nested": [1, 2]}
        return out
    if shape.type_name == "list":
        return [with_unknown_fields(shape.member, v) for v in value]
    if shape.type_name == "map":
        return {k: with_unknown_fields(shape.value, v) for k, v in value.items()}
    return value


def header_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def http_response(shape, status, extra_headers):
    """A response carrying every member of `shape`: header-bound members as
    headers, a streaming payload as raw bytes, the rest as a JSON body."""
    values = value_for(shape, shape.name, 0, output=True) if shape is not None else {}
    headers = {"x-amzn-RequestId": REQUEST_ID}
    headers.update(extra_headers)
    body_doc = {}
    payload = shape.serialization.get("payload") if shape is not None else None
    raw_payload = None
    for name, member in (shape.members.items() if shape is not None else []):
        loc = member.serialization.get("location")
        if loc == "header":
            headers[member.serialization["name"]] = header_text(values[name])
        elif name == payload and member.type_name == "blob":
            raw_payload = b"streamed asset bytes \x00\x01"
        else:
            body_doc[name] = to_json(with_unknown_fields(member, values[name]))
    if raw_payload is not None:
        headers["Content-Type"] = "application/octet-stream"
        body64 = base64.b64encode(raw_payload).decode()
        return {"status": status, "headers": headers, "body_base64": body64}, raw_payload
    body_doc[UNKNOWN_FIELD] = "ignored"
    headers["Content-Type"] = "application/json"
    body = json.dumps(body_doc, sort_keys=True, ensure_ascii=False)
    return {"status": status, "headers": headers, "body": body}, body.encode()


class Wire:
    """The before-send hook: records the request, answers with `next`."""

    def __init__(self):
        self.request = None
        self.next = None

    def __call__(self, request, **_):
        from botocore.awsrequest import AWSResponse

        self.request = request
        status, headers, body = self.next

        class Raw(io.BytesIO):
            def stream(self, **_):
                yield self.getvalue()

        return AWSResponse(request.url, status, headers, Raw(body))


def captured_request(req):
    url = urlsplit(req.url)
    pairs = []
    for part in filter(None, url.query.split("&")):
        name, _, value = part.partition("=")
        pairs.append([unquote(name), unquote(value)])
    headers = {
        k.lower(): (v.decode() if isinstance(v, bytes) else v)
        for k, v in req.headers.items()
        if k.lower() not in DROPPED_HEADERS
    }
    body = req.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    out = {
        "method": req.method,
        "path": url.path,
        "query": sorted(pairs),
        "query_string": url.query,
        "headers": dict(sorted(headers.items())),
        "body": None,
        "payload_base64": None,
    }
    if body:
        ctype = headers.get("content-type", "")
        if ctype.startswith("application/json"):
            out["body"] = json.loads(body)
        else:
            out["payload_base64"] = base64.b64encode(body).decode()
    return out


def without_metadata(parsed):
    return {k: v for k, v in parsed.items() if k not in ("ResponseMetadata", "Error")}


def error_shapes(op):
    errors = [e.name for e in op.error_shapes]
    chosen = ["ThrottlingException"] if "ThrottlingException" in errors else []
    # One more per operation, rotating so every modeled error is covered.
    others = sorted(e for e in errors if e != "ThrottlingException")
    if others:
        chosen.append(others[sum(map(ord, op.name)) % len(others)])
    return [e for e in op.error_shapes if e.name in chosen]


def fixture_for(client, wire, op):
    params = value_for(op.input_shape, op.input_shape.name) if op.input_shape else {}
    params = {k: to_payload(op, k, v) for k, v in params.items()}
    method = getattr(client, botocore.xform_name(op.name))

    status = op.http.get("responseCode", 200)
    response, raw = http_response(op.output_shape, status, {})
    wire.next = (status, response["headers"], raw)
    parsed = method(**params)
    request = captured_request(wire.request)
    payload_name = op.output_shape.serialization.get("payload") if op.output_shape else None
    if payload_name and payload_name in parsed:
        parsed[payload_name] = parsed[payload_name].read()
    fixture = {
        "operation": op.name,
        "input": to_json(params),
        "request": request,
        "response": response,
        "parsed": to_json(without_metadata(parsed)),
        "parsed_request_id": parsed["ResponseMetadata"].get("RequestId"),
        "errors": [],
        "minimal": minimal_request(op, params, method, wire, (status, response["headers"], raw)),
    }
    for shape in error_shapes(op):
        err_status = shape.metadata["error"]["httpStatusCode"]
        extra = {"x-amzn-ErrorType": shape.name + ERROR_TYPE_SUFFIX}
        err_response, err_raw = http_response(shape, err_status, extra)
        wire.next = (err_status, err_response["headers"], err_raw)
        try:
            method(**params)
            raise RuntimeError(f"{op.name}: botocore accepted an error response")
        except ClientError as e:
            fixture["errors"].append(
                {
                    "response": err_response,
                    "code": e.response["Error"]["Code"],
                    "message": e.response["Error"].get("Message"),
                    "request_id": e.response["ResponseMetadata"].get("RequestId"),
                    "fields": to_json(without_metadata(e.response)),
                }
            )
    # Documents never hold a streaming payload; the request records it.
    fixture["input"].pop(payload_of(op), None)
    return fixture


def minimal_request(op, params, method, wire, response):
    """The request for the required members alone: shows when botocore
    still sends a JSON body (`{}`) and a content type."""
    required = set(op.input_shape.required_members) if op.input_shape else set()
    minimal = {k: v for k, v in params.items() if k in required}
    wire.next = response
    result = method(**minimal)
    if op.output_shape is not None:
        payload_name = op.output_shape.serialization.get("payload")
        if payload_name in result:
            result[payload_name].close()
    document = to_json(minimal)
    document.pop(payload_of(op), None)
    return {"input": document, "request": captured_request(wire.request)}


def payload_of(op):
    return op.input_shape.serialization.get("payload") if op.input_shape else None


def to_payload(op, name, value):
    """A streaming input payload is raw bytes for botocore."""
    if name == payload_of(op):
        return b"asset file bytes \x00\x01"
    return value


def generate():
    tmp = tempfile.mkdtemp(prefix="codeartifact-botocore-")
    try:
        model_dir = os.path.join(tmp, "codeartifact", "2018-09-22")
        os.makedirs(model_dir)
        shutil.copy(MODEL, os.path.join(model_dir, "service-2.json"))
        session = botocore.session.get_session()
        session.get_component("data_loader").search_paths.insert(0, tmp)
        client = session.create_client(
            "codeartifact",
            region_name="us-west-2",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
        )
        wire = Wire()
        client.meta.events.register("before-send.codeartifact.*", wire)
        model = client.meta.service_model
        files = {}
        for name in sorted(model.operation_names):
            fixture = fixture_for(client, wire, model.operation_model(name))
            text = json.dumps(fixture, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
            files[f"{name}.json"] = text
        return files
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


README = """# botocore wire fixtures

Generated by `tests/botocore/gen_fixtures.py` (read its docstring); do not edit.
`python3 tests/botocore/gen_fixtures.py` rewrites them, `--check` verifies them.

Generated with botocore {version}. The files do not name the version, so a
check with another botocore passes unless its wire behaviour changed.
"""


def recorded_version():
    try:
        text = open(os.path.join(OUT_DIR, "README.md"), encoding="utf-8").read()
    except OSError:
        return None
    found = re.search(r"Generated with botocore ([0-9.]*[0-9])", text)
    return found.group(1) if found else None


def main():
    check = "--check" in sys.argv[1:]
    files = generate()
    if check:
        recorded = recorded_version()
        if recorded != botocore.__version__:
            print(
                f"note: fixtures were generated with botocore {recorded}, checking with {botocore.__version__}",
                file=sys.stderr,
            )
        stale = []
        present = set(os.listdir(OUT_DIR)) if os.path.isdir(OUT_DIR) else set()
        for name, text in files.items():
            path = os.path.join(OUT_DIR, name)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                stale.append(name)
        stale += sorted(n for n in present - set(files) if n.endswith(".json"))
        if stale:
            print(f"stale botocore fixtures: {', '.join(stale)}", file=sys.stderr)
            print("run: python3 tests/botocore/gen_fixtures.py", file=sys.stderr)
            return 1
        print(f"{len(files)} botocore fixtures up to date")
        return 0
    os.makedirs(OUT_DIR, exist_ok=True)
    for name in os.listdir(OUT_DIR):
        if name.endswith(".json") and name not in files:
            os.remove(os.path.join(OUT_DIR, name))
    for name, text in files.items():
        with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(OUT_DIR, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.format(version=botocore.__version__))
    print(f"wrote {len(files)} fixtures to {os.path.relpath(OUT_DIR, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
