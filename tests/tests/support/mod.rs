pub mod model_tables;
