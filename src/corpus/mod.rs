//! The reports a front end works on, decided once for the command line and the language server:
//!
//! - [`files`]: which files are looked at — the report-file extensions, the size limit, the
//!   folder walk and its skip rules — and reading one;
//! - [`load`]: the form a file's bytes are in (text or web page, Word, PDF) and reading them in
//!   it;
//! - [`identify`]: whether a text is an annual report at all (its title, its section headings,
//!   its tables' header lines);
//! - [`years`]: NB401 across reports — the organ key, which report is last year's (one policy
//!   for copies and drafts), what is kept of each report for it, and the note that names last
//!   year's cell.
//!
//! `nianbao check`, `report`, `fix` and `tables` (`src/cli/`) and `nianbao lsp` (`src/lsp/`)
//! call these and only translate the answers: the command line prints them, the server
//! publishes them. Nothing here prints.
//!
//! Not part of the engine (which analyses one text and touches no file): [`files`] reads the
//! file system — the only module of the library that does — and [`years`] decides over many
//! reports.

pub mod files;
pub mod identify;
pub mod load;
pub mod years;

pub use files::{
    decode_bytes, read_bytes, read_bytes_from, read_from, would_find, Read, MAX_BYTES,
};
pub use files::{find, has_report_extension, io_reason, read, Found, ReadError, EXTENSIONS};
pub use identify::{identify, is_annual_report, Evidence};
pub use load::{analyse_form, load, Form, LoadError, Loaded, PdfFile, WordFile};
pub use years::{organ_key, slim};
