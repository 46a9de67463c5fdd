//! The live module's tests that cross its files: the live clock scenario
//! by scenario (`scenarios`, with a property test over random plans), and
//! what changed between two looks at the show (`changes`).

mod changes;
mod scenarios;
