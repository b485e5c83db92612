//! The example charts page: signed-in only, three SVG charts each with its
//! verdict (icons and one sentence) and data table, and a CSV download per chart.

use reqwest::StatusCode;

use crate::web_test;

web_test!(example_charts_show_verdicts_tables_and_download_as_csv, |app| {
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for path in ["/charts/example", "/charts/example.csv"] {
        let answer = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.headers()["location"], format!("/sign-in?next={path}"));
    }

    let browser = app.browser("staff@t.test").await;
    let page = browser.get(app.url("/charts/example")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert_eq!(page.matches("class=\"chart-svg\"").count(), 3, "{page}");
    assert_eq!(page.matches("<figure class=\"chart\"").count(), 3);
    assert_eq!(page.matches("<summary>Data table").count(), 3);
    assert_eq!(page.matches("<th scope=\"col\">Period</th>").count(), 3);
    // One sentence per chart, opening with its variation icon's word.
    assert!(page.contains("<p class=\"chart-sentence\">Improvement: reports rose and stayed higher since Jul 2025, not chance.</p>"), "{page}");
    assert!(page.contains("<p class=\"chart-sentence\">Improvement: falls per 1,000 bed days fell and stayed lower since"), "{page}");
    assert!(page.contains("centre line recalculated from Jan 2026, when the median moved from"), "{page}");
    assert_eq!(page.matches("<span class=\"chart-badge-text\">Special cause: improvement, higher</span>").count(), 1, "{page}");
    assert!(page.contains("Trial limits: fewer than 12 points set them") && page.contains("Target: hit and miss (5)"), "{page}");
    // The notes' quotes, ampersands and angle brackets arrive escaped, in the SVG and in the table.
    assert!(page.contains("New &quot;one-minute&quot; report form &amp; QR codes on every ward"), "in the SVG: {page}");
    assert!(page.contains("<td>1. New &#34;one-minute&#34; report form &#38; QR codes on every ward</td>"), "in the table: {page}");
    assert!(!page.contains("<in person>"));
    assert!(page.contains("href=\"/charts/example.csv?chart=reports-by-month\""));

    let csv = browser.get(app.url("/charts/example.csv?chart=reports-by-month")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers()["content-disposition"], "attachment; filename=\"reports-by-month.csv\"");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "period,value,centre,lower_limit,upper_limit,signal,rule,excluded,note");
    assert_eq!(lines.len(), 1 + 18);
    assert!(lines[7].starts_with("Jul 2025,15,9.83333,0.425889,19.2408,true,long_run,false,\"New \"\"one-minute\"\" report form & QR codes"), "{csv}");

    let missing = browser.get(app.url("/charts/example.csv?chart=nothing")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
});
