//! Help for writing a report, not only checking one: what an editor offers while the tables
//! are filled in. The language server (`src/lsp/authoring.rs`) only translates these into LSP.
//!
//! - [`complete`]: the value that balances the cell at the cursor (a total's sum, the one
//!   missing part), with its formula;
//! - [`balance`]: whether each table's relations hold, and the table's safe fixes;
//! - [`blank`]: the official empty tables of a form, in the document's layout.
//!
//! All three read the template ([`crate::template`]): its rows, columns and relations, the data
//! the checks and the hover read.

pub mod balance;
pub mod blank;
pub mod complete;
