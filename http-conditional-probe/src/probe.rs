//! One run: the baseline GET, then the checks in order, collected into a
//! [`Report`].

use std::time::Instant;

use crate::checks::{self, Snapshot, Variant};
use crate::cli::Options;
use crate::client::{Client, ClientError};
use crate::exchange::{escape, Exchange};
use crate::finding::{group_of, Finding, Level};
use crate::rfc::Date;
use crate::why;

/// Why the run stopped before the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    /// What happened, in a sentence.
    pub reason: String,
}

/// The result of a run.
#[derive(Debug)]
pub struct Report {
    /// The URL probed.
    pub target: String,
    /// The baseline GET, when it was a 200.
    pub baseline: Option<Snapshot>,
    /// The gzip variant's GET, when the server compresses.
    pub gzip_baseline: Option<Snapshot>,
    /// The findings, grouped (see [`crate::finding::GROUPS`]).
    pub findings: Vec<Finding>,
    /// Every exchange, numbered from 1.
    pub exchanges: Vec<Exchange>,
    /// Set when the probe could not run its checks.
    pub stopped: Option<Stop>,
    /// The "why 200, not 304" summary, when `INM-304` is not good.
    pub why_not_304: Option<String>,
}

impl Report {
    /// 0 when no finding is bad, 1 when some is, 2 when the probe could not
    /// run.
    pub fn exit_code(&self) -> u8 {
        if self.stopped.is_some() {
            2
        } else if self.findings.iter().any(|f| f.level == Level::Bad) {
            1
        } else {
            0
        }
    }

    /// How many findings have each level, in [`Level::ALL`] order.
    pub fn summary(&self) -> [(Level, usize); 5] {
        Level::ALL.map(|level| {
            (
                level,
                self.findings.iter().filter(|f| f.level == level).count(),
            )
        })
    }

    /// The finding with this id.
    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }
}

/// The state of a run that checks share: the client, the exchanges so far,
/// the findings so far.
#[derive(Debug)]
pub struct Probe<'o> {
    /// The command line.
    pub options: &'o Options,
    client: Client,
    /// Every exchange so far.
    pub exchanges: Vec<Exchange>,
    /// Every finding so far.
    pub findings: Vec<Finding>,
    /// The clock the decisions are judged with: the baseline's `Date`, or
    /// the local clock.
    pub now: Date,
}

impl<'o> Probe<'o> {
    /// Sends one request for `variant` (its `Accept-Encoding`, then the
    /// `-H` fields, then `fields`) and records the exchange; returns its
    /// number.
    pub fn send(
        &mut self,
        label: &str,
        variant: &'static str,
        accept_encoding: Option<&str>,
        method: &str,
        fields: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    ) -> usize {
        let mut all = Vec::new();
        if let Some(coding) = accept_encoding {
            all.push(("Accept-Encoding".to_owned(), coding.as_bytes().to_vec()));
        }
        all.extend(self.options.headers.iter().cloned());
        all.extend(fields);
        let request = self.client.request(method, all, body);
        let started = Instant::now();
        let result = self.client.send(&request);
        let id = self.exchanges.len() + 1;
        self.exchanges.push(Exchange {
            id,
            label: label.to_owned(),
            variant,
            request,
            result,
            elapsed: started.elapsed(),
        });
        id
    }

    /// Exchange number `id`.
    ///
    /// # Panics
    ///
    /// Never for a number [`send`](Self::send) returned.
    pub fn exchange(&self, id: usize) -> &Exchange {
        &self.exchanges[id - 1]
    }

    /// Records a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// Runs the probe as `options` say.
pub fn run(options: &Options) -> Report {
    let target = options.target.to_string();
    let stopped = |reason: String, exchanges| Report {
        target: target.clone(),
        baseline: None,
        gzip_baseline: None,
        findings: Vec::new(),
        exchanges,
        stopped: Some(Stop { reason }),
        why_not_304: None,
    };
    let client = match Client::new(options.target.clone(), options.timeout) {
        Ok(client) => client,
        Err(e) => return stopped(e.to_string(), Vec::new()),
    };
    let mut probe = Probe {
        options,
        client,
        exchanges: Vec::new(),
        findings: Vec::new(),
        now: Date::now(),
    };
    let first = probe.send("baseline GET", "", None, "GET", Vec::new(), Vec::new());
    let baseline = match baseline_snapshot(probe.exchange(first)) {
        Ok(snapshot) => snapshot,
        Err(reason) => return stopped(reason, probe.exchanges),
    };
    if let Some(date) = baseline.date {
        probe.now = date;
    }
    let identity = Variant::identity(baseline);
    let gzip = checks::run_read_only(&mut probe, &identity);
    if options.write {
        checks::write::run(&mut probe, &identity);
    }
    checks::responses::run_412(&mut probe);
    checks::validators::unsolicited_304(&mut probe);

    let mut findings = std::mem::take(&mut probe.findings);
    findings.sort_by_key(|f| (group_of(&f.id), f.id.ends_with("-GZIP")));
    let why_not_304 = why::summary(&findings);
    Report {
        target,
        baseline: Some(identity.base),
        gzip_baseline: gzip.map(|v| v.base),
        findings,
        exchanges: probe.exchanges,
        stopped: None,
        why_not_304,
    }
}

/// The baseline must be a 200 to audit; anything else stops the run with
/// a reason (a 3xx names its `Location`: probe that URL instead).
fn baseline_snapshot(exchange: &Exchange) -> Result<Snapshot, String> {
    let response = match &exchange.result {
        Ok(response) => response,
        Err(ClientError::Timeout) => {
            return Err("the baseline GET timed out: no complete response within --timeout".into())
        }
        Err(e) => return Err(format!("the baseline GET failed: {e}")),
    };
    match response.status {
        200 => Ok(Snapshot::of(exchange, response)),
        300..=399 => {
            let location = response
                .joined("location")
                .map_or_else(|| "no Location".to_owned(), |l| format!("Location: {}", escape(&l)));
            Err(format!(
                "the baseline GET answered {} ({location}); the probe does not follow redirects: probe the final URL",
                response.status_line()
            ))
        }
        _ => Err(format!(
            "the baseline GET answered {}, not 200: the probe needs a resource that exists and can be read (add credentials with -H?)",
            response.status_line()
        )),
    }
}
