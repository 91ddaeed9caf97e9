//! The wasm's `target_features` section, edited before wasm-bindgen reads it.
//!
//! rustc (1.82 on) lists `multivalue` among the features of every wasm32 build, and
//! wasm-bindgen then turns each export that returns a string or a vector (`evaluate`,
//! `trackerDbLoad`, `contract` …) into one that returns several values. Node 20's V8 (11.3)
//! has a generic JS→wasm call wrapper only for signatures with at most one result: for each
//! other signature it compiles a wrapper of its own with TurboFan, eagerly, while compiling
//! the module. Measured here (node 20, fresh processes, busy 2-core machine): the shipped
//! module with its function bodies stubbed out and its data dropped, so that little but
//! that cost is left, compiles in a median of 4.6 ms with the feature and 2.1 ms without
//! (1.7 ms with no exports at all; min 2.2 vs 1.2 ms); the whole module in 12.8 vs 10.2 ms
//! (min 8.8 vs 7.8). Without it wasm-bindgen keeps the return-pointer convention rustc emits
//! (the result written to the wasm stack, read back by the glue),
//! which costs nothing on the per-request path: `classifyInput` returns one integer either way.
//! (Whether Chromium's newer V8 still compiles such wrappers eagerly was not measured.)

/// `wasm` with the features named in `drop` removed from its `target_features` custom
/// section; every other section is copied byte for byte.
pub fn without_features(wasm: &[u8], drop: &[&str]) -> Result<Vec<u8>, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut reader = Reader { bytes: wasm, at: 8 };
    while reader.at < wasm.len() {
        let start = reader.at;
        let id = reader.byte()?;
        let len = reader.leb()? as usize;
        let body_start = reader.at;
        let end = body_start.checked_add(len).filter(|&e| e <= wasm.len()).ok_or("section runs past the end")?;
        reader.at = end;
        if id == 0 {
            let mut body = Reader { bytes: &wasm[..end], at: body_start };
            let name_len = body.leb()? as usize;
            let name = body.take(name_len)?;
            if name == b"target_features" {
                let count = body.leb()?;
                let mut kept = Vec::new();
                let mut kept_count = 0u32;
                for _ in 0..count {
                    let entry_start = body.at;
                    body.byte()?; // prefix: '+' used, '-' disallowed, '=' required
                    let feature_len = body.leb()? as usize;
                    let feature = body.take(feature_len)?;
                    if !drop.iter().any(|d| d.as_bytes() == feature) {
                        kept.extend_from_slice(&wasm[entry_start..body.at]);
                        kept_count += 1;
                    }
                }
                let mut section = Vec::new();
                write_leb(&mut section, name_len as u32);
                section.extend_from_slice(name);
                write_leb(&mut section, kept_count);
                section.extend_from_slice(&kept);
                out.push(0);
                write_leb(&mut out, section.len() as u32);
                out.extend_from_slice(&section);
                continue;
            }
        }
        out.extend_from_slice(&wasm[start..end]);
    }
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("unexpected end of the wasm")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let s = self.bytes.get(self.at..self.at + len).ok_or("unexpected end of the wasm")?;
        self.at += len;
        Ok(s)
    }

    fn leb(&mut self) -> Result<u32, String> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("LEB128 number too long".into())
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        write_leb(&mut body, name.len() as u32);
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(payload);
        let mut s = vec![0];
        write_leb(&mut s, body.len() as u32);
        s.extend(body);
        s
    }

    fn features(list: &[&str]) -> Vec<u8> {
        let mut p = Vec::new();
        write_leb(&mut p, list.len() as u32);
        for f in list {
            p.push(b'+');
            write_leb(&mut p, f.len() as u32);
            p.extend_from_slice(f.as_bytes());
        }
        p
    }

    #[test]
    fn drops_only_the_named_features_and_keeps_other_sections() {
        let header = b"\0asm\x01\0\0\0".to_vec();
        let type_section = vec![1, 4, 1, 0x60, 0, 0];
        let producers = custom("producers", b"\x00");
        let module = [
            header.clone(),
            type_section.clone(),
            custom("target_features", &features(&["bulk-memory", "multivalue", "sign-ext"])),
            producers.clone(),
        ]
        .concat();
        let out = without_features(&module, &["multivalue"]).unwrap();
        let expected =
            [header, type_section, custom("target_features", &features(&["bulk-memory", "sign-ext"])), producers]
                .concat();
        assert_eq!(out, expected);
        // Nothing to drop: the same bytes.
        assert_eq!(without_features(&module, &["simd128"]).unwrap(), module);
    }

    #[test]
    fn rejects_what_is_not_wasm() {
        assert!(without_features(b"\0asm\x02\0\0\0", &["multivalue"]).is_err());
        assert!(without_features(b"\0asm\x01\0\0\0\x01\x09", &["multivalue"]).is_err());
    }
}
