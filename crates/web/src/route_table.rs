//! Routes declared once, as a router and as a table of (method, path). The
//! table lets tests call every route the server has, so a new route is
//! covered by the authorisation matrix without anyone remembering to add it
//! (an unlisted route fails that test).

use axum::Router;
use axum::http::Method;
use axum::routing::MethodRouter;

use crate::state::AppState;

/// One method on one path, as routed (path parameters in braces).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RouteEntry {
    pub method: Method,
    pub path: String,
}

/// A router and the table of what it routes, built together.
pub struct Routes {
    pub router: Router<AppState>,
    pub table: Vec<RouteEntry>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes { router: Router::new(), table: Vec::new() }
    }
}

impl Routes {
    /// Routes `method` on `path` to `handler` (a `get(..)`, `post(..)`, …
    /// for that one method).
    pub fn add(mut self, method: Method, path: &str, handler: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, handler);
        self.table.push(RouteEntry { method, path: path.to_string() });
        self
    }

    pub fn get(self, path: &str, handler: MethodRouter<AppState>) -> Routes {
        self.add(Method::GET, path, handler)
    }

    pub fn post(self, path: &str, handler: MethodRouter<AppState>) -> Routes {
        self.add(Method::POST, path, handler)
    }

    /// Routes another table under `prefix` (e.g. the API under `/api/v1`).
    pub fn nest(mut self, prefix: &str, inner: Routes) -> Routes {
        self.router = self.router.nest(prefix, inner.router);
        self.table.extend(inner.table.into_iter().map(|r| RouteEntry { method: r.method, path: format!("{prefix}{}", r.path) }));
        self
    }

    /// Adds routes that come as a ready router (Swagger UI), listing them.
    pub fn merge_listed(mut self, router: Router<AppState>, listed: &[(Method, &str)]) -> Routes {
        self.router = self.router.merge(router);
        self.table.extend(listed.iter().map(|(method, path)| RouteEntry { method: method.clone(), path: path.to_string() }));
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }
}
