//! Model error shapes (`"exception": true`): the shared exception structs
//! in `crate::types::error`, each operation's error enum, and the
//! service-level `Error` every operation error converts into.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, ident, path, schema, structure};
use crate::docs::summary;
use crate::ir::{ErrorRef, Operation, RustDef, Service, Shape, Structure, Type};

/// A type of the runtime's `error` module.
fn rt(name: &str) -> TokenStream {
    let name = ident(name);
    quote!(rt::error::#name)
}

/// An exception struct: the structure plus the metadata of the response it
/// came from, parsing from `ErrorParts`, `Display` and `std::error::Error`.
pub fn emit_exception(shape: &Shape, def: &RustDef, s: &Structure) -> TokenStream {
    let name = ident(&def.type_name);
    let metadata = rt("ErrorMetadata");
    let unhandled = rt("Unhandled");
    let extra = quote! {
        /// Code, message and request id of the response this error came from.
        #[serde(skip)]
        pub(crate) meta: #metadata,
    };
    let item = structure::structure(shape, def, s, &extra);
    let builder = structure::builder(def, s, None, &quote!(meta: Default::default(),));
    let schema = schema::structure_static(shape, s);
    let display = exception_display(shape, &name, s);
    quote! {
        #item

        impl #name {
            /// Code, message and request id of the response this error came from.
            pub fn meta(&self) -> &#metadata {
                &self.meta
            }

            /// Reads the error from a parsed error response; `Unhandled` when
            /// the response does not fit the shape.
            pub fn from_parts(parts: rt::operation::ErrorParts) -> Result<Self, #unhandled> {
                let meta = #metadata::from_parts(&parts);
                match ::serde_json::from_value::<Self>(parts.document) {
                    Ok(mut error) => {
                        error.meta = meta;
                        Ok(error)
                    }
                    Err(source) => Err(#unhandled::new(meta, Some(Box::new(source)))),
                }
            }
        }

        #display

        #builder
        #schema
    }
}

/// `Display` and `ProvideErrorMetadata`: the code and the message, the
/// member the service filled (or a server built), else the one the
/// response carried.
fn exception_display(shape: &Shape, name: &Ident, s: &Structure) -> TokenStream {
    let code = &shape.wire_name;
    let message_member = s
        .members
        .iter()
        .find(|m| m.wire_name.eq_ignore_ascii_case("message") && m.ty == Type::String);
    let message = match message_member {
        Some(m) if m.required => {
            let f = ident(&m.field);
            quote!(Some(self.#f.as_str()).filter(|m| !m.is_empty()).or(self.meta.message()))
        }
        Some(m) => {
            let f = ident(&m.field);
            quote!(self.#f.as_deref().or(self.meta.message()))
        }
        None => quote!(self.meta.message()),
    };
    let provide = rt("ProvideErrorMetadata");
    let metadata = rt("ErrorMetadata");
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                if let Some(message) = <Self as #provide>::message(self) {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        /// The code is the shape name and the message the member the
        /// service filled, so an exception built by hand answers the same
        /// as one read from a response.
        impl #provide for #name {
            fn meta(&self) -> &#metadata {
                &self.meta
            }
            fn code(&self) -> Option<&str> {
                Some(#code)
            }
            fn message(&self) -> Option<&str> {
                #message
            }
        }
    }
}

pub fn errors_mod(errors: &[&RustDef]) -> TokenStream {
    let mods = errors.iter().map(|d| ident(&d.module));
    let uses = errors.iter().map(|d| {
        let (module, name, builder) = (ident(&d.module), ident(&d.type_name), ident(&d.builder));
        quote!(pub use #module::{#name, #builder};)
    });
    quote! {
        //! The service's exceptions, shared by the operations' error enums.
        #(pub(crate) mod #mods;)*
        #(#uses)*
    }
}

/// An error enum over `errors` plus `Unhandled`, with its accessors,
/// `Display` (code and message) and `std::error::Error`.
fn error_enum(name: &TokenStream, doc: &str, errors: &[ErrorRef]) -> TokenStream {
    let unhandled = rt("Unhandled");
    let variants = errors.iter().map(|e| {
        let (v, p) = (ident(&e.variant), path(&e.path));
        let doc = docs(&summary(&e.docs));
        quote!(#doc #v(#p),)
    });
    let accessors = error_accessors(name, errors);
    let traits = error_traits(name, errors);
    let doc = docs(doc);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe here, or one that could
            /// not be read; its code and message are kept.
            Unhandled(#unhandled),
        }

        /// What `SdkError::into_service_error` turns a failure without a
        /// modeled error into.
        impl From<#unhandled> for #name {
            fn from(error: #unhandled) -> Self {
                Self::Unhandled(error)
            }
        }

        #accessors
        #traits
    }
}

/// `meta`, `code`, `message`, `request_id` and one `is_*` per variant.
fn error_accessors(name: &TokenStream, errors: &[ErrorRef]) -> TokenStream {
    let metadata = rt("ErrorMetadata");
    let code_arms = errors.iter().map(|e| {
        let (v, code) = (ident(&e.variant), &e.shape);
        quote!(Self::#v(_) => Some(#code),)
    });
    let meta_arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(Self::#v(e) => e.meta(),)
    });
    let predicates = errors.iter().map(|e| {
        let (v, is) = (ident(&e.variant), ident(&e.predicate));
        let doc = format!(" `true` for [`Self::{}`].", e.variant);
        quote! {
            #[doc = #doc]
            pub fn #is(&self) -> bool {
                matches!(self, Self::#v(_))
            }
        }
    });
    let provide = rt("ProvideErrorMetadata");
    quote! {
        /// Delegates to the inherent methods, so the trait and the enum
        /// answer the same (a modeled error's code is its shape name).
        impl #provide for #name {
            fn meta(&self) -> &#metadata {
                Self::meta(self)
            }
            fn code(&self) -> Option<&str> {
                Self::code(self)
            }
        }

        impl #name {
            /// Code, message and request id of the error response.
            pub fn meta(&self) -> &#metadata {
                match self {
                    #(#meta_arms)*
                    Self::Unhandled(e) => e.meta(),
                }
            }

            /// The error code, e.g. `ResourceNotFoundException`.
            /// A modeled error's code is its shape name, whoever built it.
            pub fn code(&self) -> Option<&str> {
                match self {
                    #(#code_arms)*
                    Self::Unhandled(e) => e.meta().code(),
                }
            }

            /// The message the service sent.
            pub fn message(&self) -> Option<&str> {
                self.meta().message()
            }

            /// The request id (`x-amzn-RequestId`) of the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id()
            }

            #(#predicates)*
        }
    }
}

/// `Display` (code and message, never the source again) and an exhaustive
/// `source()`.
fn error_traits(name: &TokenStream, errors: &[ErrorRef]) -> TokenStream {
    let display_arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(Self::#v(e) => ::std::fmt::Display::fmt(e, f),)
    });
    let source_arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(Self::#v(_) => None,)
    });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }
    }
}

/// The operation's error enum and its dispatch on the error code.
pub fn operation_error(op: &Operation) -> TokenStream {
    let name = ident(&format!("{}Error", op.type_name));
    let unhandled = rt("Unhandled");
    let doc = format!("Errors of [`{}`].", op.type_name);
    let body = error_enum(&quote!(#name), &doc, &op.errors);
    let dispatch = op.errors.iter().map(|e| {
        let (v, p, code) = (ident(&e.variant), path(&e.path), &e.shape);
        quote!(#code => #p::from_parts(parts).map_or_else(Self::Unhandled, Self::#v),)
    });
    quote! {
        #body

        impl #name {
            /// Builds the error from a parsed error response: the modeled
            /// variant its code names, `Unhandled` otherwise.
            pub fn from_parts(parts: rt::operation::ErrorParts) -> Self {
                match parts.code.as_str() {
                    #(#dispatch)*
                    _ => Self::Unhandled(#unhandled::from_parts(parts)),
                }
            }
        }
    }
}

/// `crate::Error`: every error of every operation, so `?` works across
/// operations.
pub fn service_error(service: &Service) -> TokenStream {
    let refs: Vec<ErrorRef> = service
        .errors
        .iter()
        .filter_map(|e| {
            service
                .operations
                .values()
                .flat_map(|op| op.errors.iter())
                .find(|r| &r.shape == e)
                .cloned()
        })
        .collect();
    let body = error_enum(
        &quote!(Error),
        "Any error of any operation of the service.",
        &refs,
    );
    let server = service_error_server_side(&refs);
    quote! {
        //! The service-level error.
        #body
        #server
    }
}

/// What a server needs to answer with an error: its schema (status, fault)
/// and its body, plus `From` each exception.
fn service_error_server_side(errors: &[ErrorRef]) -> TokenStream {
    let schema_arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        let s = ident(&crate::naming::static_name(&e.shape));
        quote!(Self::#v(_) => Some(&crate::schema::#s),)
    });
    let document_arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(Self::#v(e) => ::serde_json::to_value(e),)
    });
    let froms = errors.iter().map(|e| {
        let (v, p) = (ident(&e.variant), path(&e.path));
        quote! {
            impl From<#p> for Error {
                fn from(error: #p) -> Self {
                    Self::#v(error)
                }
            }
        }
    });
    quote! {
        impl Error {
            /// The schema of a modeled error (HTTP status, fault, members);
            /// `None` for `Unhandled`.
            pub fn schema(&self) -> Option<&'static rt::schema::Shape> {
                match self {
                    #(#schema_arms)*
                    Self::Unhandled(_) => None,
                }
            }

            /// The error's members as a JSON document keyed by model member
            /// name (header-bound members included); empty for `Unhandled`.
            pub fn to_document(&self) -> Result<::serde_json::Value, ::serde_json::Error> {
                match self {
                    #(#document_arms)*
                    Self::Unhandled(_) => Ok(::serde_json::Value::Object(::serde_json::Map::new())),
                }
            }
        }

        #(#froms)*
    }
}

/// The conversions of an operation's errors into the service-level `Error`,
/// emitted in the operation's module so `?` works across operations.
pub fn into_service_error(op: &Operation) -> TokenStream {
    let op_error = ident(&format!("{}Error", op.type_name));
    let sdk_error = quote!(rt::SdkError);
    let arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(#op_error::#v(e) => Self::#v(e),)
    });
    quote! {
        impl From<#op_error> for crate::Error {
            fn from(error: #op_error) -> Self {
                match error {
                    #(#arms)*
                    #op_error::Unhandled(e) => Self::Unhandled(e),
                }
            }
        }

        impl From<#sdk_error<#op_error>> for crate::Error {
            fn from(error: #sdk_error<#op_error>) -> Self {
                rt::error::into_service(error).map_or_else(Self::Unhandled, Self::from)
            }
        }
    }
}
