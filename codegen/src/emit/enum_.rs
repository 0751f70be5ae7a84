//! Model `string` shapes with `enum` values: a Rust enum with every known
//! value plus `Unknown`, which round-trips any other string.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, ident, schema};
use crate::ir::{EnumValue, RustDef, Shape};

pub fn emit(shape: &Shape, def: &RustDef, values: &[EnumValue]) -> TokenStream {
    let name = ident(&def.type_name);
    let definition = definition(shape, &name, values);
    let conversions = conversions(&name, values);
    let serde = serde_impls(&name);
    let schema = schema::shape_static(shape);
    quote! {
        #definition
        #conversions
        #serde
        #schema
    }
}

/// The enum, `as_str` and `values`.
fn definition(shape: &Shape, name: &Ident, values: &[EnumValue]) -> TokenStream {
    let mut doc_text = shape.docs.clone();
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(
        "Values the SDK does not know yet are kept in `Unknown` and written back unchanged.",
    );
    let doc = docs(&doc_text);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let doc = format!(" `{}`", v.value);
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = values.iter().map(|v| {
        let (variant, value) = (ident(&v.variant), &v.value);
        quote!(Self::#variant => #value,)
    });
    let all = values.iter().map(|v| &v.value);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know.
            Unknown(crate::types::UnknownValue),
        }

        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Every value known to this version of the SDK.
            pub const fn values() -> &'static [&'static str] {
                &[#(#all),*]
            }
        }
    }
}

/// `From<&str>`, `From<String>`, infallible `FromStr`, `Display`, `Default`.
fn conversions(name: &Ident, values: &[EnumValue]) -> TokenStream {
    let from_str = values.iter().map(|v| {
        let (variant, value) = (ident(&v.variant), &v.value);
        quote!(#value => Self::#variant,)
    });
    quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(crate::types::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// An empty `Unknown`: what a required member the service left out
        /// deserializes to.
        impl Default for #name {
            fn default() -> Self {
                Self::Unknown(crate::types::UnknownValue::new(""))
            }
        }
    }
}

/// Serialized as the plain string.
fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// `crate::types`: the modules of every structure and enum, their
/// re-exports, and the newtype behind every enum's `Unknown` variant.
pub fn types_mod(types: &[(&RustDef, bool)]) -> TokenStream {
    let mods = types.iter().map(|(d, _)| {
        let module = ident(&d.module);
        quote!(pub(crate) mod #module;)
    });
    let uses = types.iter().map(|(d, is_struct)| {
        let (module, name, builder) = (ident(&d.module), ident(&d.type_name), ident(&d.builder));
        if *is_struct {
            quote!(pub use #module::{#name, #builder};)
        } else {
            quote!(pub use #module::#name;)
        }
    });
    quote! {
        //! The structures and enums of the service's model.
        pub mod error;
        #(#mods)*
        #(#uses)*

        /// A value of an enum that this version of the SDK does not know.
        /// It cannot be built directly: convert the string with `From<&str>`.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct UnknownValue(String);

        impl UnknownValue {
            pub(crate) fn new(value: &str) -> Self {
                Self(value.to_owned())
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    }
}
