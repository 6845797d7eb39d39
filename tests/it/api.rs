//! The public API: what a library user gets, and that it can be shared across threads.

use claimscan::record::{Claim, Fact, FactType, Value};
use claimscan::{Document, Extractor, Limits, Record, RuleSet};

fn send_sync<T: Send + Sync>() {}

/// An extractor is built once and shared by every worker thread; documents and records move between them.
#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Extractor>();
    send_sync::<RuleSet>();
    send_sync::<Limits>();
    send_sync::<Document>();
    send_sync::<Record>();
    send_sync::<Claim>();
    send_sync::<Fact>();
    send_sync::<FactType>();
    send_sync::<Value>();
    send_sync::<claimscan::RuleErrors>();
    send_sync::<claimscan::LoadError>();
}

/// The README's library example, end to end through the public API only.
#[test]
fn one_extractor_serves_many_threads() {
    let extractor = Extractor::embedded().expect("the embedded rules compile");
    let texts = [
        "Title\n\nCosts rose 40 percent in March 2027.\n",
        "Title\n\nThe Department of Energy signed a CRADA.\n",
    ];
    let records: Vec<Record> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let extractor = &extractor;
                s.spawn(move || {
                    extractor.extract(&Document::from_str(&format!("{i}.txt"), t, None))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        records[0].claims[0].facts[0].fact_type,
        FactType::Percentage
    );
    assert!(
        records[1].claims[0]
            .facts
            .iter()
            .any(|f| f.fact_type == FactType::Organization)
    );
}
