//! Documents and pictures made from the core's figures: tables (rendered to XLSX, PDF, CSV)
//! and charts.

pub mod chart;
pub mod exports;
pub mod import;
pub mod invoices;
pub mod orders;
pub mod pdf;
pub mod statements;
pub mod table;
pub mod tax;
pub mod xlsx;
