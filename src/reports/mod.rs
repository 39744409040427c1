//! Documents and pictures made from the core's figures: charts now; XLSX, PDF and CSV later.

pub mod chart;
