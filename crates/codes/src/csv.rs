//! A small RFC 4180 CSV reader for the reference tables (quoted fields, doubled quotes, CRLF).
//!
//! It is deliberately tiny: the tables are ours, but the same reader is offered to other crates for
//! operator-supplied files, so it reports the 1-based line of every error and never panics.

use std::fmt;

/// One record with the line it started on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A malformed record, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CsvError {}

/// Splits CSV text into records. Blank lines are skipped; a leading UTF-8 byte-order mark is ignored.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRow>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    while chars.peek().is_some() {
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut at_field_start = true;
        let mut blank = true;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(CsvError { line: start_line, message: "unterminated quoted field".into() });
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if at_field_start => {
                    quoted = true;
                    blank = false;
                    at_field_start = false;
                }
                '"' => {
                    return Err(CsvError { line, message: "quote inside an unquoted field".into() });
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    at_field_start = true;
                    blank = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ => {
                    field.push(c);
                    at_field_start = false;
                    blank = false;
                }
            }
        }
        if blank {
            continue;
        }
        fields.push(field);
        rows.push(CsvRow { line: start_line, fields });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ok: &[(&str, &[&[&str]])] = &[
            ("a,b\n", &[&["a", "b"]]),
            ("a,\"b,c\"\r\n\nx,\"y\"\"z\"", &[&["a", "b,c"], &["x", "y\"z"]]),
            ("\u{feff}h\n1", &[&["h"], &["1"]]),
            ("\"multi\nline\",2\n", &[&["multi\nline", "2"]]),
        ];
        for (input, want) in ok {
            let got = parse_csv(input).unwrap();
            let got: Vec<Vec<&str>> =
                got.iter().map(|r| r.fields.iter().map(String::as_str).collect()).collect();
            let want: Vec<Vec<&str>> = want.iter().map(|r| r.to_vec()).collect();
            assert_eq!(got, want, "input {input:?}");
        }
        assert_eq!(parse_csv("a\n\"open").unwrap_err().line, 2);
        assert_eq!(parse_csv("a\nb\"c").unwrap_err().line, 2);
    }
}
