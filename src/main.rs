fn main() -> std::process::ExitCode {
    mkt::run()
}
