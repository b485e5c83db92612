//! The page frame for a signed-in person: the navigation their role
//! reaches, and their unread messages.

use learnloop_domain::role::Role;
use learnloop_store::people::User;

use crate::error::AppError;
use crate::page::{Layout, NavItem};
use crate::state::AppState;

impl Layout {
    /// The frame for a signed-in person; `current` is the active nav link.
    pub async fn for_user(state: &AppState, user: &User, title: &str, current: &str) -> Result<Layout, AppError> {
        let mut links: Vec<(&'static str, &'static str)> = Vec::new();
        if user.role.may_report() {
            links.push(("/report", "Report"));
            links.push(("/my-reports", "My reports"));
        }
        if user.role.handles_reports() {
            links.push(("/triage", "Triage"));
            links.push(("/reports", "Reports"));
            links.push(("/obligations", "Safeguarding"));
        }
        if user.role != Role::Admin {
            links.push(("/search", "Search"));
        }
        if user.role.may_report() {
            links.push(("/actions", "Actions"));
            links.push(("/learning", "Learning"));
        }
        if user.role.restrictive_practice_scope() != learnloop_domain::role::ReportScope::None {
            links.push(("/restrictive-practice", "Restrictive practice"));
        }
        if matches!(user.role, Role::Quality | Role::Safety) {
            links.push(("/governance", "Governance"));
        }
        if crate::operations::safety_officer::may_see(user) {
            links.push(("/safety-officer", "Safety officer"));
        }
        links.push(("/dashboard", "Dashboard"));
        links.push(("/inbox", "Inbox"));
        if user.role == Role::Admin {
            links.push(("/admin", "Administration"));
            links.push(("/admin/audit", "Audit log"));
            links.push(("/admin/outbox", "Outbox"));
        }
        // On a phone only these stay in the bar; the rest fold into "Menu".
        let primary: &[&str] = match user.role {
            Role::Staff => &["/report", "/my-reports", "/inbox"],
            Role::Manager => &["/triage", "/reports", "/inbox"],
            Role::Quality => &["/triage", "/dashboard", "/inbox"],
            Role::Safety => &["/triage", "/safety-officer", "/inbox"],
            Role::Admin => &["/admin", "/inbox"],
        };
        Ok(Layout {
            title: title.to_string(),
            user_name: Some(user.name.clone()),
            role_label: user.role.label().to_string(),
            nav: links.into_iter().map(|(href, label)| NavItem { href, label, current: href == current, on_phone_bar: primary.contains(&href) }).collect(),
            unread: state.store.unread_count(user.id).await?,
        })
    }

}
