//! The ladders of estimative terms: ICD 203 (two rows that must not be mixed) and the UK
//! PHIA probability yardstick, with the range each step stands for.

use crate::model::settings::Ladder;

/// A row of the ICD 203 ladder: row A says "likely", row B says "probable".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    A,
    B,
}

/// One step of a ladder: its printed name and range (percent, inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: &'static str,
    /// The range as intelligence products print it ("55-80%", "≤5%").
    pub range: &'static str,
    pub low: u8,
    pub high: u8,
}

const fn step(name: &'static str, range: &'static str, low: u8, high: u8) -> Step {
    Step {
        name,
        range,
        low,
        high,
    }
}

/// ICD 203, row A (the one the suggestions use).
pub const ICD203_A: [Step; 7] = [
    step("almost no chance", "1-5%", 1, 5),
    step("very unlikely", "5-20%", 5, 20),
    step("unlikely", "20-45%", 20, 45),
    step("roughly even chance", "45-55%", 45, 55),
    step("likely", "55-80%", 55, 80),
    step("very likely", "80-95%", 80, 95),
    step("almost certain", "95-99%", 95, 99),
];

/// ICD 203, row B: the same ranges.
pub const ICD203_B: [Step; 7] = [
    step("remote", "1-5%", 1, 5),
    step("highly improbable", "5-20%", 5, 20),
    step("improbable", "20-45%", 20, 45),
    step("roughly even odds", "45-55%", 45, 55),
    step("probable", "55-80%", 55, 80),
    step("highly probable", "80-95%", 80, 95),
    step("nearly certain", "95-99%", 95, 99),
];

/// The PHIA probability yardstick (the gaps between steps are the yardstick's own).
pub const PHIA: [Step; 7] = [
    step("remote chance", "≤5%", 0, 5),
    step("highly unlikely", "10-20%", 10, 20),
    step("unlikely", "25-35%", 25, 35),
    step("realistic possibility", "40-50%", 40, 50),
    step("likely or probably", "55-75%", 55, 75),
    step("highly likely", "80-90%", 80, 90),
    step("almost certain", "≥95%", 95, 100),
];

/// The steps a ladder prints in its legend, each with its range: for ICD 203, row A and
/// row B side by side (one step, two names).
pub fn legend(ladder: Ladder) -> Vec<(String, &'static str)> {
    match ladder {
        Ladder::Icd203 => ICD203_A
            .iter()
            .zip(ICD203_B.iter())
            .map(|(a, b)| (format!("{} / {}", a.name, b.name), a.range))
            .collect(),
        Ladder::Phia => PHIA.iter().map(|s| (s.name.to_string(), s.range)).collect(),
    }
}

/// The ladder's printed title.
pub fn title(ladder: Ladder) -> &'static str {
    match ladder {
        Ladder::Icd203 => "Estimative language (ICD 203)",
        Ladder::Phia => "Probability yardstick (PHIA)",
    }
}

/// The step of `ladder` nearest a probability range (by midpoint): the suggestion for a
/// term that is not on the ladder. ICD 203 answers with row A.
pub fn nearest(ladder: Ladder, low: u8, high: u8) -> &'static str {
    let steps: &[Step] = match ladder {
        Ladder::Icd203 => &ICD203_A,
        Ladder::Phia => &PHIA,
    };
    let mid = u16::from(low) + u16::from(high);
    let mut best = &steps[0];
    for s in steps {
        let d = (u16::from(s.low) + u16::from(s.high)).abs_diff(mid);
        if d < (u16::from(best.low) + u16::from(best.high)).abs_diff(mid) {
            best = s;
        }
    }
    // PHIA's fourth step names two words; a suggestion is one.
    if best.name == "likely or probably" {
        "likely"
    } else {
        best.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_step_is_by_midpoint_and_icd203_answers_with_row_a() {
        // "highly likely" (PHIA, 80-90) under ICD 203 is "very likely" (80-95).
        assert_eq!(nearest(Ladder::Icd203, 80, 90), "very likely");
        // "realistic possibility" (40-50) is nearest "roughly even chance" (45-55).
        assert_eq!(nearest(Ladder::Icd203, 40, 50), "roughly even chance");
        // ICD 203's "very likely" (80-95) under PHIA is "highly likely" (80-90).
        assert_eq!(nearest(Ladder::Phia, 80, 95), "highly likely");
        assert_eq!(nearest(Ladder::Phia, 55, 80), "likely");
        assert_eq!(nearest(Ladder::Phia, 1, 5), "remote chance");
    }

    #[test]
    fn the_legend_has_seven_steps_with_ranges() {
        let icd = legend(Ladder::Icd203);
        assert_eq!(icd.len(), 7);
        assert_eq!(icd[4], ("likely / probable".to_string(), "55-80%"));
        let phia = legend(Ladder::Phia);
        assert_eq!(phia[0], ("remote chance".to_string(), "≤5%"));
        assert_eq!(phia[6], ("almost certain".to_string(), "≥95%"));
    }
}
