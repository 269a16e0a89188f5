use std::process::ExitCode;

fn main() -> ExitCode {
    // Minimal hook for the language server; the clap CLI (another branch) will route `lsp` here.
    if std::env::args().nth(1).as_deref() == Some("lsp") {
        return nianbao::lsp::run_stdio();
    }
    ExitCode::SUCCESS
}
