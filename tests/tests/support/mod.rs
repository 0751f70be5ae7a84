// Each test binary uses a part of the support code.
#![allow(dead_code)]

pub mod botocore;
pub mod model_tables;
