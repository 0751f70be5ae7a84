//! Model `structure` shapes: the struct, its accessors, its builder and its
//! schema static.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, rust_type, schema};
use crate::ir::{Location, Member, Operation, RustDef, Shape, Structure, Type};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The full file of a structure in `crate::types`.
pub fn emit(shape: &Shape, def: &RustDef, s: &Structure, op: Option<&Operation>) -> TokenStream {
    let item = structure(shape, def, s, &TokenStream::new());
    let builder = builder(def, s, op, &TokenStream::new());
    let schema = schema::structure_static(shape, s);
    quote! {
        #item
        #builder
        #schema
    }
}

fn has_stream(s: &Structure) -> bool {
    s.members.iter().any(|m| m.ty == Type::ByteStream)
}

/// The struct, its serde attributes, accessors and `Debug`. `extra` is added
/// to the struct body (the error metadata of exceptions).
pub fn structure(shape: &Shape, def: &RustDef, s: &Structure, extra: &TokenStream) -> TokenStream {
    let name = ident(&def.type_name);
    let builder = ident(&def.builder);
    let doc = docs(&shape.docs);
    let fields = s.members.iter().map(field);
    let accessors = s.members.iter().map(accessor);
    let derives = derives(s);
    let debug = debug_impl(&def.type_name, s, false);
    quote! {
        #doc
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
            #extra
        }

        impl #name {
            #(#accessors)*
            /// Creates a new builder for this type.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #debug
    }
}

fn derives(s: &Structure) -> TokenStream {
    let debug = (!s.members.iter().any(|m| m.sensitive)).then(|| quote!(Debug,));
    if has_stream(s) {
        quote!(#[derive(#debug Default, ::serde::Serialize, ::serde::Deserialize)])
    } else {
        quote!(#[derive(#debug Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)])
    }
}

/// The stored type of a member: required and streaming members are plain.
fn field_type(m: &Member) -> TokenStream {
    let ty = rust_type(&m.ty);
    if m.required || m.ty == Type::ByteStream {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn field(m: &Member) -> TokenStream {
    let doc = docs(&m.docs);
    let f = ident(&m.field);
    let ty = field_type(m);
    let wire = &m.wire_name;
    let serde = if m.location == Location::Payload && m.ty == Type::ByteStream {
        quote!(#[serde(skip)])
    } else if m.required {
        quote!(#[serde(rename = #wire, default)])
    } else {
        quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")])
    };
    quote! {
        #doc
        #serde
        pub #f: #ty,
    }
}

fn accessor(m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let ty = rust_type(&m.ty);
    let doc = docs(&m.docs);
    let body = match (&m.ty, m.required) {
        (Type::ByteStream, _) => quote!(-> &#ty { &self.#f }),
        (Type::String, true) => quote!(-> &str { &self.#f }),
        (Type::String, false) => quote!(-> Option<&str> { self.#f.as_deref() }),
        (t, true) if t.is_copy() => quote!(-> #ty { self.#f }),
        (t, false) if t.is_copy() => quote!(-> Option<#ty> { self.#f }),
        (Type::List(inner), true) => {
            let inner = rust_type(inner);
            quote!(-> &[#inner] { &self.#f })
        }
        (Type::List(inner), false) => {
            let inner = rust_type(inner);
            quote!(-> &[#inner] { self.#f.as_deref().unwrap_or_default() })
        }
        (_, true) => quote!(-> &#ty { &self.#f }),
        (_, false) => quote!(-> Option<&#ty> { self.#f.as_ref() }),
    };
    quote! {
        #doc
        pub fn #f(&self) #body
    }
}

/// A `Debug` that prints sensitive members as a placeholder; `None` when
/// the derive is enough. Builders hold every member as an `Option`.
fn debug_impl(type_name: &str, s: &Structure, builder: bool) -> Option<TokenStream> {
    if !s.members.iter().any(|m| m.sensitive) {
        return None;
    }
    let name = ident(type_name);
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = crate::naming::unraw(&m.field);
        if m.sensitive {
            quote!(s.field(#label, &#REDACTED);)
        } else {
            quote!(s.field(#label, &self.#f);)
        }
    });
    let handle = builder.then(|| quote!(s.field("handle", &self.handle.is_some());));
    Some(quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut s = f.debug_struct(#type_name);
                #(#fields)*
                #handle
                s.finish()
            }
        }
    })
}

/// The builder: one setter per member (lists append, maps insert), `set_`
/// and `get_` forms, and `build`, which lists every missing required member.
/// An operation input's builder also carries the client handle and `send`.
/// `extra_init` initialises fields that are not members (error metadata).
pub fn builder(
    def: &RustDef,
    s: &Structure,
    op: Option<&Operation>,
    extra_init: &TokenStream,
) -> TokenStream {
    let name = ident(&def.builder);
    let target = &def.type_name;
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let ty = rust_type(&m.ty);
        quote!(#f: Option<#ty>,)
    });
    let setters = s.members.iter().map(|m| setters(target, m));
    let handle_field = op.map(|_| quote!(pub(crate) handle: Option<rt::client::Handle>,));
    let derive_debug = (!s.members.iter().any(|m| m.sensitive)).then(|| quote!(Debug,));
    let derive_clone = (!has_stream(s)).then(|| quote!(Clone,));
    let debug = debug_impl(&def.builder, s, op.is_some());
    let build = build_fn(def, s, op.is_some(), extra_init);
    let op_fns = op.map(super::operation::builder_fns);
    let doc = format!(" A builder for [`{target}`].");
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(#derive_debug #derive_clone Default)]
        pub struct #name {
            #handle_field
            #(#fields)*
        }

        impl #name {
            #(#setters)*
            #build
            #op_fns
        }

        #debug
    }
}

fn setters(target: &str, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let set = ident(&m.setter);
    let get = ident(&m.getter);
    let ty = rust_type(&m.ty);
    // rustdoc cannot link to a raw identifier, so those get plain code.
    let link = if m.field.starts_with("r#") {
        format!("`{target}::{}`", crate::naming::unraw(&m.field))
    } else {
        format!("[`{target}::{}`]", m.field)
    };
    let required = if m.filled_by_runtime {
        " Required by the service; computed from the payload when not set."
    } else if m.required {
        " Required."
    } else {
        ""
    };
    let main = match &m.ty {
        Type::List(inner) => {
            let inner = rust_type(inner);
            let doc = format!(" Appends an item to {link}.{required}");
            quote! {
                #[doc = #doc]
                pub fn #f(mut self, item: impl Into<#inner>) -> Self {
                    self.#f.get_or_insert_with(Vec::new).push(item.into());
                    self
                }
            }
        }
        Type::Map(k, v) => {
            let (k, v) = (rust_type(k), rust_type(v));
            let doc = format!(" Inserts an entry into {link}.{required}");
            quote! {
                #[doc = #doc]
                pub fn #f(mut self, key: impl Into<#k>, value: impl Into<#v>) -> Self {
                    self.#f.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), value.into());
                    self
                }
            }
        }
        _ => {
            let doc = format!(" Sets {link}.{required}");
            quote! {
                #[doc = #doc]
                pub fn #f(mut self, input: impl Into<#ty>) -> Self {
                    self.#f = Some(input.into());
                    self
                }
            }
        }
    };
    let set_doc = format!(" Sets or clears {link}.{required}");
    let get_doc = format!(" The value set for {link}.");
    quote! {
        #main
        #[doc = #set_doc]
        pub fn #set(mut self, input: Option<#ty>) -> Self {
            self.#f = input;
            self
        }
        #[doc = #get_doc]
        pub fn #get(&self) -> &Option<#ty> {
            &self.#f
        }
    }
}

fn build_fn(
    def: &RustDef,
    s: &Structure,
    fallible_always: bool,
    extra_init: &TokenStream,
) -> TokenStream {
    let name = ident(&def.type_name);
    let target = &def.type_name;
    let fallible = fallible_always || s.members.iter().any(|m| m.required);
    let labels = s
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Label(_)) && m.ty == Type::String)
        .map(|m| {
            let f = ident(&m.field);
            let label = crate::naming::unraw(&m.field);
            quote!(error.check_label(#label, self.#f.as_deref());)
        });
    let inits = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = crate::naming::unraw(&m.field);
        if m.filled_by_runtime {
            quote!(#f: self.#f.unwrap_or_default(),)
        } else if m.required && fallible {
            quote!(#f: error.require(#label, self.#f),)
        } else if m.ty == Type::ByteStream {
            quote!(#f: self.#f.unwrap_or_default(),)
        } else {
            quote!(#f: self.#f,)
        }
    });
    if !fallible {
        let doc = format!(" Builds the [`{target}`].");
        return quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #(#inits)* #extra_init }
            }
        };
    }
    let doc = format!(" Builds the [`{target}`], or lists every required member that is missing.");
    if !s
        .members
        .iter()
        .any(|m| m.required || matches!(m.location, Location::Label(_)))
    {
        return quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<#name, rt::BuildError> {
                Ok(#name { #(#inits)* #extra_init })
            }
        };
    }
    quote! {
        #[doc = #doc]
        pub fn build(self) -> Result<#name, rt::BuildError> {
            let mut error = rt::BuildError::new(#target);
            #(#labels)*
            let value = #name { #(#inits)* #extra_init };
            if error.is_empty() { Ok(value) } else { Err(error) }
        }
    }
}
