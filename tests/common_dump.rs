//! `NB_DUMP=path cargo test --test common_dump -- --nocapture` prints what the engine finds in
//! one file: a debugging aid for the corpus tests, not a test of its own.

#[test]
fn dump() {
    let Ok(path) = std::env::var("NB_DUMP") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let text = nianbao::text::decode(&bytes).unwrap().text;
    let a = nianbao::analyse(&text);
    let idx = nianbao::text::LineIndex::new(&text);
    println!("year {:?} organ {:?}", a.report.year, a.report.organ);
    for s in &a.report.sections {
        println!(
            "section {} line {} {}",
            s.number,
            idx.line_of(s.span.start) + 1,
            s.heading
        );
    }
    for t in &a.report.tables {
        println!("table {} {:?}", t.kind().id(), t.template.year);
        for (i, r) in t.rows.iter().enumerate() {
            let vals: Vec<String> = match r {
                Some(r) => r
                    .cells
                    .iter()
                    .map(|c| {
                        c.as_ref()
                            .and_then(|c| c.value)
                            .map_or("?".into(), |v| v.to_string())
                    })
                    .collect(),
                None => vec!["-".into()],
            };
            println!("  {:<28} {}", t.template.rows[i].id, vals.join(" "));
        }
    }
    for f in &a.findings {
        println!(
            "{} {:?} line {}: {}",
            f.code,
            f.severity,
            idx.line_of(f.span.start) + 1,
            f.message
        );
    }
}

/// `NB_TIME=path cargo test --release --test common_dump time -- --nocapture`: how long one
/// analysis of a (large) file takes.
#[test]
fn time() {
    let Ok(path) = std::env::var("NB_TIME") else { return };
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap()).unwrap().text;
    let t = std::time::Instant::now();
    let a = nianbao::analyse(&text);
    println!("{} bytes, {} findings, {:?}", text.len(), a.findings.len(), t.elapsed());
}
