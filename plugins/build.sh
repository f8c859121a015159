#!/usr/bin/env bash
# Build every plugin of this workspace as a wasm32-wasip2 component (release, size-tuned) and lay
# them out for the host:
#
#   dist/default/<name>.wasm + <name>.manifest.json   the plugins the server ships (it embeds them)
#   dist/testing/<name>.wasm + <name>.manifest.json   fixtures of the host's containment tests
#
# Works from any directory. Prints each component's size; fails if one is not a component or
# exceeds the host's upload cap.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

target=wasm32-wasip2
default_plugins=(variables templates closing-fields content open-service tag set-field condition send-template delay go-to-flow end schedule)
testing_plugins=(spin balloon crash flood rogue-step noop hostile-step)
# The host refuses larger uploads (host/src/plugins/limits.rs, MAX_COMPONENT_BYTES).
max_bytes=$((2 << 20))
# What we promise for the plugins that ship; above it the build warns.
default_budget=$((200 * 1024))

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$target"; then
    echo "build.sh: the $target target is missing; install it with: rustup target add $target" >&2
    exit 1
fi

cargo build --release --target "$target" --workspace

# <group> <crate directory> [budget]
ship() {
    local group=$1 dir=$2 budget=${3:-0}
    local name
    name=$(basename "$dir")
    local wasm="target/$target/release/${name//-/_}.wasm"
    local manifest="$dir/manifest.json"
    if ! grep -Eq "\"name\": *\"$name\"" "$manifest"; then
        echo "build.sh: $manifest must name the plugin \"$name\" (the directory's name)" >&2
        exit 1
    fi
    # A component's preamble: magic, then version 0x0d with layer 1 (a core module has layer 0).
    if [[ $(od -An -tx1 -N8 "$wasm" | tr -d ' \n') != "0061736d0d000100" ]]; then
        echo "build.sh: $wasm is not a WebAssembly component" >&2
        exit 1
    fi
    local size
    size=$(wc -c <"$wasm" | tr -d ' ')
    if ((size > max_bytes)); then
        echo "build.sh: $wasm is $size bytes, above the host's cap of $max_bytes" >&2
        exit 1
    fi
    cp "$wasm" "dist/$group/$name.wasm"
    cp "$manifest" "dist/$group/$name.manifest.json"
    local note=""
    if ((budget > 0 && size > budget)); then
        note="  (above the $budget-byte budget of shipped plugins)"
    fi
    printf '  %-8s %-16s %9d bytes%s\n' "$group" "$name" "$size" "$note"
}

rm -rf dist/default dist/testing
mkdir -p dist/default dist/testing
echo "Components in $here/dist:"
for name in "${default_plugins[@]}"; do
    ship default "$name" "$default_budget"
done
for name in "${testing_plugins[@]}"; do
    ship testing "testing/$name"
done
