import AutohealCore

/// What the incident already says about its root cause: the hints of its `rootcause.identified`
/// event, read as every reader reads them (``RootCauseHints``).
public typealias LinkHints = RootCauseHints
