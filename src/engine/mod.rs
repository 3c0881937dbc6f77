//! Walking a guide: the session a person moves through, headless walks over an answers file,
//! the personalized checklist and the report every export renders.

pub mod answer;
pub mod answers_file;
pub mod checklist;
pub mod compare;
pub mod env;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod session;
pub mod walk;
pub mod why;

pub use checklist::Checklist;
pub use env::Env;
pub use session::{Cause, Progress, Session};
