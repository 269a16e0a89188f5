//! `nianbao`: the command line. Arguments are declared here; each command lives in `cli/`.

mod cli;

/// jemalloc rather than glibc's malloc (see Cargo.toml): `nianbao lsp` gives the memory of
/// closed documents back to the system, and `check` spends less CPU.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings (`nianbao::lsp::memory::JEMALLOC_CONF` says what they are and why), as
/// a thin pointer to a NUL-terminated string: how jemalloc reads them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 60] = nianbao::lsp::memory::JEMALLOC_CONF;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use nianbao::render::Style;

use cli::check::Format;

/// Check the tables of 政府信息公开工作年度报告 (government information-disclosure annual reports):
/// every total must equal the sum of its parts.
///
/// Exit codes: 0 no findings (hints do not count), 1 findings of severity error, warning or
/// information (or a file named that is not an annual report), 2 usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = nianbao::VERSION, about, long_about)]
struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check reports and print their findings.
    Check {
        /// Report files, folders (searched for .txt, .md, .html, .htm, .docx, .pdf), or `-` for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Related locations shown as excerpts per finding (the rest are counted).
        #[arg(long, default_value_t = 6, value_name = "N")]
        max_related: usize,
        /// Do not report the findings listed in this baseline file (a missing file lists none).
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Write every current finding to this baseline file and report none.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
    },
    /// Write one self-contained HTML page auditing many reports: a summary, a sortable table of
    /// reports, and each report's tables with the wrong cells highlighted.
    Report {
        /// Report files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// The HTML file to write.
        #[arg(short, long, value_name = "FILE", default_value = "audit.html")]
        output: PathBuf,
    },
    /// Apply safe fixes in place (atomically; refuses if the file changed meanwhile).
    Fix {
        /// Report files, folders, or `-` (the fixed text is printed).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Also apply suggested fixes (the author should review them).
        #[arg(long = "unsafe")]
        include_suggested: bool,
        /// Print a unified diff of the fixes and write nothing.
        #[arg(long)]
        diff: bool,
    },
    /// Align the tables (pipe rows, markdown) by display width; only spaces change.
    Fmt {
        /// Report files, folders, or `-` (the tidied text is printed).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Write nothing: list the files that would change with a short diff (exit 1 if any).
        #[arg(long)]
        check: bool,
    },
    /// Print each table as it was read: template rows × columns, `?` for unknown cells.
    Tables {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
    },
    /// Print the documentation of a finding code (`nianbao explain NB102`), or list all codes.
    Explain {
        /// A code such as NB102 (case-insensitive).
        code: Option<String>,
    },
    /// Print a shell completion script: `nianbao completions bash > ~/.local/share/bash-completion/completions/nianbao`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Write next year's draft of a report: the year moved in the title and the statistical
    /// period, the prose's years and figures marked 【待更新：…】 for rewriting, the tables
    /// emptied but for 二、上年结转, which takes last year's 四、结转下年度继续办理.
    New {
        /// Last year's report (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        from: String,
        /// The draft to write (`-` for standard output); by default beside the source, its name
        /// with the year moved (2024.txt → 2025.txt). An existing file is not replaced.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server over standard input and output (LSP).
    Lsp {
        /// Accepted and ignored: editors' clients append it (stdio is the only transport).
        #[arg(long, hide = true)]
        stdio: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    Style { color }
}

/// The completion script for `shell`, written to standard output (exit 2 if it cannot be).
fn completions(shell: clap_complete::Shell) -> u8 {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nianbao", &mut script);
    cli::print(&String::from_utf8_lossy(&script));
    cli::EXIT_CLEAN
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let style = style(cli.color);
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            max_related,
            baseline,
            write_baseline,
        } => cli::check::run(
            &paths,
            cli::check::Options {
                format,
                style,
                max_related,
                baseline,
                write_baseline,
            },
        ),
        Command::Report { paths, output } => cli::report::run(&paths, &output),
        Command::Fix {
            paths,
            include_suggested,
            diff,
        } => cli::fix::run(
            &paths,
            cli::fix::Options {
                include_suggested,
                diff,
                style,
            },
        ),
        Command::Fmt { paths, check } => cli::fmt::run(&paths, cli::fmt::Options { check, style }),
        Command::Tables { paths } => cli::tables::run(&paths, style),
        Command::Explain { code } => cli::explain::run(code.as_deref()),
        Command::Completions { shell } => completions(shell),
        Command::New {
            from,
            output,
            force,
        } => cli::new::run(&cli::new::Options {
            from,
            output,
            force,
        }),
        Command::Lsp { .. } => return nianbao::lsp::run_stdio(),
    };
    ExitCode::from(code)
}
