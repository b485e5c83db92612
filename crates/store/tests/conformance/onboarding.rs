//! Onboarding: invitations (once, until they expire, voided by a new one,
//! never a safety officer), deactivation and reactivation, and finding
//! people in the list.

use learnloop_domain::ids::{OrganisationId, ServiceId};
use learnloop_domain::role::Role;
use learnloop_store::StoreError;
use learnloop_store::deactivation::DeactivationRefusal;
use learnloop_store::invitations::{AcceptRefusal, Invitee, NO_PASSWORD_YET, ResendRefusal};
use learnloop_store::people::{NewUser, UserChange};
use learnloop_store::people_search::{AccountStatus, PeopleFilter};
use learnloop_store::safety_officer::Asked;
use learnloop_store::sessions::SessionKind;

use crate::conformance;
use crate::support::{NOW, at, fixture};

const DAY: i64 = 86_400;

fn invitee<'a>(
    organisation_id: OrganisationId,
    email: &'a str,
    name: &'a str,
    role: Role,
    services: &'a [ServiceId],
    token_hash: &str,
) -> Invitee<'a> {
    Invitee {
        person: NewUser {
            organisation_id,
            email,
            name,
            job_title: "Support worker",
            role,
            team_id: None,
            password_hash: "ignored",
            service_ids: services,
        },
        token_hash: token_hash.to_string(),
        email_subject: format!("Invitation for {name}"),
        email_body: format!("Open https://l.example/invitations/secret-of-{name}"),
    }
}

conformance!(
    an_invitation_works_once_until_it_expires_and_a_new_one_voids_it,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let oak = [f.oak.id];
        let people = [
            invitee(f.org.id, "ana@t.test", "Ana", Role::Staff, &oak, "hash-ana"),
            invitee(
                f.org.id,
                "ben@t.test",
                "Ben",
                Role::Manager,
                &oak,
                "hash-ben",
            ),
        ];
        let added = s
            .invite_people(
                f.org.id,
                &people,
                f.admin.id,
                true,
                at(NOW),
                at(NOW + 7 * DAY),
            )
            .await
            .unwrap();
        assert_eq!(added.len(), 2);
        let ana = s.credentials_by_email("ana@t.test").await.unwrap().unwrap();
        assert_eq!(
            ana.password_hash, NO_PASSWORD_YET,
            "no password until they choose one"
        );
        assert!(ana.user.active);
        assert_eq!(ana.user.service_ids, vec![f.oak.id]);
        let outbox = s.outbox(f.org.id, 10).await.unwrap();
        assert_eq!(
            outbox
                .iter()
                .filter(|e| e.link_until_sent && e.subject.starts_with("Invitation for"))
                .count(),
            2
        );
        let actions: Vec<String> = s
            .audit_log(f.org.id, None, 20)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(actions.iter().filter(|a| *a == "person.invited").count(), 2);
        assert!(actions.contains(&"people.imported".to_string()));
        // Only the hash is kept.
        let cells = db.every_cell().await;
        assert!(
            cells
                .iter()
                .any(|(table, column, value)| table == "invitations"
                    && column == "token_hash"
                    && value == "hash-ana")
        );

        assert!(
            s.live_invitation("hash-ana", at(NOW + 10))
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            s.live_invitation("hash-ana", at(NOW + 7 * DAY))
                .await
                .unwrap()
                .is_none(),
            "expired after seven days"
        );
        assert!(s.live_invitation("nope", at(NOW)).await.unwrap().is_none());

        // Sending again voids the first link.
        assert_eq!(
            s.resend_invitation(
                f.org.id,
                ana.user.id,
                "hash-ana-2",
                "Again",
                "Open …",
                f.admin.id,
                at(NOW + 60),
                at(NOW + 60 + 7 * DAY)
            )
            .await
            .unwrap(),
            Ok(())
        );
        assert!(
            s.live_invitation("hash-ana", at(NOW + 61))
                .await
                .unwrap()
                .is_none(),
            "the old link is void"
        );
        assert_eq!(
            s.accept_invitation("hash-ana", "argon2-hash", at(NOW + 61))
                .await
                .unwrap()
                .unwrap_err(),
            AcceptRefusal::NotLive
        );

        // The new one works once, ends any session, and is audited.
        s.create_session(
            "ana-session",
            ana.user.id,
            SessionKind::Browser,
            at(NOW),
            None,
        )
        .await
        .unwrap();
        let joined = s
            .accept_invitation("hash-ana-2", "argon2-hash", at(NOW + 120))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(joined.id, ana.user.id);
        assert_eq!(
            s.credentials_by_email("ana@t.test")
                .await
                .unwrap()
                .unwrap()
                .password_hash,
            "argon2-hash"
        );
        assert_eq!(
            s.accept_invitation("hash-ana-2", "another-hash", at(NOW + 121))
                .await
                .unwrap()
                .unwrap_err(),
            AcceptRefusal::NotLive,
            "once only"
        );
        assert_eq!(
            s.credentials_by_email("ana@t.test")
                .await
                .unwrap()
                .unwrap()
                .password_hash,
            "argon2-hash"
        );
        assert!(
            s.user_for_session("ana-session", SessionKind::Browser, at(NOW + 122))
                .await
                .unwrap()
                .is_none()
        );
        let entry = &s.audit_log(f.org.id, None, 1).await.unwrap()[0];
        assert_eq!(
            (entry.action.as_str(), entry.actor_id),
            ("person.invitation_accepted", Some(ana.user.id.0))
        );
        assert!(
            entry.detail.contains("Ana accepted their invitation"),
            "{}",
            entry.detail
        );
        assert_eq!(
            s.resend_invitation(
                f.org.id,
                ana.user.id,
                "hash-ana-3",
                "Again",
                "…",
                f.admin.id,
                at(NOW + 130),
                at(NOW + DAY)
            )
            .await
            .unwrap(),
            Err(ResendRefusal::AlreadyJoined)
        );

        // Ben never accepted: his link has expired, and the list says he has not joined.
        assert_eq!(
            s.accept_invitation("hash-ben", "argon2-hash", at(NOW + 8 * DAY))
                .await
                .unwrap()
                .unwrap_err(),
            AcceptRefusal::NotLive
        );
        let pending = s.pending_invitations(f.org.id).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(
            (pending[0].user_id, pending[0].expires_at),
            (added[1].id, Some(NOW + 7 * DAY))
        );

        // Once sent, an invitation's body (its link) is blanked.
        let ben_email = s
            .outbox(f.org.id, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.subject == "Invitation for Ben")
            .unwrap();
        s.mark_email_sent(ben_email.id, at(NOW + 5)).await.unwrap();
        let sent = s
            .outbox(f.org.id, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.id == ben_email.id)
            .unwrap();
        assert_eq!(sent.body, "");
    }
);

conformance!(
    an_invitation_never_makes_or_restores_a_safety_officer,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        // Asked for directly, the store refuses, and nobody in the batch is added.
        let people = [
            invitee(f.org.id, "ok@t.test", "Ok", Role::Staff, &[], "h1"),
            invitee(f.org.id, "so@t.test", "So", Role::Safety, &[], "h2"),
        ];
        assert!(matches!(
            s.invite_people(f.org.id, &people, f.admin.id, true, at(NOW), at(NOW + DAY))
                .await,
            Err(StoreError::NeedsApproval)
        ));
        assert!(
            s.credentials_by_email("ok@t.test").await.unwrap().is_none(),
            "all or nothing"
        );
        // An address taken rolls the whole batch back too.
        let people = [
            invitee(f.org.id, "new@t.test", "New", Role::Staff, &[], "h3"),
            invitee(f.org.id, "staff@t.test", "Dup", Role::Staff, &[], "h4"),
        ];
        assert!(
            matches!(s.invite_people(f.org.id, &people, f.admin.id, true, at(NOW), at(NOW + DAY)).await, Err(StoreError::Conflict(email)) if email == "staff@t.test")
        );
        assert!(
            s.credentials_by_email("new@t.test")
                .await
                .unwrap()
                .is_none()
        );
        assert!(s.live_invitation("h3", at(NOW)).await.unwrap().is_none());

        // Invited as staff, then appointed safety officer with approval before
        // accepting: the link no longer sets their password.
        let added = s
            .invite_people(
                f.org.id,
                &[invitee(
                    f.org.id,
                    "sam@t.test",
                    "Sam",
                    Role::Staff,
                    &[],
                    "sam-link",
                )],
                f.admin.id,
                false,
                at(NOW),
                at(NOW + 30 * DAY),
            )
            .await
            .unwrap();
        let sam = added[0].clone();
        let request = s
            .request_safety_officer(
                f.org.id,
                &Asked::Appoint { user: &sam },
                f.admin.id,
                at(NOW + 8 * DAY),
            )
            .await
            .unwrap()
            .unwrap();
        s.decide_safety_officer_request(
            f.org.id,
            request,
            &f.quality,
            true,
            at(NOW + 8 * DAY + 60),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(s.user(sam.id).await.unwrap().role, Role::Safety);
        assert!(
            s.live_invitation("sam-link", at(NOW + 9 * DAY))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            s.accept_invitation("sam-link", "the-inviters-choice", at(NOW + 9 * DAY))
                .await
                .unwrap()
                .unwrap_err(),
            AcceptRefusal::SafetyOfficer
        );
        assert_eq!(
            s.credentials_by_email("sam@t.test")
                .await
                .unwrap()
                .unwrap()
                .password_hash,
            NO_PASSWORD_YET
        );
        assert_eq!(
            s.resend_invitation(
                f.org.id,
                sam.id,
                "sam-2",
                "…",
                "…",
                f.admin.id,
                at(NOW + 9 * DAY),
                at(NOW + 10 * DAY)
            )
            .await
            .unwrap(),
            Err(ResendRefusal::SafetyOfficer)
        );

        // A deactivated safety officer comes back only through approval.
        s.deactivate_person(f.org.id, f.safety.id, Some(f.admin.id), at(NOW + 10))
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(
            s.reactivate_person(f.org.id, f.safety.id, Some(f.admin.id), at(NOW + 20))
                .await,
            Err(StoreError::NeedsApproval)
        ));
        let change = UserChange {
            name: f.safety.name.clone(),
            job_title: f.safety.job_title.clone(),
            role: Role::Safety,
            team_id: None,
            active: true,
            service_ids: vec![],
        };
        assert!(matches!(
            s.update_user(
                f.org.id,
                f.safety.id,
                &change,
                Some(f.admin.id),
                at(NOW + 30)
            )
            .await,
            Err(StoreError::NeedsApproval)
        ));
        assert!(!s.user(f.safety.id).await.unwrap().active);
        assert_eq!(
            s.resend_invitation(
                f.org.id,
                f.safety.id,
                "so-3",
                "…",
                "…",
                f.admin.id,
                at(NOW + 40),
                at(NOW + DAY)
            )
            .await
            .unwrap(),
            Err(ResendRefusal::SafetyOfficer)
        );
    }
);

conformance!(
    deactivation_ends_every_session_keeps_history_and_an_administrator,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        s.create_session("browser", f.staff.id, SessionKind::Browser, at(NOW), None)
            .await
            .unwrap();
        s.create_session("token", f.staff.id, SessionKind::ApiToken, at(NOW), None)
            .await
            .unwrap();
        let off = s
            .deactivate_person(f.org.id, f.staff.id, Some(f.admin.id), at(NOW + 10))
            .await
            .unwrap()
            .unwrap();
        assert!(!off.active);
        assert!(
            s.user_for_session("browser", SessionKind::Browser, at(NOW + 11))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.user_for_session("token", SessionKind::ApiToken, at(NOW + 11))
                .await
                .unwrap()
                .is_none(),
            "API tokens end too"
        );
        assert_eq!(
            s.user(f.staff.id).await.unwrap().name,
            f.staff.name,
            "the account and its history stay"
        );
        let entry = &s.audit_log(f.org.id, None, 1).await.unwrap()[0];
        assert_eq!(entry.action, "person.deactivated");
        assert!(entry.detail.contains("can no longer sign in"));

        // The only administrator stays.
        assert_eq!(
            s.deactivate_person(f.org.id, f.admin.id, Some(f.admin.id), at(NOW + 20))
                .await
                .unwrap()
                .unwrap_err(),
            DeactivationRefusal::LastAdministrator
        );
        assert!(s.user(f.admin.id).await.unwrap().active);
        // Nor another organisation's person.
        let elsewhere = s
            .create_organisation("other", "Other Care", "Europe/London", at(NOW))
            .await
            .unwrap();
        assert!(matches!(
            s.deactivate_person(elsewhere.id, f.colleague.id, None, at(NOW + 30))
                .await,
            Err(StoreError::NotFound)
        ));

        let on = s
            .reactivate_person(f.org.id, f.staff.id, Some(f.admin.id), at(NOW + 40))
            .await
            .unwrap();
        assert!(on.active);
        assert!(
            s.user_for_session("browser", SessionKind::Browser, at(NOW + 41))
                .await
                .unwrap()
                .is_none(),
            "they sign in afresh"
        );
        assert_eq!(
            s.audit_log(f.org.id, None, 1).await.unwrap()[0].action,
            "person.reactivated"
        );
    }
);

conformance!(
    people_are_found_by_words_role_service_and_standing_a_page_at_a_time,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let everyone = s
            .find_people(f.org.id, &PeopleFilter::default(), 0, 50)
            .await
            .unwrap();
        assert_eq!(everyone.total, 7);
        let names: Vec<&str> = everyone
            .people
            .iter()
            .map(|(u, _)| u.name.as_str())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(names, sorted, "by name");

        let by_words = |text: &str| PeopleFilter {
            text: text.into(),
            ..PeopleFilter::default()
        };
        let found = s
            .find_people(f.org.id, &by_words("MANAGER@"), 0, 50)
            .await
            .unwrap();
        assert_eq!(
            found.total, 2,
            "name or email, any case: manager@ and maple.manager@"
        );
        assert_eq!(
            s.find_people(f.org.id, &by_words("%"), 0, 50)
                .await
                .unwrap()
                .total,
            0,
            "LIKE wildcards are taken literally"
        );

        let managers = PeopleFilter {
            role: Some(Role::Manager),
            ..PeopleFilter::default()
        };
        assert_eq!(
            s.find_people(f.org.id, &managers, 0, 50)
                .await
                .unwrap()
                .total,
            2
        );
        let in_maple = PeopleFilter {
            service_id: Some(f.maple.id),
            ..PeopleFilter::default()
        };
        let maple = s.find_people(f.org.id, &in_maple, 0, 50).await.unwrap();
        assert_eq!(
            maple.people.iter().map(|(u, _)| u.id).collect::<Vec<_>>(),
            vec![f.other_manager.id]
        );

        s.invite_people(
            f.org.id,
            &[invitee(
                f.org.id,
                "zed@t.test",
                "Zed",
                Role::Staff,
                &[],
                "zed",
            )],
            f.admin.id,
            false,
            at(NOW),
            at(NOW + DAY),
        )
        .await
        .unwrap();
        s.deactivate_person(f.org.id, f.colleague.id, Some(f.admin.id), at(NOW))
            .await
            .unwrap()
            .unwrap();
        let status = |status| PeopleFilter {
            status: Some(status),
            ..PeopleFilter::default()
        };
        let invited = s
            .find_people(f.org.id, &status(AccountStatus::Invited), 0, 50)
            .await
            .unwrap();
        assert_eq!(
            invited
                .people
                .iter()
                .map(|(u, st)| (u.email.as_str(), *st))
                .collect::<Vec<_>>(),
            vec![("zed@t.test", AccountStatus::Invited)]
        );
        let off = s
            .find_people(f.org.id, &status(AccountStatus::Deactivated), 0, 50)
            .await
            .unwrap();
        assert_eq!(
            off.people
                .iter()
                .map(|(u, st)| (u.id, *st))
                .collect::<Vec<_>>(),
            vec![(f.colleague.id, AccountStatus::Deactivated)]
        );
        assert_eq!(
            s.find_people(f.org.id, &status(AccountStatus::Active), 0, 50)
                .await
                .unwrap()
                .total,
            6
        );

        // Pages: three at a time.
        let first = s
            .find_people(f.org.id, &PeopleFilter::default(), 0, 3)
            .await
            .unwrap();
        let third = s
            .find_people(f.org.id, &PeopleFilter::default(), 6, 3)
            .await
            .unwrap();
        assert_eq!(
            (first.total, first.people.len(), third.people.len()),
            (8, 3, 2)
        );
        assert!(
            first
                .people
                .iter()
                .all(|(a, _)| third.people.iter().all(|(b, _)| a.id != b.id))
        );
    }
);
