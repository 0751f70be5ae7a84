//! Hand-written tables mirroring a few CodeArtifact shapes of
//! `model/service-2.json`.

use crate::schema::*;

const fn len(min: Option<i64>, max: Option<i64>) -> Bounds {
    Bounds { min, max }
}

const fn class(negated: bool, items: &'static [ClassItem]) -> CharClass {
    CharClass { negated, items }
}

const fn string(name: &'static str, length: Bounds, pattern: Option<&'static Pattern>) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::String {
            length,
            pattern,
            enum_values: &[],
        },
    }
}

const fn enumeration(name: &'static str, values: &'static [&'static str]) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::String {
            length: len(None, None),
            pattern: None,
            enum_values: values,
        },
    }
}

const fn structure(name: &'static str, spec: &'static StructureSpec) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::Structure(spec),
    }
}

const fn member(
    name: &'static str,
    target: &'static Shape,
    required: bool,
    location: Location,
) -> Member {
    Member {
        name,
        target,
        required,
        location,
    }
}

const ALNUM: [ClassItem; 3] = [
    ClassItem::Range('A', 'Z'),
    ClassItem::Range('a', 'z'),
    ClassItem::Range('0', '9'),
];

pub static DOMAIN_PATTERN: Pattern = Pattern {
    source: "[a-z][a-z0-9\\-]{0,48}[a-z0-9]",
    atoms: &[
        Atom {
            class: class(false, &[ClassItem::Range('a', 'z')]),
            min: 1,
            max: Some(1),
        },
        Atom {
            class: class(
                false,
                &[
                    ClassItem::Range('a', 'z'),
                    ClassItem::Range('0', '9'),
                    ClassItem::Range('-', '-'),
                ],
            ),
            min: 0,
            max: Some(48),
        },
        Atom {
            class: class(
                false,
                &[ClassItem::Range('a', 'z'), ClassItem::Range('0', '9')],
            ),
            min: 1,
            max: Some(1),
        },
    ],
};
pub static ACCOUNT_PATTERN: Pattern = Pattern {
    source: "[0-9]{12}",
    atoms: &[Atom {
        class: class(false, &[ClassItem::Range('0', '9')]),
        min: 12,
        max: Some(12),
    }],
};
pub static REPOSITORY_PATTERN: Pattern = Pattern {
    source: "[A-Za-z0-9][A-Za-z0-9._\\-]{1,99}",
    atoms: &[
        Atom {
            class: class(false, &ALNUM),
            min: 1,
            max: Some(1),
        },
        Atom {
            class: class(
                false,
                &[
                    ClassItem::Range('A', 'Z'),
                    ClassItem::Range('a', 'z'),
                    ClassItem::Range('0', '9'),
                    ClassItem::Range('.', '.'),
                    ClassItem::Range('_', '_'),
                    ClassItem::Range('-', '-'),
                ],
            ),
            min: 1,
            max: Some(99),
        },
    ],
};
pub static NAME_PATTERN: Pattern = Pattern {
    source: "[^#/\\s]+",
    atoms: &[Atom {
        class: class(
            true,
            &[
                ClassItem::Range('#', '#'),
                ClassItem::Range('/', '/'),
                ClassItem::Whitespace,
            ],
        ),
        min: 1,
        max: None,
    }],
};
pub static ASSET_NAME_PATTERN: Pattern = Pattern {
    source: "\\P{C}+",
    atoms: &[Atom {
        class: class(false, &[ClassItem::NotOther]),
        min: 1,
        max: None,
    }],
};
pub static SHA256_PATTERN: Pattern = Pattern {
    source: "[0-9a-f]+",
    atoms: &[Atom {
        class: class(
            false,
            &[ClassItem::Range('0', '9'), ClassItem::Range('a', 'f')],
        ),
        min: 1,
        max: None,
    }],
};
pub static REVISION_PATTERN: Pattern = Pattern {
    source: "\\S+",
    atoms: &[Atom {
        class: class(false, &[ClassItem::NotWhitespace]),
        min: 1,
        max: None,
    }],
};

pub static DOMAIN_NAME: Shape = string("DomainName", len(Some(2), Some(50)), Some(&DOMAIN_PATTERN));
pub static ACCOUNT_ID: Shape = string("AccountId", len(Some(12), Some(12)), Some(&ACCOUNT_PATTERN));
pub static REPOSITORY_NAME: Shape = string(
    "RepositoryName",
    len(Some(2), Some(100)),
    Some(&REPOSITORY_PATTERN),
);
pub static PACKAGE_NAME: Shape =
    string("PackageName", len(Some(1), Some(255)), Some(&NAME_PATTERN));
pub static PACKAGE_VERSION: Shape = string(
    "PackageVersion",
    len(Some(1), Some(255)),
    Some(&NAME_PATTERN),
);
pub static REVISION: Shape = string(
    "PackageVersionRevision",
    len(Some(1), Some(50)),
    Some(&REVISION_PATTERN),
);
pub static ASSET_NAME: Shape = string(
    "AssetName",
    len(Some(1), Some(255)),
    Some(&ASSET_NAME_PATTERN),
);
pub static SHA256: Shape = string("SHA256", len(Some(64), Some(64)), Some(&SHA256_PATTERN));
pub static STRING: Shape = string("String", len(None, None), None);
pub static FORMAT: Shape = enumeration(
    "PackageFormat",
    &[
        "npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo",
    ],
);
pub static STATUS: Shape = enumeration(
    "PackageVersionStatus",
    &[
        "Published",
        "Unfinished",
        "Unlisted",
        "Archived",
        "Disposed",
        "Deleted",
    ],
);
pub static ERROR_CODE: Shape = enumeration(
    "PackageVersionErrorCode",
    &[
        "ALREADY_EXISTS",
        "MISMATCHED_REVISION",
        "MISMATCHED_STATUS",
        "NOT_ALLOWED",
        "NOT_FOUND",
        "SKIPPED",
    ],
);
pub static REASON: Shape = enumeration(
    "ValidationExceptionReason",
    &[
        "CANNOT_PARSE",
        "ENCRYPTION_KEY_ERROR",
        "FIELD_VALIDATION_FAILED",
        "UNKNOWN_OPERATION",
        "OTHER",
    ],
);
pub static BOOLEAN: Shape = Shape {
    name: "BooleanOptional",
    sensitive: false,
    kind: ShapeKind::Boolean,
};
pub static LONG: Shape = Shape {
    name: "LongOptional",
    sensitive: false,
    kind: ShapeKind::Long {
        range: len(None, None),
    },
};
pub static MAX_RESULTS: Shape = Shape {
    name: "ListPackagesMaxResults",
    sensitive: false,
    kind: ShapeKind::Integer {
        range: len(Some(1), Some(1000)),
    },
};
pub static RETRY_AFTER: Shape = Shape {
    name: "RetryAfterSeconds",
    sensitive: false,
    kind: ShapeKind::Integer {
        range: len(None, None),
    },
};
pub static TIMESTAMP: Shape = Shape {
    name: "Timestamp",
    sensitive: false,
    kind: ShapeKind::Timestamp,
};
pub static ASSET: Shape = Shape {
    name: "Asset",
    sensitive: false,
    kind: ShapeKind::Blob {
        length: len(None, None),
        streaming: true,
    },
};
pub static TOKEN: Shape = Shape {
    name: "AuthorizationToken",
    sensitive: true,
    kind: ShapeKind::String {
        length: len(None, None),
        pattern: None,
        enum_values: &[],
    },
};

pub static VERSION_LIST: Shape = Shape {
    name: "PackageVersionList",
    sensitive: false,
    kind: ShapeKind::List {
        member: &PACKAGE_VERSION,
        length: len(None, Some(100)),
    },
};
pub static REVISION_MAP: Shape = Shape {
    name: "PackageVersionRevisionMap",
    sensitive: false,
    kind: ShapeKind::Map {
        key: &PACKAGE_VERSION,
        value: &REVISION,
        length: len(None, None),
    },
};
pub static HASHES: Shape = Shape {
    name: "AssetHashes",
    sensitive: false,
    kind: ShapeKind::Map {
        key: &STRING,
        value: &SHA256,
        length: len(None, None),
    },
};

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
pub static SUCCESS_MAP: Shape = Shape {
    name: "SuccessfulPackageVersionInfoMap",
    sensitive: false,
    kind: ShapeKind::Map {
        key: &PACKAGE_VERSION,
        value: &SUCCESS_INFO,
        length: len(None, None),
    },
};
pub static ERROR_MAP: Shape = Shape {
    name: "PackageVersionErrorMap",
    sensitive: false,
    kind: ShapeKind::Map {
        key: &PACKAGE_VERSION,
        value: &VERSION_ERROR,
        length: len(None, None),
    },
};
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

const ERRORS: &[&Shape] = &[&NOT_FOUND, &THROTTLING, &VALIDATION];

pub static UPVS: OperationSpec = OperationSpec {
    name: "UpdatePackageVersionsStatus",
    method: "POST",
    uri: "/v1/package/versions/update_status",
    success_status: 200,
    input: &UPVS_INPUT,
    output: &UPVS_OUTPUT,
    errors: ERRORS,
    paginator: None,
};
pub static PUBLISH: OperationSpec = OperationSpec {
    name: "PublishPackageVersion",
    method: "POST",
    uri: "/v1/package/version/publish",
    success_status: 200,
    input: &PUBLISH_INPUT,
    output: &PUBLISH_OUTPUT,
    errors: ERRORS,
    paginator: None,
};
pub static GET_ASSET: OperationSpec = OperationSpec {
    name: "GetPackageVersionAsset",
    method: "GET",
    uri: "/v1/package/version/asset",
    success_status: 200,
    input: &GET_ASSET_INPUT,
    output: &GET_ASSET_OUTPUT,
    errors: ERRORS,
    paginator: None,
};
pub static LABELLED: OperationSpec = OperationSpec {
    name: "Labelled",
    method: "PUT",
    uri: "/v1/domain/{domain}/object/{key+}?list-type=2",
    success_status: 201,
    input: &LABELLED_INPUT,
    output: &EMPTY,
    errors: &[],
    paginator: None,
};
pub static LABELLED_GET: OperationSpec = OperationSpec {
    name: "LabelledGet",
    method: "GET",
    uri: "/v1/domain/{domain}/object/{key+}",
    success_status: 200,
    input: &LABELLED_INPUT,
    output: &EMPTY,
    errors: &[],
    paginator: None,
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
