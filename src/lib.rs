//! cptref: a terminal reference browser for CPT procedure codes.
//!
//! The content model, loader, audit and search know nothing of the terminal,
//! so the CLI, the browser (`tui`), tests and benches share them.

pub mod abbreviations;
pub mod audit;
pub mod cache;
pub mod cli;
pub mod config;
pub mod entries;
pub mod import;
pub mod loader;
pub mod location;
pub mod model;
pub mod publication;
pub mod registry;
pub mod search;
pub mod show;
pub mod text;
pub mod training;
pub mod tui;
pub mod watch;
