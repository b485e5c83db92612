//! What the `learnloop` binary does beyond serving: writing a generated
//! organisation (the demo's, or one sized for a benchmark) into a store,
//! with its history made through the product's rules. A library so the
//! demo's consistency test runs the very code the binary runs.

mod demo_change_points;
mod demo_loop;
mod demo_measurement;
mod demo_obligations;
mod demo_restrictive_practice;
mod demo_safety_officer;
pub mod load_plan;
