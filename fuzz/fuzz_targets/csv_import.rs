//! Feeds any bytes, as an uploaded contacts file, to the CSV import's reading
//! (`domain/contact_import.rs`): `read_head` (encoding, separator, header, rows, preview), the
//! suggested mapping of its headers and the mapping check, then `read_chunk` from the head's
//! data offset, chunk after chunk, the way the import worker resumes from its last committed
//! chunk.
//!
//! Checks, besides not panicking:
//! - the suggested mapping has one entry per column and never names a field twice, and it passes
//!   `check_mapping` exactly when it maps the phone;
//! - reading in chunks of any size from the data offset gives the rows `read_head` counted, in
//!   order, numbered from line 2, each chunk starting where the previous one ended, the last one
//!   ending at the file's end;
//! - the preview is the first of those rows.

#![no_main]

use atende_host::domain::contact_import::{
    CsvHead, PHONE, check_mapping, import_fields, read_chunk, read_head, suggest_mapping,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The file's length chooses the chunk size (1 to 8 rows), so that seeds are plain CSV files.
    let file = data;
    let max_rows = file.len() % 8 + 1;
    let Ok(head) = read_head(file) else { return };
    mapping(&head);
    chunks(file, &head, max_rows);
});

fn mapping(head: &CsvHead) {
    let fields = import_fields(&[("plano".into(), "Plano contratado".into()), ("cor".into(), "Cor".into())]);
    let suggested = suggest_mapping(&head.headers, &fields);
    assert_eq!(suggested.len(), head.headers.len());
    let mut keys: Vec<&String> = suggested.iter().flatten().collect();
    keys.sort();
    let count = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), count, "a field suggested twice: {suggested:?}");
    let has_phone = keys.iter().any(|k| k.as_str() == PHONE);
    assert_eq!(check_mapping(&suggested, head.headers.len(), &fields).is_ok(), has_phone, "{suggested:?}");
}

fn chunks(file: &[u8], head: &CsvHead, max_rows: usize) {
    let mut offset = head.data_offset;
    let mut line = 2;
    let mut rows = Vec::new();
    loop {
        let chunk = read_chunk(file, head.delimiter, offset, line, max_rows)
            .unwrap_or_else(|e| panic!("a file read_head accepted fails at offset {offset}: {e}"));
        assert!(chunk.next_offset >= offset, "a chunk went backwards");
        assert!(chunk.next_offset <= file.len() as u64, "a chunk ended past the file");
        assert!(chunk.rows.len() <= max_rows);
        let done = chunk.rows.len() < max_rows;
        line += chunk.rows.len() as i64;
        // A full chunk that consumed nothing would make the worker loop forever.
        assert!(done || chunk.next_offset > offset, "a full chunk that did not advance");
        offset = chunk.next_offset;
        rows.extend(chunk.rows);
        if done {
            break;
        }
    }
    assert_eq!(offset, file.len() as u64, "the last chunk did not end at the file's end");
    assert_eq!(rows.len() as i64, head.total_rows, "chunks read other rows than the head counted");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.line, i as i64 + 2);
    }
    let preview: Vec<&Vec<String>> = rows.iter().map(|r| &r.values).take(head.preview.len()).collect();
    assert_eq!(preview, head.preview.iter().collect::<Vec<_>>(), "the preview is not the first rows");
}
