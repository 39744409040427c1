//! The books: the double-entry ledger (NAS 21), registers and shifts, expenses with approval, taxes, statements.

pub mod cash;
pub mod expenses;
pub mod ledger;
pub mod payroll;
pub mod statements;
pub mod tax;
