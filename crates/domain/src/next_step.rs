//! A report's next step in the learning loop, for the people who handle it:
//! thank the reporter, choose a learning response, tell the reporter what was
//! learned, close. The report page puts this step first, so the most common
//! task is never halfway down the page.

/// Where a report stands, as far as the next step is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoopProgress {
    pub thanked: bool,
    /// At least one learning response (record only, debrief, review...).
    pub responded: bool,
    /// The reporter was told what was learned (feedback or shared learning).
    pub told: bool,
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Thank,
    Respond,
    Tell,
    Close,
    /// The loop is complete.
    Done,
}

impl NextStep {
    /// The loop's steps in order (without `Done`).
    pub const STEPS: [NextStep; 4] = [NextStep::Thank, NextStep::Respond, NextStep::Tell, NextStep::Close];

    /// The first step not yet taken. A step taken out of order (feedback
    /// before a response) still counts; the earliest missing one comes next.
    pub fn of(progress: LoopProgress) -> NextStep {
        if progress.closed {
            NextStep::Done
        } else if !progress.thanked {
            NextStep::Thank
        } else if !progress.responded {
            NextStep::Respond
        } else if !progress.told {
            NextStep::Tell
        } else {
            NextStep::Close
        }
    }

    pub fn is_taken(self, progress: LoopProgress) -> bool {
        match self {
            NextStep::Thank => progress.thanked,
            NextStep::Respond => progress.responded,
            NextStep::Tell => progress.told,
            NextStep::Close | NextStep::Done => progress.closed,
        }
    }

    /// The step's name in the progress line.
    pub fn label(self) -> &'static str {
        match self {
            NextStep::Thank => "Thank",
            NextStep::Respond => "Choose a response",
            NextStep::Tell => "Tell the reporter",
            NextStep::Close => "Close",
            NextStep::Done => "Done",
        }
    }

    /// What to do now, in one line.
    pub fn heading(self) -> &'static str {
        match self {
            NextStep::Thank => "Next: thank the reporter",
            NextStep::Respond => "Next: choose how to learn from it",
            NextStep::Tell => "Next: tell the reporter what was learned",
            NextStep::Close => "Next: close the loop",
            NextStep::Done => "The loop is complete",
        }
    }

    /// Why it matters, for the hint under the heading.
    pub fn why(self) -> &'static str {
        match self {
            NextStep::Thank => "A personal thank-you within one working day tells people that speaking up is worth it.",
            NextStep::Respond => "Choose a response in proportion to what happened: most reports need a short debrief or a record of why nothing more is needed.",
            NextStep::Tell => "Reporters who hear what changed report again. Share the learning with the team, or tell only the reporter.",
            NextStep::Close => "The reporter has been told what was learned. Close the report when its actions are in hand.",
            NextStep::Done => "Thanked, learned from and answered.",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            NextStep::Thank => "thank",
            NextStep::Respond => "respond",
            NextStep::Tell => "tell",
            NextStep::Close => "close",
            NextStep::Done => "done",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_missing_step_comes_next() {
        let none = LoopProgress::default();
        assert_eq!(NextStep::of(none), NextStep::Thank);
        assert_eq!(NextStep::of(LoopProgress { thanked: true, ..none }), NextStep::Respond);
        assert_eq!(NextStep::of(LoopProgress { thanked: true, responded: true, ..none }), NextStep::Tell);
        assert_eq!(NextStep::of(LoopProgress { thanked: true, responded: true, told: true, ..none }), NextStep::Close);
        assert_eq!(NextStep::of(LoopProgress { closed: true, ..none }), NextStep::Done);
        // Told before any response was recorded: the response is still owed.
        assert_eq!(NextStep::of(LoopProgress { thanked: true, told: true, ..none }), NextStep::Respond);
    }

    #[test]
    fn taken_steps_are_marked_whatever_comes_next() {
        let progress = LoopProgress { thanked: true, told: true, ..LoopProgress::default() };
        let taken: Vec<bool> = NextStep::STEPS.iter().map(|s| s.is_taken(progress)).collect();
        assert_eq!(taken, [true, false, true, false]);
    }
}
