//! The pure analytics core: no DOM, no clock, no web crates. Compiled and tested natively.

pub mod basket;
pub mod checked;
pub mod choice;
pub mod clusters;
pub mod clv;
pub mod cohorts;
pub mod customers;
pub mod histogram;
pub mod ingest;
pub mod kpi;
pub mod linalg;
pub mod network;
pub mod parallel;
pub mod performance;
pub mod pipeline;
pub mod report;
pub mod rfm;
pub mod section;
pub mod seed;
pub mod settings;
pub mod share;
pub mod table;
