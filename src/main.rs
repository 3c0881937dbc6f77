//! The `guidepost` binary: parse the command line, run, exit with the right code.

fn main() -> std::process::ExitCode {
    // When the completion script calls back (`COMPLETE=bash guidepost -- ...`), answer and exit.
    clap_complete::CompleteEnv::with_factory(guidepost::cli::command).complete();
    let cli = guidepost::cli::parse();
    let code = guidepost::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::ExitCode::from(code)
}
