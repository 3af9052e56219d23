//! PLACEHOLDER (replaced by the export work before commit).
use super::Ctx;
use crate::cli::ExportArgs;
use anyhow::Result;
use std::process::ExitCode;
pub fn run(_ctx: &mut Ctx, _args: ExportArgs) -> Result<ExitCode> {
    anyhow::bail!("export: not built yet")
}
