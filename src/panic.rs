//! A panic is a bug: say so in one short message with the version, not a backtrace, unless
//! the user asked for one with RUST_BACKTRACE.

pub fn install_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "fasttrack {}: internal error{}: this is a bug; please report it with the command you ran \
             (set RUST_BACKTRACE=1 for details). Nothing was written after this point.",
            env!("CARGO_PKG_VERSION"),
            location.unwrap_or_default()
        );
    }));
}
