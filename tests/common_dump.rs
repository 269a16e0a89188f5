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
    let Ok(path) = std::env::var("NB_TIME") else {
        return;
    };
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..15 {
        let t = std::time::Instant::now();
        n = nianbao::analyse(&text).findings.len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{} bytes, {n} findings, first {:?}, median {:?}",
        text.len(),
        times[times.len() - 1],
        times[times.len() / 2]
    );
}

/// `NB_STAGES=path cargo test --release --test common_dump stages -- --nocapture`: median time
/// of each engine stage.
#[test]
fn stages() {
    let Ok(path) = std::env::var("NB_STAGES") else {
        return;
    };
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let median = |f: &dyn Fn()| {
        let mut t: Vec<_> = (0..31)
            .map(|_| {
                let s = std::time::Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        t.sort();
        t[15]
    };
    let (report, _) = nianbao::reader::read(&text);
    println!(
        "read   {:?}",
        median(&|| drop(nianbao::reader::read(&text)))
    );
    println!(
        "checks {:?}",
        median(&|| drop(nianbao::checks::run(&text, &report)))
    );
    for t in &report.tables {
        println!(
            "  arithmetic {} {:?}",
            t.kind().id(),
            median(&|| drop(nianbao::checks::arithmetic::check_table(t)))
        );
    }
    println!(
        "narrative {:?}",
        median(&|| drop(nianbao::checks::narrative::check(&text, &report)))
    );
    println!(
        "sections {:?}",
        median(&|| drop(nianbao::reader::sections::find_sections(&text)))
    );
}

/// `NB_LOOP=path cargo test --release --test common_dump spin -- --nocapture`: analyse a file in a
/// loop for a profiler.
#[test]
fn spin() {
    let Ok(path) = std::env::var("NB_LOOP") else {
        return;
    };
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    for _ in 0..2000 {
        std::hint::black_box(nianbao::analyse(&text));
    }
}
