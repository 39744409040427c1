//! Selling: receipts and returns, the lookups read from their rollups, sales files, customers and suppliers.

pub mod calls;
pub mod customers;
pub mod import;
pub mod invoices;
pub mod lookup;
pub mod partners;
pub mod payments;
pub mod regos;
pub mod sales;
