//! A list's optional filters as one `WHERE` clause: each filter the person
//! chose adds a condition with its own numbered placeholder, and the values
//! are bound in the same order. Only fixed column names and operators are
//! formatted into the text; every value is bound.

use crate::sql::{Param, Sql, assembled_sql};

/// Conditions joined by `AND`, with their values in placeholder order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    params: Vec<Param>,
}

impl Conditions {
    /// Adds `column op $n` (e.g. `"r.harm", "="`) bound to `value`.
    pub(crate) fn compare(&mut self, column: &str, op: &str, value: impl Into<Param>) -> &mut Self {
        self.params.push(value.into());
        self.clauses
            .push(format!("{column} {op} ${}", self.params.len()));
        self
    }

    /// Adds a condition without a value, e.g. `r.harm IS NULL`.
    pub(crate) fn fixed(&mut self, clause: &str) -> &mut Self {
        self.clauses.push(clause.to_string());
        self
    }

    /// Adds `(a, b) < ($n, $n+1)`: a keyset cursor both databases walk an
    /// index by.
    pub(crate) fn pair_before(
        &mut self,
        columns: (&str, &str),
        op: &str,
        values: (impl Into<Param>, impl Into<Param>),
    ) -> &mut Self {
        self.params.push(values.0.into());
        self.params.push(values.1.into());
        let n = self.params.len();
        self.clauses.push(format!(
            "({}, {}) {op} (${}, ${n})",
            columns.0,
            columns.1,
            n - 1
        ));
        self
    }

    /// The next free placeholder number, for a `LIMIT` after the conditions.
    pub(crate) fn next_placeholder(&self) -> usize {
        self.params.len() + 1
    }

    /// `head WHERE … tail` with every value bound; `tail` may use
    /// `next_placeholder()` for values bound after by the caller.
    pub(crate) fn statement(&self, head: &str, tail: &str) -> Sql {
        let text = if self.clauses.is_empty() {
            format!("{head} {tail}")
        } else {
            format!("{head} WHERE {} {tail}", self.clauses.join(" AND "))
        };
        let mut statement = assembled_sql(text);
        for param in &self.params {
            statement = statement.bind(param.clone());
        }
        statement
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_order_values_were_added() {
        let mut c = Conditions::default();
        c.compare("a.organisation_id", "=", 7i64)
            .compare("a.action", "=", "report.thanked")
            .pair_before(("a.at", "a.id"), "<", (5i64, 9i64));
        assert_eq!(c.next_placeholder(), 5);
        let statement = c.statement("SELECT 1 FROM audit_log a", "LIMIT $5");
        let text = format!("{statement:?}");
        assert!(text.contains("WHERE a.organisation_id = $1 AND a.action = $2 AND (a.at, a.id) < ($3, $4) LIMIT $5"), "{text}");
    }
}
