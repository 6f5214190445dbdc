import AutohealCore
import AutohealImport
import Testing

/// Alertmanager webhook (version 4) deliveries: a firing notification, then the resolved one.
let alertmanagerLog = """
{"version":"4","groupKey":"{}/{severity=~\\"critical|warning\\"}:{alertname=\\"CheckoutErrorRate\\"}","truncatedAlerts":0,"status":"firing","receiver":"oncall-pager","groupLabels":{"alertname":"CheckoutErrorRate"},"commonLabels":{"alertname":"CheckoutErrorRate","job":"checkout","severity":"critical"},"commonAnnotations":{"summary":"5xx above 2%"},"externalURL":"http://alertmanager:9093","alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrorRate","instance":"checkout-7d9f:8080","job":"checkout","severity":"critical","incident":"INC-311"},"annotations":{"summary":"5xx above 2%"},"startsAt":"2026-07-01T02:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph?g0.expr=...","fingerprint":"c6bd2e8f5a1b4d7e"},{"status":"firing","labels":{"alertname":"DiskFilling","instance":"db-2:9100","job":"node","service":"orders-db","severity":"warning"},"annotations":{},"startsAt":"2026-07-01T01:50:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"0f3e9a77b21c8d45"}]}
{"version":"4","groupKey":"{}/{severity=~\\"critical|warning\\"}:{alertname=\\"CheckoutErrorRate\\"}","truncatedAlerts":0,"status":"resolved","receiver":"oncall-pager","groupLabels":{"alertname":"CheckoutErrorRate"},"commonLabels":{"alertname":"CheckoutErrorRate","job":"checkout","severity":"critical"},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"resolved","labels":{"alertname":"CheckoutErrorRate","instance":"checkout-7d9f:8080","job":"checkout","severity":"critical","incident":"INC-311"},"annotations":{"summary":"5xx above 2%"},"startsAt":"2026-07-01T02:00:00.123456789Z","endsAt":"2026-07-01T02:35:00Z","generatorURL":"http://prometheus:9090/graph?g0.expr=...","fingerprint":"c6bd2e8f5a1b4d7e"}]}
"""

@Suite struct AlertmanagerTests {
    @Test func mapsAlerts() throws {
        let located = try importText(alertmanagerLog, .alertmanager)
        // The incident label names the incident; the firing alert appears in both deliveries.
        let fired = events(located, "INC-311", .alertFired)
        #expect(fired.count == 2 && fired[0] == fired[1])
        #expect(fired[0].at == Timestamp(microseconds: time("2026-07-01T02:00:00Z").microseconds + 123_456))
        #expect(fired[0].service == "checkout")  // no service label: the job
        #expect(fired[0].severity == "critical")
        #expect(fired[0].attrs?["monitor"] == "CheckoutErrorRate")
        #expect(fired[0].source == "alertmanager")
        let recovered = try #require(only(located, "INC-311", .sliRecovered))
        #expect(recovered.at == time("2026-07-01T02:35:00Z"))
        #expect(recovered.service == "checkout")
        // No incident label: am-<fingerprint>; the service label wins over job; still firing (zero endsAt).
        let disk = try #require(only(located, "am-0f3e9a77b21c8d45", .alertFired))
        #expect(disk.service == "orders-db")
        #expect(disk.severity == "warning")
        #expect(events(located, "am-0f3e9a77b21c8d45", .sliRecovered).isEmpty)
        #expect(located.map(\.line) == [1, 1, 2, 2])
    }

    @Test func zeroEndTimeMeansStillFiring() throws {
        let text = replacingFirst("\"endsAt\":\"2026-07-01T02:35:00Z\"", with: "\"endsAt\":\"0001-01-01T00:00:00Z\"", in: alertmanagerLog)
        #expect(events(try importText(text, .alertmanager), "INC-311", .sliRecovered).isEmpty)
    }

    @Test func detectedAutomatically() throws {
        #expect(try ImportFormat.detect(Array(alertmanagerLog.utf8), file: "x") == .alertmanager)
        let array = "[" + alertmanagerLog.split(separator: "\n").joined(separator: ",") + "]"
        #expect(try ImportFormat.detect(Array(array.utf8), file: "x") == .alertmanager)
        #expect(try importText(array).map(\.event) == importText(alertmanagerLog).map(\.event))
    }

    @Test func reimportIsIdempotent() throws {
        let first = try importText(alertmanagerLog, .alertmanager)
        #expect(first.map(\.event.identity) == (try importText(alertmanagerLog, .alertmanager)).map(\.event.identity))
        // The repeated firing alert is the same event, so the ledger keeps it once.
        #expect(Set(first.map(\.event.identity)).count == 3)
        #expect(first.allSatisfy { $0.event.id != nil && $0.event.service != nil })
    }

    @Test func malformedPayloadsAreRefusedWithTheirLocation() {
        let noStart = replacingFirst("\"startsAt\":\"2026-07-01T01:50:00Z\",", with: "", in: alertmanagerLog)
        expectRefused(noStart, .alertmanager, line: 1, "alerts[1]: missing required field \"startsAt\"")
        let anonymous = replacingFirst(",\"fingerprint\":\"0f3e9a77b21c8d45\"", with: "", in: alertmanagerLog)
        expectRefused(anonymous, .alertmanager, line: 1, "alerts[1]: an alert needs an \"incident\" label or a \"fingerprint\"")
        let v3 = replacingFirst("{\"version\":\"4\"", with: "{\"version\":\"3\"", in: alertmanagerLog)
        expectRefused(v3, .alertmanager, line: 1, "version 3 is not supported")
        let zoneless = replacingFirst("\"endsAt\":\"2026-07-01T02:35:00Z\"", with: "\"endsAt\":\"2026-07-01T02:35:00\"", in: alertmanagerLog)
        expectRefused(zoneless, .alertmanager, line: 2, "alerts[0].endsAt: time \"2026-07-01T02:35:00\" has no zone offset")
    }

    /// An incident label with a space at its end, or a character that does not show, made an incident
    /// printed exactly like another; a fractional number was taken as the id "1.5".
    @Test func incidentIdsMustLookLikeThemselves() {
        let spaced = replacingFirst("\"incident\":\"INC-311\"", with: "\"incident\":\"INC-311 \"", in: alertmanagerLog)
        expectRefused(spaced, .alertmanager, line: 1, "the incident id ends with whitespace (\"INC-311 \")")
        let hidden = replacingFirst("\"incident\":\"INC-311\"", with: "\"incident\":\"INC\\u200b-311\"", in: alertmanagerLog)
        // Named by its JSON path, as every other bad field of an incident tool's export is.
        expectRefused(hidden, .alertmanager, line: 1, "alerts[0].labels.incident: the incident id holds U+200B (ZERO WIDTH SPACE)")
        let fraction = replacingFirst("\"incident\":\"INC-311\"", with: "\"incident\":1.5", in: alertmanagerLog)
        expectRefused(fraction, .alertmanager, line: 1, "alerts[0].labels.incident: is a number that is not an integer below 2^53")
    }

    /// An id the tool sent decomposed (`cafe` and a combining accent) is stored composed, the one
    /// spelling of `café`.
    @Test func incidentIdsAreStoredComposed() throws {
        let decomposed = replacingFirst("\"incident\":\"INC-311\"", with: "\"incident\":\"cafe\\u0301\"", in: alertmanagerLog)
        let located = try importText(decomposed, .alertmanager)
        let ids = Set(located.map { Array($0.event.incident.utf8) })
        #expect(ids.contains(Array("caf\u{E9}".utf8)))
        #expect(!ids.contains(Array("cafe\u{301}".utf8)))
    }
}
