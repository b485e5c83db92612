//! The just-culture decision aid, after James Reason's culpability tree.
//!
//! When someone's conduct is in question, the manager answers a few yes/no
//! questions in a fixed order. The first rule that applies gives the outcome,
//! and the questions actually asked are kept as the recorded reasoning. Most
//! paths end in fixing the system, support or coaching; a formal process is
//! reached only for intended harm or for a knowing departure from a sound
//! procedure with nothing to explain it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::choices::text_choices;

text_choices!(
    /// The questions of the decision aid, in the order they are asked.
    Question {
        DeliberateHarm => "deliberate_harm", "Was harm, or the risk of harm, intended?";
        Health => "health", "Could ill health, medication or a personal crisis explain what happened?";
        KnowinglyDeparted => "knowingly_departed", "Did the person knowingly depart from an agreed procedure?";
        ProcedureSound => "procedure_sound", "Was the procedure workable, available and in regular use?";
        Substitution => "substitution", "Could another colleague with similar experience have done the same in the same situation?";
        TrainingGap => "training_gap", "Was there a gap in the person's training, experience or supervision?";
        Mitigating => "mitigating", "Were there significant mitigating circumstances?";
    }
);

impl Question {
    /// What the question means and why it is asked, for staff who are not lawyers.
    pub fn explanation(self) -> &'static str {
        match self {
            Question::DeliberateHarm => {
                "Did the person set out to hurt someone or to put them at risk? This is very rare; \
                 a mistake that caused harm is not the same as meaning to cause it."
            }
            Question::Health => {
                "Physical or mental ill health, the side effects of medicine, or a crisis at home can affect \
                 anyone's work. If so, the first response is support, not blame."
            }
            Question::KnowinglyDeparted => {
                "Did the person choose to do something differently from the agreed way, knowing it was different? \
                 A slip, a lapse of memory or an honest mistake is not a knowing departure."
            }
            Question::ProcedureSound => {
                "A procedure that is missing, unclear, impossible to follow with the staff or time available, or \
                 routinely worked around by everyone is a problem with the system, not with the person."
            }
            Question::Substitution => {
                "Imagine a colleague with the same training and experience in the same shift, pressure and \
                 information. If they could easily have done the same, the cause lies in the system."
            }
            Question::TrainingGap => {
                "Had the person been trained, shown and supervised in this task? A gap in training or \
                 supervision is for the organisation to close."
            }
            Question::Mitigating => {
                "Something outside the usual that made it harder to do the right thing, such as an emergency \
                 elsewhere, conflicting instructions or being asked to cover an unfamiliar role."
            }
        }
    }
}

text_choices!(
    /// Where the decision aid leads.
    Outcome {
        Formal => "formal", "Formal process";
        SupportHealth => "support_health", "Support with health";
        System => "system", "Fix the system";
        SupportTraining => "support_training", "Training and supervision";
        Coach => "coach", "Coach";
    }
);

impl Outcome {
    /// What happens next, in one plain sentence.
    pub fn meaning(self) -> &'static str {
        match self {
            Outcome::Formal => {
                "The matter goes to the organisation's formal process (such as a disciplinary investigation), \
                 which is fair, documented and supported."
            }
            Outcome::SupportHealth => {
                "The person is offered support for their health or circumstances, for example through \
                 occupational health or a wellbeing conversation."
            }
            Outcome::System => {
                "The person is not blamed: the procedure, staffing, equipment or environment that made the \
                 error likely is changed."
            }
            Outcome::SupportTraining => {
                "The person is given the training, shadowing or supervision they were missing, and the gap is \
                 closed for others too."
            }
            Outcome::Coach => {
                "A supportive conversation about the risk taken and the safer choice, without blame or a \
                 formal record against the person."
            }
        }
    }
}

/// Shown beside every outcome: the person's outcome never ends the learning.
pub const SYSTEM_FACTORS_NOTE: &str = "Whatever the outcome for the person, the system factors (procedures, staffing, equipment, environment, \
     training) are still reviewed and acted on.";

/// The answers given so far; unanswered questions are simply absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<Question, bool>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn set(&mut self, question: Question, answer: bool) {
        self.0.insert(question, answer);
    }

    pub fn get(&self, question: Question) -> Option<bool> {
        self.0.get(&question).copied()
    }

    /// The answers in question order.
    pub fn iter(&self) -> impl Iterator<Item = (Question, bool)> + '_ {
        self.0.iter().map(|(q, a)| (*q, *a))
    }

    /// Reads answers keyed by question text (`deliberate_harm` ...), as a
    /// form or JSON sends them. An unknown key is refused, naming it.
    pub fn from_keys(map: &BTreeMap<String, bool>) -> Result<Answers, String> {
        let mut answers = Answers::new();
        for (key, answer) in map {
            let Some(question) = Question::parse(key.trim()) else {
                // Keys are the API's own names, so the message names keys.
                return Err(format!(
                    "\"{key}\" is not a question of the decision aid; use {}.",
                    Question::choices_text()
                ));
            };
            answers.set(question, *answer);
        }
        Ok(answers)
    }

    /// The answers keyed by question text, for storing.
    pub fn to_keys(&self) -> BTreeMap<String, bool> {
        self.iter().map(|(q, a)| (q.as_str().to_string(), a)).collect()
    }
}

/// The outcome reached and the questions asked on the way, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub outcome: Outcome,
    pub path: Vec<Question>,
}

/// Walks the tree. `Err(question)` is the first question on the path that
/// still needs an answer; answers off the path are ignored.
pub fn evaluate(answers: &Answers) -> Result<Evaluation, Question> {
    let mut path = Vec::new();
    let mut ask = |question: Question| {
        path.push(question);
        answers.get(question).ok_or(question)
    };

    let outcome = if ask(Question::DeliberateHarm)? {
        Outcome::Formal
    } else if ask(Question::Health)? {
        Outcome::SupportHealth
    } else {
        let departed = ask(Question::KnowinglyDeparted)?;
        // Only a knowing departure raises whether the procedure itself was sound.
        if (departed && !ask(Question::ProcedureSound)?) || ask(Question::Substitution)? {
            Outcome::System
        } else if ask(Question::TrainingGap)? {
            Outcome::SupportTraining
        } else if ask(Question::Mitigating)? || !departed {
            Outcome::Coach
        } else {
            Outcome::Formal
        }
    };
    Ok(Evaluation { outcome, path })
}

/// The next question to ask, or `None` once an outcome is reached.
pub fn next_question(answers: &Answers) -> Option<Question> {
    evaluate(answers).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Question::*;
    use proptest::prelude::*;

    /// Answers from seven bits, bit i answering `Question::ALL[i]`.
    fn answers_from_bits(bits: u8) -> Answers {
        let mut answers = Answers::new();
        for (i, q) in Question::ALL.iter().enumerate() {
            answers.set(*q, bits & (1 << i) != 0);
        }
        answers
    }

    /// The rules written a second way: each outcome as its own condition.
    fn expected_outcome(a: &Answers) -> Outcome {
        let yes = |q| a.get(q).unwrap();
        let (dh, h, kd, ps, sub, tg, mit) = (
            yes(DeliberateHarm),
            yes(Health),
            yes(KnowinglyDeparted),
            yes(ProcedureSound),
            yes(Substitution),
            yes(TrainingGap),
            yes(Mitigating),
        );
        // A knowing departure from an unsound procedure is a system problem.
        let unsound_workaround = kd && !ps;
        let candidates = [
            (Outcome::Formal, dh || (!h && kd && ps && !sub && !tg && !mit)),
            (Outcome::SupportHealth, !dh && h),
            (Outcome::System, !dh && !h && (unsound_workaround || sub)),
            (Outcome::SupportTraining, !dh && !h && !unsound_workaround && !sub && tg),
            (Outcome::Coach, !dh && !h && !unsound_workaround && !sub && !tg && (mit || !kd)),
        ];
        let reached: Vec<Outcome> = candidates.iter().filter(|(_, holds)| *holds).map(|(o, _)| *o).collect();
        assert_eq!(reached.len(), 1, "exactly one outcome must hold for {a:?}");
        reached[0]
    }

    /// The questions that must be asked, written as a table per outcome.
    fn expected_path(a: &Answers) -> Vec<Question> {
        let yes = |q| a.get(q).unwrap();
        let mut path = vec![DeliberateHarm];
        if yes(DeliberateHarm) {
            return path;
        }
        path.push(Health);
        if yes(Health) {
            return path;
        }
        path.push(KnowinglyDeparted);
        if yes(KnowinglyDeparted) {
            path.push(ProcedureSound);
            if !yes(ProcedureSound) {
                return path;
            }
        }
        for q in [Substitution, TrainingGap, Mitigating] {
            path.push(q);
            if yes(q) {
                break;
            }
        }
        path
    }

    #[test]
    fn every_complete_set_of_answers_reaches_the_expected_outcome() {
        for bits in 0..128u8 {
            let answers = answers_from_bits(bits);
            let evaluation = evaluate(&answers).unwrap();
            assert_eq!(evaluation.outcome, expected_outcome(&answers), "bits {bits:07b}");
            assert_eq!(evaluation.path, expected_path(&answers), "bits {bits:07b}");
        }
    }

    #[test]
    fn formal_is_reached_only_for_intended_harm_or_an_unexplained_knowing_departure() {
        let mut formal = 0;
        for bits in 0..128u8 {
            let a = answers_from_bits(bits);
            let yes = |q| a.get(q).unwrap();
            let unexplained_departure = yes(KnowinglyDeparted)
                && yes(ProcedureSound)
                && !yes(Substitution)
                && !yes(TrainingGap)
                && !yes(Mitigating);
            let is_formal = evaluate(&a).unwrap().outcome == Outcome::Formal;
            if is_formal {
                formal += 1;
                assert!(yes(DeliberateHarm) || unexplained_departure, "bits {bits:07b}");
            }
            if yes(DeliberateHarm) || (!yes(Health) && unexplained_departure) {
                assert!(is_formal, "bits {bits:07b}");
            }
        }
        // 64 with intended harm, plus health = no and the five fixed answers: 1 more.
        assert_eq!(formal, 65);
    }

    #[test]
    fn the_worked_examples_read_as_expected() {
        let mut a = Answers::new();
        for (q, answer) in
            [(DeliberateHarm, false), (Health, false), (KnowinglyDeparted, true), (ProcedureSound, false)]
        {
            a.set(q, answer);
        }
        // A workaround of an unworkable procedure: fix the system, not the person.
        let e = evaluate(&a).unwrap();
        assert_eq!(e.outcome, Outcome::System);
        assert_eq!(e.path, [DeliberateHarm, Health, KnowinglyDeparted, ProcedureSound]);

        let mut slip = Answers::new();
        for q in Question::ALL {
            slip.set(*q, false);
        }
        // An honest slip with no mitigation is still coaching, never formal.
        let e = evaluate(&slip).unwrap();
        assert_eq!(e.outcome, Outcome::Coach);
        assert_eq!(e.path, [DeliberateHarm, Health, KnowinglyDeparted, Substitution, TrainingGap, Mitigating]);
    }

    #[test]
    fn the_first_missing_answer_on_the_path_is_named() {
        let with = |pairs: &[(Question, bool)]| {
            let mut a = Answers::new();
            for (q, answer) in pairs {
                a.set(*q, *answer);
            }
            evaluate(&a)
        };
        assert_eq!(with(&[]), Err(DeliberateHarm));
        assert_eq!(with(&[(DeliberateHarm, false)]), Err(Health));
        assert_eq!(with(&[(DeliberateHarm, false), (Health, false)]), Err(KnowinglyDeparted));
        let base = [(DeliberateHarm, false), (Health, false)];
        assert_eq!(with(&[base[0], base[1], (KnowinglyDeparted, true)]), Err(ProcedureSound));
        // Not knowingly departing skips whether the procedure was sound.
        assert_eq!(with(&[base[0], base[1], (KnowinglyDeparted, false)]), Err(Substitution));
        assert_eq!(with(&[base[0], base[1], (KnowinglyDeparted, false), (Substitution, false)]), Err(TrainingGap));
        assert_eq!(
            with(&[base[0], base[1], (KnowinglyDeparted, false), (Substitution, false), (TrainingGap, false)]),
            Err(Mitigating)
        );
        // A later answer does not stand in for an earlier one.
        assert_eq!(with(&[(Health, true), (Mitigating, true)]), Err(DeliberateHarm));
        // Answers off the path are ignored, not errors.
        let e = with(&[(DeliberateHarm, true), (Substitution, true)]).unwrap();
        assert_eq!((e.outcome, e.path), (Outcome::Formal, vec![DeliberateHarm]));
        assert_eq!(next_question(&Answers::new()), Some(DeliberateHarm));
    }

    #[test]
    fn answers_are_read_from_keys_and_unknown_keys_are_named() {
        let map: BTreeMap<String, bool> =
            [("deliberate_harm".to_string(), false), ("health".to_string(), true)].into_iter().collect();
        let answers = Answers::from_keys(&map).unwrap();
        assert_eq!(answers.get(Health), Some(true));
        assert_eq!(answers.get(Mitigating), None);
        assert_eq!(answers.to_keys(), map);

        let bad: BTreeMap<String, bool> = [("intent".to_string(), true)].into_iter().collect();
        let message = Answers::from_keys(&bad).unwrap_err();
        assert!(message.contains("\"intent\""), "{message}");
        assert!(message.contains("deliberate_harm, health, knowingly_departed"), "{message}");
    }

    #[test]
    fn questions_and_outcomes_are_worded_for_everyone() {
        let keys: Vec<&str> = Question::ALL.iter().map(|q| q.as_str()).collect();
        assert_eq!(
            keys,
            [
                "deliberate_harm",
                "health",
                "knowingly_departed",
                "procedure_sound",
                "substitution",
                "training_gap",
                "mitigating"
            ]
        );
        assert_eq!(DeliberateHarm.label(), "Was harm, or the risk of harm, intended?");
        for q in Question::ALL {
            assert!(q.label().ends_with('?'));
            assert!(q.explanation().len() > 40);
        }
        for o in Outcome::ALL {
            assert!(o.meaning().ends_with('.'));
            assert_eq!(Outcome::parse(o.as_str()), Some(*o));
        }
        assert_eq!(Outcome::System.label(), "Fix the system");
        assert!(SYSTEM_FACTORS_NOTE.contains("system factors"));
    }

    fn partial_answers() -> impl Strategy<Value = Answers> {
        proptest::collection::vec(proptest::option::of(any::<bool>()), 7).prop_map(|given| {
            let mut a = Answers::new();
            for (q, answer) in Question::ALL.iter().zip(given) {
                if let Some(answer) = answer {
                    a.set(*q, answer);
                }
            }
            a
        })
    }

    proptest! {
        #[test]
        fn partial_answers_either_name_a_missing_question_or_decide(answers in partial_answers(), fill in any::<bool>()) {
            match evaluate(&answers) {
                Ok(e) => {
                    // Every question on the path was answered, and filling in the rest changes nothing.
                    prop_assert!(e.path.iter().all(|q| answers.get(*q).is_some()));
                    let mut complete = answers.clone();
                    for q in Question::ALL {
                        if complete.get(*q).is_none() { complete.set(*q, fill); }
                    }
                    prop_assert_eq!(evaluate(&complete).unwrap(), e);
                }
                Err(missing) => {
                    prop_assert_eq!(answers.get(missing), None);
                    // Answering it moves the walk on.
                    let mut more = answers.clone();
                    more.set(missing, fill);
                    prop_assert_ne!(evaluate(&more), Err(missing));
                }
            }
        }
    }
}
