#!/usr/bin/env python3
"""Drives a full CodeArtifact lifecycle against the emulator with a real client.

usage: lifecycle.py ENDPOINT (boto3|awscli) WORKDIR

Credentials test/test, region us-east-1. Exits non-zero with a message on
the first mismatch.
"""
import hashlib
import json
import os
import subprocess
import sys

ENDPOINT, CLIENT, WORKDIR = sys.argv[1], sys.argv[2], sys.argv[3]
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
           AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
           AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="")
os.environ.update(ENV)


class ClientError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def kebab(name):
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


if CLIENT == "boto3":
    import boto3
    import botocore.exceptions

    _client = boto3.client("codeartifact", endpoint_url=ENDPOINT, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")

    def call(op, **kw):
        method = getattr(_client, "".join("_" + c.lower() if c.isupper() else c for c in op).lstrip("_"))
        asset = kw.pop("_asset_path", None)
        try:
            if asset:
                with open(asset, "rb") as f:
                    kw["assetContent"] = f
                    return method(**kw)
            out = method(**kw)
            if "asset" in out and hasattr(out["asset"], "read"):
                out["asset"] = out["asset"].read()
            return out
        except botocore.exceptions.ClientError as e:
            raise ClientError(e.response["Error"]["Code"], e.response["Error"].get("Message", ""))
else:
    def call(op, **kw):
        args = ["aws", "codeartifact", kebab(op), "--endpoint-url", ENDPOINT, "--output", "json"]
        outfile = None
        for key, value in kw.items():
            if key == "_asset_path":
                args += ["--asset-content", value]
                continue
            flag = "--" + kebab(key).replace("s-h-a256", "sha256")
            if isinstance(value, bool):
                args.append(flag if value else "--no-" + flag[2:])
            elif isinstance(value, list):
                args.append(flag)
                args += value
            elif isinstance(value, dict):
                args += [flag, json.dumps(value)]
            else:
                args += [flag, str(value)]
        if op == "GetPackageVersionAsset":
            outfile = os.path.join(WORKDIR, "download.bin")
            args.append(outfile)
        proc = subprocess.run(args, capture_output=True, text=True, env=ENV)
        if proc.returncode != 0:
            err = proc.stderr.strip()
            code = err.split("(", 1)[1].split(")", 1)[0] if "(" in err else err
            raise ClientError(code, err)
        out = json.loads(proc.stdout) if proc.stdout.strip() else {}
        if outfile:
            with open(outfile, "rb") as f:
                out["asset"] = f.read()
        return out


def check(cond, what):
    if not cond:
        sys.exit(f"[{CLIENT}] FAILED: {what}")


def expect_error(code, op, **kw):
    try:
        call(op, **kw)
    except ClientError as e:
        check(e.code == code, f"{op}: expected {code}, got {e}")
        return
    check(False, f"{op}: expected {code}, got success")


PKG = dict(domain="demo", repository="releases", format="generic", namespace="tools", package="cli")

call("CreateDomain", domain="demo")
call("CreateRepository", domain="demo", repository="releases", description="release builds")
expect_error("ConflictException", "CreateRepository", domain="demo", repository="releases")

revisions = {}
for i in range(1, 6):
    version = f"1.0.{i}"
    path = os.path.join(WORKDIR, f"cli-{version}.tar.gz")
    data = f"build {version}\n".encode() * 100
    with open(path, "wb") as f:
        f.write(data)
    out = call("PublishPackageVersion", **PKG, packageVersion=version, assetName=f"cli-{version}.tar.gz",
               assetSHA256=hashlib.sha256(data).hexdigest(), _asset_path=path)
    check(out["status"] == "Published", f"publish status {out}")
    check(out["asset"]["hashes"]["SHA-256"] == hashlib.sha256(data).hexdigest(), "asset hash")
    revisions[version] = out["versionRevision"]

listed = call("ListPackageVersions", **PKG)
check(sorted(v["version"] for v in listed["versions"]) == sorted(revisions), f"list {listed}")
check(call("ListPackages", domain="demo", repository="releases")["packages"][0]["package"] == "cli", "list packages")

desc = call("DescribePackageVersion", **PKG, packageVersion="1.0.1")["packageVersion"]
check(desc["status"] == "Published" and desc["revision"] == revisions["1.0.1"], f"describe {desc}")

asset = call("GetPackageVersionAsset", **PKG, packageVersion="1.0.5", asset="cli-1.0.5.tar.gz")
check(asset["asset"] == b"build 1.0.5\n" * 100, "downloaded bytes")

# Archive the two oldest with expected status and revisions.
out = call("UpdatePackageVersionsStatus", **PKG, versions=["1.0.1", "1.0.2"],
           versionRevisions={v: revisions[v] for v in ["1.0.1", "1.0.2"]},
           expectedStatus="Published", targetStatus="Archived")
check(set(out["successfulVersions"]) == {"1.0.1", "1.0.2"} and out["failedVersions"] == {}, f"archive {out}")
check(out["successfulVersions"]["1.0.1"] == {"revision": revisions["1.0.1"], "status": "Archived"}, "revision kept")

# Stale revision: MISMATCHED_REVISION plus SKIPPED sibling, nothing changes.
out = call("UpdatePackageVersionsStatus", **PKG, versions=["1.0.3", "1.0.4"],
           versionRevisions={"1.0.3": "stale-revision", "1.0.4": revisions["1.0.4"]}, targetStatus="Unlisted")
check(out["successfulVersions"] == {}, f"stale {out}")
check(out["failedVersions"]["1.0.3"] == {"errorCode": "MISMATCHED_REVISION",
      "errorMessage": f"current revision: {revisions['1.0.3']}, expected revision: stale-revision"}, f"stale {out}")
check(out["failedVersions"]["1.0.4"] == {"errorCode": "SKIPPED", "errorMessage": "version 1.0.4 is skipped"}, f"{out}")

# Wrong expected status.
out = call("UpdatePackageVersionsStatus", **PKG, versions=["1.0.1"], expectedStatus="Published", targetStatus="Unlisted")
check(out["failedVersions"]["1.0.1"] == {"errorCode": "MISMATCHED_STATUS",
      "errorMessage": "current status: Archived, expected status: Published"}, f"{out}")

# Missing version.
out = call("UpdatePackageVersionsStatus", **PKG, versions=["9.9.9", "1.0.3"], targetStatus="Unlisted")
check(out["failedVersions"]["9.9.9"]["errorCode"] == "NOT_FOUND", f"{out}")
check(out["failedVersions"]["1.0.3"]["errorCode"] == "SKIPPED", f"{out}")

archived = call("ListPackageVersions", **PKG, status="Archived")
check(sorted(v["version"] for v in archived["versions"]) == ["1.0.1", "1.0.2"], f"{archived}")
expect_error("ConflictException", "GetPackageVersionAsset", **PKG, packageVersion="1.0.1", asset="cli-1.0.1.tar.gz")
expect_error("ValidationException", "UpdatePackageVersionsStatus", **PKG, versions=["1.0.3"], targetStatus="Disposed")

# Dispose, then only delete is possible.
out = call("DisposePackageVersions", **PKG, versions=["1.0.1"], expectedStatus="Archived")
check(out["successfulVersions"]["1.0.1"]["status"] == "Disposed", f"dispose {out}")
out = call("UpdatePackageVersionsStatus", **PKG, versions=["1.0.1"], targetStatus="Published")
check(out["failedVersions"]["1.0.1"]["errorCode"] == "NOT_ALLOWED", f"{out}")
out = call("DeletePackageVersions", **PKG, versions=["1.0.1", "1.0.2"])
check(set(out["successfulVersions"]) == {"1.0.1", "1.0.2"}, f"delete {out}")
check(all(v["status"] == "Deleted" for v in out["successfulVersions"].values()), f"{out}")
expect_error("ResourceNotFoundException", "DescribePackageVersion", **PKG, packageVersion="1.0.1")

token = call("GetAuthorizationToken", domain="demo")
check(len(token["authorizationToken"]) > 20 and "expiration" in token, f"token {token}")
endpoint = call("GetRepositoryEndpoint", domain="demo", repository="releases", format="generic")
check(endpoint["repositoryEndpoint"] ==
      "https://demo-000000000000.d.codeartifact.us-east-1.amazonaws.com/generic/releases/", f"{endpoint}")

expect_error("ConflictException", "DeleteDomain", domain="demo")
call("DeletePackage", **PKG)
call("DeleteRepository", domain="demo", repository="releases")
check(call("DeleteDomain", domain="demo")["domain"]["status"] == "Deleted", "domain deleted")
check(call("ListDomains")["domains"] == [], "no domains left")
print(f"[{CLIENT}] lifecycle OK")
