//! TimeML scores on TempEval-3's training gold (TimeBank and AQUAINT, read in place from
//! `../shared/tempeval3-train/`) against floors that only rise, and the `eval --timeml` command's output.

use claimscan::Extractor;
use claimscan::tools::timeml;

use crate::common::{claimscan, shared_dir};

/// Value F1 and relaxed F1 over both corpora, as measured when they were set (issue #15); raise them when
/// the scores rise.
const VALUE_F1_FLOOR: f64 = 0.77;
const RELAXED_F1_FLOOR: f64 = 0.91;

#[test]
fn tempeval3_training_scores_meet_floors() {
    let Some(dir) = shared_dir(
        "tempeval3-train",
        "TempEval-3's training gold lives beside the checkout",
    ) else {
        return;
    };
    let docs = timeml::load(&[dir]).expect("the TimeML gold parses");
    assert_eq!(docs.len(), 256, "TimeBank (183) and AQUAINT (73) documents");
    let ex = Extractor::embedded().unwrap();
    let scores = timeml::score(&ex, &docs);
    let all = scores.row("all").unwrap();
    assert_eq!(all.gold, 1822, "TIMEX3 in <TEXT>");
    let (_, _, value) = all.value();
    let (_, _, relaxed) = all.relaxed();
    eprintln!("{}", scores.table());
    assert!(
        value.unwrap() >= VALUE_F1_FLOOR,
        "TimeML value F1 fell below its floor: {value:?} < {VALUE_F1_FLOOR}"
    );
    assert!(
        relaxed.unwrap() >= RELAXED_F1_FLOOR,
        "TimeML relaxed F1 fell below its floor: {relaxed:?} < {RELAXED_F1_FLOOR}"
    );
    // Every type is reported, and each is found at least sometimes.
    for t in timeml::TYPES {
        let row = scores.row(t).unwrap();
        assert!(row.gold > 0 && row.relaxed.0 > 0, "{t}: {row:?}");
    }
}

#[test]
fn eval_timeml_command_prints_the_table_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let tml = dir.path().join("d.tml");
    std::fs::write(
        &tml,
        r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">x</TIMEX3></DCT>
<TEXT>Prices fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> and rose <TIMEX3 tid="t2" type="TIME" value="1998-01-08TMO">this morning</TIMEX3>.</TEXT></TimeML>"#,
    )
    .unwrap();
    let out = claimscan()
        .args(["eval", "--errors", "--timeml"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("| all | 2 | 2 |"), "{stdout}");
    assert!(stdout.contains("| TIME | 1 | 1 |"), "{stdout}");
    // A file that is not TimeML is a usage error naming it.
    std::fs::write(&tml, "<TimeML></TimeML>").unwrap();
    let out = claimscan()
        .args(["eval", "--timeml"])
        .arg(&tml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("d.tml: no <TEXT> element"), "{stderr}");
}
