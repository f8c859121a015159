//! Rebuild the server when the embedded files change: the web UI (`host/ui/dist`), the shipped
//! plugins (`plugins/dist/default`) and the migrations (`sqlx::migrate!`). The embedding itself
//! is rust-embed's and sqlx's; this only tells cargo about files it cannot see (new files in
//! those folders).

fn main() {
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=../plugins/dist/default");
    println!("cargo:rerun-if-changed=../migrations");
}
