//! One exhaustive dispatch over the commands, and the context they share.

pub mod assign;
pub mod catalog;
pub mod checkpoint;
pub mod completions;
pub mod doctor;
pub mod export;
pub mod init;
pub mod items;
pub mod log;
pub mod man;
pub mod mark;
pub mod next;
pub mod portfolio;
pub mod profile;
pub mod resolve;
pub mod scope;
pub mod show;
pub mod status;
pub mod summary;
pub mod trust;
pub mod undo;

use crate::catalog::Index;
use crate::cli::{Cli, Command, Global};
use crate::journal::{self, read::Loaded};
use crate::term::Out;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What every command may need: the global flags, the working folder, standard output.
pub struct Invocation {
    pub global: Global,
    pub cwd: PathBuf,
    pub out: Out,
}

impl Invocation {
    /// The catalog: `--catalog FILE` / FASTTRACK_CATALOG, or the built-in one.
    pub fn index(&self) -> Result<Index> {
        let catalog = match &self.global.catalog {
            Some(path) => crate::catalog::load_file(path)?,
            None => crate::catalog::embedded(),
        };
        Ok(Index::new(catalog))
    }

    /// Where the journal is (see `journal::discover`); an error when the walk found one
    /// another user owns.
    pub fn located(&self) -> Result<journal::Located> {
        Ok(journal::locate(self.global.state.as_deref(), &self.cwd)?)
    }

    /// The engagement's journal, which must exist ("run `fasttrack init`" otherwise).
    fn existing(&self) -> Result<std::path::PathBuf> {
        let at = self.located()?;
        if !at.exists {
            return Err(journal::discover::not_found(&at));
        }
        Ok(at.path)
    }

    /// Reads the engagement's journal (for a reading command), printing its warnings.
    pub fn read(&self, index: &Index) -> Result<Loaded> {
        let path = self.existing()?;
        let loaded = journal::read::read_for_process(&path)?;
        for w in loaded.warnings() {
            eprintln!("warning: {}", crate::term::clean(&w));
        }
        warn_catalog(index, &loaded.header);
        Ok(loaded)
    }

    /// Takes the journal's lock for a writing command and replays what is there, printing
    /// the journal's warnings. The lock is held until the `Locked` is dropped.
    pub fn lock<'c>(
        &self,
        index: &'c Index,
    ) -> Result<(journal::write::Locked, crate::engagement::Engagement<'c>)> {
        let path = self.existing()?;
        let mut locked = journal::write::lock(&path)?;
        for w in locked.loaded.warnings() {
            eprintln!("warning: {}", crate::term::clean(&w));
        }
        // Moved, not copied: a writer holds each change once.
        let changes: Vec<journal::Change> = std::mem::take(&mut locked.loaded.changes)
            .into_iter()
            .map(|e| e.change)
            .collect();
        let e = crate::engagement::Engagement::from_changes(
            index,
            locked.loaded.header.clone(),
            changes,
        );
        Ok((locked, e))
    }

    pub fn who(&self) -> String {
        crate::who::who(self.global.by.as_deref())
    }
}

/// For what a reading command built, just before the process ends: freeing a long journal's
/// changes, the catalog and the rows one allocation at a time costs more than the report did
/// (a tenth of `status`); the OS reclaims the memory whole.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// A journal started on another catalog may name items this one lacks: say so once.
pub fn warn_catalog(index: &Index, header: &journal::JournalHeader) {
    let h = &index.catalog.header;
    if header.catalog.id != h.id {
        eprintln!(
            "warning: this engagement was started with catalog {:?}, not {:?}: items it names may be unknown here",
            crate::term::clean(&header.catalog.id),
            h.id
        );
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let out = Out::new(cli.global.color);
    journal::lock::set_wait(std::time::Duration::from_secs_f64(cli.global.wait));
    let mut global = cli.global;
    // FASTTRACK_STATE="" (and --state "") mean "not given", as an unset variable does.
    if global
        .state
        .as_ref()
        .is_some_and(|p| p.as_os_str().is_empty())
    {
        global.state = None;
    }
    let mut ctx = Invocation { global, cwd, out };
    let code = match cli.command {
        None => status::default(&mut ctx)?,
        Some(command) => match command {
            Command::Init(a) => init::run(&mut ctx, a)?,
            Command::Profile(a) => profile::run(&mut ctx, a)?,
            Command::Status(a) => status::run(&mut ctx, a.json)?,
            Command::Items(a) => items::run(&mut ctx, a)?,
            Command::Show(a) => show::run(&mut ctx, a)?,
            Command::Next(a) => next::run(&mut ctx, a)?,
            Command::Log(a) => log::run(&mut ctx, a)?,
            Command::Summary(a) => summary::run(&mut ctx, a)?,
            Command::Start(a) => mark::status(&mut ctx, mark::Verb::Start, a.ids, a.note, a.force)?,
            Command::Done(a) => mark::status(&mut ctx, mark::Verb::Done, a.ids, a.note, a.force)?,
            Command::Block(a) => mark::status(&mut ctx, mark::Verb::Block, a.ids, a.note, a.force)?,
            Command::Skip(a) => mark::status(&mut ctx, mark::Verb::Skip, a.ids, a.note, a.force)?,
            Command::Reopen(a) => {
                mark::status(&mut ctx, mark::Verb::Reopen, a.ids, a.note, a.force)?
            }
            Command::Note(a) => mark::status(
                &mut ctx,
                mark::Verb::Note,
                vec![a.id],
                Some(a.note),
                a.force,
            )?,
            Command::Scope(a) => scope::run(&mut ctx, a)?,
            Command::Export(a) => export::run(&mut ctx, a)?,
            Command::Catalog(a) => catalog::run(&mut ctx, a)?,
            Command::Doctor(a) => doctor::run(&mut ctx, a)?,
            Command::Completions(a) => completions::run(&mut ctx, a.shell)?,
            Command::Man => man::run(&mut ctx)?,
            Command::Assign(a) => assign::run(&mut ctx, a)?,
            Command::Resolve(a) => resolve::run(&mut ctx, a)?,
            Command::Undo(a) => undo::run(&mut ctx, a)?,
            Command::Checkpoint(a) => checkpoint::record(&mut ctx, a)?,
            Command::Checkpoints(a) => checkpoint::list(&mut ctx, a.json)?,
            Command::Portfolio(a) => portfolio::run(&mut ctx, a)?,
            Command::Trust(a) => trust::run(&mut ctx, a)?,
        },
    };
    ctx.out.flush()?;
    Ok(code)
}

/// Writes `value` as pretty JSON and a newline.
pub fn print_json<T: serde::Serialize>(ctx: &mut Invocation, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut ctx.out, value)?;
    writeln!(ctx.out)?;
    Ok(())
}
