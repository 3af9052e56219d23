//! The `fasttrack` binary: parse the command line, run, turn the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    fasttrack::panic::install_hook();
    fasttrack::main()
}
