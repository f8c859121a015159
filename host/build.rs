//! Rebuild the server when the embedded assets change: the web UI (`host/ui/dist`) and the
//! shipped plugins (`plugins/dist/default`). The embedding itself is rust-embed's; this only
//! tells cargo about files it cannot see (new files in those folders).

fn main() {
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=../plugins/dist/default");
}
