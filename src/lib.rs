//! Savdo: a Telegram-first ERP assistant.
//!
//! One core ([`domain`]) holds the business rules; the doors onto it ([`bot`], [`http`],
//! [`jobs`] and the command line in `main.rs`) parse input, call the core and render. What
//! Savdo says on its own goes through [`notify`] and the Bot API port in [`telegram`].
//! `docs/architecture.md` draws the layers.

pub mod app;
pub mod bench;
pub mod bot;
pub mod config;
pub mod console;
pub mod db;
pub mod dev_model;
pub mod dev_onec;
pub mod dev_regos;
pub mod dev_sim_operator;
pub mod dev_tax_cabinet;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod notify;
pub mod reports;
pub mod server;
pub mod telegram;
pub mod telegram_stub;
