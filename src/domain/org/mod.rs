//! Who: companies, branches, people and their roles; who acts (the actor), API keys, and the activity log.

pub mod actor;
pub mod apikeys;
pub mod apiusers;
pub mod audit;
pub mod company;
pub mod platform;
pub mod roles;
pub mod settings;
