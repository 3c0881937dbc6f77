//! Naming the subject of a message only when there is a message.

/// What a message is about ("node `welcome`"). Readers and checks name their subject this way so
/// the words are only put together when there is a problem to report: a guide without problems
/// never pays for them.
pub(crate) trait Describe {
    /// The words, e.g. "the title of node `welcome`".
    fn describe(&self) -> String;
}

impl Describe for &str {
    fn describe(&self) -> String {
        (*self).to_string()
    }
}

impl Describe for &String {
    fn describe(&self) -> String {
        (*self).clone()
    }
}

impl<F: Fn() -> String> Describe for F {
    fn describe(&self) -> String {
        self()
    }
}
