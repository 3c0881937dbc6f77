//! The `guidepost` binary: parse the command line, run, exit with the right code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = guidepost::cli::Cli::parse();
    let code = guidepost::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::ExitCode::from(code)
}
