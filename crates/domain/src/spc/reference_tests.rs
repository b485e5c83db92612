//! Published reference outputs, reproduced to 6 significant figures.
//!
//! Sources:
//! - qcc 3.0 (L. Scrucca), vignette "A quick tour of qcc"
//!   (github.com/luca-scr/qcc, docs/articles/qcc_a_quick_tour.html and
//!   docs/articles/qcc.html), which prints centre and limits to 7 digits for
//!   Montgomery's textbook data sets shipped in the package's data/ folder
//!   (Montgomery, *Introduction to Statistical Quality Control*, 2nd ed.
//!   1991 pp. 152–184; 5th ed. 2005 pp. 232–235).
//! - qicharts2 0.8.1 output stored as a golden fixture in
//!   github.com/AUS-DOH-Safety-and-Quality/PowerBI-SPC,
//!   test/fixtures/golden/i/basic-ratio.qicharts2.json (6 decimals).
//! - Laney p′/u′ fixture from the same repository,
//!   test/fixtures/golden/pp/basic.qicharts2.json and up/basic.qicharts2.json
//!   (R, Laney 2002 method, 6 decimals).
//!
//! qcc has no `exclude`: it subsets the data and plots the rest as `newdata`
//! against the same limits. Here that is `exclude` plus `freeze` (the count
//! of phase I points), which must give the same numbers.

use super::*;

/// Equal when rounded to 6 significant figures: within half a unit of the sixth.
fn assert_6_significant(ours: f64, published: f64, what: &str) {
    let unit = 10f64.powi(published.abs().log10().floor() as i32 - 5);
    assert!((ours - published).abs() <= unit / 2.0 + 1e-15, "{what}: ours {ours}, published {published}");
}

/// Equal to the 6 decimals a fixture was rounded to.
fn assert_6_decimals(ours: f64, published: f64, what: &str) {
    assert!((ours - published).abs() <= 5e-7 + 1e-12, "{what}: ours {ours}, published {published}");
}

fn lines(answer: &SpcAnswer, position: usize) -> (f64, f64, f64) {
    let point = &answer.points[position - 1];
    (point.cl, point.lcl.unwrap(), point.ucl.unwrap())
}

fn assert_lines(answer: &SpcAnswer, position: usize, published: (f64, f64, f64), what: &str) {
    let (cl, lcl, ucl) = lines(answer, position);
    assert_6_significant(cl, published.0, &format!("{what} centre"));
    assert_6_significant(lcl, published.1, &format!("{what} LCL"));
    assert_6_significant(ucl, published.2, &format!("{what} UCL"));
}

fn signalling(answer: &SpcAnswer) -> Vec<(usize, Rule)> {
    answer.points.iter().enumerate().filter_map(|(i, p)| p.rule.map(|rule| (i + 1, rule))).collect()
}

fn floats(values: &[u32]) -> Vec<f64> {
    values.iter().map(|&v| f64::from(v)).collect()
}

/// qcc `orangejuice`: nonconforming cans in samples of 50; 1–30 trial, 31–54 after the fix.
const ORANGE_JUICE: [u32; 54] = [
    12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6, // trial
    9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6, 7, 5, 6, 3, 5,
];

/// qcc `circuit`: nonconformities per 100 boards; 1–26 trial, 27–46 new.
const CIRCUIT: [u32; 46] = [
    21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15, // trial
    16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12, 14, 9, 16, 21,
];

/// qcc `viscosity`: batches 1–20 trial, 21–35 new.
const VISCOSITY: [f64; 35] = [
    34.05, 34.40, 33.59, 35.96, 34.70, 33.51, 33.79, 34.04, 34.52, 33.75, 33.27, 33.71, 34.03, 34.58, 34.02, 33.97, 34.05, 34.04,
    33.73, 34.05, // trial
    34.39, 33.75, 33.40, 33.27, 34.65, 34.80, 34.55, 35.40, 34.75, 34.50, 34.70, 34.29, 34.61, 34.49, 35.03,
];

/// qcc: `with(orangejuice, qcc(D[trial], sizes=size[trial], type="p"))`
/// prints Center 0.2313333, LCL 0.05242755, UCL 0.4102391; samples 15 and 23 lie above.
#[test]
fn p_chart_orange_juice_trial_samples() {
    let answer = compute(&SpcRequest::of_ratio(ChartKind::P, floats(&ORANGE_JUICE[..30]), vec![50.0; 30])).unwrap();
    for position in 1..=30 {
        assert_lines(&answer, position, (0.2313333, 0.05242755, 0.4102391), "orangejuice p");
    }
    assert_eq!(signalling(&answer), vec![(15, Rule::OutsideLimits), (23, Rule::OutsideLimits)]);
}

/// qcc: samples 15 and 23 dropped (`inc <- setdiff(which(trial), c(15,23))`),
/// samples 31–54 as new data: Center 0.215, LCL 0.04070284, UCL 0.3892972.
#[test]
fn p_chart_orange_juice_with_two_samples_excluded_and_limits_frozen() {
    let mut request = SpcRequest::of_ratio(ChartKind::P, floats(&ORANGE_JUICE), vec![50.0; 54]);
    request.exclude = vec![15, 23];
    request.freeze = Some(30);
    let answer = compute(&request).unwrap();
    for position in 1..=54 {
        assert_lines(&answer, position, (0.215, 0.04070284, 0.3892972), "orangejuice p revised");
    }
    // Sample 21 (0.40) is above the revised limit; 41 (0.04) below it.
    assert_eq!(signalling(&answer).iter().filter(|(_, rule)| *rule == Rule::OutsideLimits).map(|(p, _)| *p).collect::<Vec<_>>(), vec![21, 41]);
    assert!(answer.points[14].excluded && !answer.points[14].signal);
}

/// qcc: `with(circuit, qcc(x[trial], sizes=size[trial], type="c"))`
/// prints Center 19.84615, LCL 6.481447, UCL 33.21086; samples 6 and 20 lie outside.
#[test]
fn c_chart_circuit_boards() {
    let answer = compute(&SpcRequest::of_values(ChartKind::C, floats(&CIRCUIT[..26]))).unwrap();
    assert_lines(&answer, 1, (19.84615, 6.481447, 33.21086), "circuit c");
    assert_eq!(signalling(&answer), vec![(6, Rule::OutsideLimits), (20, Rule::OutsideLimits)]);
}

/// qcc: samples 6 and 20 dropped, 27–46 as new data: Center 19.66667,
/// LCL 6.362532, UCL 32.9708; as a u chart per board (size 100):
/// 0.1966667, 0.06362532, 0.329708.
#[test]
fn c_and_u_charts_circuit_boards_revised() {
    let mut request = SpcRequest::of_values(ChartKind::C, floats(&CIRCUIT));
    request.exclude = vec![6, 20];
    request.freeze = Some(26);
    let answer = compute(&request).unwrap();
    assert_lines(&answer, 46, (19.66667, 6.362532, 32.9708), "circuit c revised");

    let mut request = SpcRequest::of_ratio(ChartKind::U, floats(&CIRCUIT), vec![100.0; 46]);
    request.exclude = vec![6, 20];
    request.freeze = Some(26);
    let answer = compute(&request).unwrap();
    assert_lines(&answer, 1, (0.1966667, 0.06362532, 0.329708), "circuit u revised");

    // `multiply` turns the rate per board back into the count per 100 boards.
    request.multiply = Some(100.0);
    let answer = compute(&request).unwrap();
    assert_lines(&answer, 1, (19.66667, 6.362532, 32.9708), "circuit u × 100");
}

/// qcc: `with(pcmanufact, qcc(x, sizes=size, type="u"))` (20 samples of 5
/// computers) prints Center 1.93, LCL 0.06613305, UCL 3.793867; nothing outside.
#[test]
fn u_chart_personal_computers() {
    let counts = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5];
    let answer = compute(&SpcRequest::of_ratio(ChartKind::U, floats(&counts), vec![5.0; 20])).unwrap();
    assert_lines(&answer, 20, (1.93, 0.06613305, 3.793867), "pcmanufact u");
    assert!(answer.points.iter().all(|p| p.rule != Some(Rule::OutsideLimits)));
}

/// qcc vignette, "viscosity data (Montgomery, pag. 242)":
/// `qcc(x, type="xbar.one")` prints Center 33.52333, LCL 32.24484, UCL 34.80183
/// (σ = MR̄/1.128 = 0.4261651).
#[test]
fn i_chart_fifteen_viscosity_readings() {
    let x = vec![33.75, 33.05, 34.0, 33.81, 33.46, 34.02, 33.68, 33.27, 33.49, 33.20, 33.62, 33.00, 33.54, 33.12, 33.84];
    let answer = compute(&SpcRequest::of_values(ChartKind::I, x.clone())).unwrap();
    assert_lines(&answer, 1, (33.52333, 32.24484, 34.80183), "viscosity I");
    // The MR chart's centre is the average moving range, 1.128 σ.
    let ranges = compute(&SpcRequest::of_values(ChartKind::Mr, x)).unwrap();
    assert_6_significant(ranges.points[1].cl / 1.128, 0.4261651, "viscosity MR̄ / d2");
    assert_eq!(ranges.points[0].y, None);
}

/// qcc: `qcc(viscosity[trial], type = "xbar.one")` prints Center 34.088,
/// LCL 32.56504, UCL 35.61096, and batch 4 lies above. With batch 4 removed
/// and batches 21–35 as new data: Center 33.98947, LCL 32.75425, UCL 35.2247
/// (its moving ranges span the gap left by batch 4).
#[test]
fn i_chart_viscosity_batches() {
    let answer = compute(&SpcRequest::of_values(ChartKind::I, VISCOSITY[..20].to_vec())).unwrap();
    assert_lines(&answer, 1, (34.088, 32.56504, 35.61096), "viscosity batches I");
    assert_eq!(signalling(&answer), vec![(4, Rule::OutsideLimits)]);

    let mut request = SpcRequest::of_values(ChartKind::I, VISCOSITY.to_vec());
    request.exclude = vec![4];
    request.freeze = Some(20);
    let answer = compute(&request).unwrap();
    assert_lines(&answer, 35, (33.98947, 32.75425, 35.2247), "viscosity batches I revised");
}

/// qicharts2 0.8.1, `qic(i_num/i_den, chart = "i")` (PowerBI-SPC golden
/// fixture i/basic-ratio): CL 0.059297, UCL 0.095737, LCL 0.022858.
#[test]
fn i_chart_of_ratios_matches_qicharts2() {
    let numerators = [5, 7, 5, 7, 7, 5, 4, 9, 8, 13, 8, 7, 8, 7, 12, 11, 8];
    let denominators = [113, 132, 121, 134, 116, 131, 93, 138, 182, 157, 100, 103, 146, 108, 153, 141, 134];
    let y: Vec<f64> = numerators.iter().zip(denominators).map(|(&n, d)| f64::from(n) / f64::from(d)).collect();
    let answer = compute(&SpcRequest::of_values(ChartKind::I, y)).unwrap();
    let (cl, lcl, ucl) = lines(&answer, 1);
    assert_6_decimals(cl, 0.059297, "centre");
    assert_6_decimals(ucl, 0.095737, "UCL");
    assert_6_decimals(lcl, 0.022858, "LCL");
}

/// Laney p′ (PowerBI-SPC golden fixtures pp/basic and up/basic, R, Laney
/// 2002): 20 weeks of over 250,000 each, where an ordinary p chart would
/// flag nearly every week. Published limits to 6 decimals, point by point;
/// p′ and u′ give the same limits for the same counts.
#[test]
fn laney_p_prime_and_u_prime() {
    let numerators = [
        266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320, 267923, 271478, 255353, 256820, 261835, 259144,
        255910, 260863, 264465, 260989,
    ];
    let denominators = [
        280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529, 279618, 283932, 266629, 268091, 276803, 271578,
        266005, 273520, 278574, 273772,
    ];
    let ucl = [
        0.96567, 0.965753, 0.965421, 0.965326, 0.965627, 0.965775, 0.965593, 0.965345, 0.965579, 0.965623, 0.965689, 0.965591, 0.965996,
        0.965961, 0.965753, 0.965877, 0.966012, 0.96583, 0.965713, 0.965824,
    ];
    let lcl = [
        0.94013, 0.940046, 0.940378, 0.940473, 0.940173, 0.940025, 0.940207, 0.940454, 0.94022, 0.940177, 0.940111, 0.940208, 0.939803,
        0.939839, 0.940046, 0.939923, 0.939788, 0.939969, 0.940087, 0.939975,
    ];
    let p_prime = compute(&SpcRequest::of_ratio(ChartKind::Pp, floats(&numerators), floats(&denominators))).unwrap();
    let u_prime = compute(&SpcRequest::of_ratio(ChartKind::Up, floats(&numerators), floats(&denominators))).unwrap();
    for answer in [&p_prime, &u_prime] {
        for position in 1..=20 {
            let (cl, low, high) = lines(answer, position);
            assert_6_decimals(cl, 0.9529, "centre");
            assert_6_decimals(high, ucl[position - 1], &format!("UCL {position}"));
            assert_6_decimals(low, lcl[position - 1], &format!("LCL {position}"));
        }
        assert!(answer.points.iter().all(|p| p.rule != Some(Rule::OutsideLimits)));
    }
    // The ordinary p chart of the same weeks calls most of them special.
    let plain = compute(&SpcRequest::of_ratio(ChartKind::P, floats(&numerators), floats(&denominators))).unwrap();
    assert!(plain.points.iter().filter(|p| p.rule == Some(Rule::OutsideLimits)).count() > 10);
}
