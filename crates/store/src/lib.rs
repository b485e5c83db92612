//! Learnloop's database: one `Store` API over two backends.
//!
//! SQLite is the embedded default; PostgreSQL is the path when one machine is
//! not enough. Every query is written once in portable SQL (`$1` placeholders
//! work on both) and run by `sql.rs`, which binds its parameters for
//! whichever database is open. Each user action is one transaction
//! (`store.begin()` … `tx.commit()`), and the audit row it writes commits with
//! it. The store stores: who may do what is decided above it (web's
//! operations), rules and wording below it (the domain).
//!
//! Where each part of `impl Store` lives, by what it keeps:
//!
//! | module                | methods about                                                    |
//! |-----------------------|------------------------------------------------------------------|
//! | `store`               | connecting, migrating, `ping`, `close`                           |
//! | `organisations`       | organisations, their public link key, clocks, notification hours |
//! | `people`              | people, passwords and roles                                      |
//! | `invitations`         | inviting people by email to set their own password               |
//! | `deactivation`        | switching accounts off and on again                              |
//! | `people_search`       | the people list: search, filters, pages                          |
//! | `services`            | services, their teams and safeguarding leads                     |
//! | `sessions`, `sign_in` | sessions and API tokens; sign-in throttling and sign-in links    |
//! | `second_factor`       | the safety officer's second factor and recovery codes            |
//! | `safety_officer`      | requests to appoint a safety officer, and their decisions        |
//! | `reports`             | submitting a report, reading one, lists, similar-report terms    |
//! | `replays`             | first answers kept for retried submissions (idempotency keys)    |
//! | `search`              | full-text search over reports                                     |
//! | `triage`              | the triage queue, closing a report                               |
//! | `conversation`        | thanks, messages to and from the reporter, feedback               |
//! | `reviews`             | learning responses (reviews) of reports                          |
//! | `just_culture`        | just-culture decision records                                    |
//! | `actions`             | improvement actions, their completion and checks                 |
//! | `learning`            | published learning, the learning feed, read receipts             |
//! | `safeguarding`        | safeguarding escalations and their checklist                     |
//! | `notifications`       | notifications to a regulator, due and sent                       |
//! | `candour`             | the duty of candour's steps                                      |
//! | `obligations`         | the three above together: for one report, or open in a scope     |
//! | `restrictive_practice`| restrictive practice records and their reviews                   |
//! | `dashboard`           | monthly counts for the charts, and services' denominators        |
//! | `change_points`       | known changes that start a new phase of the charts               |
//! | `measures`            | a team's own measures and their values                           |
//! | `quarterly_review`    | quarterly governance reviews                                     |
//! | `walls`               | data walls' display links                                        |
//! | `inbox`, `outbox`     | in-app messages; email waiting to be sent                        |
//! | `audit`               | the audit log                                                    |
//! | `bulk`                | generating and loading many reports at once (`learnloop generate`) |
//! | `bulk_loop`           | their learning loops, loaded with them: thanks, reviews, actions, feedback |
//!
//! Foundations: `error` (StoreError), `pools` (the connections), `sql` (one
//! statement on either database), `report_writer` (group commit of new
//! reports, fed through `report_queue`), `obligations_opened` (what a new
//! report opens, in its own transaction), `row_id` (random ids), `placeholders`, `guardians`.

mod conditions;
mod error;
mod pools;
mod sql;
mod store;

pub mod actions;
pub mod audit;
pub mod bulk;
pub mod bulk_loop;
pub mod candour;
pub mod change_points;
pub mod conversation;
pub mod dashboard;
pub mod deactivation;
mod guardians;
pub mod inbox;
pub mod invitations;
pub mod just_culture;
pub mod learning;
pub mod list_filter;
pub mod measures;
pub mod notifications;
pub mod obligations;
mod obligations_opened;
pub mod organisations;
pub mod outbox;
pub mod people;
pub mod people_search;
mod placeholders;
pub mod quarterly_review;
pub mod replays;
mod report_queue;
mod report_writer;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
mod row_id;
pub mod safeguarding;
pub mod safety_officer;
pub mod search;
pub mod second_factor;
pub mod services;
pub mod sessions;
pub mod sign_in;
#[cfg(feature = "testing")]
pub mod testing;
pub mod triage;
pub mod walls;

pub use error::{DatabaseError, StoreError};
pub use store::Store;
