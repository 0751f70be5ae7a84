//! Model operations: one module per operation with the unit struct that
//! implements `codeartifact_runtime::operation::Operation`, the input (with
//! the one builder that also sends), the output, the error enum and the
//! `OperationSpec` static.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, module_docs, rust_type, structure};
use crate::ir::{Operation, Service, ShapeKind};

pub fn emit(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let input = ident(&format!("{}Input", op.type_name));
    let output = ident(&format!("{}Output", op.type_name));
    let error = ident(&format!("{}Error", op.type_name));
    let mod_doc = module_docs(&format!("The `{}` operation.", op.wire_name));
    let doc = docs(&op.docs);
    let structs = [&op.input, &op.output]
        .into_iter()
        .filter_map(|shape_name| {
            let shape = service.shapes.get(shape_name)?;
            let (ShapeKind::Structure(s), Some(def)) = (&shape.kind, &shape.rust) else {
                return None;
            };
            Some(if shape_name == &op.input {
                structure::emit(shape, def, s, Some(op))
            } else {
                output_structure(shape, def, s)
            })
        });
    let payloads = payload_fns(op, &input, &output);
    let paginated = paginated(op, &name, &input, &output);
    let errors = super::error::operation_error(op);
    let into_service = super::error::into_service_error(op);
    let spec = spec(op);
    let fluent = ident(&format!("{}FluentBuilder", op.type_name));
    let builder = ident(&format!("{}InputBuilder", op.type_name));
    quote! {
        #mod_doc

        #doc
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #name;

        impl rt::operation::Operation for #name {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            const SPEC: &'static rt::schema::OperationSpec = &SPEC;

            #payloads

            fn error_from_parts(parts: rt::operation::ErrorParts) -> #error {
                #error::from_parts(parts)
            }

            fn set_request_id(output: &mut #output, request_id: Option<String>) {
                output._request_id = request_id;
            }
        }

        #paginated

        /// The builder `Client` hands out for this operation (the name the
        /// official SDK uses): it is the input's builder.
        pub type #fluent = #builder;

        #(#structs)*
        #errors
        #into_service
        #spec
    }
}

fn payload_fns(
    op: &Operation,
    input: &proc_macro2::Ident,
    output: &proc_macro2::Ident,
) -> TokenStream {
    let mut fns = TokenStream::new();
    if let Some(f) = &op.input_payload {
        let f = ident(f);
        fns.extend(quote! {
            fn take_input_payload(input: &mut #input) -> Option<rt::ByteStream> {
                Some(::std::mem::take(&mut input.#f))
            }
            fn set_input_payload(input: &mut #input, payload: rt::ByteStream) {
                input.#f = payload;
            }
        });
    }
    if let Some(f) = &op.output_payload {
        let f = ident(f);
        fns.extend(quote! {
            fn take_output_payload(output: &mut #output) -> Option<rt::ByteStream> {
                Some(::std::mem::take(&mut output.#f))
            }
            fn set_output_payload(output: &mut #output, payload: rt::ByteStream) {
                output.#f = payload;
            }
        });
    }
    fns
}

fn paginated(
    op: &Operation,
    name: &proc_macro2::Ident,
    input: &proc_macro2::Ident,
    output: &proc_macro2::Ident,
) -> TokenStream {
    let Some(p) = &op.paginator else {
        return TokenStream::new();
    };
    let item = rust_type(&p.item_type);
    let (in_token, out_token, items) = (
        ident(&p.input_token_field),
        ident(&p.output_token_field),
        ident(&p.items_field),
    );
    let next = if p.output_token_required {
        quote!(Some(output.#out_token.as_str()).filter(|t| !t.is_empty()))
    } else {
        quote!(output.#out_token.as_deref())
    };
    let take = if p.items_required {
        quote!(::std::mem::take(&mut output.#items))
    } else {
        quote!(output.#items.take().unwrap_or_default())
    };
    quote! {
        impl rt::operation::Paginated for #name {
            type Item = #item;

            fn set_token(input: &mut #input, token: Option<String>) {
                input.#in_token = token;
            }

            fn next_token(output: &#output) -> Option<&str> {
                #next
            }

            fn take_items(output: &mut #output) -> Vec<#item> {
                #take
            }
        }
    }
}

/// `send` (and `into_paginator`) on the input's builder.
pub fn builder_fns(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let output = ident(&format!("{}Output", op.type_name));
    let error = ident(&format!("{}Error", op.type_name));
    let send_doc = format!(" Builds the input and calls `{}`.", op.wire_name);
    let paginator = op.paginator.as_ref().map(|_| {
        quote! {
            /// Pages through every result, following the continuation token.
            pub fn into_paginator(mut self) -> rt::paginator::Paginator<#name> {
                let handle = self.handle.take();
                rt::paginator::Paginator::new(handle, self.build())
            }
        }
    });
    quote! {
        #[doc = #send_doc]
        ///
        /// Fails with `SdkError::Construction` listing every missing
        /// required member, or when the builder did not come from a `Client`.
        pub async fn send(mut self) -> Result<#output, rt::SdkError<#error>> {
            let handle = self.handle.take();
            let input = self.build().map_err(rt::SdkError::construction)?;
            let Some(handle) = handle else {
                return Err(rt::SdkError::construction("the builder was not created by a Client"));
            };
            handle.call::<#name>(input).await
        }

        #paginator
    }
}

fn spec(op: &Operation) -> TokenStream {
    let (name, method, uri) = (&op.wire_name, &op.method, &op.uri);
    let status = Literal::u16_unsuffixed(op.success_status);
    let static_of = |shape: &str| {
        let s = ident(&crate::naming::static_name(shape));
        quote!(&crate::schema::#s)
    };
    let (input, output) = (static_of(&op.input), static_of(&op.output));
    let errors = op.errors.iter().map(|e| static_of(&e.shape));
    let paginator = match &op.paginator {
        Some(p) => {
            let (it, ot, items) = (&p.input_token, &p.output_token, &p.items);
            let limit = match &p.limit_key {
                Some(l) => quote!(Some(#l)),
                None => quote!(None),
            };
            quote! {
                Some(&rt::schema::PaginatorSpec {
                    input_token: #it,
                    output_token: #ot,
                    limit_key: #limit,
                    items: #items,
                })
            }
        }
        None => quote!(None),
    };
    let doc = format!(" How `{name}` travels over HTTP.");
    quote! {
        #[doc = #doc]
        pub static SPEC: rt::schema::OperationSpec = rt::schema::OperationSpec {
            name: #name,
            method: #method,
            uri: #uri,
            success_status: #status,
            input: #input,
            output: #output,
            errors: &[#(#errors),*],
            paginator: #paginator,
        };
    }
}

/// An operation's output: the structure plus the request id of the
/// response it was read from (`RequestId`, as in the official SDK).
fn output_structure(
    shape: &crate::ir::Shape,
    def: &crate::ir::RustDef,
    s: &crate::ir::Structure,
) -> TokenStream {
    let name = ident(&def.type_name);
    let extra = quote! {
        /// The request id of the response this output was read from.
        #[serde(skip)]
        _request_id: Option<String>,
    };
    let item = structure::structure(shape, def, s, &extra);
    let builder = structure::builder(def, s, None, &quote!(_request_id: None,));
    let schema = super::schema::structure_static(shape, s);
    quote! {
        #item

        impl rt::operation::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                self._request_id.as_deref()
            }
        }

        #builder
        #schema
    }
}

pub fn operations_mod(service: &Service) -> TokenStream {
    let mods = service.operations.values().map(|op| {
        let module = ident(&op.module);
        let doc = docs(&crate::docs::summary(&op.docs));
        quote!(#doc pub mod #module;)
    });
    quote! {
        //! One module per operation: its input and builder, output, error and
        //! `OperationSpec`.
        #(#mods)*

        /// `output.request_id()`, where the official SDK has it.
        pub use ::codeartifact_runtime::operation::RequestId;
    }
}
