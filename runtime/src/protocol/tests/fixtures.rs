//! Hand-written structures and operations mirroring a few CodeArtifact
//! shapes of `model/service-2.json`.

pub use super::shapes::*;
use crate::schema::*;

pub static UPVS_INPUT: Shape = structure(
    "UpdatePackageVersionsStatusRequest",
    &StructureSpec {
        members: &[
            member("domain", &DOMAIN_NAME, true, Location::Query("domain")),
            member(
                "domainOwner",
                &ACCOUNT_ID,
                false,
                Location::Query("domain-owner"),
            ),
            member(
                "repository",
                &REPOSITORY_NAME,
                true,
                Location::Query("repository"),
            ),
            member("format", &FORMAT, true, Location::Query("format")),
            member(
                "namespace",
                &PACKAGE_NAME,
                false,
                Location::Query("namespace"),
            ),
            member("package", &PACKAGE_NAME, true, Location::Query("package")),
            member("versions", &VERSION_LIST, true, Location::Body),
            member("versionRevisions", &REVISION_MAP, false, Location::Body),
            member("expectedStatus", &STATUS, false, Location::Body),
            member("targetStatus", &STATUS, true, Location::Body),
        ],
        error: None,
    },
);
pub static SUCCESS_INFO: Shape = structure(
    "SuccessfulPackageVersionInfo",
    &StructureSpec {
        members: &[
            member("revision", &STRING, false, Location::Body),
            member("status", &STATUS, false, Location::Body),
        ],
        error: None,
    },
);
pub static VERSION_ERROR: Shape = structure(
    "PackageVersionError",
    &StructureSpec {
        members: &[
            member("errorCode", &ERROR_CODE, false, Location::Body),
            member("errorMessage", &STRING, false, Location::Body),
        ],
        error: None,
    },
);
pub static SUCCESS_MAP: Shape = map(
    "SuccessfulPackageVersionInfoMap",
    &PACKAGE_VERSION,
    &SUCCESS_INFO,
);
pub static ERROR_MAP: Shape = map("PackageVersionErrorMap", &PACKAGE_VERSION, &VERSION_ERROR);
pub static UPVS_OUTPUT: Shape = structure(
    "UpdatePackageVersionsStatusResult",
    &StructureSpec {
        members: &[
            member("successfulVersions", &SUCCESS_MAP, false, Location::Body),
            member("failedVersions", &ERROR_MAP, false, Location::Body),
        ],
        error: None,
    },
);

pub static PUBLISH_INPUT: Shape = structure(
    "PublishPackageVersionRequest",
    &StructureSpec {
        members: &[
            member("domain", &DOMAIN_NAME, true, Location::Query("domain")),
            member(
                "domainOwner",
                &ACCOUNT_ID,
                false,
                Location::Query("domain-owner"),
            ),
            member(
                "repository",
                &REPOSITORY_NAME,
                true,
                Location::Query("repository"),
            ),
            member("format", &FORMAT, true, Location::Query("format")),
            member(
                "namespace",
                &PACKAGE_NAME,
                false,
                Location::Query("namespace"),
            ),
            member("package", &PACKAGE_NAME, true, Location::Query("package")),
            member(
                "packageVersion",
                &PACKAGE_VERSION,
                true,
                Location::Query("version"),
            ),
            member("assetContent", &ASSET, true, Location::Payload),
            member("assetName", &ASSET_NAME, true, Location::Query("asset")),
            member(
                "assetSHA256",
                &SHA256,
                true,
                Location::Header("x-amz-content-sha256"),
            ),
            member("unfinished", &BOOLEAN, false, Location::Query("unfinished")),
        ],
        error: None,
    },
);
pub static ASSET_SUMMARY: Shape = structure(
    "AssetSummary",
    &StructureSpec {
        members: &[
            member("name", &ASSET_NAME, true, Location::Body),
            member("size", &LONG, false, Location::Body),
            member("hashes", &HASHES, false, Location::Body),
        ],
        error: None,
    },
);
pub static PUBLISH_OUTPUT: Shape = structure(
    "PublishPackageVersionResult",
    &StructureSpec {
        members: &[
            member("format", &FORMAT, false, Location::Body),
            member("namespace", &PACKAGE_NAME, false, Location::Body),
            member("package", &PACKAGE_NAME, false, Location::Body),
            member("version", &PACKAGE_VERSION, false, Location::Body),
            member("versionRevision", &REVISION, false, Location::Body),
            member("status", &STATUS, false, Location::Body),
            member("asset", &ASSET_SUMMARY, false, Location::Body),
        ],
        error: None,
    },
);

pub static GET_ASSET_INPUT: Shape = structure(
    "GetPackageVersionAssetRequest",
    &StructureSpec {
        members: &[
            member("domain", &DOMAIN_NAME, true, Location::Query("domain")),
            member(
                "domainOwner",
                &ACCOUNT_ID,
                false,
                Location::Query("domain-owner"),
            ),
            member(
                "repository",
                &REPOSITORY_NAME,
                true,
                Location::Query("repository"),
            ),
            member("format", &FORMAT, true, Location::Query("format")),
            member(
                "namespace",
                &PACKAGE_NAME,
                false,
                Location::Query("namespace"),
            ),
            member("package", &PACKAGE_NAME, true, Location::Query("package")),
            member(
                "packageVersion",
                &PACKAGE_VERSION,
                true,
                Location::Query("version"),
            ),
            member("asset", &ASSET_NAME, true, Location::Query("asset")),
            member(
                "packageVersionRevision",
                &REVISION,
                false,
                Location::Query("revision"),
            ),
        ],
        error: None,
    },
);
pub static GET_ASSET_OUTPUT: Shape = structure(
    "GetPackageVersionAssetResult",
    &StructureSpec {
        members: &[
            member("asset", &ASSET, false, Location::Payload),
            member(
                "assetName",
                &ASSET_NAME,
                false,
                Location::Header("X-AssetName"),
            ),
            member(
                "packageVersion",
                &PACKAGE_VERSION,
                false,
                Location::Header("X-PackageVersion"),
            ),
            member(
                "packageVersionRevision",
                &REVISION,
                false,
                Location::Header("X-PackageVersionRevision"),
            ),
        ],
        error: None,
    },
);

/// Not a CodeArtifact shape: exercises labels, a literal query, a timestamp
/// query member, a list bound to the query and a sensitive member.
pub static LABELLED_INPUT: Shape = structure(
    "LabelledRequest",
    &StructureSpec {
        members: &[
            member("domain", &DOMAIN_NAME, true, Location::Label("domain")),
            member("key", &STRING, true, Location::Label("key")),
            member("since", &TIMESTAMP, false, Location::Query("since")),
            member("versions", &VERSION_LIST, false, Location::Query("version")),
            member(
                "maxResults",
                &MAX_RESULTS,
                false,
                Location::Query("max-results"),
            ),
            member("token", &TOKEN, false, Location::Body),
        ],
        error: None,
    },
);
pub static EMPTY: Shape = structure(
    "Empty",
    &StructureSpec {
        members: &[],
        error: None,
    },
);

pub static THROTTLING: Shape = structure(
    "ThrottlingException",
    &StructureSpec {
        members: &[
            member("message", &STRING, true, Location::Body),
            member(
                "retryAfterSeconds",
                &RETRY_AFTER,
                false,
                Location::Header("Retry-After"),
            ),
        ],
        error: Some(ErrorInfo {
            status: 429,
            fault: false,
        }),
    },
);
pub static VALIDATION: Shape = structure(
    "ValidationException",
    &StructureSpec {
        members: &[
            member("message", &STRING, true, Location::Body),
            member("reason", &REASON, false, Location::Body),
        ],
        error: Some(ErrorInfo {
            status: 400,
            fault: false,
        }),
    },
);
pub static NOT_FOUND: Shape = structure(
    "ResourceNotFoundException",
    &StructureSpec {
        members: &[
            member("message", &STRING, true, Location::Body),
            member("resourceId", &STRING, false, Location::Body),
            member("resourceType", &STRING, false, Location::Body),
        ],
        error: Some(ErrorInfo {
            status: 404,
            fault: false,
        }),
    },
);

pub(super) const ERRORS: &[&Shape] = &[&NOT_FOUND, &THROTTLING, &VALIDATION];

pub static UPVS: OperationSpec = op(
    "UpdatePackageVersionsStatus",
    "POST",
    "/v1/package/versions/update_status",
    &UPVS_INPUT,
    &UPVS_OUTPUT,
);
pub static PUBLISH: OperationSpec = op(
    "PublishPackageVersion",
    "POST",
    "/v1/package/version/publish",
    &PUBLISH_INPUT,
    &PUBLISH_OUTPUT,
);
pub static GET_ASSET: OperationSpec = op(
    "GetPackageVersionAsset",
    "GET",
    "/v1/package/version/asset",
    &GET_ASSET_INPUT,
    &GET_ASSET_OUTPUT,
);
pub static LABELLED: OperationSpec = OperationSpec {
    success_status: 201,
    errors: &[],
    ..op(
        "Labelled",
        "PUT",
        "/v1/domain/{domain}/object/{key+}?list-type=2",
        &LABELLED_INPUT,
        &EMPTY,
    )
};
pub static LABELLED_GET: OperationSpec = OperationSpec {
    errors: &[],
    ..op(
        "LabelledGet",
        "GET",
        "/v1/domain/{domain}/object/{key+}",
        &LABELLED_INPUT,
        &EMPTY,
    )
};

pub static SERVICE: ServiceSpec = ServiceSpec {
    signing_name: "codeartifact",
    endpoint_prefix: "codeartifact",
    service_id: "codeartifact",
    api_version: "2018-09-22",
    operations: &[&UPVS, &PUBLISH, &GET_ASSET, &LABELLED, &LABELLED_GET],
    endpoint_rule_set: "{}",
    partitions: "{}",
};

/// Not a CodeArtifact shape: non-streaming payloads (a blob in, a structure out).
pub static BLOB: Shape = scalar(
    "Blob",
    ShapeKind::Blob {
        length: len(Some(1), Some(16)),
        streaming: false,
    },
);
pub static PUT_BLOB_INPUT: Shape = structure(
    "PutBlobRequest",
    &StructureSpec {
        members: &[
            member("key", &STRING, true, Location::Query("key")),
            member("data", &BLOB, false, Location::Payload),
        ],
        error: None,
    },
);
pub static PUT_BLOB_OUTPUT: Shape = structure(
    "PutBlobResult",
    &StructureSpec {
        members: &[member("info", &SUCCESS_INFO, false, Location::Payload)],
        error: None,
    },
);
pub static PUT_BLOB: OperationSpec = OperationSpec {
    errors: &[],
    ..op(
        "PutBlob",
        "PUT",
        "/v1/blob",
        &PUT_BLOB_INPUT,
        &PUT_BLOB_OUTPUT,
    )
};

pub static INTEGER: Shape = scalar(
    "Integer",
    ShapeKind::Integer {
        range: len(None, None),
    },
);
pub static BODY_BLOB: Shape = scalar(
    "Blob",
    ShapeKind::Blob {
        length: len(None, None),
        streaming: false,
    },
);

/// Not a CodeArtifact shape: the bindings of Smithy's malformed-request tests
/// (`restJson1/malformedRequests/*.smithy`).
pub static MALFORMED_INPUT: Shape = structure(
    "MalformedInput",
    &StructureSpec {
        members: &[
            member(
                "integerInPath",
                &INTEGER,
                true,
                Location::Label("integerInPath"),
            ),
            member(
                "integerInQuery",
                &INTEGER,
                false,
                Location::Query("integerInQuery"),
            ),
            member(
                "integerInHeader",
                &INTEGER,
                false,
                Location::Header("integerInHeader"),
            ),
            member("integerInBody", &INTEGER, false, Location::Body),
            member("longInQuery", &LONG, false, Location::Query("longInQuery")),
            member(
                "booleanInQuery",
                &BOOLEAN,
                false,
                Location::Query("booleanInQuery"),
            ),
            member(
                "booleanInHeader",
                &BOOLEAN,
                false,
                Location::Header("booleanInHeader"),
            ),
            member("booleanInBody", &BOOLEAN, false, Location::Body),
            member(
                "timestampInQuery",
                &TIMESTAMP,
                false,
                Location::Query("timestamp"),
            ),
            member(
                "timestampInHeader",
                &TIMESTAMP,
                false,
                Location::Header("timestamp"),
            ),
            member("list", &VERSION_LIST, false, Location::Body),
            member("map", &REVISION_MAP, false, Location::Body),
            member("blob", &BODY_BLOB, false, Location::Body),
            member("nested", &SUCCESS_INFO, false, Location::Body),
        ],
        error: None,
    },
);
pub static MALFORMED: OperationSpec = OperationSpec {
    errors: &[],
    ..op(
        "Malformed",
        "POST",
        "/malformed/{integerInPath}",
        &MALFORMED_INPUT,
        &EMPTY,
    )
};
