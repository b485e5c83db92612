//! The filter form shared by triage and the reports list: grade of harm,
//! category, service, days reported and order, sent by GET so the choice is
//! in the address (bookmarkable, works without script).

use learnloop_domain::FieldError;
use learnloop_domain::list_filter::{ReportFilter, ReportOrder};
use learnloop_domain::reports::{Category, Harm};
use learnloop_store::services::Service;

use crate::html::display::Choice;

/// The form as a page shows it.
pub struct FilterForm {
    /// Where the form sends the choice.
    pub action: &'static str,
    /// Triage's open tab, kept when the filter changes.
    pub tab: Option<&'static str>,
    pub harms: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub services: Vec<Choice>,
    pub orders: Vec<Choice>,
    pub from: String,
    pub to: String,
    pub problems: Vec<FieldError>,
    /// Whether anything is chosen (a "clear" link is then shown).
    pub chosen: bool,
    /// The choice as a query, for links that keep it.
    pub query: String,
}

impl FilterForm {
    /// `default_order` is what the list shows when no order is chosen.
    pub fn new(
        action: &'static str,
        tab: Option<&'static str>,
        filter: &ReportFilter,
        services: &[Service],
        default_order: ReportOrder,
        problems: Vec<FieldError>,
    ) -> FilterForm {
        let harm = filter.harm.map(Harm::as_str).unwrap_or_default();
        let category = filter.category.map(Category::as_str).unwrap_or_default();
        let service = filter.service.clone().unwrap_or_default();
        let order = filter.order.unwrap_or(default_order).as_str();
        FilterForm {
            action,
            tab,
            harms: Choice::list(
                Harm::ALL.iter().rev().map(|h| (h.as_str(), h.label())),
                harm,
            ),
            categories: Choice::list(
                Category::ALL.iter().map(|c| (c.as_str(), c.label())),
                category,
            ),
            services: Choice::list(
                services.iter().map(|s| (s.slug.as_str(), s.name.as_str())),
                &service,
            ),
            orders: Choice::list(
                ReportOrder::ALL.iter().map(|o| (o.as_str(), o.label())),
                order,
            ),
            from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
            to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
            problems,
            chosen: filter.narrows() || filter.order.is_some_and(|o| o != default_order),
            query: filter.query(),
        }
    }

    /// `path` with the choice kept, plus `extra` (e.g. `tab=new`).
    pub fn link(&self, path: &str, extra: &str) -> String {
        let parts: Vec<&str> = [extra, self.query.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// Where "clear filters" goes: the list, on the same tab.
    pub fn clear_link(&self) -> String {
        match self.tab {
            Some(tab) => format!("{}?tab={tab}", self.action),
            None => self.action.to_string(),
        }
    }
}
