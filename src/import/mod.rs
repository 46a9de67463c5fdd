//! `stagecall import`: a run sheet from Excel, WPS, 飞书 or a CSV file
//! into a plan.

pub mod aliases;
