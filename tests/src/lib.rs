//! Helpers for the end-to-end tests (filled in below).
