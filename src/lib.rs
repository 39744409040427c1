//! Savdo: a Telegram-first ERP assistant.
//!
//! One core ([`domain`]) holds the business rules; the doors onto it ([`bot`], [`http`],
//! the command line in `main.rs`, and later timed jobs) parse input, call the core and render.

pub mod app;
pub mod bench;
pub mod bot;
pub mod config;
pub mod console;
pub mod db;
pub mod demo;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod reports;
pub mod server;
pub mod telegram_stub;
