//! Meta webhook benchmark (written below).
fn main() {}
