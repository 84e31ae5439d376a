//! Rendering generated requests into field lines, in every way RFC 9110
//! says must not change their meaning.

/// `name` in one of four casings (RFC 9110 §5.1: names are
/// case-insensitive): as given, lowercase, uppercase, or alternating.
pub fn cased(name: &str, casing: u8) -> String {
    match casing & 3 {
        1 => name.to_ascii_lowercase(),
        2 => name.to_ascii_uppercase(),
        3 => name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
        _ => name.to_owned(),
    }
}

/// Splits `text` into field lines at some of its commas outside quotes (the
/// comma goes away with the split), adding OWS at both sides of each split
/// and empty elements or empty lines, as `picks`, `ows` and `empties` say.
///
/// RFC 9110 §5.3 and §5.6.1 say none of this changes the list.
pub fn split_lines(text: &[u8], picks: u64, ows: u64, empties: u64) -> Vec<Vec<u8>> {
    const OWS: [&[u8]; 4] = [b"", b" ", b"\t", b"  \t"];
    let mut separators = Vec::new();
    let mut quoted = false;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => separators.push(i),
            _ => {}
        }
    }
    let mut lines = vec![Vec::new()];
    let mut start = 0;
    for (k, &comma) in separators.iter().enumerate() {
        if (picks >> (k % 64)) & 1 == 0 {
            continue;
        }
        let line = lines.last_mut().expect("never empty");
        line.extend_from_slice(&text[start..comma]);
        line.extend_from_slice(OWS[((ows >> (k % 32 * 2)) & 3) as usize]);
        match (empties >> (k % 32 * 2)) & 3 {
            1 => line.extend_from_slice(b", ,"),
            2 => lines.push(b" , ".to_vec()),
            3 => lines.push(Vec::new()),
            _ => {}
        }
        let mut next = OWS[((ows >> ((k + 1) % 32 * 2)) & 3) as usize].to_vec();
        if (empties >> 63) & 1 == 1 {
            next.push(b',');
        }
        lines.push(next);
        start = comma + 1;
    }
    lines
        .last_mut()
        .expect("never empty")
        .extend_from_slice(&text[start..]);
    lines
}
