import AutohealCore

/// One item of open preventive work, as the HTML dashboard shows it.
public struct OpenWorkItem: Hashable, Sendable {
    public var incident: String
    public var service: String?
    public var severity: String?
    /// Seconds since the prevention clock started (the recovery stop), up to the report's moment.
    public var ageSeconds: Int64
    public var targetSeconds: Int64
    public var status: String

    public init(incident: String, service: String?, severity: String?, ageSeconds: Int64, targetSeconds: Int64, status: String) {
        self.incident = incident
        self.service = service
        self.severity = severity
        self.ageSeconds = ageSeconds
        self.targetSeconds = targetSeconds
        self.status = status
    }

    public var overdue: Bool { ageSeconds > targetSeconds }
}

/// Everything the HTML dashboard shows: the report as asked, the same report by service and quarter
/// (for the charts), and the open preventive work.
public struct HTMLReportData: Hashable, Sendable {
    public var report: Report
    public var byQuarter: Report
    public var openWork: [OpenWorkItem]

    public init(report: Report, byQuarter: Report, openWork: [OpenWorkItem]) {
        self.report = report
        self.byQuarter = byQuarter
        self.openWork = openWork
    }
}

/// Gathers `HTMLReportData` in one pass over the incidents, keeping a few words per incident, the way
/// `ReportBuilder` does for the other formats.
public struct HTMLReportBuilder {
    public let query: ReportQuery
    var main: ReportBuilder
    var quarterly: ReportBuilder
    var openWork: [OpenWorkItem] = []

    /// `query` groups the main table; the charts always group by service and quarter.
    public init(query: ReportQuery, now: Timestamp) {
        self.query = query
        main = ReportBuilder(query: query, now: now)
        var q = query
        q.by = [.service, .quarter]
        quarterly = ReportBuilder(query: q, now: now)
    }

    public mutating func add(_ incident: Incident) {
        main.add(incident)
        quarterly.add(incident)
        let a = IncidentAnalysis(incident: incident, rules: query.rules, asOf: main.asOf)
        guard a.preventionOpen, let age = a.preventionElapsedSeconds, let start = a.startedAt,
              query.since.map({ start >= $0 }) ?? true, query.until.map({ start < $0 }) ?? true else { return }
        let severity = incident.severity.level(for: query.severityPolicy)
        openWork.append(OpenWorkItem(
            incident: incident.id, service: incident.service, severity: severity, ageSeconds: age,
            targetSeconds: query.targets.seconds(for: severity), status: a.preventionState.status.rawValue))
    }

    /// The data, open work overdue first, then most severe, then oldest.
    public func finish() -> HTMLReportData {
        let work = openWork.sorted { a, b in
            if a.overdue != b.overdue { return a.overdue }
            let ra = a.severity.map(SeverityOrder.rank) ?? Int.max, rb = b.severity.map(SeverityOrder.rank) ?? Int.max
            if ra != rb { return ra < rb }
            if a.ageSeconds != b.ageSeconds { return a.ageSeconds > b.ageSeconds }
            return IncidentID.less(a.incident, b.incident)
        }
        return HTMLReportData(report: main.finish(), byQuarter: quarterly.finish(), openWork: work)
    }
}
