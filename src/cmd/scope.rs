//! PLACEHOLDER (replaced by the scope work before commit).
use super::Ctx;
use crate::cli::ScopeArgs;
use anyhow::Result;
use std::process::ExitCode;
pub fn run(_ctx: &mut Ctx, _args: ScopeArgs) -> Result<ExitCode> {
    anyhow::bail!("scope: not built yet")
}
