//! The dashboard's answers: scanner status, aggregate stats, trends, the directory
//! picker, and compliance frameworks and coverage.

use serde::Serialize;

use crate::apis::securescan::data::{self, Framework};
use crate::apis::securescan::model::compliance::Coverage;
use crate::apis::securescan::model::scanners::ScannerSpec;

#[derive(Debug, Serialize)]
pub(crate) struct ScannerStatusView {
    name: &'static str,
    scan_type: &'static str,
    available: bool,
    message: String,
    description: &'static str,
    checks: &'static [String],
    install_hint: Option<&'static str>,
    installable: bool,
}

impl ScannerStatusView {
    pub(crate) fn new(spec: &'static ScannerSpec, available: bool, installable: bool) -> ScannerStatusView {
        let text = data::scanner_text(spec.name);
        let message = if available {
            format!("{} is available", spec.name)
        } else {
            format!("{} is not installed. Install with: {}", spec.name, spec.install_hint)
        };
        ScannerStatusView {
            name: spec.name,
            scan_type: spec.scan_type.as_str(),
            available,
            message,
            description: text.map_or("", |t| t.description.as_str()),
            checks: text.map_or(&[], |t| t.checks.as_slice()),
            install_hint: (!available).then_some(spec.install_hint),
            installable,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct StatusView {
    pub(crate) scanners: Vec<ScannerStatusView>,
    pub(crate) checked_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct InstallView {
    pub(crate) success: bool,
    pub(crate) message: String,
    pub(crate) output: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct StatsView {
    pub(crate) total_scans: usize,
    pub(crate) total_findings: u64,
    pub(crate) average_risk_score: f64,
    pub(crate) completed_scans: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct TrendPointView {
    pub(crate) date: String,
    pub(crate) risk_score: f64,
    pub(crate) total_findings: usize,
    pub(crate) critical: usize,
    pub(crate) high: usize,
    pub(crate) medium: usize,
    pub(crate) low: usize,
    pub(crate) info: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct TrendsView {
    pub(crate) data: Vec<TrendPointView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct BrowseEntryView {
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) is_dir: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct BrowseView {
    pub(crate) current: String,
    pub(crate) parent: Option<String>,
    pub(crate) entries: Vec<BrowseEntryView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FrameworkView {
    id: &'static str,
    name: &'static str,
    version: &'static str,
    total_controls: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct FrameworksView {
    frameworks: Vec<FrameworkView>,
}

impl FrameworksView {
    pub(crate) fn new(list: &'static [Framework]) -> FrameworksView {
        let frameworks = list
            .iter()
            .map(|f| FrameworkView {
                id: &f.id,
                name: &f.framework,
                version: &f.version,
                total_controls: f.controls.len(),
            })
            .collect();
        FrameworksView { frameworks }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ControlRefView {
    id: &'static str,
    name: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct CoverageView {
    framework: &'static str,
    framework_id: &'static str,
    version: &'static str,
    total_controls: usize,
    controls_violated: Vec<&'static str>,
    controls_clear: Vec<&'static str>,
    violated_details: Vec<ControlRefView>,
    coverage_percentage: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct CoveragesView {
    coverage: Vec<CoverageView>,
}

impl CoveragesView {
    pub(crate) fn new(list: Vec<Coverage>) -> CoveragesView {
        let coverage = list
            .into_iter()
            .map(|c| {
                let total = c.framework.controls.len();
                let percent = if total == 0 { 0.0 } else { c.violated.len() as f64 / total as f64 * 100.0 };
                CoverageView {
                    framework: &c.framework.framework,
                    framework_id: &c.framework.id,
                    version: &c.framework.version,
                    total_controls: total,
                    controls_violated: c.violated.iter().map(|v| v.id.as_str()).collect(),
                    controls_clear: c.clear.iter().map(|v| v.id.as_str()).collect(),
                    violated_details: c.violated.iter().map(|v| ControlRefView { id: &v.id, name: &v.name }).collect(),
                    coverage_percentage: (percent * 10.0).round() / 10.0,
                }
            })
            .collect();
        CoveragesView { coverage }
    }
}
