//! The Yorkshire Contributory Factors Framework: the conditions in the
//! system that made an error more likely, named so that themes can be
//! counted across reports instead of stopping at the person.

use crate::choices::text_choices;

text_choices!(
    /// One of the framework's nineteen factors, in the framework's order.
    ContributoryFactor {
        ActiveFailures => "active_failures", "Active failures";
        CommunicationSystems => "communication_systems", "Communication systems";
        DesignOfEquipment => "design_of_equipment", "Design of equipment and supplies";
        EquipmentAndSupplies => "equipment_and_supplies", "Equipment and supplies";
        ExternalPolicyContext => "external_policy_context", "External policy context";
        IndividualFactors => "individual_factors", "Individual factors";
        LinesOfResponsibility => "lines_of_responsibility", "Lines of responsibility";
        ManagementOfStaff => "management_of_staff", "Management of staff and staffing levels";
        ServiceUserFactors => "service_user_factors", "Service-user factors";
        PhysicalEnvironment => "physical_environment", "Physical environment";
        PolicyAndProcedures => "policy_and_procedures", "Policy and procedures";
        SafetyCulture => "safety_culture", "Safety culture";
        SchedulingAndBedManagement => "scheduling_and_bed_management", "Scheduling and bed management";
        StaffWorkload => "staff_workload", "Staff workload";
        SupervisionAndLeadership => "supervision_and_leadership", "Supervision and leadership";
        SupportFromCentralFunctions => "support_from_central_functions", "Support from central functions";
        TaskCharacteristics => "task_characteristics", "Task characteristics";
        TeamFactors => "team_factors", "Team factors";
        TrainingAndEducation => "training_and_education", "Training and education";
    }
);

impl ContributoryFactor {
    /// One plain line saying what the factor covers in a care setting.
    pub fn description(self) -> &'static str {
        use ContributoryFactor::*;
        match self {
            ActiveFailures => "A slip, lapse, mistake or shortcut at the point of care, such as picking the wrong pot.",
            CommunicationSystems => {
                "Handovers, care plans, phones, records and alerts that did not carry the information."
            }
            DesignOfEquipment => {
                "Equipment or packaging that is confusing or easy to use wrongly, like look-alike boxes."
            }
            EquipmentAndSupplies => "Equipment or supplies that were missing, faulty, unchecked or not to hand.",
            ExternalPolicyContext => {
                "National rules, commissioning, funding or other agencies outside the service's control."
            }
            IndividualFactors => "A person's tiredness, stress, health, experience or confidence on the day.",
            LinesOfResponsibility => "Nobody clearly owning a task, or unclear who should decide or act.",
            ManagementOfStaff => "Rotas, skill mix, agency cover and staffing levels on the shift.",
            ServiceUserFactors => "The person's health, needs, communication or behaviour that made care harder.",
            PhysicalEnvironment => "Layout, lighting, noise, space, temperature or the state of the building.",
            PolicyAndProcedures => "Procedures that were missing, unclear, out of date or unworkable in practice.",
            SafetyCulture => "Whether people feel able to speak up, report and stop unsafe practice.",
            SchedulingAndBedManagement => "Admissions, moves, discharges and appointments arriving at awkward times.",
            StaffWorkload => "Too many tasks at once, interruptions and no time for breaks.",
            SupervisionAndLeadership => "Whether a senior was available, gave clear direction and checked in.",
            SupportFromCentralFunctions => {
                "Help from HR, IT, maintenance, pharmacy or head office arriving late or not at all."
            }
            TaskCharacteristics => "A task that is complex, rare, fiddly or relies on memory.",
            TeamFactors => "How well the team worked together, shared the load and checked each other.",
            TrainingAndEducation => {
                "Training, induction and competence checks for the task that were missing or out of date."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nineteen_factors_are_in_the_frameworks_order() {
        let keys: Vec<&str> = ContributoryFactor::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            keys,
            [
                "active_failures",
                "communication_systems",
                "design_of_equipment",
                "equipment_and_supplies",
                "external_policy_context",
                "individual_factors",
                "lines_of_responsibility",
                "management_of_staff",
                "service_user_factors",
                "physical_environment",
                "policy_and_procedures",
                "safety_culture",
                "scheduling_and_bed_management",
                "staff_workload",
                "supervision_and_leadership",
                "support_from_central_functions",
                "task_characteristics",
                "team_factors",
                "training_and_education",
            ]
        );
        assert_eq!(ContributoryFactor::DesignOfEquipment.label(), "Design of equipment and supplies");
        assert_eq!(ContributoryFactor::ServiceUserFactors.label(), "Service-user factors");
    }

    #[test]
    fn every_factor_parses_back_and_has_a_short_description() {
        for factor in ContributoryFactor::ALL {
            assert_eq!(ContributoryFactor::parse(factor.as_str()), Some(*factor));
            let description = factor.description();
            assert!(description.ends_with('.') && description.len() < 120, "{description}");
        }
        assert_eq!(ContributoryFactor::parse("staffing"), None);
    }
}
