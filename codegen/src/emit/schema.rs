//! The `crate::schema` statics: one `codeartifact_runtime::schema::Shape`
//! per model shape, which the runtime's restJson1 binding and validation
//! engine read instead of per-operation code.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, path};
use crate::ir::{Bounds, ClassItem, Location, Pattern, Service, Shape, ShapeKind, Structure};

fn schema_ref(wire_name: &str) -> TokenStream {
    let name = ident(&crate::naming::static_name(wire_name));
    quote!(&crate::schema::#name)
}

fn bounds(b: Bounds) -> TokenStream {
    let opt = |v: Option<i64>| match v {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let (min, max) = (opt(b.min), opt(b.max));
    quote!(rt::schema::Bounds { min: #min, max: #max })
}

fn class_item(item: &ClassItem) -> TokenStream {
    let rt = quote!(rt::schema::ClassItem);
    match item {
        ClassItem::Range(lo, hi) => quote!(#rt::Range(#lo, #hi)),
        ClassItem::Whitespace => quote!(#rt::Whitespace),
        ClassItem::NotWhitespace => quote!(#rt::NotWhitespace),
        ClassItem::Digit => quote!(#rt::Digit),
        ClassItem::UnicodeWhitespace => quote!(#rt::UnicodeWhitespace),
        ClassItem::Other => quote!(#rt::Other),
        ClassItem::NotOther => quote!(#rt::NotOther),
    }
}

fn pattern(p: &Pattern) -> TokenStream {
    let source = &p.source;
    let atoms = p.atoms.iter().map(|a| {
        let items = a.items.iter().map(class_item);
        let (negated, min) = (a.negated, Literal::u32_unsuffixed(a.min));
        let max = match a.max.map(Literal::u32_unsuffixed) {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        quote! {
            rt::schema::Atom {
                class: rt::schema::CharClass { negated: #negated, items: &[#(#items),*] },
                min: #min,
                max: #max,
            }
        }
    });
    quote!(&rt::schema::Pattern { source: #source, atoms: &[#(#atoms),*] })
}

fn kind(shape: &Shape) -> TokenStream {
    let rt = quote!(rt::schema::ShapeKind);
    match &shape.kind {
        ShapeKind::String {
            length,
            pattern: p,
            enum_values,
        } => {
            let length = bounds(*length);
            let p = match p {
                Some(p) => {
                    let p = pattern(p);
                    quote!(Some(#p))
                }
                None => quote!(None),
            };
            let values = enum_values.iter().map(|v| &v.value);
            quote!(#rt::String { length: #length, pattern: #p, enum_values: &[#(#values),*] })
        }
        ShapeKind::Integer { range } => {
            let range = bounds(*range);
            quote!(#rt::Integer { range: #range })
        }
        ShapeKind::Long { range } => {
            let range = bounds(*range);
            quote!(#rt::Long { range: #range })
        }
        ShapeKind::Boolean => quote!(#rt::Boolean),
        ShapeKind::Timestamp => quote!(#rt::Timestamp),
        ShapeKind::Blob { length, streaming } => {
            let length = bounds(*length);
            quote!(#rt::Blob { length: #length, streaming: #streaming })
        }
        ShapeKind::List { member, length } => {
            let (member, length) = (schema_ref(member), bounds(*length));
            quote!(#rt::List { member: #member, length: #length })
        }
        ShapeKind::Map { key, value, length } => {
            let (key, value, length) = (schema_ref(key), schema_ref(value), bounds(*length));
            quote!(#rt::Map { key: #key, value: #value, length: #length })
        }
        ShapeKind::Structure(s) => structure_kind(s),
    }
}

fn structure_kind(s: &Structure) -> TokenStream {
    let members = s.members.iter().map(|m| {
        let (name, target, required) = (&m.wire_name, schema_ref(&m.target), m.required);
        let loc = quote!(rt::schema::Location);
        let location = match &m.location {
            Location::Body => quote!(#loc::Body),
            Location::Query(n) => quote!(#loc::Query(#n)),
            Location::Header(n) => quote!(#loc::Header(#n)),
            Location::Label(n) => quote!(#loc::Label(#n)),
            Location::Payload => quote!(#loc::Payload),
        };
        quote! {
            rt::schema::Member { name: #name, target: #target, required: #required, location: #location }
        }
    });
    let error = match &s.error {
        Some(e) => {
            let (status, fault) = (Literal::u16_unsuffixed(e.status), e.fault);
            quote!(Some(rt::schema::ErrorInfo { status: #status, fault: #fault }))
        }
        None => quote!(None),
    };
    quote! {
        rt::schema::ShapeKind::Structure(&rt::schema::StructureSpec {
            members: &[#(#members),*],
            error: #error,
        })
    }
}

/// `pub static NAME: Shape = ...;` for any shape.
pub fn shape_static(shape: &Shape) -> TokenStream {
    let name = ident(&shape.static_name);
    let (wire, sensitive) = (&shape.wire_name, shape.sensitive);
    let doc = format!(" Schema of the model shape `{wire}`.");
    let kind = kind(shape);
    quote! {
        #[doc = #doc]
        pub static #name: rt::schema::Shape = rt::schema::Shape {
            name: #wire,
            kind: #kind,
            sensitive: #sensitive,
        };
    }
}

/// The schema static of a structure, emitted next to its type.
pub fn structure_static(shape: &Shape, _s: &Structure) -> TokenStream {
    shape_static(shape)
}

/// `schema/mod.rs` (re-exports of the statics that live next to their
/// types), `schema/scalars.rs` and `schema/collections.rs`.
pub fn emit_files(service: &Service) -> Vec<(String, TokenStream)> {
    let mut scalars = Vec::new();
    let mut collections = Vec::new();
    let mut reexports = Vec::new();
    for shape in service.shapes.values() {
        if let Some(def) = &shape.rust {
            let module = match &def.place {
                crate::ir::Place::Types => format!("crate::types::{}", def.module),
                crate::ir::Place::Errors => format!("crate::types::error::{}", def.module),
                crate::ir::Place::Operation { module, .. } => format!("crate::operation::{module}"),
            };
            let (module, name) = (path(&module), ident(&shape.static_name));
            reexports.push(quote!(pub use #module::#name;));
        } else if matches!(shape.kind, ShapeKind::List { .. } | ShapeKind::Map { .. }) {
            collections.push(shape_static(shape));
        } else {
            scalars.push(shape_static(shape));
        }
    }
    let mod_rs = quote! {
        //! One static per shape of the model, as the runtime reads them.
        mod collections;
        mod scalars;
        pub use collections::*;
        pub use scalars::*;
        #(#reexports)*
    };
    let scalars = quote! {
        //! Schemas of the model's strings, numbers, booleans, timestamps and blobs.
        #(#scalars)*
    };
    let collections = quote! {
        //! Schemas of the model's lists and maps.
        #(#collections)*
    };
    vec![
        ("mod".into(), mod_rs),
        ("scalars".into(), scalars),
        ("collections".into(), collections),
    ]
}
