//! The service as a whole: `Client` with one method per operation, and the
//! `ServiceSpec` static with the endpoint rules.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::docs::summary;
use crate::ir::Service;

pub fn emit(service: &Service) -> TokenStream {
    let methods = service.operations.values().map(|op| {
        let (method, module) = (ident(&op.module), ident(&op.module));
        let builder = ident(&format!("{}InputBuilder", op.type_name));
        let summary = summary(&op.docs);
        let doc = docs(&summary);
        let link = format!(
            " See [`{}`](crate::operation::{}::{}).",
            op.type_name, op.module, op.type_name
        );
        quote! {
            #doc
            ///
            #[doc = #link]
            pub fn #method(&self) -> crate::operation::#module::#builder {
                let mut builder = crate::operation::#module::#builder::default();
                builder.handle = Some(self.handle.clone());
                builder
            }
        }
    });
    let doc = docs(&service.docs);
    quote! {
        //! The client: one method per operation, each returning the
        //! operation's builder.

        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: rt::client::Handle,
        }

        impl Client {
            /// A client over an already configured runtime handle.
            pub fn from_handle(handle: rt::client::Handle) -> Self {
                Self { handle }
            }

            /// The runtime handle calls go through.
            pub fn handle(&self) -> &rt::client::Handle {
                &self.handle
            }

            #(#methods)*
        }
    }
}

pub fn service_spec(service: &Service, endpoint_rule_set: &str, partitions: &str) -> TokenStream {
    let ops = service.operations.values().map(|op| {
        let module = ident(&op.module);
        quote!(&crate::operation::#module::SPEC)
    });
    let (signing, prefix, id, version) = (
        &service.signing_name,
        &service.endpoint_prefix,
        &service.service_id,
        &service.api_version,
    );
    quote! {
        //! The service's metadata, operations and endpoint rules.

        /// Everything the runtime needs to know about the service.
        pub static SERVICE: rt::schema::ServiceSpec = rt::schema::ServiceSpec {
            signing_name: #signing,
            endpoint_prefix: #prefix,
            service_id: #id,
            api_version: #version,
            operations: &[#(#ops),*],
            endpoint_rule_set: ENDPOINT_RULE_SET,
            partitions: PARTITIONS,
        };

        /// The model's `endpoint-rule-set-1.json`, verbatim.
        pub const ENDPOINT_RULE_SET: &str = #endpoint_rule_set;

        /// botocore's `partitions.json`, verbatim.
        pub const PARTITIONS: &str = #partitions;
    }
}
