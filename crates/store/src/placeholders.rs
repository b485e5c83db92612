//! Placeholders for multi-row INSERTs.

/// `(p, p, ...), (p, p, ...)` for `rows` rows of `columns` values. SQLite gets
/// anonymous `?` placeholders: looking up thousands of numbered `$N` names is
/// quadratic in SQLite (it made a million-report load take minutes), while
/// PostgreSQL only understands `$N`. This is the one place the dialects differ.
pub(crate) fn value_placeholders(anonymous: bool, rows: usize, columns: usize) -> String {
    let mut out = String::with_capacity(rows * columns * 5);
    for row in 0..rows {
        if row > 0 {
            out.push(',');
        }
        out.push('(');
        for column in 0..columns {
            if column > 0 {
                out.push(',');
            }
            if anonymous {
                out.push('?');
            } else {
                out.push_str(&format!("${}", row * columns + column + 1));
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::value_placeholders;

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(value_placeholders(false, 2, 2), "($1,$2),($3,$4)");
        assert_eq!(value_placeholders(true, 2, 3), "(?,?,?),(?,?,?)");
    }
}
