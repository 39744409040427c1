//! Selling: receipts and returns, the lookups read from their rollups, sales files, customers and suppliers.

pub mod agents;
pub mod calls;
pub mod clients;
pub mod customers;
pub mod import;
pub mod invoices;
pub mod lookup;
pub mod partners;
pub mod payments;
pub mod projects;
pub mod regos;
pub mod sales;
