//! Hand-written scalar and collection shapes and patterns mirroring
//! `model/service-2.json` (structures and operations are in `fixtures`).

use super::fixtures::ERRORS;
use crate::schema::*;

pub(super) const fn len(min: Option<i64>, max: Option<i64>) -> Bounds {
    Bounds { min, max }
}

pub(super) const fn class(negated: bool, items: &'static [ClassItem]) -> CharClass {
    CharClass { negated, items }
}

pub(super) const fn string(
    name: &'static str,
    length: Bounds,
    pattern: Option<&'static Pattern>,
) -> Shape {
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

pub(super) const fn enumeration(name: &'static str, values: &'static [&'static str]) -> Shape {
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

pub(super) const fn structure(name: &'static str, spec: &'static StructureSpec) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::Structure(spec),
    }
}

pub(super) const fn list(name: &'static str, member: &'static Shape, length: Bounds) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::List { member, length },
    }
}

pub(super) const fn map(name: &'static str, key: &'static Shape, value: &'static Shape) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind: ShapeKind::Map {
            key,
            value,
            length: len(None, None),
        },
    }
}

pub(super) const fn scalar(name: &'static str, kind: ShapeKind) -> Shape {
    Shape {
        name,
        sensitive: false,
        kind,
    }
}

/// An operation with the three errors every fixture operation may return.
pub(super) const fn op(
    name: &'static str,
    method: &'static str,
    uri: &'static str,
    input: &'static Shape,
    output: &'static Shape,
) -> OperationSpec {
    OperationSpec {
        name,
        method,
        uri,
        success_status: 200,
        input,
        output,
        errors: ERRORS,
        paginator: None,
    }
}

pub(super) const fn member(
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
pub static BOOLEAN: Shape = scalar("BooleanOptional", ShapeKind::Boolean);
pub static LONG: Shape = scalar(
    "LongOptional",
    ShapeKind::Long {
        range: len(None, None),
    },
);
pub static MAX_RESULTS: Shape = scalar(
    "ListPackagesMaxResults",
    ShapeKind::Integer {
        range: len(Some(1), Some(1000)),
    },
);
pub static RETRY_AFTER: Shape = scalar(
    "RetryAfterSeconds",
    ShapeKind::Integer {
        range: len(None, None),
    },
);
pub static TIMESTAMP: Shape = scalar("Timestamp", ShapeKind::Timestamp);
pub static ASSET: Shape = scalar(
    "Asset",
    ShapeKind::Blob {
        length: len(None, None),
        streaming: true,
    },
);
pub static TOKEN: Shape = Shape {
    sensitive: true,
    ..string("AuthorizationToken", len(None, None), None)
};

pub static VERSION_LIST: Shape = list("PackageVersionList", &PACKAGE_VERSION, len(None, Some(100)));
pub static REVISION_MAP: Shape = map("PackageVersionRevisionMap", &PACKAGE_VERSION, &REVISION);
pub static HASHES: Shape = map("AssetHashes", &STRING, &SHA256);
