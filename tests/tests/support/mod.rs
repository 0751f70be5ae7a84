// Each test binary uses a part of the support code.
#![allow(dead_code)]

pub mod model_tables;
