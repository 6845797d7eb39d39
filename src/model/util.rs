//! Small helpers every floor may use.

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// For tests: `../shared/SUB` beside the checkout, or `None` when it is absent and skipping is allowed.
///
/// A test that needs the shared data must not pass by checking nothing: when the folder is absent and `CI`
/// is set this panics (CI always has `../shared`); otherwise it panics unless `CLAIMSCAN_ALLOW_SKIP=1`, which
/// lets the test pass without its cases, saying so on stderr.
#[cfg(test)]
pub(crate) fn shared_dir(sub: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let allowed = std::env::var_os("CLAIMSCAN_ALLOW_SKIP").is_some_and(|v| v == "1");
    assert!(
        !ci && allowed,
        "{} is absent: this test reads the shared data beside the checkout{}",
        dir.display(),
        if ci {
            " (CI must have it)"
        } else {
            "; set CLAIMSCAN_ALLOW_SKIP=1 to pass without its cases"
        }
    );
    eprintln!(
        "skipping: {} is absent (CLAIMSCAN_ALLOW_SKIP=1)",
        dir.display()
    );
    None
}
