//! The command line, as clap types only: no logic lives here.

use crate::choices::{self, Choices};
use crate::journal::Status;
use crate::term::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Declares the command line twice from one text. `Cli` and `Command` parse: clap builds only
/// the arguments of the command that runs (`defer`), not those of all of them, which was most
/// of the time between process start and `main`'s first line of work. `FullCli` and
/// `FullCommand` are the same definitions built whole, for what walks every command: the
/// completion scripts, the man page and the tests of the definition.
macro_rules! command_line {
    (
        $(#[$cli:meta])* pub struct Cli { $($cli_fields:tt)* }
        $(#[$cmd:meta])* pub enum Command { $($variants:tt)* }
    ) => {
        $(#[$cli])* pub struct Cli { $($cli_fields)* }

        $(#[$cli])*
        pub struct FullCli {
            #[command(flatten)]
            pub global: Global,
            #[command(subcommand)]
            pub command: Option<FullCommand>,
        }

        $(#[$cmd])*
        #[command(defer = true)]
        pub enum Command { $($variants)* }

        $(#[$cmd])* pub enum FullCommand { $($variants)* }
    };
}

command_line! {
#[derive(Debug, Parser)]
#[command(
    name = "fasttrack",
    version,
    about = "Walk a FastTrack EMS onboarding engagement (Intune, Azure AD Premium, co-management) through its phases",
    long_about = None,
    after_help = concat!("\
Examples:
  fasttrack init --customer Contoso --services intune,aad-premium --forests single
  fasttrack status
  fasttrack done intune.mdm-authority -m \"set on the call\"
  fasttrack scope \"will you set up AD FS for our three forests?\"

", "Exit codes:
  0    success
  1    an error you can fix (on stderr: one line, then detail)
  2    usage error (bad flags or arguments)
  101  a bug: fasttrack panicked (please report it)"),
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start an engagement for a customer in this folder
    #[command(after_help = "\
Examples:
  fasttrack init --customer Contoso
  fasttrack init --customer Fabrikam --services intune --forests multiple --identity federated
  fasttrack init --customer Woodgrove --licenses 800 --prerequisites e5,pki")]
    Init(InitArgs),
    /// Show or change the customer's profile
    #[command(after_help = "\
Examples:
  fasttrack profile
  fasttrack profile set forests multiple
  fasttrack profile set prerequisites teamviewer,e5")]
    Profile(ProfileArgs),
    /// Where the engagement stands, phase by phase
    #[command(after_help = "\
Examples:
  fasttrack status
  fasttrack status --json | jq .overall.percent")]
    Status(JsonArg),
    /// List items with their status
    #[command(after_help = "\
Examples:
  fasttrack items --phase enable --status not-started
  fasttrack items --owner customer --all
  fasttrack items --overdue --mine
  fasttrack items --json")]
    Items(ItemsArgs),
    /// One item (or rule): what it is, its conditions, its source and its history
    #[command(after_help = "\
Examples:
  fasttrack show intune.mdm-authority
  fasttrack show connect-health --json")]
    Show(ShowArgs),
    /// The next open items, in catalog order
    #[command(after_help = "\
Examples:
  fasttrack next
  fasttrack next -n 10")]
    Next(NextArgs),
    /// The weekly status update: progress, done since, blocked, overdue, due soon, next
    #[command(after_help = "\
Examples:
  fasttrack summary
  fasttrack summary --since 2026-11-20 --format markdown
  fasttrack summary --json

--since defaults to the last checkpoint call, or the last 7 days when there is none.")]
    Summary(SummaryArgs),
    /// The journal of changes, oldest first
    #[command(after_help = "\
Examples:
  fasttrack log
  fasttrack log intune.mdm-authority
  fasttrack log --since 2026-11-01 --json")]
    Log(LogArgs),
    /// Mark items as in progress
    #[command(after_help = "Example:\n  fasttrack start intune.mdm-authority intune.licensing")]
    Start(MarkArgs),
    /// Mark items as done
    #[command(
        after_help = "Example:\n  fasttrack done intune.mdm-authority -m \"confirmed on the call\""
    )]
    Done(MarkArgs),
    /// Mark items as blocked (a note saying why is required)
    #[command(
        after_help = "Example:\n  fasttrack block aadp.connect-health -m \"waiting for the customer's proxy change\""
    )]
    Block(NoteRequiredArgs),
    /// Mark items as skipped: the customer will not do them (a note saying why is required)
    #[command(
        after_help = "Example:\n  fasttrack skip intune.data-warehouse -m \"customer has no BI team\""
    )]
    Skip(NoteRequiredArgs),
    /// Set items back to not started
    #[command(
        after_help = "Example:\n  fasttrack reopen intune.mdm-authority -m \"authority was reset\""
    )]
    Reopen(MarkArgs),
    /// Add a note to an item without changing its status
    #[command(
        after_help = "Example:\n  fasttrack note intune.mdm-authority -m \"customer prefers co-management first\""
    )]
    Note(NoteArgs),
    /// Is this in scope? Answers from the catalog's items and scope rules, with the source
    #[command(after_help = "\
Examples:
  fasttrack scope will you set up AD FS for our three forests
  fasttrack scope \"can you write custom sync rules?\" --json
  fasttrack scope --list")]
    Scope(ScopeArgs),
    /// Export the progress table as CSV, Markdown, JSON, HTML or Excel
    #[command(after_help = "\
Examples:
  fasttrack export --format xlsx -o contoso.xlsx
  fasttrack export --format markdown --phase enable
  fasttrack export --format csv --open -o action-plan.csv")]
    Export(ExportArgs),
    /// The catalog: phases and item counts; `show ID`; `validate FILE`
    #[command(after_help = "\
Examples:
  fasttrack catalog
  fasttrack catalog show intune.mdm-authority
  fasttrack catalog validate my-catalog.yaml
  fasttrack catalog --json")]
    Catalog(CatalogArgs),
    /// Check the journal for damage (bad lines, repeats, a torn tail, a newer format) and
    /// explain it; `--repair` fixes what is safe to fix, after a backup
    #[command(after_help = "\
Examples:
  fasttrack doctor
  fasttrack doctor --json
  fasttrack doctor --repair

--repair copies the journal to fasttrack.jsonl.bak-<UTC time> first, then only drops lines that
repeat an earlier line exactly, moves an incomplete last line to fasttrack.jsonl.torn, adds
a missing final newline, and sets a time it cannot trust (unreadable, no zone, before 2000,
2100 or later) to the time the replay already gives it. Lines it cannot mend are left as they
are, with advice.
Exit codes: 0 healthy (after the repair, with --repair) · 1 something is wrong")]
    Doctor(DoctorArgs),
    /// Assign items to a person, with a due date and a next action date
    #[command(after_help = "\
Examples:
  fasttrack assign intune.mdm-authority --owner ann --due 2026-11-25
  fasttrack assign aadp.connect-health aadp.sspr --next-action 2026-11-18
  fasttrack assign intune.mdm-authority --owner none   (clears the assignee)

Dates are YYYY-MM-DD; `none` clears a field.")]
    Assign(AssignArgs),
    /// Settle conflicting changes to an item (from a merge of two clones) with one status
    #[command(after_help = "\
Examples:
  fasttrack resolve intune.mdm-authority done -m \"Ann confirmed it on the call\"
  fasttrack items --json | jq '.[] | select(.conflict)'")]
    Resolve(ResolveArgs),
    /// Revert the last change you made (recorded as a new change; nothing is rewritten)
    #[command(after_help = "\
Examples:
  fasttrack undo
  fasttrack --by ann undo")]
    Undo(UndoArgs),
    /// Record a checkpoint call with the customer
    #[command(after_help = "\
Examples:
  fasttrack checkpoint -m \"Remediation review: PKI done, proxy pending\" --attendees ann,bob
  fasttrack checkpoint -m \"Weekly call\" --at \"2026-11-12 15:00\"")]
    Checkpoint(CheckpointArgs),
    /// List the checkpoint calls, oldest first
    #[command(after_help = "\
Examples:
  fasttrack checkpoints
  fasttrack checkpoints --json")]
    Checkpoints(JsonArg),
    /// Every engagement under some folders, one row each
    #[command(after_help = "\
Examples:
  fasttrack portfolio ~/engagements
  fasttrack portfolio --sort progress --phase remediate
  fasttrack portfolio --stale 14 --json")]
    Portfolio(PortfolioArgs),
    /// Use journals in a folder even when another user owns them (lists the trusted folders without PATH)
    #[command(after_help = "\
Examples:
  fasttrack trust /srv/shared/contoso
  fasttrack trust
  fasttrack trust --remove /srv/shared/contoso")]
    Trust(TrustArgs),
    /// Print a shell completion script (item ids complete too in bash, zsh, fish and PowerShell)
    #[command(after_help = "\
Examples:
  fasttrack completions bash > ~/.local/share/bash-completion/completions/fasttrack
  fasttrack completions zsh > ~/.zfunc/_fasttrack      # with fpath+=(~/.zfunc) before compinit
  fasttrack completions fish > ~/.config/fish/completions/fasttrack.fish
  fasttrack completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output
    #[command(after_help = "\
Examples:
  fasttrack man > ~/.local/share/man/man1/fasttrack.1 && man fasttrack
  fasttrack man | man -l -")]
    Man,
}
}

#[derive(Debug, Args)]
pub struct Global {
    /// The engagement journal to use, or the folder that holds it (default: ./fasttrack.jsonl or
    /// the nearest in a parent folder that you own; empty means not given)
    #[arg(long, global = true, env = "FASTTRACK_STATE", value_name = "PATH",
          value_parser = clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from))]
    pub state: Option<PathBuf>,
    /// A catalog file to use instead of the built-in one
    #[arg(long, global = true, env = "FASTTRACK_CATALOG", value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Who is recording changes (default: FASTTRACK_USER, git's user.name, or the login name)
    #[arg(long, global = true, value_name = "NAME")]
    pub by: Option<String>,
    /// How long to wait for another fasttrack that is writing the journal before giving up
    #[arg(long, global = true, env = "FASTTRACK_WAIT", value_name = "SECONDS", default_value_t = 10.0, value_parser = wait_seconds)]
    pub wait: f64,
}

/// A number of seconds, 0 to 86400.
fn wait_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=86_400.0).contains(&v) => Ok(v),
        _ => Err("expected a number of seconds from 0 to 86400, e.g. 30".into()),
    }
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Item ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// The person who carries the item (not the catalog's fasttrack/customer side)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// When it is due (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// When the next action on it is planned (YYYY-MM-DD)
    #[arg(long = "next-action", value_name = "DATE")]
    pub next_action: Option<String>,
    /// Assign items even if they do not apply to this profile
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Item id
    pub id: String,
    /// The status the item should have
    #[arg(value_enum)]
    pub status: Status,
    /// A note to record with the resolution
    #[arg(
        short = 'm',
        long = "note",
        allow_hyphen_values = true,
        value_name = "TEXT"
    )]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// Print what would be reverted without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// What was agreed (required)
    #[arg(
        short = 'm',
        long = "note",
        allow_hyphen_values = true,
        required = true,
        value_name = "TEXT"
    )]
    pub note: String,
    /// When the call was held: YYYY-MM-DD, "YYYY-MM-DD HH:MM" (local time) or RFC 3339
    /// [default: now]
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// Who attended, comma-separated
    #[arg(long, value_name = "LIST")]
    pub attendees: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioSort {
    /// Most recent activity first
    Activity,
    /// Least done first
    Progress,
    /// By customer name
    Customer,
}

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Folders to search for engagement journals [default: the current folder]
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = PortfolioSort::Activity, value_name = "KEY")]
    pub sort: PortfolioSort,
    /// Only engagements whose current phase is this one (`complete` for finished ones)
    #[arg(long, value_name = "PHASE", value_parser = Choices(choices::engagement_phases), hide_possible_values = true)]
    pub phase: Option<String>,
    /// Only engagements with no activity for at least this many days
    #[arg(long, value_name = "DAYS")]
    pub stale: Option<u32>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrustArgs {
    /// A folder (or a journal in it) to trust; `DIR/*` trusts every folder under DIR
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Take the folder off the list instead
    #[arg(long, requires = "path")]
    pub remove: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Fix what is safe to fix, after writing a backup copy
    #[arg(long)]
    pub repair: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Default)]
pub struct ProfileFlags {
    /// Services to onboard, comma-separated: intune, aad-premium, co-management [default: all three]
    #[arg(long, value_name = "LIST", value_parser = Choices(choices::services), hide_possible_values = true)]
    pub services: Option<String>,
    /// Active Directory topology: single or multiple [default: single]
    #[arg(long, value_name = "TOPOLOGY", value_parser = Choices(choices::forests), hide_possible_values = true)]
    pub forests: Option<String>,
    /// Identity target: cloud, managed or federated [default: managed]
    #[arg(long, value_name = "TARGET", value_parser = Choices(choices::identity), hide_possible_values = true)]
    pub identity: Option<String>,
    /// Number of eligible licences the customer holds
    #[arg(long, value_name = "N")]
    pub licenses: Option<String>,
    /// Prerequisites the customer has, comma-separated (see `fasttrack catalog --json`)
    #[arg(long, value_name = "LIST", value_parser = Choices(choices::prerequisites), hide_possible_values = true)]
    pub prerequisites: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The customer's name
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Start an engagement even inside a folder that already belongs to one (a journal in a
    /// parent folder)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: Option<ProfileAction>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Change one profile key: customer, services, forests, identity, licenses, prerequisites
    Set {
        #[arg(value_parser = Choices(choices::profile_keys), hide_possible_values = true)]
        key: String,
        value: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OwnerArg {
    Fasttrack,
    Customer,
}

#[derive(Debug, Args)]
pub struct ItemFilters {
    /// Only this phase (general, initiate, assess, remediate, enable)
    #[arg(long, value_name = "PHASE", value_parser = Choices(choices::phases), hide_possible_values = true)]
    pub phase: Option<String>,
    /// Only this status
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<Status>,
    /// Only items this side carries out
    #[arg(long, value_enum, value_name = "OWNER")]
    pub owner: Option<OwnerArg>,
}

#[derive(Debug, Args)]
pub struct ItemsArgs {
    #[command(flatten)]
    pub filters: ItemFilters,
    /// Include items that do not apply to this profile
    #[arg(long)]
    pub all: bool,
    /// Print only the ids, one per line (for shell completion and scripts)
    #[arg(long, conflicts_with = "json")]
    pub ids: bool,
    /// Only applicable open items whose due date has passed
    #[arg(long)]
    pub overdue: bool,
    /// Only items assigned to you (--by, FASTTRACK_USER, git's user.name or the login name)
    #[arg(long)]
    pub mine: bool,
    /// Print JSON (always lists every item)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Item or rule id (a unique prefix or last segment will do)
    pub id: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// How many items
    #[arg(short = 'n', long = "count", default_value_t = 5, value_name = "N")]
    pub count: usize,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Start of the period: YYYY-MM-DD or last-checkpoint [default: the last checkpoint, else
    /// 7 days ago]
    #[arg(long, value_name = "DATE|last-checkpoint")]
    pub since: Option<String>,
    /// text for the terminal, markdown to paste into an email
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Print JSON
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Markdown,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the changes of this item
    pub id: Option<String>,
    /// Only changes on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Item ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// A note to record with the change (`-` reads it from standard input)
    #[arg(
        short = 'm',
        long = "note",
        allow_hyphen_values = true,
        value_name = "TEXT"
    )]
    pub note: Option<String>,
    /// Mark items even if they do not apply to this profile
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NoteRequiredArgs {
    /// Item ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Why (required; `-` reads it from standard input). Optional to clap so that its
    /// absence gets an error that shows `-m`
    #[arg(
        short = 'm',
        long = "note",
        allow_hyphen_values = true,
        value_name = "TEXT"
    )]
    pub note: Option<String>,
    /// Mark items even if they do not apply to this profile
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Item id
    pub id: String,
    /// The note (`-` reads it from standard input)
    #[arg(
        short = 'm',
        long = "note",
        allow_hyphen_values = true,
        required = true,
        value_name = "TEXT"
    )]
    pub note: String,
    /// Note items even if they do not apply to this profile
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// The question, in the customer's words (quoted or not)
    #[arg(value_name = "QUESTION", required_unless_present = "list")]
    pub question: Vec<String>,
    /// List every scope rule with its verdict
    #[arg(long, conflicts_with = "question")]
    pub list: bool,
    /// Show how each match was scored
    #[arg(long)]
    pub explain: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// Answer for this profile instead of the engagement's (flags as on `init`)
    #[command(flatten)]
    pub profile: ProfileFlags,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Markdown,
    Json,
    Html,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output; required for xlsx
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filters: ItemFilters,
    /// Action plan: only applicable items not yet done, blocked first, with empty columns for
    /// the customer's owner, target date and comment
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub action: Option<CatalogAction>,
    /// Print the whole catalog as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// One item or rule with its source
    Show(ShowArgs),
    /// Check a catalog file: every problem is listed, exit 1 if any
    Validate {
        /// The catalog file
        file: PathBuf,
    },
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
