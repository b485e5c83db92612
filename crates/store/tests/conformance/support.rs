//! The conformance suite's test declaration; databases come from
//! `learnloop_store::testing`.

pub use learnloop_store::testing::*;

/// Declares one async test per backend: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! conformance {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($db: &learnloop_store::testing::TestDb) $body

            #[tokio::test]
            async fn sqlite() {
                let db = learnloop_store::testing::TestDb::new(learnloop_store::testing::Backend::Sqlite).await;
                run(&db).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = learnloop_store::testing::TestDb::new(learnloop_store::testing::Backend::Postgres).await;
                run(&db).await;
                db.finish().await;
            }
        }
    };
}
